"""The records kept around a client, through the API: risk assessments, consents, the
professionals involved, self-referrals, and the intake's debt fields."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from people.models import Client, Consent, Professional, RiskAssessment, SelfReferral

TODAY = datetime.date.today


@pytest.fixture
def world(module_world, db):
    return copy.deepcopy(module_world)


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def _fields(response):
    return {e["loc"][-1] for e in response.json()["detail"]}


def test_a_coach_records_a_risk_assessment_and_a_bad_review_date_is_named(as_role, world):
    coach = as_role("coach")
    url = f"/api/v1/clients/{world.client.pk}/risk-assessments"
    bad = _post(
        coach, url, {"assessed_on": TODAY().isoformat(), "review_by": "2000-01-01", "what_to_do": "Knock twice."}
    )
    assert bad.status_code == 422 and _fields(bad) == {"review_by"}
    with scopes_disabled():
        assert not RiskAssessment.objects.filter(client=world.client).exists()
    made = _post(coach, url, {"assessed_on": TODAY().isoformat(), "level": "medium", "what_to_do": "Knock twice."})
    assert made.status_code == 201, made.content
    assert made.json()["current"] is True and made.json()["review_by"] > TODAY().isoformat()
    listed = coach.get(url).json()
    assert [a["what_to_do"] for a in listed] == ["Knock twice."]


def test_consent_is_recorded_and_withdrawn_once(as_role, world):
    staff = as_role("coordinator")
    url = f"/api/v1/clients/{world.client.pk}/consents"
    made = _post(staff, url, {"purpose": "case_study", "given_on": TODAY().isoformat(), "how": "in_writing"})
    assert made.status_code == 201, made.content
    consent_id = made.json()["id"]
    future = _post(staff, url, {"purpose": "share", "given_on": "2999-01-01", "how": "phone"})
    assert future.status_code == 422 and _fields(future) == {"given_on"}

    withdraw = f"{url}/{consent_id}/withdraw"
    body = {"withdrawn_on": TODAY().isoformat(), "withdrawn_how": "phone"}
    first = _post(staff, withdraw, body)
    assert first.status_code == 200 and first.json()["standing"] is False
    assert _post(staff, withdraw, body).status_code == 422
    # The consent is this client's: under another client's address it is not found.
    assert (
        _post(staff, f"/api/v1/clients/{world.other_client.pk}/consents/{consent_id}/withdraw", body).status_code == 404
    )
    with scopes_disabled():
        assert Consent.objects.get(pk=consent_id).withdrawn_how == "phone"


def test_a_coach_sees_a_professionals_contact_details_only_where_the_client_agreed(as_role, world):
    with scopes_disabled():
        shared = Professional.objects.create(
            organisation=world.org, client=world.client, kind="gp", name="Dr Rao", phone="0161 000 0001",
            coach_may_contact=True,
        )  # fmt: skip
        private = Professional.objects.create(
            organisation=world.org, client=world.client, kind="probation", name="Pat Green", phone="0161 000 0002"
        )
    rows = {p["id"]: p for p in as_role("coach").get(f"/api/v1/clients/{world.client.pk}/professionals").json()}
    assert rows[shared.pk]["phone"] == "0161 000 0001"
    assert rows[private.pk]["phone"] is None and rows[private.pk]["name"] == "Pat Green"
    staff_rows = {
        p["id"]: p for p in as_role("coordinator").get(f"/api/v1/clients/{world.client.pk}/professionals").json()
    }
    assert staff_rows[private.pk]["phone"] == "0161 000 0002"


def test_a_professional_is_changed_with_the_version_read(as_role, world):
    staff = as_role("coordinator")
    made = _post(staff, f"/api/v1/clients/{world.client.pk}/professionals", {"kind": "gp", "name": "Dr Rao"}).json()
    url = f"/api/v1/clients/{world.client.pk}/professionals/{made['id']}"
    changed = staff.patch(url, {"version": made["version"], "involved": False}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["involved"] is False
    stale = staff.patch(url, {"version": made["version"], "agency": "Elsewhere"}, content_type="application/json")
    assert stale.status_code == 409


def test_a_self_referral_is_accepted_once_into_a_waiting_client(as_role, world):
    with scopes_disabled():
        referral = SelfReferral.objects.create(
            organisation=world.org, programme=world.programme, first_name="Tariq", last_name="Hussain",
            consents=["store", "contact_text"], form_token="api-test", debt_kinds=["rent_arrears"],
        )  # fmt: skip
    staff = as_role("coordinator")
    assert [r["id"] for r in staff.get("/api/v1/self-referrals").json()["items"]] == [referral.pk]
    accepted = _post(staff, f"/api/v1/self-referrals/{referral.pk}/accept", {})
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["status"] == "accepted"
    with scopes_disabled():
        client = Client.objects.get(pk=accepted.json()["client_id"])
        assert client.status == Client.Status.WAITING and client.debt_kinds == ["rent_arrears"]
        assert sorted(client.consents.values_list("purpose", flat=True)) == ["contact_text", "store"]
    assert _post(staff, f"/api/v1/self-referrals/{referral.pk}/accept", {}).status_code == 422
    assert staff.get("/api/v1/self-referrals").json()["items"] == []


def test_the_intake_debt_fields_go_through_the_clients_api(as_role, world):
    staff = as_role("coordinator")
    body = {
        "first_name": "Ann", "last_name": "Other", "referral_source": "self",
        "referral_date": TODAY().isoformat(), "consent_given_on": TODAY().isoformat(),
        "debt_kinds": ["rent_arrears", "energy"], "debt_amount": "1200.50",
    }  # fmt: skip
    made = _post(staff, "/api/v1/clients", body)
    assert made.status_code == 201, made.content
    assert made.json()["debt_kinds"] == ["rent_arrears", "energy"]
    assert Decimal(str(made.json()["debt_amount"])) == Decimal("1200.50")
    bad = _post(staff, "/api/v1/clients", body | {"debt_kinds": ["lottery"]})
    assert bad.status_code == 422
    negative = _post(staff, "/api/v1/clients", body | {"debt_amount": "-5"})
    assert negative.status_code == 422 and "debt_amount" in _fields(negative)
    # A coach's working view leaves the money out.
    assert "debt_amount" not in as_role("coach").get(f"/api/v1/clients/{world.client.pk}").json()
