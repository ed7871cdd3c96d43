"""Every write about people working together: relationships, goals, action steps, check-ins,
reviews and endings. Each function is one transaction and is audited."""

from __future__ import annotations

import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core import audit, emails, pairing, registry
from core.request_context import current_user as _actor
from core.services import create_audited, update_versioned
from organisations.models import Programme
from people.models import Client, Coach
from people.services import client_status_set
from training.readiness import readiness

from .anonymise import anonymise
from .models import (
    ActionStep,
    CheckIn,
    CheckInRating,
    ClientFeedback,
    Ending,
    Goal,
    GoalStatusChange,
    ProgrammePractice,
    ProgrammeStage,
    Relationship,
    RelationshipEvent,
    Review,
    ReviewRating,
)

# Mistakes happen: a coordinator can undo an ending for this long after recording it.
UNDO_ENDING_DAYS = 14

# Points the apps above fill (core.registry), so one rule holds on every path (page, API, bulk):
# - ACTIVATION_CHECKS: `check(relationship=...)` raises ValidationError if a pair still getting to
#   know each other may not start working together yet (matching: no introductory visit).
# - ENDING_RECORDED / ENDING_UNDONE: `listener(ending=...)`, inside the ending's transaction
#   (matching: an ending about the pair keeps that coach from that client for good).
ACTIVATION_CHECKS = "journeys.activation.checks"
ENDING_RECORDED = "journeys.ending.recorded"
ENDING_UNDONE = "journeys.ending.undone"

ENDED_MESSAGE = "This relationship has ended, so it cannot be changed. A coordinator can undo a recent ending."


def _event(
    relationship: Relationship,
    kind: str,
    summary: str,
    *,
    happened_on: datetime.date | None = None,
    reason: str = "",
) -> RelationshipEvent:
    return RelationshipEvent.objects.create(
        organisation_id=relationship.organisation_id,
        relationship=relationship,
        kind=kind,
        summary=summary[:300],
        reason=reason,
        happened_on=happened_on or timezone.localdate(),
        by=_actor(),
    )


def _require_open(relationship: Relationship) -> None:
    if not relationship.is_open:
        raise ValidationError(ENDED_MESSAGE)


# --- relationships ---------------------------------------------------------------------------


def relationship_engagement_counted(*, relationship_id: int, last_met_at, missed_in_a_row: int) -> None:
    """Store what meetings counted of a relationship's meetings (Relationship.last_met_at).

    Derived facts, not an edit: no version bump, so a coordinator's open form on the relationship
    stays valid, and no audit line (the meeting's own change is audited)."""
    Relationship._base_manager.filter(pk=relationship_id).update(
        last_met_at=last_met_at, missed_in_a_row=min(missed_in_a_row, 32767)
    )


