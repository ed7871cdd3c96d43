"""The day-before reminder: each coach and client in a meeting gets one email, unless they opted out.

Like the safety sweep, it finds what is due across every organisation by ids alone, then each
meeting's reminders are claimed (a conditional update), written and sent by a task inside that
meeting's organisation, so each is sent once however many workers run and however late they start."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from core.emails import absolute, enqueue_email

from .models import Meeting, MeetingParticipant


def _people():
    return MeetingParticipant.objects.select_related("coach__user", "client__user", "user")


AHEAD = datetime.timedelta(hours=24)
# A meeting booked for later today needs no reminder: the person has just agreed it.
BOOKED_AT_LEAST = datetime.timedelta(hours=20)


def _day_words(starts: datetime.datetime, now: datetime.datetime) -> str:
    local, today = timezone.localtime(starts), timezone.localtime(now).date()
    if local.date() == today:
        return "today"
    if local.date() == today + datetime.timedelta(days=1):
        return "tomorrow"
    return f"on {local:%A %-d %B}"


def _and(names: list[str]) -> str:
    if not names:
        return "the others"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _recipients(meeting: Meeting) -> list[tuple[object, str, str]]:
    """(person, who else is in the meeting, email) for each participant who wants a reminder and
    has an email address. Staff in a meeting have no reminder setting, so get none."""
    people = meeting.people()
    recipients = []
    for participant in people:
        person = participant.coach or participant.client
        if person is None:
            continue
        email = person.email or (person.user.email if person.user_id else "")
        if person.meeting_reminders and email:
            others = _and([p.first_name for p in people if p.pk != participant.pk])
            recipients.append((person, others, email))
    return recipients


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Find every meeting whose reminders are due, across every organisation, in one query that
    reads ids only; hand each meeting to the remind_meeting task, which claims, writes and sends
    its reminders inside the meeting's own organisation. Returns how many meetings were handed on."""
    from .tasks import remind_meeting

    now = now or timezone.now()
    with scopes_disabled():
        due = list(
            Meeting.objects.filter(
                outcome=Meeting.Outcome.SCHEDULED,
                reminded_at__isnull=True,
                starts_at__gt=now,
                starts_at__lte=now + AHEAD,
            )
            # A relationship's meetings stop reminding once it is paused or ended.
            .filter(
                ~Q(owner_kind=Meeting.OwnerKind.RELATIONSHIP) | Q(relationship__status__in=("introducing", "active"))
            )
            # An archived coach or client is not coming (archiving refuses while a meeting is planned,
            # but a record archived before that rule, or by an import, may still have one).
            .exclude(participants__coach__archived_at__isnull=False)
            .exclude(participants__client__archived_at__isnull=False)
            .order_by("starts_at")
            .values_list("pk", "organisation_id", "starts_at", "created_at")
        )
    handed = 0
    for meeting_id, organisation_id, starts_at, created_at in due:
        if starts_at - created_at < BOOKED_AT_LEAST:
            continue
        remind_meeting.enqueue(organisation_id=organisation_id, meeting_id=meeting_id, now=now.isoformat())
        handed += 1
    return handed


def meeting_remind(*, meeting_id: int, now: datetime.datetime) -> int:
    """Claim and send one meeting's reminders, in the current organisation's scope (the
    remind_meeting task enters the meeting's own): another organisation's meeting is not found.
    Only one run turns reminded_at from empty to now, so each reminder goes once however many
    sweeps found it. Returns 1 if this run sent them, else 0."""
    claimed = Meeting.objects.filter(
        pk=meeting_id, reminded_at__isnull=True, outcome=Meeting.Outcome.SCHEDULED, starts_at__gt=now
    ).update(reminded_at=now)
    if not claimed:
        return 0
    meeting = Meeting.objects.prefetch_related(Prefetch("participants", queryset=_people())).get(pk=meeting_id)
    for person, other, email in _recipients(meeting):
        context = {
            "person": person,
            "others": other,
            "meeting": meeting,
            "when": timezone.localtime(meeting.starts_at),
            "day": _day_words(meeting.starts_at, now),
            "ics": absolute(reverse("meetings:meeting_ics", args=[meeting.pk])),
            "settings_url": absolute(reverse("meetings:my_calendar")),
            "can_sign_in": bool(person.user_id),
        }
        enqueue_email(
            subject=f"Reminder: meeting {context['day']} at {context['when']:%H:%M}",
            body=render_to_string("meetings/reminder_email.txt", context),
            to=[email],
        )
    return 1
