"""Writes for supervision: who supervises whom and who covers, sessions and their actions, a
coach's requests, reflective log and wellbeing checks, and role changes. Each in one transaction,
audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from core.services import create_audited, update_versioned
from journeys import away as journeys_away
from journeys import services as journeys_services
from journeys.models import Ending
from meetings import services as meetings_services
from meetings.models import FollowUp
from organisations.permissions import can
from people import services as people_services
from people.models import Coach

from .models import (
    Action,
    Arrangement,
    Away,
    ConductConcern,
    ExitConversation,
    LogEntry,
    Request,
    RoleChange,
    Session,
    WellbeingCheck,
)

MAX_NEW_ACTIONS = 5
SESSION_NOTES = ("wellbeing", "caseload", "going_well", "worries", "development")


def _check_staff(coach: Coach, person, field: str) -> None:
    if person is None:
        return
    if person.organisation_id != coach.organisation_id or not can(person, "supervision.supervise"):
        raise ValidationError({field: "Choose a supervisor or coordinator in this organisation."})


# --- who supervises whom ---------------------------------------------------------------------


def arrangement_set(
    *,
    coach: Coach,
    supervisor,
    deputy=None,
    rhythm_days: int = Arrangement.Rhythm.MONTHLY,
    starts_on: datetime.date | None = None,
    expected_version: int | None = None,
) -> Arrangement:
    """Name (or change) a coach's supervisor, deputy and rhythm. The deputy must be someone else."""
    _check_staff(coach, supervisor, "supervisor")
    _check_staff(coach, deputy, "deputy")
    if deputy is not None and deputy.pk == supervisor.pk:
        raise ValidationError({"deputy": "The deputy covers for the supervisor, so choose someone else."})
    changes = {"supervisor": supervisor, "deputy": deputy, "rhythm_days": rhythm_days}
    with transaction.atomic():
        existing = Arrangement.objects.select_for_update().filter(coach=coach).first()
        if existing is None:
            return create_audited(
                instance=Arrangement(
                    organisation_id=coach.organisation_id,
                    coach=coach,
                    starts_on=starts_on or timezone.localdate(),
                    **changes,
                ),
                action="supervision.arrangement.made",
                audit_fields=["supervisor", "deputy", "rhythm_days"],
            )
        if starts_on:
            changes["starts_on"] = starts_on
        update_versioned(
            instance=existing,
            changes=changes,
            expected_version=existing.version if expected_version is None else expected_version,
            action="supervision.arrangement.changed",
        )
        return existing


