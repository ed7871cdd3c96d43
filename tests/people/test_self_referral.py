"""A client refers themselves on a programme's public form (protected as the coach application
form is), and waits on the coordinator's list to be accepted; consent records what they agreed,
when and how, and can be withdrawn."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from core.models import AuditEntry
from organisations.models import Programme
from people.forms import SelfReferralForm
from people.models import Client, Consent, SelfReferral

pytestmark = pytest.mark.usefixtures("scoped")


@pytest.fixture(autouse=True)
def _fresh_limits(monkeypatch):
    cache.clear()
    monkeypatch.setattr(SelfReferralForm, "MIN_SECONDS", 0)
    yield
    cache.clear()


_openings = (f"opening-{n}" for n in itertools.count())


def _form(**overrides):
    data = {
        "first_name": "Tariq",
        "last_name": "Hussain",
        "email": "tariq@example.net",
        "phone": "",
        "area": "Moss Side",
        "debt_kinds": ["rent_arrears", "energy"],
        "debt_amount": "1450",
        "circumstances": "Two months behind on rent since my hours were cut.",
        "hopes": "To stop dreading the post.",
        "availability": "Mornings",
        "agree_store": "on",
        "agree_contact_text": "on",
        "agree_share": "on",
        "share_with": "Riverside Homes",
        "website": "",
        "started": signing.TimestampSigner(salt="self-referral").sign(next(_openings)),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _url(world, programme=None):
    return f"/refer/{world.org.slug}/{(programme or world.programme).pk}/"


def _refer(client, world, **overrides):
    return client.post(_url(world), _form(**overrides), REMOTE_ADDR="203.0.113.20")


def test_someone_refers_themselves_without_signing_in(client, world):
    page = client.get(_url(world))
    assert page.status_code == 200 and "Money Matters" in page.content.decode()
    response = _refer(client, world)
    assert response.status_code == 302 and response.url.endswith("/thanks/")
    referral = SelfReferral.objects.get(last_name="Hussain")
    assert referral.status == SelfReferral.Status.WAITING and referral.programme == world.programme
    assert referral.debt_kinds == ["rent_arrears", "energy"] and referral.debt_amount == 1450
    assert set(referral.consents) == {"store", "contact_text", "share"} and referral.share_with == "Riverside Homes"
    assert AuditEntry.objects.filter(action="people.self_referral.created", object_id=str(referral.pk)).exists()


def test_nothing_is_kept_without_agreeing_to_store_the_details(client, world):
    response = _refer(client, world, agree_store=None)
    assert response.status_code == 200
    assert "only find you a coach if you agree" in response.content.decode()
    assert not SelfReferral.objects.exists()


def test_the_hidden_field_stops_a_robot(client, world):
    assert _refer(client, world, website="http://spam.example").status_code == 200
    assert not SelfReferral.objects.exists()


def test_one_opening_of_the_form_sends_one_referral(client, world):
    token = signing.TimestampSigner(salt="self-referral").sign("the-same-opening")
    _refer(client, world, started=token)
    response = _refer(client, world, started=token, first_name="Again")
    assert SelfReferral.objects.count() == 1
    assert "already been sent" in response.content.decode()


def test_a_forged_token_is_refused(client, world):
    response = _refer(client, world, started="made-up:token:value")
    assert "Something went wrong with the form" in response.content.decode()
    assert not SelfReferral.objects.exists()


def test_hidden_characters_are_stripped(client, world):
    _refer(client, world, first_name="Ta\u200briq\u00ad")
    assert SelfReferral.objects.get().first_name == "Tariq"


def test_referrals_are_rate_limited_per_address(client, world):
    for n in range(3):
        assert _refer(client, world, first_name=f"T{n}").status_code == 302
    assert _refer(client, world, first_name="T4").status_code == 429
    assert SelfReferral.objects.count() == 3
    other = client.post(_url(world), _form(), REMOTE_ADDR="198.51.100.30")
    assert other.status_code == 302


def test_an_oversized_form_is_refused_before_it_is_read(client, world):
    assert _refer(client, world, circumstances="x" * 50_000).status_code == 413


def test_a_closed_or_another_organisations_programme_is_a_404(client, world):
    assert client.get(_url(world, world.outsider_programme)).status_code == 404
    Programme.objects.filter(pk=world.programme.pk).update(status=Programme.Status.CLOSED)
    assert client.get(_url(world)).status_code == 404
    assert client.get("/refer/no-such-place/1/").status_code == 404


def test_the_coordinator_accepts_it_and_the_client_waits_with_their_consents(client, as_role, world):
    _refer(client, world)
    referral = SelfReferral.objects.get()
    coordinator = as_role("coordinator")
    assert "Tariq Hussain" in coordinator.get("/clients/self-referrals/").content.decode()
    assert "asked for a coach online" in coordinator.get("/").content.decode()
    detail = coordinator.get(f"/clients/self-referrals/{referral.pk}/").content.decode()
    assert "To be contacted by text" in detail and "Riverside Homes" in detail
    response = coordinator.post(f"/clients/self-referrals/{referral.pk}/accept/")
    new = Client.objects.get(last_name="Hussain")
    assert response.url == f"/clients/{new.pk}/"
    assert new.status == Client.Status.WAITING and new.programme == world.programme
    assert new.referral_source == Client.ReferralSource.SELF and new.debt_amount == 1450
    consents = {c.purpose: c for c in Consent.objects.filter(client=new)}
    assert set(consents) == {"store", "contact_text", "share"}
    assert consents["share"].detail == "Riverside Homes" and consents["share"].how == Consent.How.ONLINE_FORM
    assert SelfReferral.objects.get().client == new
    # Accepting twice makes one client.
    coordinator.post(f"/clients/self-referrals/{referral.pk}/accept/")
    assert Client.objects.filter(last_name="Hussain").count() == 1


def test_a_coordinator_can_decline_one(client, as_role, world):
    _refer(client, world)
    referral = SelfReferral.objects.get()
    as_role("coordinator").post(f"/clients/self-referrals/{referral.pk}/decline/")
    assert SelfReferral.objects.get().status == SelfReferral.Status.DECLINED
    assert not Client.objects.filter(last_name="Hussain").exists()


def test_a_coach_cannot_see_self_referrals(client, as_role, world):
    _refer(client, world)
    coach = as_role("coach")
    assert coach.get("/clients/self-referrals/").status_code == 403
    assert coach.get(f"/clients/self-referrals/{SelfReferral.objects.get().pk}/").status_code == 403


def test_consent_is_recorded_and_withdrawn_and_the_record_keeps_both(as_role, world):
    coordinator = as_role("coordinator")
    today = timezone.localdate()
    coordinator.post(
        f"/clients/{world.client.pk}/consents/new/",
        {"purpose": "case_study", "detail": "", "given_on": today.isoformat(), "how": "in_person"},
    )
    consent = Consent.objects.get(client=world.client, purpose="case_study")
    assert consent.standing
    coordinator.post(f"/consents/{consent.pk}/withdraw/", {"withdrawn_on": today.isoformat(), "withdrawn_how": "phone"})
    consent.refresh_from_db()
    assert consent.withdrawn_on == today and consent.withdrawn_how == "phone"
    page = coordinator.get(f"/clients/{world.client.pk}/").content.decode()
    assert "To appear in an anonymised case study" in page and "withdrawn" in page
    actions = set(AuditEntry.objects.filter(object_id=str(consent.pk)).values_list("action", flat=True))
    assert {"people.consent.created", "people.consent.withdrawn"} <= actions


def test_consent_cannot_be_withdrawn_before_it_was_given(as_role, world):
    consent = Consent.objects.create(
        organisation=world.org, client=world.client, purpose="store", given_on=timezone.localdate(), how="in_person"
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = as_role("coordinator").post(
        f"/consents/{consent.pk}/withdraw/", {"withdrawn_on": yesterday.isoformat(), "withdrawn_how": "phone"}
    )
    assert response.status_code == 200
    assert Consent.objects.get(pk=consent.pk).standing
