"""Applying to be a peer coach, and moving through the pipeline to ready."""

from __future__ import annotations

import itertools

import pytest
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from core.models import AuditEntry
from people.models import Coach
from recruitment import services
from recruitment.forms import ApplicationForm
from recruitment.models import Application, MatchingExclusion, StageChange
from training import services as training_services

TODAY = timezone.localdate


pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


@pytest.fixture(autouse=True)
def _fresh_limits(monkeypatch):
    cache.clear()
    monkeypatch.setattr(ApplicationForm, "MIN_SECONDS", 0)
    yield
    cache.clear()


_openings = (f"opening-{n}" for n in itertools.count())


def _form(**overrides):
    data = {
        "first_name": "Rosa",
        "last_name": "Lopez",
        "email": "rosa@example.net",
        "phone": "",
        "area": "Hulme",
        "lived_experience": "I got out of debt with help from a friend.",
        "motivation": "I want to be that friend for someone.",
        "availability": "Evenings",
        "hopes": ["qualification", "paid_work"],
        "website": "",
        # Each opening of the form gets its own token, as the page does; a token works once.
        "started": signing.TimestampSigner(salt="apply").sign(next(_openings)),
    }
    data.update(overrides)
    return data


def _apply(client, world, **overrides):
    return client.post(f"/apply/{world.org.slug}/", _form(**overrides), REMOTE_ADDR="203.0.113.9")


def test_someone_applies_without_signing_in(client, world):
    assert client.get(f"/apply/{world.org.slug}/").status_code == 200
    response = _apply(client, world)
    assert response.status_code == 302 and response.url == f"/apply/{world.org.slug}/thank-you/"
    application = Application.objects.get(first_name="Rosa")
    assert application.organisation == world.org and application.stage == "applied"
    assert application.hopes == ["qualification", "paid_work"]
    assert StageChange.objects.filter(application=application, to_stage="applied").exists()
    assert AuditEntry.objects.filter(action="recruitment.application.created", object_id=str(application.pk)).exists()


