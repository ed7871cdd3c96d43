"""A coach leaving or taking a break: each open relationship is paused, handed over or ended,
and only then does the coach's status change."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import AuditEntry
from journeys import away
from journeys.models import Ending, Relationship
from people import services as people_services
from people.models import Client, Coach, CoachBreak

pytestmark = pytest.mark.usefixtures("scoped")


def _today():
    return timezone.localdate()


def test_the_leaving_page_lists_each_open_relationship_without_a_pause_choice(as_role, world):
    page = as_role("coordinator").get(f"/coaches/{world.coach.pk}/leaving/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Jade Wilson" in text
    assert "Hand the client over" in text and "End it" in text
    assert "Pause it" not in text


def test_a_coach_leaving_hands_one_client_over_and_nothing_points_at_them(as_role, world):
    response = as_role("coordinator").post(
        f"/coaches/{world.coach.pk}/leaving/", {f"relationship_{world.relationship.pk}": "hand_over"}
    )
    assert response.status_code == 302
    coach = Coach.objects.get(pk=world.coach.pk)
    assert coach.status == Coach.Status.LEFT
    assert not Relationship.objects.filter(coach=coach, status__in=Relationship.OPEN_STATUSES).exists()
    ending = Ending.objects.get(relationship=world.relationship)
    assert ending.reason == Ending.Reason.COACH_UNAVAILABLE and ending.next_step == Ending.NextStep.REMATCH
    # Handed over: back on the waiting list, for matching to find another coach.
    assert Client.objects.get(pk=world.client.pk).status == Client.Status.WAITING
    assert AuditEntry.objects.filter(action="people.coach.status_changed", object_id=str(coach.pk)).exists()


def test_ending_instead_of_handing_over_finishes_the_client(world):
    away.coach_away(coach=world.coach, kind=away.LEAVING, decisions={world.relationship.pk: away.END})
    assert Client.objects.get(pk=world.client.pk).status == Client.Status.ENDED
    assert Ending.objects.get(relationship=world.relationship).next_step == Ending.NextStep.NONE


def test_leaving_refuses_a_pause_and_changes_nothing(world):
    with pytest.raises(ValidationError, match="Jade Wilson"):
        away.coach_away(coach=world.coach, kind=away.LEAVING, decisions={world.relationship.pk: away.PAUSE})
    assert Coach.objects.get(pk=world.coach.pk).status == Coach.Status.ACTIVE
    assert Relationship.objects.get(pk=world.relationship.pk).status in Relationship.OPEN_STATUSES


def test_a_relationship_with_no_choice_is_refused(as_role, world):
    response = as_role("coordinator").post(f"/coaches/{world.coach.pk}/leaving/", {})
    assert response.status_code == 200
    assert "Choose what happens to Jade Wilson" in response.content.decode()
    assert Coach.objects.get(pk=world.coach.pk).status == Coach.Status.ACTIVE


def test_a_break_pauses_the_relationship_until_the_return_date(as_role, world):
    back = _today() + datetime.timedelta(days=21)
    response = as_role("coordinator").post(
        f"/coaches/{world.coach.pk}/break/",
        {
            "starts_on": _today().isoformat(),
            "returns_on": back.isoformat(),
            "reason": "An operation",
            f"relationship_{world.relationship.pk}": "pause",
        },
    )
    assert response.status_code == 302
    relationship = Relationship.objects.get(pk=world.relationship.pk)
    assert relationship.status == Relationship.Status.PAUSED and relationship.expected_return_on == back
    assert "taking a break" in relationship.paused_reason
    assert Coach.objects.get(pk=world.coach.pk).status == Coach.Status.PAUSED
    coach_break = CoachBreak.objects.get(coach=world.coach)
    assert (coach_break.returns_on, coach_break.reason) == (back, "An operation")
    page = as_role("coordinator").get(f"/coaches/{world.coach.pk}/").content.decode()
    assert "On a break" in page and "An operation" in page


def test_a_break_ends_by_itself_on_its_return_date(world):
    back = _today() + datetime.timedelta(days=7)
    away.coach_away(
        coach=world.coach,
        kind=away.BREAK,
        decisions={world.relationship.pk: away.PAUSE},
        starts_on=_today(),
        returns_on=back,
        reason="Holiday",
    )
    assert people_services.coach_breaks_finish(today=back - datetime.timedelta(days=1)) == 0
    assert Coach.objects.get(pk=world.coach.pk).status == Coach.Status.PAUSED
    assert people_services.coach_breaks_finish(today=back) == 1
    assert Coach.objects.get(pk=world.coach.pk).status == Coach.Status.ACTIVE
    assert CoachBreak.objects.get(coach=world.coach).ended_on == back
    # Run again (a second worker, the next day): nothing more happens.
    assert people_services.coach_breaks_finish(today=back + datetime.timedelta(days=1)) == 0


def test_the_daily_task_finds_breaks_in_every_organisation(world, unscoped):
    from people.tasks import finish_breaks_everywhere

    CoachBreak.objects.create(
        organisation=world.org,
        coach=world.other_coach,
        starts_on=_today() - datetime.timedelta(days=10),
        returns_on=_today(),
        reason="Holiday",
    )
    assert finish_breaks_everywhere.call() == 1
    assert CoachBreak.objects.get(coach=world.other_coach).ended_on == _today()


def test_a_coach_back_early_is_active_again(as_role, world):
    away.coach_away(
        coach=world.coach,
        kind=away.BREAK,
        decisions={world.relationship.pk: away.PAUSE},
        starts_on=_today(),
        returns_on=_today() + datetime.timedelta(days=30),
        reason="Family",
    )
    as_role("coordinator").post(f"/coaches/{world.coach.pk}/back/")
    assert Coach.objects.get(pk=world.coach.pk).status == Coach.Status.ACTIVE
    assert CoachBreak.objects.get(coach=world.coach).ended_on == _today()


def test_a_coach_cannot_reach_the_leaving_page(as_role, world):
    assert as_role("coach").get(f"/coaches/{world.coach.pk}/leaving/").status_code == 403
    assert as_role("outsider").get(f"/coaches/{world.coach.pk}/leaving/").status_code == 404


def test_handing_over_cancels_the_pairs_planned_meetings_and_the_coach_can_leave(as_role, world):
    from meetings.models import Meeting

    Meeting.objects.filter(pk=world.meeting.pk).update(
        starts_at=timezone.now() + datetime.timedelta(days=3), outcome=Meeting.Outcome.SCHEDULED
    )
    response = as_role("coordinator").post(
        f"/coaches/{world.coach.pk}/leaving/", {f"relationship_{world.relationship.pk}": "hand_over"}
    )
    assert response.status_code == 302
    assert Meeting.objects.get(pk=world.meeting.pk).outcome == Meeting.Outcome.CANCELLED_ENDED
    assert Coach.objects.get(pk=world.coach.pk).status == Coach.Status.LEFT


def test_an_ending_cancels_only_the_meetings_still_to_come(world):
    from journeys import services as journeys_services
    from meetings.models import Meeting

    past = Meeting.objects.get(pk=world.meeting.pk)
    past_outcome = past.outcome
    to_come = Meeting.objects.create(
        organisation=world.org,
        relationship=world.relationship,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        channel=Meeting.Channel.PHONE,
    )
    journeys_services.relationship_end(
        relationship=world.relationship,
        expected_version=world.relationship.version,
        planned=False,
        ended_on=_today(),
        reason=Ending.Reason.COACH_UNAVAILABLE,
        reason_detail="Moving away",
        next_step=Ending.NextStep.NONE,
    )
    assert Meeting.objects.get(pk=to_come.pk).outcome == Meeting.Outcome.CANCELLED_ENDED
    assert Meeting.objects.get(pk=past.pk).outcome == past_outcome


def _break_with_pause(world, *, returns_on):
    return away.coach_away(
        coach=world.coach,
        kind=away.BREAK,
        decisions={world.relationship.pk: away.PAUSE},
        starts_on=_today(),
        returns_on=returns_on,
        reason="Holiday",
    )


def test_relationships_paused_for_a_break_start_again_when_it_ends(world):
    back = _today() + datetime.timedelta(days=14)
    coach_break = _break_with_pause(world, returns_on=back)
    paused = Relationship.objects.get(pk=world.relationship.pk)
    assert paused.status == Relationship.Status.PAUSED and paused.paused_for_id == coach_break.pk

    assert people_services.coach_breaks_finish(today=back) == 1
    resumed = Relationship.objects.get(pk=world.relationship.pk)
    assert resumed.status == Relationship.Status.ACTIVE
    assert resumed.paused_for_id is None and resumed.paused_reason == ""
    assert resumed.check_in_due_on > _today()
    assert resumed.events.filter(summary="Started again after a pause").exists()


def test_a_coach_back_early_starts_their_paused_relationships_again(as_role, world):
    _break_with_pause(world, returns_on=_today() + datetime.timedelta(days=30))
    as_role("coordinator").post(f"/coaches/{world.coach.pk}/back/")
    assert Relationship.objects.get(pk=world.relationship.pk).status == Relationship.Status.ACTIVE


def test_a_pause_the_client_asked_for_before_the_break_stays_paused(world):
    from journeys import services as journeys_services

    journeys_services.relationship_pause(
        relationship=world.relationship,
        reason="Jade is in hospital",
        expected_return_on=None,
        expected_version=world.relationship.version,
    )
    back = _today() + datetime.timedelta(days=7)
    world.relationship.refresh_from_db()
    _break_with_pause(world, returns_on=back)
    people_services.coach_breaks_finish(today=back)
    kept = Relationship.objects.get(pk=world.relationship.pk)
    assert kept.status == Relationship.Status.PAUSED
    assert kept.paused_reason == "Jade is in hospital"


def test_the_scheduler_queues_the_daily_tasks(world, unscoped):
    from django.core.management import call_command

    from core import registry
    from core.tasks import DAILY_TASKS
    from people import tasks as people_tasks

    CoachBreak.objects.create(
        organisation=world.org,
        coach=world.other_coach,
        starts_on=_today() - datetime.timedelta(days=10),
        returns_on=_today(),
        reason="Holiday",
    )
    call_command("safety_scheduler", "--once")
    assert CoachBreak.objects.get(coach=world.other_coach).ended_on == _today()
    assert people_tasks.finish_breaks_everywhere in registry.contributions(DAILY_TASKS)
