"""What meetings knows that stops a person being archived: an open safeguarding concern, a
safety alert nobody has resolved, or a meeting still planned (the coach would be expected at a
meeting that will not happen, and the safety sweep would alert when they never check out). The
coordinator records those meetings as cancelled first, so the other person is told, rather than
the archive cancelling them unseen. Registered with core.archiving in MeetingsConfig.ready(), so
people can refuse an archive without importing this app."""

from __future__ import annotations

from django.utils import timezone

from core import archiving, registry
from journeys.services import ENDING_RECORDED
from people.services import COACH_AWAY_GUARDS

from .models import Alert, Concern, Meeting


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _refusals(concerns: int, alerts: int, whose: str) -> list[str]:
    reasons = []
    if concerns:
        reasons.append(
            f"{_plural(concerns, 'safeguarding concern', 'safeguarding concerns')} {whose} "
            f"{'is' if concerns == 1 else 'are'} still open. A safeguarding lead must close "
            f"{'it' if concerns == 1 else 'them'} first."
        )
    if alerts:
        reasons.append(
            f"{_plural(alerts, 'safety alert', 'safety alerts')} {whose} "
            f"{'has' if alerts == 1 else 'have'} not been resolved. Resolve {'it' if alerts == 1 else 'them'} first."
        )
    return reasons


def _unresolved(alerts) -> int:
    # Each escalation step is its own row; count the meetings that still need someone.
    return alerts.filter(resolved_at__isnull=True).values("meeting").distinct().count()


def _planned(meetings, whom: str) -> list[str]:
    planned = meetings.filter(outcome=Meeting.Outcome.SCHEDULED, starts_at__gt=timezone.now())
    count = planned.count()
    if not count:
        return []
    first = planned.order_by("starts_at").values_list("starts_at", flat=True).first()
    return [
        f"{_plural(count, 'meeting', 'meetings')} {whom} {'is' if count == 1 else 'are'} still planned "
        f"(the next on {timezone.localtime(first):%-d %b}). Record {'it' if count == 1 else 'them'} as "
        "cancelled first."
    ]


def client_guard(client) -> list[str]:
    concerns = Concern.objects.filter(client=client, closed_at__isnull=True).count()
    alerts = _unresolved(Alert.objects.filter(meeting__participants__client=client))
    planned = _planned(Meeting.objects.filter(participants__client=client), f"with {client}")
    return _refusals(concerns, alerts, f"about {client}") + planned


def coach_guard(coach) -> list[str]:
    concerns = Concern.objects.filter(meeting__participants__coach=coach, closed_at__isnull=True).count()
    alerts = _unresolved(Alert.objects.filter(meeting__participants__coach=coach))
    planned = _planned(Meeting.objects.filter(participants__coach=coach), f"for {coach}")
    return _refusals(concerns, alerts, f"from {coach}'s meetings") + planned


def staff_guard(staff) -> list[str]:
    return _refusals(0, _unresolved(Alert.objects.filter(recipient_id=staff.user_id)), f"sent to {staff}")


def client_kept(client) -> dict[str, int]:
    return {
        "meetings": Meeting.objects.filter(participants__client=client).count(),
        "concerns": Concern.objects.filter(client=client).count(),
    }


def coach_kept(coach) -> dict[str, int]:
    return {"meetings": Meeting.objects.filter(participants__coach=coach).count()}


def coach_leaving_guard(coach, status: str) -> list[str]:
    """people.services.COACH_AWAY_GUARDS: a coach who has left is expected at no meeting."""
    if status != "left":
        return []
    return _planned(Meeting.objects.filter(participants__coach=coach), f"for {coach}")


def cancel_planned_after_ending(*, ending) -> None:
    """journeys ENDING_RECORDED: the pair's meetings still to come are cancelled (their calendars
    show it), so nobody turns up to a meeting of a relationship that has ended. Inside the
    ending's transaction, through the service, so each is versioned, audited and counted."""
    from .services import meeting_update

    planned = Meeting.objects.filter(
        relationship_id=ending.relationship_id, outcome=Meeting.Outcome.SCHEDULED, starts_at__gt=timezone.now()
    )
    for meeting in planned.select_related("relationship"):
        meeting_update(meeting=meeting, expected_version=meeting.version, outcome=Meeting.Outcome.CANCELLED_ENDED)


def register() -> None:
    registry.register(COACH_AWAY_GUARDS, coach_leaving_guard)
    registry.register(ENDING_RECORDED, cancel_planned_after_ending)
    archiving.register("people.client", guard=client_guard, kept=client_kept)
    archiving.register("people.coach", guard=coach_guard, kept=coach_kept)
    archiving.register("people.staffmember", guard=staff_guard)