def relationship_start(
    *,
    client: Client,
    coach: Coach,
    programme: Programme,
    started_on: datetime.date,
    planned_months: int,
    kind: str = "",
) -> Relationship:
    """Pair a client with a coach.

    Keeps the programme's promises: the length is within its minimum and maximum, the coach is
    active and has room (capacity), and the client has no other open relationship in it.
    """
    if not programme.min_months <= planned_months <= programme.max_months:
        raise ValidationError(
            {"planned_months": f"{programme} lasts {programme.length_label()}. Choose a length in that range."}
        )
    if client.archived or coach.archived:
        raise ValidationError("An archived record cannot be paired. Restore it first.")
    if coach.status != Coach.Status.ACTIVE:
        raise ValidationError({"coach": f"{coach} is not active at the moment."})
    judged = readiness(coach, programme)
    if not judged.ready:
        raise ValidationError(
            {"coach": f"{coach} is not ready for {programme} yet: " + " ".join(m.detail for m in judged.missing)}
        )
    pairing.check(client=client, coach=coach, programme=programme)
    if not kind:
        kind = programme.kind if programme.kind in Relationship.Kind.values else Relationship.Kind.COACHING
    with transaction.atomic():
        # Lock the coach row so two coordinators cannot both give a coach their last place.
        Coach.objects.select_for_update().filter(pk=coach.pk).first()
        open_count = Relationship.objects.filter(Q(coach=coach) & Q(status__in=Relationship.OPEN_STATUSES)).count()
        if open_count >= programme.coach_capacity:
            raise ValidationError(
                {"coach": f"{coach} already works with {open_count} people, the most this programme allows."}
            )
        if Relationship.objects.filter(
            client=client, programme=programme, status__in=Relationship.OPEN_STATUSES
        ).exists():
            raise ValidationError({"coach": f"{client} already has a coach in this programme."})
        relationship = Relationship(
            organisation=client.organisation,
            programme=programme,
            coach=coach,
            client=client,
            kind=kind,
            status=Relationship.Status.INTRODUCING,
            started_on=started_on,
            planned_end_on=started_on + relativedelta(months=planned_months),
            check_in_due_on=started_on + datetime.timedelta(days=programme.contact_every_days),
        )
        relationship.stage = ProgrammeStage.objects.filter(programme=programme).order_by("number").first()
        relationship.stage_since = started_on if relationship.stage else None
        weeks = ProgrammePractice.objects.filter(programme=programme).values_list("face_to_face_weeks", flat=True)
        if weeks and weeks[0]:
            relationship.face_to_face_due_on = started_on + datetime.timedelta(weeks=weeks[0])
        for name, value in relationship.review_dates().items():
            setattr(relationship, name, value)
        relationship.full_clean()
        relationship.save()
        client_status_set(client=client, status=Client.Status.MATCHED, programme=programme)
        _event(
            relationship,
            RelationshipEvent.Kind.STARTED,
            f"{client.first_name} and {coach.first_name} were introduced ({relationship.get_kind_display().lower()})",
            happened_on=started_on,
        )
        audit.record(
            action="journeys.relationship.started",
            organisation=client.organisation,
            obj=relationship,
            changes={"coach": [None, str(coach)], "client": [None, str(client)], "programme": [None, str(programme)]},
        )
    return relationship


def relationship_activate(*, relationship: Relationship, expected_version: int) -> Relationship:
    """Introducing or paused becomes working together."""
    if relationship.status not in (Relationship.Status.INTRODUCING, Relationship.Status.PAUSED):
        raise ValidationError("Only a relationship that is being introduced or is paused can start again.")
    was_paused = relationship.status == Relationship.Status.PAUSED
    if not was_paused:
        for check in registry.contributions(ACTIVATION_CHECKS):
            check(relationship=relationship)
    with transaction.atomic():
        changes: dict[str, Any] = {
            "status": Relationship.Status.ACTIVE,
            "paused_reason": "",
            "expected_return_on": None,
            "paused_for": None,
        }
        if was_paused:
            # The check-in rhythm starts again from the day they come back.
            changes["check_in_due_on"] = timezone.localdate() + datetime.timedelta(
                days=relationship.programme.contact_every_days
            )
        update_versioned(
            instance=relationship,
            changes=changes,
            expected_version=expected_version,
            action="journeys.relationship.status_changed",
        )
        if was_paused:
            _event(relationship, RelationshipEvent.Kind.RESUMED, "Started again after a pause")
        else:
            _event(relationship, RelationshipEvent.Kind.BEGAN_WORKING, "Began working together")
    return relationship


def relationship_stage_set(*, relationship: Relationship, stage: ProgrammeStage, expected_version: int) -> None:
    """Move a pair to a stage of their programme's coaching process (on or back), dated on the timeline."""
    _require_open(relationship)
    if stage.programme_id != relationship.programme_id:
        raise ValidationError({"stage": "Choose one of this programme's stages."})
    before = relationship.stage
    if before is not None and before.pk == stage.pk:
        return
    with transaction.atomic():
        update_versioned(
            instance=relationship,
            changes={"stage": stage, "stage_since": timezone.localdate()},
            expected_version=expected_version,
            action="journeys.relationship.stage_changed",
        )
        count = ProgrammeStage.objects.filter(programme_id=stage.programme_id).count()
        way = "Moved back" if before is not None and before.number > stage.number else "Moved on"
        _event(
            relationship,
            RelationshipEvent.Kind.STAGE,
            f"{way} to stage {stage.number} of {count}, {stage.name.lower()}",
        )