def test_the_form_takes_no_more_than_it_asks_for(client, world):
    _apply(
        client,
        world,
        stage="ready",
        organisation=world.outsider_org.pk,
        coach=world.coach.pk,
        source_hash="forged",
        version="99",
    )
    application = Application.objects.get(first_name="Rosa")
    assert (application.stage, application.coach, application.organisation) == ("applied", None, world.org)
    assert application.source_hash != "forged" and application.version == 1


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"first_name": ""}, "This field is required"),
        ({"first_name": "x" * 200}, "at most 80 characters"),
        ({"lived_experience": "x" * 3500}, "at most 3000 characters"),
        ({"email": "not an email"}, "Enter a valid email address"),
        ({"email": "", "phone": ""}, "Give an email address or a phone number"),
        ({"phone": "call me"}, "Enter a phone number"),
        ({"hopes": ["a yacht"]}, "Select a valid choice"),
        ({"website": "http://spam.example"}, "Please leave this field empty"),
        ({"started": "tampered"}, "Something went wrong with the form"),
    ],
)
def test_bad_or_robotic_applications_are_refused_with_a_message(client, world, overrides, message):
    response = _apply(client, world, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.filter(last_name="Lopez").exists()


def test_one_form_token_sends_one_application(client, world):
    data = _form()
    first = client.post(f"/apply/{world.org.slug}/", data, REMOTE_ADDR="203.0.113.9")
    assert first.status_code == 302
    again = client.post(f"/apply/{world.org.slug}/", {**data, "first_name": "Rosa2"}, REMOTE_ADDR="198.51.100.7")
    assert again.status_code == 200
    assert "We already have the application sent from this form" in again.content.decode()
    assert Application.objects.filter(last_name="Lopez").count() == 1


def test_the_page_gives_each_visitor_a_different_token(client, world):
    first = client.get(f"/apply/{world.org.slug}/").context["form"]["started"].value()
    second = client.get(f"/apply/{world.org.slug}/").context["form"]["started"].value()
    assert first != second


def test_a_form_sent_too_quickly_is_refused(client, world, monkeypatch):
    monkeypatch.setattr(ApplicationForm, "MIN_SECONDS", 3)
    response = _apply(client, world)
    assert "very quick" in response.content.decode()
    assert not Application.objects.filter(last_name="Lopez").exists()


def test_an_oversized_submission_is_refused_before_it_is_read(client, world):
    response = _apply(client, world, motivation="x" * 50_000)
    assert response.status_code == 413
    assert "too long" in response.content.decode()


def test_applications_are_rate_limited_per_address(client, world):
    for n in range(3):
        assert _apply(client, world, first_name=f"Rosa{n}").status_code == 302
    response = _apply(client, world, first_name="Rosa4")
    assert response.status_code == 429
    assert Application.objects.filter(last_name="Lopez").count() == 3
    # Another address is not affected.
    other = client.post(f"/apply/{world.org.slug}/", _form(first_name="Sol"), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_repeated_failed_attempts_are_limited_too(client, world):
    for _ in range(10):
        _apply(client, world, website="spam")
    assert _apply(client, world).status_code == 429


def test_an_unknown_organisation_is_a_404(client, world):
    assert client.get("/apply/no-such-place/").status_code == 404


# --- the pipeline ----------------------------------------------------------------------------


def _move(world, to_stage, note=""):
    world.application.refresh_from_db()
    return services.application_move(
        application=world.application, to_stage=to_stage, note=note, expected_version=world.application.version
    )


def test_moving_through_the_pipeline_is_recorded_and_checks_start_a_coach_record(world):
    _move(world, "conversation_booked")
    _move(world, "conversation_held", "Lovely chat")
    services.conversation_save(
        application=world.application,
        held_on=TODAY(),
        strengths="Warm and practical",
        notes="",
        recovery_judgement="Stable for two years; ready.",
        recovery_reason="Has a support network and a plan for bad days.",
        answers=[("Is there anyone you wouldn't work with?", "My ex-partner, Lee Barker", "Lee Barker")],
    )
    application = _move(world, "checks")
    coach = application.coach
    assert coach.first_name == "Priya" and coach.lived_experience.startswith("Came through debt")
    assert list(MatchingExclusion.objects.filter(coach=coach).values_list("description", flat=True)) == ["Lee Barker"]
    stages = list(StageChange.objects.filter(application=application).order_by("id").values_list("to_stage", flat=True))
    assert stages == ["conversation_booked", "conversation_held", "checks"]
    assert AuditEntry.objects.filter(action="recruitment.application.moved").count() == 3


def test_ready_is_refused_until_the_coach_is_ready(world):
    _move(world, "checks")
    with pytest.raises(Exception) as refused:
        _move(world, "ready")
    assert "not ready for any programme" in str(refused.value)
    coach = Application.objects.get(pk=world.application.pk).coach
    training_services.acknowledge(coach=coach, version=world.agreement_version)
    assert _move(world, "ready").stage == "ready"


def test_pausing_and_leaving_change_the_coach_status(world):
    _move(world, "checks")
    _move(world, "paused")
    assert Application.objects.get(pk=world.application.pk).coach.status == Coach.Status.PAUSED
    _move(world, "left")
    assert Application.objects.get(pk=world.application.pk).coach.status == Coach.Status.LEFT


def test_changing_the_conversation_updates_the_exclusions(world):
    _move(world, "checks")
    answers = [("Anyone you wouldn't work with?", "", "People I used with")]
    services.conversation_save(application=world.application, held_on=TODAY(), answers=answers)
    services.conversation_save(application=world.application, held_on=TODAY(), answers=[("Anyone?", "", "")])
    coach = Application.objects.get(pk=world.application.pk).coach
    assert not MatchingExclusion.objects.filter(coach=coach).exists()


def test_the_pipeline_page_and_moving_someone(as_role, world):
    browser = as_role("coordinator")
    page = browser.get("/recruitment/").content.decode()
    assert "Priya Shah" in page and f"/apply/{world.org.slug}/" in page
    response = browser.post(
        f"/recruitment/applications/{world.application.pk}/",
        {"to_stage": "conversation_booked", "note": "Thursday 10am", "version": "1"},
    )
    assert response.status_code == 302
    stale = browser.post(
        f"/recruitment/applications/{world.application.pk}/",
        {"to_stage": "conversation_held", "note": "", "version": "1"},
    )
    assert stale.status_code == 200 and "changed" in stale.content.decode()
    supervisor = as_role("supervisor")
    assert supervisor.get(f"/recruitment/applications/{world.application.pk}/").status_code == 200
    assert (
        supervisor.post(
            f"/recruitment/applications/{world.application.pk}/", {"to_stage": "left", "version": "2"}
        ).status_code
        == 403
    )


def test_a_recovery_judgement_needs_its_reason(as_role, world):
    response = as_role("coordinator").post(
        f"/recruitment/applications/{world.application.pk}/conversation/",
        {"held_on": TODAY().isoformat(), "recovery_judgement": "Not yet"},
    )
    assert response.status_code == 200
    assert "needs its reason" in response.content.decode()


def test_the_conversation_shows_the_programmes_recovery_guideline_as_a_guide(as_role, world):
    training_services.programme_checks_set(
        programme=world.programme, dbs_required=True, references_required=2, recovery_guideline="Stable 12 months"
    )
    page = as_role("coordinator").get(f"/recruitment/applications/{world.application.pk}/conversation/")
    body = page.content.decode()
    assert "Money Matters: Stable 12 months" in body and "not a rule" in body


def test_pairing_by_hand_shows_the_offered_coaches_exclusions(as_role, world):
    MatchingExclusion.objects.create(organisation=world.org, coach=world.other_coach, description="Her former landlord")
    body = as_role("coordinator").get(f"/clients/{world.other_client.pk}/pair/").content.decode()
    assert "Grace Adeyemi: Her former landlord" in body
