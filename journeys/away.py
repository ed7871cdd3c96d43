"""A coach leaving, or taking a break: every open relationship is settled in the same step.

For each one the coordinator chooses: pause it (a break only), hand the client over (the
relationship ends and the client goes back on the waiting list, to be matched again), or end
it. Only then does the coach's status change (people.services refuses "Left" or "Taking a
break" while a client still works with them), so nothing is left pointing at a coach who has gone.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from people.models import Coach, CoachBreak
from people.services import coach_break_start, coach_leave

from . import services
from .models import Ending, Relationship

LEAVING, BREAK = "leaving", "break"
PAUSE, HAND_OVER, END = "pause", "hand_over", "end"
CHOICES = {
    PAUSE: "Pause it until they are back",
    HAND_OVER: "Hand the client over: find them another coach",
    END: "End it",
}


def open_relationships(coach: Coach):
    return (
        Relationship.objects.filter(coach=coach, status__in=Relationship.OPEN_STATUSES)
        .select_related("client", "programme")
        .order_by("client__first_name", "client__last_name", "id")
    )


def choices_for(kind: str) -> list[tuple[str, str]]:
    return [(key, label) for key, label in CHOICES.items() if kind == BREAK or key != PAUSE]


def away_guard(coach: Coach, status: str) -> list[str]:
    """people.services.COACH_AWAY_GUARDS: a paused relationship may wait out a break, never a leaving."""
    relationships = open_relationships(coach)
    if status == Coach.Status.PAUSED:
        relationships = relationships.exclude(status=Relationship.Status.PAUSED)
    return [
        f"{coach} is still working with {r.client} in {r.programme}. Use the leaving or break page to "
        f"decide what happens to {r.client.first_name}."
        for r in relationships
    ]


def coach_away(
    *,
    coach: Coach,
    kind: str,
    decisions: dict[int, str],
    starts_on: datetime.date | None = None,
    returns_on: datetime.date | None = None,
    reason: str = "",
) -> CoachBreak | Coach:
    """Settle each of the coach's open relationships as decided (relationship id -> choice), then
    set the coach to "Left" or start their break, all in one transaction. Refused, with nothing
    changed, unless every open relationship has a choice allowed for this kind."""
    allowed = dict(choices_for(kind))
    today = timezone.localdate()
    with transaction.atomic():
        relationships = list(open_relationships(coach).select_for_update(of=("self",)))
        missing = [r for r in relationships if decisions.get(r.pk) not in allowed]
        if missing:
            raise ValidationError(
                [f"Choose what happens to {r.client}'s relationship." for r in missing],
            )
        if kind == BREAK and (starts_on is None or returns_on is None):
            raise ValidationError("Give the dates of the break.")
        why = f"{coach.first_name} is taking a break" if kind == BREAK else f"{coach.first_name} has left"
        paused_now = []
        for relationship in relationships:
            choice = decisions[relationship.pk]
            if choice == PAUSE:
                if relationship.status != Relationship.Status.PAUSED:
                    paused_now.append(relationship.pk)
                    services.relationship_pause(
                        relationship=relationship,
                        reason=f"{why}: {reason}" if reason else why,
                        expected_return_on=returns_on,
                        expected_version=relationship.version,
                    )
                continue
            services.relationship_end(
                relationship=relationship,
                expected_version=relationship.version,
                planned=False,
                ended_on=today,
                reason=Ending.Reason.COACH_UNAVAILABLE,
                reason_detail=why,
                next_step=Ending.NextStep.REMATCH if choice == HAND_OVER else Ending.NextStep.NONE,
            )
        if kind == BREAK:
            coach_break = coach_break_start(coach=coach, starts_on=starts_on, returns_on=returns_on, reason=reason)
            # Only what this break paused starts again with it; a pause the client asked for stays.
            Relationship.objects.filter(pk__in=paused_now).update(paused_for=coach_break)
            return coach_break
        return coach_leave(coach=coach)


def resume_after_break(*, coach_break: CoachBreak) -> int:
    """people.services.COACH_BACK: the coach is back, so each relationship paused for their break
    starts again (its check-in rhythm from today, "Started again after a pause" on its timeline).
    Returns how many started again."""
    resumed = 0
    paused = Relationship.objects.filter(paused_for=coach_break, status=Relationship.Status.PAUSED)
    for relationship in paused.select_related("programme", "client", "coach"):
        services.relationship_activate(relationship=relationship, expected_version=relationship.version)
        resumed += 1
    return resumed


def demo_step(demo) -> None:
    """The demo: Marcus is on a dated break (an operation), his client paused until he is back."""
    marcus = next((coach for coach in demo.coaches if coach.first_name == "Marcus"), None)
    if marcus is None:
        return
    relationships = list(open_relationships(marcus))
    coach_away(
        coach=marcus,
        kind=BREAK,
        decisions={r.pk: PAUSE for r in relationships},
        starts_on=demo.today - datetime.timedelta(days=5),
        returns_on=demo.today + datetime.timedelta(days=23),
        reason="An operation, and time to recover",
    )
