"""The pipeline's rules: forward only (or to paused / left), a reason for going back, the
conversation moves the stage, and the applicant hears from us at each step that concerns them."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from recruitment import services
from recruitment.models import Application, StageChange
from tests.recruitment.test_applications import _move
from training import services as training_services

pytestmark = pytest.mark.usefixtures("scoped")


def test_stages_move_forward_and_may_skip_ahead(world):
    _move(world, "conversation_booked")
    assert _move(world, "checks").stage == "checks"


def test_going_back_needs_a_reason(world):
    _move(world, "conversation_booked")
    _move(world, "conversation_held")
    with pytest.raises(ValidationError) as refused:
        _move(world, "conversation_booked")
    assert "Say why" in str(refused.value)
    assert Application.objects.get(pk=world.application.pk).stage == "conversation_held"
    assert _move(world, "conversation_booked", "They missed it; booked again").stage == "conversation_booked"
    assert StageChange.objects.filter(note="They missed it; booked again").exists()


def test_paused_and_left_are_open_from_anywhere_and_resuming_needs_no_reason(world):
    _move(world, "conversation_booked")
    _move(world, "paused")
    # Back to where they were, or further on: not going back.
    assert _move(world, "conversation_booked").stage == "conversation_booked"
    _move(world, "left")
    with pytest.raises(ValidationError):
        _move(world, "applied")
    assert _move(world, "applied", "Came back to us in the spring").stage == "applied"


def test_the_page_says_a_reason_is_needed_to_go_back(as_role, world):
    browser = as_role("coordinator")
    url = f"/recruitment/applications/{world.application.pk}/"
    browser.post(url, {"to_stage": "conversation_held", "note": "", "version": "1"})
    response = browser.post(url, {"to_stage": "applied", "note": "", "version": "2"})
    assert response.status_code == 200
    assert "Say why they are going back" in response.content.decode()


def test_recording_the_conversation_moves_the_stage(world):
    _move(world, "conversation_booked")
    services.conversation_save(application=world.application, held_on=timezone.localdate(), answers=[])
    application = Application.objects.get(pk=world.application.pk)
    assert application.stage == "conversation_held"
    change = StageChange.objects.filter(application=application).first()
    assert (change.from_stage, change.to_stage) == ("conversation_booked", "conversation_held")


def test_changing_the_conversation_later_does_not_move_them_back(world):
    _move(world, "checks")
    services.conversation_save(application=world.application, held_on=timezone.localdate(), answers=[])
    assert Application.objects.get(pk=world.application.pk).stage == "checks"


def _emails_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_the_applicant_hears_at_each_step_that_concerns_them(world, django_capture_on_commit_callbacks):
    training_services.programme_checks_set(programme=world.programme, dbs_required=True, references_required=0)
    Application.objects.filter(pk=world.application.pk).update(email="priya@example.net")
    with django_capture_on_commit_callbacks(execute=True):
        _move(world, "conversation_booked", "Thursday at 10am, at the Hub")
    (booked,) = _emails_to("priya@example.net")
    assert "conversation" in booked.subject.lower() and "Thursday at 10am, at the Hub" in booked.body
    with django_capture_on_commit_callbacks(execute=True):
        _move(world, "conversation_held")
    assert len(_emails_to("priya@example.net")) == 1  # nothing for them to do at this step
    with django_capture_on_commit_callbacks(execute=True):
        _move(world, "checks")
    needed = _emails_to("priya@example.net")[-1]
    assert "still need" in needed.subject.lower()
    assert "DBS" in needed.body and "Our Agreement" in needed.body


def test_an_applicant_is_told_we_have_their_application(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(
            organisation=world.org,
            first_name="Rosa",
            last_name="Lopez",
            email="rosa@example.net",
            lived_experience="Debt",
            motivation="To help",
        )
    (received,) = _emails_to("rosa@example.net")
    assert "received" in received.subject.lower() and world.org.name in received.body


def test_a_welcome_when_they_become_active(world, django_capture_on_commit_callbacks):
    Application.objects.filter(pk=world.application.pk).update(email="priya@example.net")
    _move(world, "checks")
    Application.objects.filter(pk=world.application.pk).update(stage="ready")
    with django_capture_on_commit_callbacks(execute=True):
        _move(world, "active")
    assert "welcome" in _emails_to("priya@example.net")[-1].subject.lower()


def test_no_email_address_means_no_email(world, django_capture_on_commit_callbacks):
    Application.objects.filter(pk=world.application.pk).update(email="", phone="07700 900123")
    with django_capture_on_commit_callbacks(execute=True):
        _move(world, "conversation_booked")
    assert mail.outbox == []


def test_the_move_form_offers_the_next_stage_first_and_not_the_current_one(as_role, world):
    form = as_role("coordinator").get(f"/recruitment/applications/{world.application.pk}/").context["form"]
    assert form["to_stage"].value() == "conversation_booked"
    assert "applied" not in dict(form.fields["to_stage"].choices)


def test_a_coach_made_at_checks_is_getting_ready_until_active(world):
    from journeys.selectors import coaches_with_room
    from people.models import Coach

    application = _move(world, "checks")
    coach = Coach.objects.get(pk=application.coach_id)
    assert coach.status == Coach.Status.JOINING
    # Not offered for pairing while getting ready, even where nothing else is missing.
    assert coach not in coaches_with_room(programme=world.programme)
    _move(world, "induction")
    coach.refresh_from_db()
    assert coach.status == Coach.Status.JOINING
    application = Application.objects.get(pk=world.application.pk)
    services.application_move(application=application, to_stage="active", note="", expected_version=application.version)
    coach.refresh_from_db()
    assert coach.status == Coach.Status.ACTIVE
