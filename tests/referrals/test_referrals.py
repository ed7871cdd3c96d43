from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import AuditEntry
from referrals.models import Referral, Service

TODAY = lambda: timezone.localdate()  # noqa: E731


pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def test_coordinator_keeps_the_directory(as_role, world):
    coordinator = as_role("coordinator")
    response = coordinator.post(
        "/services/new/",
        {
            "name": "Northside Housing Options",
            "kind": "housing",
            "phone": "0100 222",
            "website": "northside.example.org",
        },
        follow=True,
    )
    assert "Northside Housing Options is in the directory." in response.content.decode()
    service = Service.objects.get(name="Northside Housing Options")
    assert service.website == "https://northside.example.org"
    response = coordinator.post(
        f"/services/{service.pk}/edit/",
        {"name": service.name, "kind": "housing", "active": "", "version": "1"},
        follow=True,
    )
    service.refresh_from_db()
    assert not service.active and service.version == 2
    assert AuditEntry.objects.filter(action="referrals.service.changed").exists()
    # Stale: a second editor who opened version 1 is refused, nothing overwritten.
    response = coordinator.post(f"/services/{service.pk}/edit/", {"name": "Renamed", "kind": "housing", "version": "1"})
    assert "Someone else changed this record" in response.content.decode()
    service.refresh_from_db()
    assert service.name == "Northside Housing Options"


def test_a_duplicate_service_name_gets_a_message(as_role, world):
    response = as_role("coordinator").post("/services/new/", {"name": world.service.name, "kind": "debt"})
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_coach_refers_their_client_and_records_the_outcome(as_role, world):
    coach = as_role("coach")
    response = coach.get(f"/clients/{world.client.pk}/")
    assert "Refer or signpost Jade" in response.content.decode()
    response = coach.post(
        f"/clients/{world.client.pk}/referrals/new/",
        {
            "service": world.service.pk,
            "kind": "signpost",
            "reason": "Worried about bailiffs.",
            "made_on": TODAY().isoformat(),
        },
        follow=True,
    )
    assert "Signposting to Riverside Money Advice recorded" in response.content.decode()
    referral = Referral.objects.get(reason="Worried about bailiffs.")
    assert referral.made_by == world.coach_user and referral.outcome == "open"
    response = coach.post(
        f"/referrals/{referral.pk}/",
        {"outcome": "engaged", "outcome_on": "", "outcome_notes": "Has an appointment.", "version": "1"},
    )
    assert "Give the date you heard what happened." in response.content.decode()
    referral.refresh_from_db()
    assert referral.outcome == "open"
    response = coach.post(
        f"/referrals/{referral.pk}/",
        {
            "outcome": "engaged",
            "outcome_on": TODAY().isoformat(),
            "outcome_notes": "Has an appointment.",
            "version": "1",
        },
        follow=True,
    )
    referral.refresh_from_db()
    assert referral.outcome == "engaged" and referral.version == 2
    assert AuditEntry.objects.filter(action="referrals.referral.outcome", object_id=str(referral.pk)).exists()


def test_bad_referrals_get_messages_and_nothing_is_saved(as_role, world):
    before = Referral.objects.count()
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    response = as_role("coordinator").post(
        f"/clients/{world.client.pk}/referrals/new/",
        {"service": "999999", "kind": "", "reason": "", "made_on": tomorrow},
    )
    body = response.content.decode()
    assert "Select a valid choice" in body and "cannot be in the future" in body
    Service.objects.filter(pk=world.service.pk).update(active=False)
    response = as_role("coordinator").post(
        f"/clients/{world.client.pk}/referrals/new/",
        {"service": world.service.pk, "kind": "referral", "reason": "x", "made_on": TODAY().isoformat()},
    )
    assert "Select a valid choice" in response.content.decode()
    assert Referral.objects.count() == before


def test_an_outcome_cannot_come_before_the_referral(as_role, world):
    early = (world.referral.made_on - datetime.timedelta(days=5)).isoformat()
    response = as_role("coordinator").post(
        f"/referrals/{world.referral.pk}/", {"outcome": "completed", "outcome_on": early, "version": "1"}
    )
    assert "cannot be before the referral was made" in response.content.decode()