def relationship_met_face_to_face(*, relationship: Relationship, on: datetime.date) -> None:
    """The first time a pair meet face to face (meetings says so): the early-weeks flag clears.
    Later meetings change nothing, so it is safe to call for every one."""
    with transaction.atomic():
        first = Relationship.objects.filter(pk=relationship.pk, met_face_to_face_on__isnull=True).update(
            met_face_to_face_on=on, face_to_face_due_on=None
        )
        if not first:
            return
        relationship.met_face_to_face_on, relationship.face_to_face_due_on = on, None
        _event(relationship, RelationshipEvent.Kind.FACE_TO_FACE, "First met face to face", happened_on=on)


# --- the programme's own way of working ---------------------------------------------------------


def programme_process_set(*, programme: Programme, stage_names: list[str], face_to_face_weeks: int | None) -> Programme:
    """Set a programme's coaching stages (in order) and how soon its pairs should meet face to face.

    Renaming a stage keeps every pair at it; a stage a pair is at now cannot be taken away."""
    names = [name.strip()[:80] for name in stage_names if name.strip()]
    with transaction.atomic():
        existing = {
            stage.number: stage for stage in ProgrammeStage.objects.select_for_update().filter(programme=programme)
        }
        dropped = [stage for number, stage in existing.items() if number > len(names)]
        in_use = Relationship.objects.filter(stage__in=dropped, status__in=Relationship.OPEN_STATUSES)
        if in_use.exists():
            raise ValidationError(
                {"stage_names": f"{in_use.count()} relationship(s) are at a stage you took away. Move them first."}
            )
        Relationship.objects.filter(stage__in=dropped).update(stage=None)
        ProgrammeStage.objects.filter(pk__in=[s.pk for s in dropped]).delete()
        for number, name in enumerate(names, start=1):
            stage = existing.get(number)
            if stage is None:
                ProgrammeStage.objects.create(
                    organisation_id=programme.organisation_id, programme=programme, number=number, name=name
                )
            elif stage.name != name:
                ProgrammeStage.objects.filter(pk=stage.pk).update(name=name)
        practice, _ = ProgrammePractice.objects.get_or_create(
            programme=programme, defaults={"organisation_id": programme.organisation_id}
        )
        before = practice.face_to_face_weeks
        practice.face_to_face_weeks = face_to_face_weeks
        practice.save(update_fields=["face_to_face_weeks", "updated_at"])
        audit.record(
            action="journeys.programme_process.changed",
            organisation=programme.organisation,
            obj=programme,
            changes={
                "stages": [[s.name for s in existing.values()], names],
                "face_to_face_weeks": [before, face_to_face_weeks],
            },
        )
    return programme


def relationship_change_kind(*, relationship: Relationship, kind: str, reason: str, expected_version: int) -> None:
    """Record a change in the way of working. Either direction is fine; neither is better."""
    _require_open(relationship)
    before = relationship.get_kind_display()
    with transaction.atomic():
        changed = update_versioned(
            instance=relationship,
            changes={"kind": kind},
            expected_version=expected_version,
            action="journeys.relationship.kind_changed",
        )
        if changed:
            _event(
                relationship,
                RelationshipEvent.Kind.KIND_CHANGED,
                f"Changed from {before.lower()} to {relationship.get_kind_display().lower()}",
                reason=reason,
            )


def relationship_pause(
    *, relationship: Relationship, reason: str, expected_return_on: datetime.date | None, expected_version: int
) -> None:
    if relationship.status not in (Relationship.Status.INTRODUCING, Relationship.Status.ACTIVE):
        raise ValidationError("Only a relationship that is going ahead can be paused.")
    if expected_return_on and expected_return_on < timezone.localdate():
        raise ValidationError({"expected_return_on": "The expected return date must be today or later."})
    with transaction.atomic():
        update_versioned(
            instance=relationship,
            changes={
                "status": Relationship.Status.PAUSED,
                "paused_reason": reason,
                "expected_return_on": expected_return_on,
            },
            expected_version=expected_version,
            action="journeys.relationship.paused",
        )
        back = f", expected back {expected_return_on:%-d %b %Y}" if expected_return_on else ""
        _event(relationship, RelationshipEvent.Kind.PAUSED, f"Paused{back}", reason=reason)


