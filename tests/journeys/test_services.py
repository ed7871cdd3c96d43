"""The promises the working-together services keep."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from core.exceptions import StaleEditError
from core.models import AuditEntry
from journeys import services
from journeys.models import (
    ActionStep,
    CheckIn,
    Ending,
    Goal,
    GoalStatusChange,
    Relationship,
    RelationshipEvent,
    Review,
)
from people.models import Client
from tests.factories import GoalFactory, RelationshipFactory

TODAY = timezone.localdate


pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _step_fields(**overrides):
    fields = {"description": "Open the post", "who": "client"}
    return {**fields, **dict.fromkeys(ActionStep.SPECIFICS, ""), **overrides}


# --- action steps ----------------------------------------------------------------------------


def test_a_step_without_any_specifics_is_refused_with_the_reason(world):
    with pytest.raises(ValidationError) as refused:
        services.step_create(goal=world.goal, **_step_fields())
    assert "more likely to get done" in str(refused.value)
    assert world.goal.steps.count() == 1  # only the world's own step


@pytest.mark.parametrize("specific", ["context", "frequency", "duration", "intensity"])
def test_any_one_specific_is_enough(world, specific):
    step = services.step_create(goal=world.goal, **_step_fields(**{specific: "something concrete"}))
    assert step.pk and getattr(step, specific) == "something concrete"


def test_the_database_refuses_a_step_without_specifics_too(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionStep.objects.filter(pk=world.step.pk).update(frequency="")


def test_updating_a_step_cannot_remove_all_specifics(world):
    with pytest.raises(ValidationError):
        services.step_update(step=world.step, expected_version=world.step.version, frequency="")
    world.step.refresh_from_db()
    assert world.step.frequency == "every Sunday"


def test_ticking_a_step_records_the_day_and_unticking_clears_it(world):
    services.step_mark(step=world.step, done=True)
    world.step.refresh_from_db()
    assert (world.step.status, world.step.done_on) == ("done", TODAY())
    services.step_mark(step=world.step, done=False)
    world.step.refresh_from_db()
    assert (world.step.status, world.step.done_on) == ("to_do", None)


def test_two_people_editing_a_step_do_not_overwrite_each_other(world):
    version = world.step.version
    services.step_update(step=world.step, expected_version=version, description="First save")
    with pytest.raises(StaleEditError):
        services.step_update(step=world.step, expected_version=version, description="Second save")
    world.step.refresh_from_db()
    assert world.step.description == "First save"


# --- goals -----------------------------------------------------------------------------------


def test_a_new_goal_starts_its_history(world):
    goal = services.goal_create(
        relationship=world.relationship,
        title="I get out of the flat weekly",
        category="social",
        starting_point="Rarely go out",
        target="Out every week",
    )
    assert goal.status == Goal.Status.AGREED and not goal.is_financial
    assert list(goal.status_changes.values_list("to_status", flat=True)) == ["agreed"]
    assert AuditEntry.objects.filter(action="journeys.goal.created", object_id=str(goal.pk)).exists()


def test_a_status_change_is_kept_with_its_note(world):
    services.goal_update(
        goal=world.goal, expected_version=world.goal.version, status="changed", status_note="New job, new goal"
    )
    change = world.goal.status_changes.get()
    assert (change.from_status, change.to_status, change.note) == ("agreed", "changed", "New job, new goal")


def test_a_target_date_before_the_goal_was_agreed_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        services.goal_create(
            relationship=world.relationship,
            title="x",
            category="budget",
            starting_point="a",
            target="b",
            agreed_on=TODAY(),
            target_date=TODAY() - datetime.timedelta(days=1),
        )
    assert "target_date" in refused.value.message_dict


def test_nothing_can_be_added_to_an_ended_relationship(world):
    Relationship.objects.filter(pk=world.relationship.pk).update(status="ended", ended_on=TODAY())
    world.relationship.refresh_from_db()
    with pytest.raises(ValidationError, match="has ended"):
        services.goal_create(
            relationship=world.relationship, title="x", category="budget", starting_point="a", target="b"
        )
    with pytest.raises(ValidationError, match="has ended"):
        services.check_in_record(relationship=world.relationship, completed_by="coach", held_on=TODAY())


# --- check-ins -------------------------------------------------------------------------------


def test_a_check_in_moves_the_next_one_due_and_starts_the_goal(world):
    rhythm = world.programme.contact_every_days
    check_in = services.check_in_record(
        relationship=world.relationship,
        completed_by="coach",
        held_on=TODAY(),
        ratings={world.goal.pk: 3},
        went_well="Called the council",
    )
    world.relationship.refresh_from_db()
    world.goal.refresh_from_db()
    assert world.relationship.check_in_due_on == TODAY() + datetime.timedelta(days=rhythm)
    assert world.goal.status == Goal.Status.IN_PROGRESS
    assert check_in.ratings.get().score == 3


def test_a_late_entry_for_an_earlier_date_does_not_pull_the_due_date_back(world):
    services.check_in_record(relationship=world.relationship, completed_by="coach", held_on=TODAY())
    services.check_in_record(
        relationship=world.relationship, completed_by="coach", held_on=TODAY() - datetime.timedelta(days=10)
    )
    world.relationship.refresh_from_db()
    assert world.relationship.check_in_due_on == TODAY() + datetime.timedelta(days=world.programme.contact_every_days)


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"held_on": TODAY() + datetime.timedelta(days=1)}, "held_on"),
        ({"held_on": TODAY() - datetime.timedelta(days=400)}, "held_on"),
        ({"ratings": {999999: 3}}, "ratings"),
        ({"ratings": "goal"}, "ratings"),
    ],
)
def test_bad_check_ins_are_refused_and_nothing_is_saved(world, kwargs, field):
    before = CheckIn.objects.count()
    if kwargs.get("ratings") == "goal":
        kwargs["ratings"] = {world.goal.pk: 9}
    arguments = {"held_on": TODAY(), **kwargs}
    with pytest.raises(ValidationError) as refused:
        services.check_in_record(relationship=world.relationship, completed_by="coach", **arguments)
    assert field in refused.value.message_dict
    assert CheckIn.objects.count() == before


def test_another_relationships_goal_cannot_be_rated(world):
    other_goal = GoalFactory(relationship=world.other_client.relationships.get())
    with pytest.raises(ValidationError):
        services.check_in_record(
            relationship=world.relationship, completed_by="coach", held_on=TODAY(), ratings={other_goal.pk: 2}
        )


# --- reviews ---------------------------------------------------------------------------------


def test_an_end_review_rates_every_goal_and_sets_their_status(world):
    second = GoalFactory(relationship=world.relationship, title="Save £100")
    review = services.review_record(
        relationship=world.relationship,
        kind="end",
        held_on=TODAY(),
        summary="Both nearly done",
        goal_reviews={
            world.goal.pk: {"score": 5, "status": "achieved", "comment": "Cleared"},
            second.pk: {"score": 4, "status": "partly_achieved", "comment": ""},
        },
    )
    assert review.ratings.count() == 2
    world.goal.refresh_from_db()
    second.refresh_from_db()
    assert (world.goal.status, second.status) == ("achieved", "partly_achieved")
    assert GoalStatusChange.objects.filter(goal=world.goal, to_status="achieved", changed_on=TODAY()).exists()


def test_a_review_that_skips_a_goal_is_refused(world):
    GoalFactory(relationship=world.relationship, title="Another")
    with pytest.raises(ValidationError) as refused:
        services.review_record(
            relationship=world.relationship,
            kind="end",
            held_on=TODAY(),
            summary="x",
            goal_reviews={world.goal.pk: {"score": 3, "status": "", "comment": ""}},
        )
    assert "goal_reviews" in refused.value.message_dict
    assert not Review.objects.filter(relationship=world.relationship, kind="end").exists()


def test_each_review_happens_once(world):
    with pytest.raises(ValidationError):  # the world already has its midpoint review
        services.review_record(
            relationship=world.relationship,
            kind="midpoint",
            held_on=TODAY(),
            summary="again",
            goal_reviews={world.goal.pk: {"score": 3}},
        )


# --- relationship changes --------------------------------------------------------------------


def test_a_change_of_kind_is_recorded_as_it_happened(world):
    services.relationship_change_kind(
        relationship=world.relationship, kind="befriending", reason="Wanted it informal", expected_version=1
    )
    event = RelationshipEvent.objects.get(relationship=world.relationship, kind="kind_changed")
    assert event.summary == "Changed from coaching to informal befriending"
    assert event.reason == "Wanted it informal"


def test_pause_and_start_again(world):
    services.relationship_pause(
        relationship=world.relationship,
        reason="In hospital",
        expected_return_on=TODAY() + datetime.timedelta(days=14),
        expected_version=1,
    )
    world.relationship.refresh_from_db()
    assert world.relationship.status == "paused"
    assert not world.relationship.check_in_overdue
    services.relationship_activate(relationship=world.relationship, expected_version=world.relationship.version)
    world.relationship.refresh_from_db()
    assert world.relationship.status == "active" and world.relationship.paused_reason == ""
    kinds = list(RelationshipEvent.objects.filter(relationship=world.relationship).values_list("kind", flat=True))
    assert set(kinds) == {"paused", "resumed"}


def test_an_extension_moves_the_end_and_the_reviews_still_to_come(world):
    r = world.relationship
    old_end, old_midpoint = r.planned_end_on, r.midpoint_review_on
    new_end = old_end + datetime.timedelta(weeks=8)
    services.relationship_extend(relationship=r, planned_end_on=new_end, reason="Moving flat", expected_version=1)
    r.refresh_from_db()
    assert r.planned_end_on == new_end
    assert r.end_review_on == new_end - datetime.timedelta(days=14)
    # The world's midpoint review is done, so its date stays where it was.
    assert r.midpoint_review_on == old_midpoint
    assert "Moving flat" in RelationshipEvent.objects.get(relationship=r, kind="extended").reason


def test_an_extension_must_move_the_end_later(world):
    with pytest.raises(ValidationError) as refused:
        services.relationship_extend(
            relationship=world.relationship,
            planned_end_on=world.relationship.planned_end_on,
            reason="x",
            expected_version=1,
        )
    assert "planned_end_on" in refused.value.message_dict


# --- endings ---------------------------------------------------------------------------------


def _end_planned(world, **extra):
    return services.relationship_end(
        relationship=world.relationship,
        expected_version=world.relationship.version,
        planned=True,
        ended_on=TODAY(),
        achieved_goals=[world.goal],
        what_changed="Arrears cleared",
        client_reflection="I can do this",
        coach_reflection="Proud",
        **extra,
    )


def test_a_planned_ending_closes_everything_and_can_be_undone(world):
    ending = _end_planned(world, case_study_consent_on=TODAY(), case_study="A client cleared their arrears.")
    world.relationship.refresh_from_db()
    world.goal.refresh_from_db()
    world.client.refresh_from_db()
    assert (world.relationship.status, world.relationship.ended_on) == ("ended", TODAY())
    assert world.goal.status == "achieved"
    assert world.client.status == Client.Status.ENDED
    assert ending.planned and ending.previous_status == "active"

    services.relationship_undo_end(relationship=world.relationship)
    world.relationship.refresh_from_db()
    world.goal.refresh_from_db()
    world.client.refresh_from_db()
    assert (world.relationship.status, world.relationship.ended_on) == ("active", None)
    assert world.goal.status == "agreed"
    assert world.client.status == Client.Status.MATCHED
    ending.refresh_from_db()
    assert ending.undone_at is not None
    assert AuditEntry.objects.filter(action="journeys.ending.undone", object_id=str(world.relationship.pk)).exists()
    assert AuditEntry.objects.filter(action="journeys.ending.recorded").exists()


def test_an_ending_cannot_be_undone_after_the_window(world):
    ending = _end_planned(world)
    Ending.objects.filter(pk=ending.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=services.UNDO_ENDING_DAYS + 1)
    )
    world.relationship.refresh_from_db()
    with pytest.raises(ValidationError, match="within 14 days"):
        services.relationship_undo_end(relationship=world.relationship)
    world.relationship.refresh_from_db()
    assert world.relationship.status == "ended"


def test_an_ending_cannot_be_undone_once_the_client_has_a_new_coach(world):
    _end_planned(world)
    RelationshipFactory(client=world.client, coach=world.other_coach, programme=world.programme)
    world.relationship.refresh_from_db()
    with pytest.raises(ValidationError, match="another coach"):
        services.relationship_undo_end(relationship=world.relationship)
    world.relationship.refresh_from_db()
    assert world.relationship.status == "ended"
    assert world.relationship.endings.get().undone_at is None


def test_an_unplanned_ending_needs_a_reason_and_what_happens_next(world):
    with pytest.raises(ValidationError):
        services.relationship_end(
            relationship=world.relationship, expected_version=1, planned=False, ended_on=TODAY(), reason="crisis"
        )
    world.relationship.refresh_from_db()
    assert world.relationship.status == "active"
    assert not Ending.objects.exists()


def test_an_unplanned_ending_asking_for_a_rematch_puts_the_client_back_on_the_waiting_list(world):
    services.relationship_end(
        relationship=world.relationship,
        expected_version=1,
        planned=False,
        ended_on=TODAY(),
        reason="clash_of_beliefs",
        next_step="rematch",
        case_study="not allowed here",
    )
    world.client.refresh_from_db()
    assert world.client.status == Client.Status.WAITING
    assert world.relationship.endings.get().case_study == ""


def test_a_case_study_needs_the_clients_consent(world):
    with pytest.raises(ValidationError):
        _end_planned(world, case_study="Without asking")
    assert not Ending.objects.exists()


# --- the plan's dates ------------------------------------------------------------------------


@given(
    start=st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 1, 1)),
    days=st.integers(min_value=1, max_value=2000),
)
def test_review_dates_fall_within_the_plan(start, days):
    relationship = Relationship(started_on=start, planned_end_on=start + datetime.timedelta(days=days))
    dates = relationship.review_dates()
    assert start <= dates["midpoint_review_on"] <= relationship.planned_end_on
    assert start <= dates["end_review_on"] <= relationship.planned_end_on
    assert relationship.total_weeks >= 1


def test_the_clock_counts_weeks_from_the_start():
    today = timezone.localdate()
    started = today - datetime.timedelta(weeks=8, days=1)
    relationship = Relationship(started_on=started, planned_end_on=started + datetime.timedelta(weeks=26))
    assert relationship.clock_label == "Week 9 of 26"