def test_database_refuses_an_undated_outcome(world):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Referral.objects.filter(pk=world.referral.pk).update(outcome="completed", outcome_on=None)


def test_coordinators_see_open_referrals_oldest_first(as_role, world):
    old = Referral.objects.create(
        organisation=world.org,
        client=world.other_client,
        service=world.service,
        kind="referral",
        reason="Rent arrears.",
        made_on=TODAY() - datetime.timedelta(days=40),
    )
    Referral.objects.create(
        organisation=world.org,
        client=world.other_client,
        service=world.service,
        kind="referral",
        reason="Done already.",
        made_on=TODAY() - datetime.timedelta(days=60),
        outcome="completed",
        outcome_on=TODAY(),
    )
    response = as_role("coordinator").get("/referrals/")
    page = list(response.context["page"])
    assert page == [old, world.referral]
    home = as_role("coordinator").get("/").content.decode()
    assert "Referrals waiting to hear back (2)" in home


def test_a_coach_sees_only_their_own_clients_referrals(as_role, world):
    Referral.objects.create(
        organisation=world.org,
        client=world.other_client,
        service=world.service,
        kind="referral",
        reason="Someone else's client.",
        made_on=TODAY(),
    )
    response = as_role("coach").get("/referrals/?outcome=")
    assert [r.client for r in response.context["page"]] == [world.client]
    other = Referral.objects.get(reason="Someone else's client.")
    assert as_role("coach").get(f"/referrals/{other.pk}/").status_code == 404


def test_the_client_sees_the_services_they_were_put_in_touch_with(as_role, world):
    body = as_role("client").get("/").content.decode()
    assert "Riverside Money Advice" in body and "0100 000" in body
    assert "Council tax arrears" not in body  # the staff's reason stays with staff


def test_referral_list_query_count_does_not_grow(as_role, world):
    for n in range(30):
        Referral.objects.create(
            organisation=world.org,
            client=world.client,
            service=world.service,
            kind="signpost",
            reason=f"Reason {n}",
            made_on=TODAY(),
        )
    user = as_role("coordinator")
    with CaptureQueriesContext(connection) as queries:
        assert user.get("/referrals/?outcome=").status_code == 200
    assert len(queries) <= 12, [q["sql"] for q in queries]


def test_api_refers_and_records_an_outcome(as_role, world):
    browser = as_role("coach")

    class api:  # noqa: N801 - JSON helpers over the signed-in test client
        post = staticmethod(lambda url, data: browser.post(url, data, content_type="application/json"))
        patch = staticmethod(lambda url, data: browser.patch(url, data, content_type="application/json"))
        get = staticmethod(browser.get)

    response = api.post(
        "/api/v1/referrals",
        {
            "client_id": world.client.pk,
            "service_id": world.service.pk,
            "kind": "referral",
            "reason": "Food bank voucher.",
            "made_on": TODAY().isoformat(),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["service_name"] == "Riverside Money Advice" and body["outcome"] == "open"
    response = api.patch(f"/api/v1/referrals/{body['id']}", {"version": 1, "outcome": "completed"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "outcome_on"]
    response = api.patch(
        f"/api/v1/referrals/{body['id']}", {"version": 1, "outcome": "completed", "outcome_on": TODAY().isoformat()}
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    response = api.patch(f"/api/v1/referrals/{body['id']}", {"version": 1, "outcome_notes": "late"})
    assert response.status_code == 409
    response = api.post(
        "/api/v1/referrals",
        {
            "client_id": world.client.pk,
            "service_id": 999999,
            "kind": "referral",
            "reason": "x",
            "made_on": TODAY().isoformat(),
        },
    )
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "service_id"]
    listed = api.get("/api/v1/referrals?outcome=open").json()
    assert {item["reason"] for item in listed["items"]} == {"Council tax arrears letters."}