def away_record(
    *, organisation, supervisor, starts_on: datetime.date, ends_on: datetime.date, reason: str = ""
) -> Away:
    """A supervisor away: their coaches' deputies cover from the first day to the last."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The last day away cannot be before the first."})
    if supervisor.organisation_id != organisation.pk or not can(supervisor, "supervision.supervise"):
        raise ValidationError({"supervisor": "Choose a supervisor in this organisation."})
    return create_audited(
        instance=Away(
            organisation=organisation, supervisor=supervisor, starts_on=starts_on, ends_on=ends_on, reason=reason
        ),
        action="supervision.away.recorded",
        audit_fields=["starts_on", "ends_on"],
    )


# --- sessions --------------------------------------------------------------------------------


def session_record(
    *,
    coach: Coach,
    supervisor,
    held_on: datetime.date,
    done_actions: list[int] | None = None,
    new_actions: list[str] | None = None,
    **notes: Any,
) -> Session:
    """Record a session: what was said, which earlier actions are now done (the rest carry over
    to the next session) and the new actions agreed. Answers the coach's open request for a session."""
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "The date of the session cannot be in the future."})
    new_actions = [text.strip() for text in (new_actions or []) if text and text.strip()]
    if len(new_actions) > MAX_NEW_ACTIONS:
        raise ValidationError({"new_actions": f"At most {MAX_NEW_ACTIONS} new actions at a time."})
    if any(len(text) > 300 for text in new_actions):
        raise ValidationError({"new_actions": "Keep each action to 300 characters."})
    unknown = set(notes) - set(SESSION_NOTES)
    if unknown:
        raise ValidationError(f"Unknown part of a session: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        Coach.objects.select_for_update().filter(pk=coach.pk).first()
        open_ids = set(Action.objects.filter(coach=coach, done_at__isnull=True).values_list("pk", flat=True))
        done = set(done_actions or [])
        if not done <= open_ids:
            raise ValidationError({"done_actions": "Choose actions still open for this coach."})
        session = create_audited(
            instance=Session(
                organisation_id=coach.organisation_id, coach=coach, supervisor=supervisor, held_on=held_on, **notes
            ),
            action="supervision.session.recorded",
            audit_fields=["held_on"],
        )
        Action.objects.filter(pk__in=done).update(done_at=timezone.now(), done_in=session)
        Action.objects.bulk_create(
            Action(organisation_id=coach.organisation_id, coach=coach, agreed_in=session, text=text)
            for text in new_actions
        )
        Request.objects.filter(coach=coach, answered_in__isnull=True).update(answered_in=session)
        audit.record(
            action="supervision.actions.reviewed",
            organisation=coach.organisation,
            obj=coach,
            changes={
                "done": [None, len(done)],
                "carried over": [None, len(open_ids - done)],
                "new": [None, len(new_actions)],
            },
        )
    return session


def session_update(*, session: Session, expected_version: int, **changes: Any) -> Session:
    """Correct a session's date or notes; refused (StaleEditError) if someone saved it since."""
    allowed = {"held_on", *SESSION_NOTES}
    if set(changes) - allowed:
        raise ValidationError("Only the date and the notes of a session can be changed.")
    if "held_on" in changes and changes["held_on"] > timezone.localdate():
        raise ValidationError({"held_on": "The date of the session cannot be in the future."})
    update_versioned(
        instance=session, changes=changes, expected_version=expected_version, action="supervision.session.changed"
    )
    return session


def action_done(*, action: Action) -> Action:
    """Mark an action done between sessions (the claim is conditional, so twice changes nothing)."""
    with transaction.atomic():
        if Action.objects.filter(pk=action.pk, done_at__isnull=True).update(done_at=timezone.now()):
            audit.record(
                action="supervision.action.done",
                organisation=action.coach.organisation,
                obj=action.coach,
                changes={"action": [None, action.text]},
            )
    action.refresh_from_db()
    return action


def request_make(*, coach: Coach, about: str = "") -> Request:
    """A coach asks for a session. One open request at a time (the database holds it)."""
    if Request.objects.filter(coach=coach, answered_in__isnull=True).exists():
        raise ValidationError("You have already asked for a session. Your supervisor will be in touch.")
    return create_audited(
        instance=Request(organisation_id=coach.organisation_id, coach=coach, about=about),
        action="supervision.session.requested",
        audit_fields=["about"],
    )


def follow_up_addressed(*, follow_up: FollowUp, by, note: str = "") -> FollowUp:
    """The supervisor called the coach back after their debrief (meetings keeps the follow-up)."""
    return meetings_services.follow_up_done(follow_up=follow_up, by=by, note=note[:500])


# --- the coach's own log and checks ----------------------------------------------------------


def log_entry_write(
    *,
    coach: Coach,
    written_on: datetime.date,
    did: str,
    learned: str = "",
    want_to_learn: str = "",
    share: bool = False,
) -> LogEntry:
    if written_on > timezone.localdate():
        raise ValidationError({"written_on": "The date cannot be in the future."})
    entry = LogEntry(
        organisation_id=coach.organisation_id,
        coach=coach,
        written_on=written_on,
        did=did,
        learned=learned,
        want_to_learn=want_to_learn,
        shared_at=timezone.now() if share else None,
    )
    # What the coach wrote stays out of the audit trail: only that they wrote it, and whether shared.
    with transaction.atomic():
        entry.full_clean()
        entry.save()
        audit.record(
            action="supervision.log.written",
            organisation=coach.organisation,
            obj=coach,
            changes={"shared": [None, share]},
        )
    return entry


def log_entry_share(*, entry: LogEntry, share: bool) -> LogEntry:
    with transaction.atomic():
        entry.shared_at = timezone.now() if share else None
        LogEntry.objects.filter(pk=entry.pk).update(shared_at=entry.shared_at, updated_at=timezone.now())
        audit.record(
            action="supervision.log.shared" if share else "supervision.log.unshared",
            organisation=entry.coach.organisation,
            obj=entry.coach,
            changes={"entry": [None, entry.written_on]},
        )
    return entry


def wellbeing_check_record(*, coach: Coach, note: str = "", shared: bool = False, **scores: int) -> WellbeingCheck:
    names = [name for name, _ in WellbeingCheck.QUESTIONS]
    if sorted(scores) != sorted(names):
        raise ValidationError("Answer every question.")
    for name, value in scores.items():
        if not 0 <= int(value) <= 10:
            raise ValidationError({name: "Choose a number from 0 to 10."})
    check = WellbeingCheck(organisation_id=coach.organisation_id, coach=coach, note=note, shared=shared, **scores)
    with transaction.atomic():
        check.full_clean()
        check.save()
        audit.record(
            action="supervision.wellbeing.checked",
            organisation=coach.organisation,
            obj=coach,
            changes={"shared": [None, shared]},
        )
    return check


# --- changing roles --------------------------------------------------------------------------

KEEP, HAND_OVER, END = "keep", "hand_over", "end"
HANDOVER_CHOICES = {
    KEEP: "Keep working together",
    HAND_OVER: "Hand the client over: find them another coach",
    END: "End it",
}


def role_change(
    *,
    coach: Coach,
    to_role: str,
    reason: str,
    effective_on: datetime.date,
    by,
    from_role: str,
    decisions: dict[int, str] | None = None,
    role_title: str = "",
) -> RoleChange:
    """Change a coach's role, settling each open relationship as decided (keep, hand over to be
    matched again, or end) in the same transaction. A role without client work cannot keep any.
    A new job title (`role_title`), if given, goes on the coach's record in the same transaction
    (through people's services, so it is version-checked and audited)."""
    decisions = decisions or {}
    if to_role == from_role:
        raise ValidationError({"to_role": "Choose a role different from the one they have now."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the role is changing."})
    today = timezone.localdate()
    with transaction.atomic():
        relationships = list(journeys_away.open_relationships(coach).select_for_update(of=("self",)))
        missing = [r for r in relationships if decisions.get(r.pk) not in HANDOVER_CHOICES]
        if missing:
            raise ValidationError([f"Choose what happens to {r.client}'s relationship." for r in missing])
        if to_role not in RoleChange.WITH_CLIENTS:
            kept = [r for r in relationships if decisions[r.pk] == KEEP]
            if kept:
                raise ValidationError(
                    [f"{r.client} cannot stay with {coach.first_name}: the new role has no client work." for r in kept]
                )
        handed = 0
        why = f"{coach.first_name}'s role changed to {RoleChange.Role(to_role).label.lower()}"
        for relationship in relationships:
            choice = decisions[relationship.pk]
            if choice == KEEP:
                continue
            journeys_services.relationship_end(
                relationship=relationship,
                expected_version=relationship.version,
                planned=False,
                ended_on=today,
                reason=Ending.Reason.COACH_UNAVAILABLE,
                reason_detail=why,
                next_step=Ending.NextStep.REMATCH if choice == HAND_OVER else Ending.NextStep.NONE,
            )
            handed += 1
        change = create_audited(
            instance=RoleChange(
                organisation_id=coach.organisation_id,
                coach=coach,
                from_role=from_role,
                to_role=to_role,
                reason=reason,
                effective_on=effective_on,
                changed_by=by,
                handed_over=handed,
            ),
            action="supervision.role.changed",
            audit_fields=["from_role", "to_role", "effective_on", "handed_over"],
        )
        title = role_title.strip()[:120]
        if title and title != coach.role_title:
            people_services.coach_update(coach=coach, expected_version=coach.version, role_title=title)
    return change


# --- conduct concerns and leaving ----------------------------------------------------------------

CONCERN_FIELDS = ("concern", "conversation", "agreed_actions", "review_on", "outcome", "outcome_note")


def concern_raise(
    *,
    coach: Coach,
    by,
    raised_on: datetime.date,
    concern: str,
    conversation: str = "",
    agreed_actions: str = "",
    review_on: datetime.date | None = None,
) -> ConductConcern:
    """Record a concern about a coach's conduct. The audit trail says one was raised and when,
    not what it says: it is read by people who may not read the concern."""
    if not concern.strip():
        raise ValidationError({"concern": "Say what the concern is."})
    if raised_on > timezone.localdate():
        raise ValidationError({"raised_on": "A concern cannot be raised in the future."})
    return create_audited(
        instance=ConductConcern(
            organisation_id=coach.organisation_id,
            coach=coach,
            raised_by=by,
            raised_on=raised_on,
            concern=concern,
            conversation=conversation,
            agreed_actions=agreed_actions,
            review_on=review_on,
        ),
        action="supervision.conduct_concern.raised",
        audit_fields=["raised_on", "review_on"],
    )


def concern_update(*, concern: ConductConcern, expected_version: int, **changes: Any) -> ConductConcern:
    """Add the conversation, what was agreed, a review date, or close it with an outcome. Refused
    if someone else saved it since the form was opened; audited by the names of the fields changed."""
    unknown = set(changes) - set(CONCERN_FIELDS)
    if unknown:
        raise ValueError(f"Not a concern's field: {sorted(unknown)}")
    outcome = changes.get("outcome", concern.outcome)
    if outcome != ConductConcern.Outcome.OPEN and not (changes.get("outcome_note", concern.outcome_note) or "").strip():
        raise ValidationError({"outcome_note": "Say how it ended: a line is enough."})
    still_open = outcome == ConductConcern.Outcome.OPEN
    changes["closed_on"] = None if still_open else (concern.closed_on or timezone.localdate())
    update_versioned(
        instance=concern,
        changes=changes,
        expected_version=expected_version,
        action="supervision.conduct_concern.changed",
        audit_values=False,
    )
    return concern


def exit_record(
    *,
    coach: Coach,
    by,
    held_on: datetime.date,
    leaving_because: str,
    went_well: str = "",
    could_be_better: str = "",
    keep_in_touch: bool = False,
) -> ExitConversation:
    """What a coach said as they left. Leaving itself (their status, what happens to each client)
    is people's and journeys' (a coach set to "Left" is asked about each open relationship)."""
    if not leaving_because.strip():
        raise ValidationError({"leaving_because": "Say why they are leaving, in their words if you can."})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "Record the conversation once it has happened."})
    return create_audited(
        instance=ExitConversation(
            organisation_id=coach.organisation_id,
            coach=coach,
            recorded_by=by,
            held_on=held_on,
            leaving_because=leaving_because,
            went_well=went_well,
            could_be_better=could_be_better,
            keep_in_touch=keep_in_touch,
        ),
        action="supervision.exit_conversation.recorded",
        audit_fields=["held_on", "keep_in_touch"],
    )