def relationship_extend(
    *,
    relationship: Relationship,
    planned_end_on: datetime.date,
    reason: str,
    expected_version: int,
    beyond_maximum_reason: str = "",
) -> None:
    """Move the planned end later, with a reason. Review dates still to come move with it.

    The programme's longest length holds here as it does when pairing: going beyond it needs its
    own recorded reason (only the coordinator's page asks for one), kept on the timeline."""
    _require_open(relationship)
    if planned_end_on <= relationship.planned_end_on:
        raise ValidationError(
            {"planned_end_on": f"Choose a date after the current planned end, {relationship.planned_end_on:%-d %b %Y}."}
        )
    if planned_end_on > relationship.started_on + relativedelta(years=5):
        raise ValidationError({"planned_end_on": "Choose a date within five years of the start."})
    programme = relationship.programme
    longest_end = relationship.started_on + relativedelta(months=programme.max_months)
    beyond = planned_end_on > longest_end
    beyond_maximum_reason = beyond_maximum_reason.strip()
    if beyond and not beyond_maximum_reason:
        raise ValidationError(
            {
                "planned_end_on": f"{programme} lasts at most {programme.max_months} months, so it ends by "
                f"{longest_end:%-d %b %Y}. To go beyond that, say why it should."
            }
        )
    old_end = relationship.planned_end_on
    with transaction.atomic():
        relationship.planned_end_on = planned_end_on
        dates = relationship.review_dates()
        relationship.planned_end_on = old_end
        done = set(relationship.reviews.values_list("kind", flat=True))
        changes: dict[str, Any] = {"planned_end_on": planned_end_on}
        if Review.Kind.MIDPOINT not in done:
            changes["midpoint_review_on"] = dates["midpoint_review_on"]
        if Review.Kind.END not in done:
            changes["end_review_on"] = dates["end_review_on"]
        update_versioned(
            instance=relationship,
            changes=changes,
            expected_version=expected_version,
            action="journeys.relationship.extended",
        )
        note = f" (beyond the programme's longest, {programme.max_months} months)" if beyond else ""
        why = f"{reason}\n\nWhy beyond the programme's longest length: {beyond_maximum_reason}" if beyond else reason
        _event(
            relationship,
            RelationshipEvent.Kind.EXTENDED,
            f"Extended from {old_end:%-d %b %Y} to {planned_end_on:%-d %b %Y}{note}",
            reason=why,
        )


