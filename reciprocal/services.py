"""Writes for reciprocal peer coaching: a pair's sessions and each peer's own reflection on one."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from core.services import create_audited, update_versioned
from matching.models import ReciprocalPair
from people.models import Coach

from .models import PeerReflection, ReciprocalSession

SESSION_AUDIT = ["held_on", "coach", "focus"]


def turn_warning(*, previous: ReciprocalSession | None, coach: Coach) -> str:
    """A gentle note when the same peer coached last time too: reciprocal means taking turns. Not
    a refusal: a pair may have good reason (one of them had a hard week)."""
    if previous is None or previous.coach_id != coach.pk:
        return ""
    return (
        f"{coach.first_name} also coached last time ({previous.held_on:%-d %B}). Reciprocal coaching means "
        "taking turns, so next time the other peer could coach."
    )


def _check(*, pair: ReciprocalPair, coach: Coach, held_on: datetime.date) -> None:
    if coach.pk not in (pair.first_id, pair.second_id):
        raise ValidationError({"coach": "Choose one of the two peers in this pair."})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "Record a session once it has happened: the date cannot be in the future."})


def _lock(pair: ReciprocalPair) -> None:
    # Two sessions recorded at once for one pair: the second waits, then sees the first's date.
    ReciprocalPair.objects.select_for_update().filter(pk=pair.pk).first()


def session_record(
    *,
    pair: ReciprocalPair,
    held_on: datetime.date,
    coach: Coach,
    focus: str,
    goal: str = "",
    what_helped: str = "",
    recorded_by=None,
) -> ReciprocalSession:
    """Record a session the pair has had. Refuses a pair that has ended, someone outside the pair
    as the coach, a date in the future, and a date before the pair's previous session (sessions are
    recorded in order, so the rhythm and the turns read true). The caller can show
    `turn_warning` for the session before."""
    with transaction.atomic():
        _lock(pair)
        if pair.ended_on is not None:
            raise ValidationError(
                f"This pair stopped on {pair.ended_on:%-d %B %Y}, so no new sessions can be recorded."
            )
        _check(pair=pair, coach=coach, held_on=held_on)
        last = pair.reciprocal_sessions.order_by("-held_on").values_list("held_on", flat=True).first()
        if last is not None and held_on < last:
            raise ValidationError(
                {
                    "held_on": f"The pair's last session was on {last:%-d %B %Y}. "
                    "A new session cannot be dated before it."
                }
            )
        session = ReciprocalSession(
            organisation_id=pair.organisation_id,
            pair=pair,
            held_on=held_on,
            coach=coach,
            focus=focus,
            goal=goal,
            what_helped=what_helped,
            recorded_by=recorded_by if getattr(recorded_by, "pk", None) else None,
        )
        return create_audited(instance=session, action="reciprocal.session.recorded", audit_fields=SESSION_AUDIT)


def session_update(*, session: ReciprocalSession, expected_version: int, **changes: Any) -> dict[str, list[Any]]:
    """Correct a session's record. The version check refuses an edit someone else overtook; the
    date must still fall between the sessions before and after it."""
    pair = session.pair
    with transaction.atomic():
        _lock(pair)
        held_on = changes.get("held_on", session.held_on)
        _check(pair=pair, coach=changes.get("coach", session.coach), held_on=held_on)
        others = pair.reciprocal_sessions.exclude(pk=session.pk)
        before = others.filter(pk__lt=session.pk).order_by("-held_on").values_list("held_on", flat=True).first()
        after = others.filter(pk__gt=session.pk).order_by("held_on").values_list("held_on", flat=True).first()
        if before is not None and held_on < before:
            raise ValidationError(
                {
                    "held_on": f"The session before this one was on {before:%-d %B %Y}. "
                    "This one cannot be dated before it."
                }
            )
        if after is not None and held_on > after:
            raise ValidationError(
                {"held_on": f"The session after this one was on {after:%-d %B %Y}. This one cannot be dated after it."}
            )
        return update_versioned(
            instance=session, changes=changes, expected_version=expected_version, action="reciprocal.session.changed"
        )


def reflection_save(
    *,
    session: ReciprocalSession,
    peer: Coach,
    reflection: str = "",
    wellbeing_start: int | None = None,
    wellbeing_end: int | None = None,
) -> PeerReflection:
    """Write a peer's own reflection and wellbeing check on a session, replacing what they wrote
    before. Only the two peers have one; the audit trail says that it was written, never what it
    says (it is private to the peer)."""
    if peer.pk not in (session.pair.first_id, session.pair.second_id):
        raise ValidationError("Only the two peers in the pair write a reflection on their session.")
    with transaction.atomic():
        existing = PeerReflection.objects.select_for_update().filter(session=session, peer=peer).first()
        mine = existing or PeerReflection(organisation_id=session.organisation_id, session=session, peer=peer)
        mine.reflection = reflection
        mine.wellbeing_start = wellbeing_start
        mine.wellbeing_end = wellbeing_end
        mine.full_clean()
        if existing is not None:
            mine.version += 1
        mine.save()
        audit.record(
            action="reciprocal.reflection.saved" if existing is None else "reciprocal.reflection.changed",
            organisation=session.organisation,
            obj=session,
            changes={"reflection": "written (private to the peer)"},
        )
    return mine
