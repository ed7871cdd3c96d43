from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core import registry
from core.access import get_or_404
from journeys.models import Relationship
from organisations.permissions import require
from people.models import Client, Coach

from . import owners
from .models import Alert, EscalationContact, FollowUp, Meeting, MeetingParticipant, OnCallShift


def with_people(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Every list of meetings fetches its participants in one more query, never one a row."""
    people = MeetingParticipant.objects.select_related("coach", "client", "user__staff_profile")
    return queryset.select_related(
        "relationship__coach", "relationship__client", "relationship__programme", "programme"
    ).prefetch_related(Prefetch("participants", queryset=people))


def _taking_part(user) -> Exists:
    mine = MeetingParticipant.objects.filter(meeting=OuterRef("pk")).filter(
        Q(user=user) | Q(coach__user=user) | Q(client__user=user)
    )
    return Exists(mine)


def meetings_taken_part_in(user) -> QuerySet[Meeting]:
    """The meetings this person is in (their calendar feed), whatever owns them."""
    return with_people(Meeting.objects.filter(_taking_part(user)))


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """A meeting is seen by its participants, and by the staff who may see what owns it."""
    seen = _taking_part(user)
    through_owner = owners.seen_through_owner(user)
    return with_people(Meeting.objects.filter(seen if through_owner is None else seen | through_owner))


def get_meeting_for_user(user, meeting_id, *, write: bool = False, own: bool = False) -> Meeting:
    """`own`: only a coach taking part in the meeting (the lone-working buttons)."""
    if write:
        require(user, "meetings.edit")
    if own:
        # Only a coach at the meeting taps "arrived", "left" or "help", in a meeting they are in.
        require(user, "meetings.own")
        return get_or_404(meetings_taken_part_in(user).prefetch_related("interventions"), meeting_id)
    return get_or_404(meetings_visible_to(user).prefetch_related("interventions"), meeting_id)


def upcoming_for(user, *, limit: int = 10) -> list[Meeting]:
    start = timezone.now() - datetime.timedelta(hours=3)
    return list(
        meetings_visible_to(user)
        .filter(starts_at__gte=start)
        .exclude(outcome__in=Meeting.CANCELLED)
        .order_by("starts_at")[:limit]
    )


def _alert_people() -> Prefetch:
    people = MeetingParticipant.objects.select_related("coach", "client", "user__staff_profile")
    return Prefetch("meeting__participants", queryset=people)


def open_alerts(user) -> QuerySet[Alert]:
    require(user, "alerts.view")
    return (
        Alert.objects.filter(resolved_at__isnull=True)
        .select_related("meeting__relationship__coach", "meeting__relationship__client", "recipient")
        .prefetch_related("deliveries", _alert_people())
        .order_by("meeting_id", "kind", "level")
    )


def recent_resolved(user) -> QuerySet[Alert]:
    require(user, "alerts.view")
    return (
        Alert.objects.filter(resolved_at__isnull=False, level=0)
        .select_related("meeting__relationship__coach", "resolved_by")
        .prefetch_related(_alert_people())
        .order_by("-resolved_at")[:20]
    )


def get_alert_for_user(user, alert_id) -> Alert:
    require(user, "alerts.view")
    return get_or_404(Alert.objects.select_related("meeting").prefetch_related(_alert_people()), alert_id)


def rota() -> dict:
    now = timezone.now()
    return {
        # The next few are enough to check cover; a long list pushes the form off a phone screen.
        "shifts": OnCallShift.objects.filter(ends_at__gte=now).select_related("staff")[:8],
        "contacts": EscalationContact.objects.select_related("staff"),
    }


# `narrow(user) -> Q` on FollowUp: which coaches' calls this staff member is asked to make. A higher
# app (supervision) sends each call to the coach's own supervisor; with nothing registered, every
# member of staff sees every call.
FOLLOW_UPS_FOR = "meetings.follow_ups_for"


def _follow_ups_for(user) -> QuerySet[FollowUp]:
    require(user, "alerts.view")
    follow_ups = FollowUp.objects.all()
    for narrow in registry.contributions(FOLLOW_UPS_FOR):
        follow_ups = follow_ups.filter(narrow(user))
    return follow_ups


def open_follow_ups(user) -> QuerySet[FollowUp]:
    return _follow_ups_for(user).filter(done_at__isnull=True).select_related("coach", "debrief__meeting")


def get_follow_up_for_user(user, follow_up_id) -> FollowUp:
    return get_or_404(_follow_ups_for(user).select_related("coach"), follow_up_id)


MISSED = Meeting.MISSED
MISSED_IN_A_ROW = 3


def engagement_flags(*, limit: int = 10) -> list[tuple[Relationship, str]]:
    """Open relationships where the client has missed or cancelled several meetings in a row
    (since the last one that happened), with the facts behind the flag. Read from the counts kept
    on each relationship (meetings.models.count_engagement) through an index, so the cost does
    not grow with the number of relationships or meetings."""
    relationships = (
        Relationship.objects.filter(
            status__in=(Relationship.Status.ACTIVE, Relationship.Status.INTRODUCING),
            missed_in_a_row__gte=MISSED_IN_A_ROW,
        )
        .select_related("client", "coach")
        .order_by("-missed_in_a_row")[:limit]
    )
    flags = []
    for relationship in relationships:
        last = relationship.last_met_at
        since = f" since {last:%-d %b}" if last else ""
        flags.append((relationship, f"missed or cancelled {relationship.missed_in_a_row} meetings in a row{since}"))
    flagged = {r.pk for r, _ in flags}
    return flags + [f for f in _no_contact(limit=limit) if f[0].pk not in flagged][:limit]


def _no_contact(*, limit: int) -> list[tuple[Relationship, str]]:
    """Active relationships with no meeting and no check-in for longer than the programme's rhythm.
    A check-in overdue (stored, indexed) is the first sieve; the last meeting that happened decides.
    The sieve reads only the dates it needs; only those flagged are loaded with their people."""
    today = timezone.localdate()
    candidates = (
        Relationship.objects.filter(status=Relationship.Status.ACTIVE, check_in_due_on__lt=today)
        .order_by("check_in_due_on")
        .values_list("pk", "check_in_due_on", "last_met_at", "started_on", "programme__contact_every_days")[: limit * 5]
    )
    facts = {}
    for pk, check_in_due_on, last_met_at, started_on, rhythm in candidates:
        last_check_in = check_in_due_on - datetime.timedelta(days=rhythm)
        last_meeting = timezone.localtime(last_met_at).date() if last_met_at else None
        last = max(d for d in (last_check_in, last_meeting, started_on) if d)
        days = (today - last).days
        if days > rhythm:
            facts[pk] = f"no contact for {days} days (the programme expects every {rhythm})"
        if len(facts) == limit:
            break
    if not facts:
        return []
    flagged = Relationship.objects.filter(pk__in=facts).select_related("client", "coach").in_bulk()
    return [(flagged[pk], text) for pk, text in facts.items() if pk in flagged]


def own_person(user) -> Coach | Client:
    """The coach's or client's own record (the reminder setting lives there)."""
    require(user, "calendar.own")
    person = Coach.objects.filter(user=user).first() or Client.objects.filter(user=user).first()
    if person is None:
        raise Http404("No record")
    return person


def not_checked_out(user) -> list[Meeting]:
    """The coach's meetings whose check-out is overdue and never came: first on their home page,
    whatever else is planned later (the sweep's partial index holds only these)."""
    return list(
        meetings_taken_part_in(user)
        .filter(checkout_due_at__lte=timezone.now(), left_at__isnull=True)
        .order_by("checkout_due_at")[:5]
    )


def help_status(meeting: Meeting) -> dict:
    """What the lone worker sees of the alerts about their meeting: who has been alerted and
    whether someone has seen it and is calling ("Tom has seen this and is calling you"). The
    alert's text and its recipients' phones stay on the staff's alert page."""
    steps = list(
        Alert.objects.filter(meeting=meeting, resolved_at__isnull=True)
        .select_related("recipient", "acknowledged_by")
        .order_by("level")
    )
    seen = next((step for step in steps if step.acknowledged_at), None)
    return {
        "open_steps": steps,
        "seen_by": seen.acknowledged_by if seen else None,
        "seen_at": seen and seen.acknowledged_at,
    }


def meeting_for_client(user, meeting_id) -> Meeting:
    """A client's own meeting still to come, that they may say they cannot make."""
    require(user, "meetings.decline_own")
    upcoming = meetings_taken_part_in(user).filter(outcome=Meeting.Outcome.SCHEDULED, starts_at__gt=timezone.now())
    return get_or_404(upcoming, meeting_id)


RECENTLY = datetime.timedelta(days=14)


def to_rebook(user) -> list[Meeting]:
    """Meetings a client said they cannot make in the last fortnight, in this coach's
    relationships still open, with nothing booked after them yet: the coach's home says so."""
    later = Meeting.objects.filter(
        relationship=OuterRef("relationship"), starts_at__gt=OuterRef("starts_at"), outcome=Meeting.Outcome.SCHEDULED
    )
    return list(
        meetings_taken_part_in(user)
        .filter(
            outcome=Meeting.Outcome.CANCELLED_BY_CLIENT,
            updated_at__gte=timezone.now() - RECENTLY,
            relationship__status__in=(Relationship.Status.ACTIVE, Relationship.Status.INTRODUCING),
        )
        .filter(~Exists(later))
        .order_by("starts_at")[:5]
    )