def relationship_end(
    *,
    relationship: Relationship,
    expected_version: int,
    planned: bool,
    ended_on: datetime.date,
    achieved_goals: list[Goal] | None = None,
    partly_achieved_goals: list[Goal] | None = None,
    **details: Any,
) -> Ending:
    """End a relationship, planned or not, recording what changed and what happens next.

    Goals marked achieved or partly achieved change status. Everything the ending changes is
    remembered on the Ending row, so `relationship_undo_end` can put it back exactly.
    """
    _require_open(relationship)
    if ended_on < relationship.started_on:
        raise ValidationError({"ended_on": "The end date cannot be before the relationship started."})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "The end date cannot be in the future."})
    achieved = list(achieved_goals or [])
    partly = [g for g in (partly_achieved_goals or []) if g not in achieved]
    for goal in achieved + partly:
        if goal.relationship_id != relationship.pk:
            raise ValidationError({"achieved_goals": "Choose goals from this relationship."})
    if not planned:
        details["case_study"] = ""
        details["case_study_consent_on"] = None
    if details.get("case_study"):
        details["case_study"], details["case_study_removed"] = anonymise(details["case_study"], relationship)
    client = relationship.client
    with transaction.atomic():
        ending = Ending(
            organisation_id=relationship.organisation_id,
            relationship=relationship,
            planned=planned,
            ended_on=ended_on,
            previous_status=relationship.status,
            previous_client_status=client.status,
            goals_before={str(g.pk): g.status for g in achieved + partly},
            by=_actor(),
            **details,
        )
        ending.full_clean(exclude=["relationship"])
        ending.save()
        update_versioned(
            instance=relationship,
            changes={"status": Relationship.Status.ENDED, "ended_on": ended_on},
            expected_version=expected_version,
            action="journeys.relationship.ended",
        )
        for goals, status in ((achieved, Goal.Status.ACHIEVED), (partly, Goal.Status.PARTLY_ACHIEVED)):
            for goal in goals:
                _goal_set_status(goal, status, "Marked at the ending", ended_on)
        # An unplanned ending that asks for a re-match puts the client back on the waiting list.
        next_client_status = (
            Client.Status.WAITING
            if not planned and ending.next_step == Ending.NextStep.REMATCH
            else Client.Status.ENDED
        )
        if not Relationship.objects.filter(client=client, status__in=Relationship.OPEN_STATUSES).exists():
            client_status_set(client=client, status=next_client_status)
        summary = "Planned ending" if planned else f"Unplanned ending: {ending.get_reason_display().lower()}"
        _event(relationship, RelationshipEvent.Kind.ENDED, summary, happened_on=ended_on, reason=ending.what_changed)
        audit.record(
            action="journeys.ending.recorded",
            organisation=relationship.organisation,
            obj=relationship,
            changes={
                "planned": [None, planned],
                "reason": [None, ending.reason],
                "next_step": [None, ending.next_step],
            },
        )
        for listener in registry.contributions(ENDING_RECORDED):
            listener(ending=ending)
    return ending


def can_undo_ending(ending: Ending | None) -> bool:
    return bool(
        ending
        and ending.undone_at is None
        and timezone.now() - ending.created_at <= datetime.timedelta(days=UNDO_ENDING_DAYS)
    )


def relationship_undo_end(*, relationship: Relationship) -> Relationship:
    """Put a relationship back as it was before an ending recorded in the last two weeks."""
    ending = relationship.endings.filter(undone_at__isnull=True).first()
    if not can_undo_ending(ending):
        raise ValidationError(
            f"An ending can only be undone within {UNDO_ENDING_DAYS} days of being recorded. "
            "Pair the client again instead."
        )
    with transaction.atomic():
        Relationship.objects.select_for_update().filter(pk=relationship.pk).first()
        ending.undone_at = timezone.now()
        ending.undone_by = _actor()
        ending.save(update_fields=["undone_at", "undone_by"])
        try:
            with transaction.atomic():
                update_versioned(
                    instance=relationship,
                    changes={"status": ending.previous_status, "ended_on": None},
                    expected_version=relationship.version,
                    action="journeys.ending.undone",
                )
        except (IntegrityError, ValidationError) as error:
            raise ValidationError(
                f"{relationship.client} has started with another coach in this programme since, "
                "so this ending cannot be undone."
            ) from error
        for goal in Goal.objects.filter(pk__in=[int(k) for k in ending.goals_before]):
            _goal_set_status(goal, ending.goals_before[str(goal.pk)], "Ending undone")
        client_status_set(client=relationship.client, status=Client.Status.MATCHED)
        _event(relationship, RelationshipEvent.Kind.ENDING_UNDONE, "The ending was undone")
        for listener in registry.contributions(ENDING_UNDONE):
            listener(ending=ending)
    return relationship


def case_study_review(*, ending: Ending, case_study: str) -> bool:
    """A coordinator's review of a case study, which publishes it. Names are taken out again; if
    that finds any the coordinator typed in, it is saved but not published, so they look again.
    Returns whether it was published."""
    if not ending.case_study or ending.undone_at is not None:
        raise ValidationError("There is no case study to review.")
    text, removed = anonymise(case_study.strip(), ending.relationship)
    if not text:
        raise ValidationError({"case_study": "Write the case study, or leave it unpublished."})
    publish = not removed
    with transaction.atomic():
        before = {"case_study": ending.case_study, "reviewed": ending.case_study_reviewed_at is not None}
        ending.case_study = text
        ending.case_study_removed = _merge_removed(ending.case_study_removed, removed)
        if publish:
            ending.case_study_reviewed_at = timezone.now()
            ending.case_study_reviewed_by = _actor()
        ending.full_clean(exclude=["relationship"])
        ending.save(
            update_fields=["case_study", "case_study_removed", "case_study_reviewed_at", "case_study_reviewed_by"]
        )
        audit.record(
            action="journeys.case_study.reviewed" if publish else "journeys.case_study.changed",
            organisation=ending.relationship.organisation,
            obj=ending.relationship,
            changes=audit.diff(before, {"case_study": text, "reviewed": publish or before["reviewed"]}),
        )
    return publish


