"""A programme's own coaching process (its stages, moved by the coach, dated on the timeline) and
its ask that pairs meet face to face in their first weeks (a kind flag to the coordinator)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from journeys import services
from journeys.models import ProgrammeStage, Relationship, RelationshipEvent
from tests.factories import ClientFactory, ProgrammeFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation

TODAY = timezone.localdate
PEERABILITY = ["Getting started", "Exploring", "Setting goals", "Taking action", "Reviewing", "Moving on"]


def _six_stages(world):
    services.programme_process_set(programme=world.programme, stage_names=PEERABILITY, face_to_face_weeks=None)
    return list(ProgrammeStage.objects.filter(programme=world.programme))


def test_a_programme_defines_its_stages_in_order(world):
    stages = _six_stages(world)
    assert [(s.number, s.name) for s in stages] == list(enumerate(PEERABILITY, start=1))


def test_the_coach_moves_a_relationship_to_a_stage_and_the_timeline_dates_it(world):
    stages = _six_stages(world)
    r = world.relationship
    services.relationship_stage_set(relationship=r, stage=stages[3], expected_version=r.version)
    r.refresh_from_db()
    assert r.stage == stages[3] and r.stage_since == TODAY()
    assert r.stage_label == "Stage 4 of 6: Taking action"
    event = RelationshipEvent.objects.get(relationship=r, kind="stage")
    assert event.summary == "Moved on to stage 4 of 6, taking action" and event.happened_on == TODAY()


def test_a_stage_from_another_programme_is_refused(world):
    _six_stages(world)
    other = ProgrammeFactory(organisation=world.org)
    services.programme_process_set(programme=other, stage_names=["A", "B"], face_to_face_weeks=None)
    theirs = ProgrammeStage.objects.filter(programme=other).first()
    with pytest.raises(ValidationError):
        services.relationship_stage_set(relationship=world.relationship, stage=theirs, expected_version=1)


def test_a_new_relationship_starts_at_the_first_stage(world):
    stages = _six_stages(world)
    client = ClientFactory(organisation=world.org, programme=world.programme, status="waiting")
    r = services.relationship_start(
        client=client, coach=world.other_coach, programme=world.programme, started_on=TODAY(), planned_months=3
    )
    assert r.stage == stages[0]


def test_a_stage_a_relationship_is_at_cannot_be_taken_away(world):
    stages = _six_stages(world)
    r = world.relationship
    services.relationship_stage_set(relationship=r, stage=stages[5], expected_version=r.version)
    with pytest.raises(ValidationError):
        services.programme_process_set(programme=world.programme, stage_names=PEERABILITY[:4], face_to_face_weeks=None)
    services.programme_process_set(
        programme=world.programme, stage_names=[*PEERABILITY[:5], "Saying goodbye"], face_to_face_weeks=None
    )
    r.refresh_from_db()
    assert r.stage.name == "Saying goodbye"


def test_the_coach_moves_the_stage_from_the_relationship_page(as_role, world):
    stages = _six_stages(world)
    coach = as_role("coach")
    url = f"/relationships/{world.relationship.pk}/stage/"
    assert "Taking action" in coach.get(url).content.decode()
    response = coach.post(url, {"version": world.relationship.version, "stage": stages[3].pk})
    assert response.status_code == 302
    page = coach.get(f"/relationships/{world.relationship.pk}/").content.decode()
    assert "Stage 4 of 6: Taking action" in page


def test_a_coordinator_sets_the_process_on_the_programme_page(as_role, world):
    browser = as_role("coordinator")
    url = f"/programmes/{world.programme.pk}/process/"
    response = browser.post(url, {"stage_names": "\n".join(PEERABILITY), "face_to_face_weeks": "4"})
    assert response.status_code == 302
    assert ProgrammeStage.objects.filter(programme=world.programme).count() == 6
    assert world.programme.practice.face_to_face_weeks == 4
    assert as_role("coach").get(url).status_code == 403


# --- face to face in the first weeks ------------------------------------------------------------


def _athena(world, weeks=4):
    services.programme_process_set(programme=world.programme, stage_names=[], face_to_face_weeks=weeks)


def _new_pair(world, started_on):
    client = ClientFactory(organisation=world.org, programme=world.programme, status="waiting", first_name="Ola")
    return services.relationship_start(
        client=client, coach=world.other_coach, programme=world.programme, started_on=started_on, planned_months=3
    )


def test_a_pair_who_have_not_met_face_to_face_in_the_first_weeks_is_flagged(world, as_role):
    _athena(world)
    r = _new_pair(world, TODAY() - datetime.timedelta(weeks=5))
    assert r.face_to_face_due_on == r.started_on + datetime.timedelta(weeks=4)
    Relationship.objects.filter(pk=r.pk).update(status="active")
    home = as_role("coordinator").get("/").content.decode()
    assert "not met face to face yet" in home and "Ola" in home


def test_a_pair_still_in_their_first_weeks_is_not_flagged(world, as_role):
    _athena(world)
    _new_pair(world, TODAY() - datetime.timedelta(weeks=2))
    assert "not met face to face yet" not in as_role("coordinator").get("/").content.decode()


def test_meeting_face_to_face_clears_the_flag_and_is_on_the_timeline(world, as_role):
    _athena(world)
    r = _new_pair(world, TODAY() - datetime.timedelta(weeks=5))
    services.relationship_met_face_to_face(relationship=r, on=TODAY() - datetime.timedelta(days=1))
    r.refresh_from_db()
    assert r.face_to_face_due_on is None and r.met_face_to_face_on == TODAY() - datetime.timedelta(days=1)
    assert RelationshipEvent.objects.filter(relationship=r, kind="face_to_face").count() == 1
    services.relationship_met_face_to_face(relationship=r, on=TODAY())
    assert RelationshipEvent.objects.filter(relationship=r, kind="face_to_face").count() == 1
    assert "not met face to face yet" not in as_role("coordinator").get("/").content.decode()


def test_a_programme_that_does_not_ask_for_it_flags_nobody(world):
    r = _new_pair(world, TODAY() - datetime.timedelta(weeks=10))
    assert r.face_to_face_due_on is None


def test_a_held_face_to_face_meeting_tells_journeys(world):
    from meetings import services as meetings_services
    from meetings.models import Meeting

    _athena(world)
    r = _new_pair(world, TODAY() - datetime.timedelta(weeks=5))
    Relationship.objects.filter(pk=r.pk).update(status="active")
    r.refresh_from_db()
    meeting = meetings_services.meeting_schedule(
        relationship=r,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        channel=Meeting.Channel.FACE_TO_FACE,
        place_kind=Meeting.Place.PUBLIC,
        place="Library",
    )
    r.refresh_from_db()
    assert r.face_to_face_due_on is not None
    meetings_services.meeting_update(meeting=meeting, expected_version=meeting.version, outcome="attended")
    r.refresh_from_db()
    assert r.face_to_face_due_on is None and r.met_face_to_face_on == (
        timezone.localdate() - datetime.timedelta(days=2)
    )