def _merge_removed(earlier: list[dict[str, str]], now: list[dict[str, str]]) -> list[dict[str, str]]:
    seen = {r["found"].lower() for r in earlier}
    return list(earlier) + [r for r in now if r["found"].lower() not in seen]


# --- goals -----------------------------------------------------------------------------------


def _goal_set_status(goal: Goal, status: str, note: str, on: datetime.date | None = None) -> None:
    if goal.status == status:
        return
    GoalStatusChange.objects.create(
        organisation_id=goal.organisation_id,
        goal=goal,
        from_status=goal.status,
        to_status=status,
        changed_on=on or timezone.localdate(),
        note=note[:500],
        by=_actor(),
    )
    update_versioned(
        instance=goal, changes={"status": status}, expected_version=goal.version, action="journeys.goal.changed"
    )


def goal_create(*, relationship: Relationship, **fields: Any) -> Goal:
    _require_open(relationship)
    fields.setdefault("agreed_on", timezone.localdate())
    if fields.get("target_date") and fields["target_date"] < fields["agreed_on"]:
        raise ValidationError({"target_date": "The target date cannot be before the goal was agreed."})
    with transaction.atomic():
        goal = create_audited(
            instance=Goal(organisation_id=relationship.organisation_id, relationship=relationship, **fields),
            action="journeys.goal.created",
            audit_fields=["title", "category", "status"],
        )
        GoalStatusChange.objects.create(
            organisation_id=goal.organisation_id,
            goal=goal,
            to_status=goal.status,
            changed_on=goal.agreed_on,
            note="Agreed",
            by=_actor(),
        )
    return goal


def goal_update(*, goal: Goal, expected_version: int, status_note: str = "", **changes: Any) -> Goal:
    _require_open(goal.relationship)
    agreed_on = changes.get("agreed_on", goal.agreed_on)
    target_date = changes.get("target_date", goal.target_date)
    if target_date and agreed_on and target_date < agreed_on:
        raise ValidationError({"target_date": "The target date cannot be before the goal was agreed."})
    before = Goal.objects.get(pk=goal.pk).status
    with transaction.atomic():
        update_versioned(
            instance=goal, changes=changes, expected_version=expected_version, action="journeys.goal.changed"
        )
        if goal.status != before:
            GoalStatusChange.objects.create(
                organisation_id=goal.organisation_id,
                goal=goal,
                from_status=before,
                to_status=goal.status,
                changed_on=timezone.localdate(),
                note=status_note[:500],
                by=_actor(),
            )
    return goal


# --- action steps ----------------------------------------------------------------------------


def _check_specifics(fields: dict[str, Any]) -> None:
    if not any((fields.get(name) or "").strip() for name in ActionStep.SPECIFICS):
        raise ValidationError({"context": ActionStep.SPECIFICS_MESSAGE})


def step_create(*, goal: Goal, **fields: Any) -> ActionStep:
    _require_open(goal.relationship)
    _check_specifics(fields)
    if fields.get("status") == ActionStep.Status.DONE and not fields.get("done_on"):
        fields["done_on"] = timezone.localdate()
    return create_audited(
        instance=ActionStep(organisation_id=goal.organisation_id, goal=goal, **fields),
        action="journeys.step.created",
        audit_fields=["description", "who"],
    )


def step_update(*, step: ActionStep, expected_version: int, **changes: Any) -> ActionStep:
    _require_open(step.goal.relationship)
    _check_specifics({name: changes.get(name, getattr(step, name)) for name in ActionStep.SPECIFICS})
    status = changes.get("status", step.status)
    if status == ActionStep.Status.DONE and not (changes.get("done_on") or step.done_on):
        changes["done_on"] = timezone.localdate()
    elif status != ActionStep.Status.DONE:
        changes["done_on"] = None
    update_versioned(instance=step, changes=changes, expected_version=expected_version, action="journeys.step.changed")
    return step


def step_mark(*, step: ActionStep, done: bool) -> ActionStep:
    """The one-tap tick a client or coach gives a step from their phone."""
    _require_open(step.goal.relationship)
    changes = {
        "status": ActionStep.Status.DONE if done else ActionStep.Status.TO_DO,
        "done_on": timezone.localdate() if done else None,
    }
    update_versioned(instance=step, changes=changes, expected_version=step.version, action="journeys.step.changed")
    return step


# --- check-ins -------------------------------------------------------------------------------


def _validate_ratings(relationship: Relationship, ratings: dict[int, int]) -> dict[Goal, int]:
    goals = {g.pk: g for g in relationship.goals.all()}
    result = {}
    for goal_id, score in ratings.items():
        if goal_id not in goals:
            raise ValidationError({"ratings": "Rate only this relationship's goals."})
        if score is None:
            continue
        if not 1 <= int(score) <= 5:
            raise ValidationError({"ratings": "Use the scale from 1 (not started) to 5 (done it)."})
        result[goals[goal_id]] = int(score)
    return result


def check_in_record(
    *,
    relationship: Relationship,
    completed_by: str,
    held_on: datetime.date,
    ratings: dict[int, int] | None = None,
    **texts: str,
) -> CheckIn:
    """Record a check-in and move the next one due to a rhythm's length after it.

    A goal rated above "not started" for the first time becomes "in progress"."""
    _require_open(relationship)
    if held_on < relationship.started_on:
        raise ValidationError({"held_on": "The check-in cannot be before the relationship started."})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "The check-in cannot be in the future."})
    scored = _validate_ratings(relationship, ratings or {})
    with transaction.atomic():
        check_in = CheckIn(
            organisation_id=relationship.organisation_id,
            relationship=relationship,
            completed_by=completed_by,
            held_on=held_on,
            by=_actor(),
            **texts,
        )
        check_in.full_clean(exclude=["relationship"])
        check_in.save()
        CheckInRating.objects.bulk_create(
            CheckInRating(organisation_id=relationship.organisation_id, check_in=check_in, goal=goal, score=score)
            for goal, score in scored.items()
        )
        for goal, score in scored.items():
            if goal.status == Goal.Status.AGREED and score > 1:
                _goal_set_status(goal, Goal.Status.IN_PROGRESS, "Progress at a check-in", held_on)
        latest = relationship.check_ins.order_by("-held_on").values_list("held_on", flat=True).first()
        due = latest + datetime.timedelta(days=relationship.programme.contact_every_days)
        Relationship.objects.filter(pk=relationship.pk).update(check_in_due_on=due)
        relationship.check_in_due_on = due
        audit.record(
            action="journeys.check_in.recorded",
            organisation=relationship.organisation,
            obj=relationship,
            changes={"held_on": [None, held_on], "completed_by": [None, completed_by]},
        )
    return check_in


def check_in_add_feedback(*, check_in: CheckIn, coach_feedback: str) -> CheckIn:
    """The coach answers a check-in the client did themselves; the client is told (on their home
    page until they read it, and by email when they have one)."""
    before = check_in.coach_feedback
    tell_client = (
        check_in.completed_by == CheckIn.CompletedBy.CLIENT
        and coach_feedback.strip()
        and coach_feedback.strip() != before.strip()
    )
    with transaction.atomic():
        check_in.coach_feedback = coach_feedback
        check_in.full_clean(exclude=["relationship"])
        fields = ["coach_feedback", "updated_at"]
        if tell_client:
            check_in.replied_at, check_in.reply_seen_at = timezone.now(), None
            fields += ["replied_at", "reply_seen_at"]
        check_in.save(update_fields=fields)
        audit.record(
            action="journeys.check_in.changed",
            organisation=check_in.relationship.organisation,
            obj=check_in.relationship,
            changes={"coach_feedback": [before, coach_feedback]},
        )
        if tell_client:
            _email_client_about_reply(check_in)
    return check_in


def _email_client_about_reply(check_in: CheckIn) -> None:
    relationship = check_in.relationship
    user = relationship.client.user
    if user is None or not user.email:
        return
    coach = relationship.coach.first_name
    link = emails.absolute(reverse("journeys:check_in_detail", args=[check_in.pk]))
    body = (
        f"Hello {relationship.client.first_name},\n\n"
        f"{coach} has replied to the check-in you did on {check_in.held_on:%-d %B}.\n"
        f"Read it here: {link}\n\n"
        f"{relationship.organisation.name}"
    )
    emails.enqueue_email(subject=f"{coach} has replied to your check-in", body=body, to=[user.email])


def check_in_reply_seen(*, check_in: CheckIn) -> None:
    """The client has opened the check-in, so their home stops saying there is a reply."""
    CheckIn.objects.filter(pk=check_in.pk, replied_at__isnull=False, reply_seen_at__isnull=True).update(
        reply_seen_at=timezone.now()
    )


# --- how it is going, from the client --------------------------------------------------------


def client_feedback_give(
    *, relationship: Relationship, feeling: str, comment: str = "", wants_contact: bool = False
) -> ClientFeedback:
    feedback = ClientFeedback(
        organisation=relationship.organisation,
        relationship=relationship,
        feeling=feeling,
        comment=comment,
        wants_contact=wants_contact,
    )
    return create_audited(
        instance=feedback, action="journeys.client_feedback.given", audit_fields=["feeling", "wants_contact"]
    )


def client_feedback_read(*, feedback: ClientFeedback, by) -> ClientFeedback:
    with transaction.atomic():
        if ClientFeedback.objects.filter(pk=feedback.pk, read_at__isnull=True).update(
            read_at=timezone.now(), read_by=by
        ):
            audit.record(
                action="journeys.client_feedback.read",
                organisation=feedback.organisation,
                obj=feedback.relationship,
                changes={},
            )
    feedback.refresh_from_db()
    return feedback


# --- reviews ---------------------------------------------------------------------------------


def review_record(
    *,
    relationship: Relationship,
    kind: str,
    held_on: datetime.date,
    summary: str,
    goal_reviews: dict[int, dict[str, Any]],
) -> Review:
    """Review every goal: a score on the scale, a comment, and its status now.

    `goal_reviews` maps goal id to {"score", "status", "comment"}; every goal of the
    relationship must be there, because a review that skips a goal is not a review of all goals."""
    if held_on < relationship.started_on or held_on > timezone.localdate():
        raise ValidationError({"held_on": "Choose a date between the start of the relationship and today."})
    goals = {g.pk: g for g in relationship.goals.all()}
    if set(goal_reviews) != set(goals):
        raise ValidationError({"goal_reviews": "Review each of the relationship's goals."})
    if relationship.reviews.filter(kind=kind).exists():
        raise ValidationError({"kind": "This review has already been recorded."})
    with transaction.atomic():
        review = Review(
            organisation_id=relationship.organisation_id,
            relationship=relationship,
            kind=kind,
            held_on=held_on,
            summary=summary,
            by=_actor(),
        )
        review.full_clean(exclude=["relationship"])
        review.save()
        for goal_id, answer in goal_reviews.items():
            rating = ReviewRating(
                organisation_id=relationship.organisation_id,
                review=review,
                goal=goals[goal_id],
                score=answer["score"],
                comment=answer.get("comment", ""),
            )
            rating.full_clean(exclude=["review", "goal"])
            rating.save()
            if answer.get("status"):
                _goal_set_status(
                    goals[goal_id], answer["status"], f"At the {review.get_kind_display().lower()}", held_on
                )
        audit.record(
            action="journeys.review.recorded",
            organisation=relationship.organisation,
            obj=relationship,
            changes={"kind": [None, kind], "held_on": [None, held_on]},
        )
    return review
