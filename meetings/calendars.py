"""Meetings in people's own calendars: one meeting as an .ics file, and a secret, revocable
feed of all of a person's meetings that calendar apps poll, so changes and cancellations flow.

What goes into a calendar leaves Alongside (phones sync to Google, Apple, Microsoft), so an event
carries only what the person needs to turn up: who, when, where and how. Never notes."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from core import audit
from core.emails import absolute
from organisations.permissions import can

from .models import CalendarFeed, Meeting

# How far back a feed reaches: enough for "when did we last meet?", small enough to stay quick.
FEED_PAST = datetime.timedelta(days=90)
FEED_LIMIT = 500


def _site(path: str) -> str:
    return absolute(path)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def live_feed(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_url(feed: CalendarFeed) -> str:
    return _site(reverse("meetings:calendar_feed", args=[feed.token]))


def feed_issue(*, user) -> CalendarFeed:
    """A new secret address; any earlier one stops working."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        feed = CalendarFeed.objects.create(
            organisation_id=user.organisation_id, user=user, token=token, token_hash=_hash(token)
        )
        audit.record(action="meetings.calendar_feed.issued", organisation=user.organisation, obj=feed)
    return feed


def feed_revoke(*, user) -> int:
    revoked = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if revoked:
        audit.record(action="meetings.calendar_feed.revoked", organisation=user.organisation)
    return revoked


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed for a secret address, looked up across organisations (the caller is not
    signed in; the feed says whose it is). None when unknown, revoked or the person can't sign in."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        feed = (
            CalendarFeed.objects.filter(token_hash=_hash(token), revoked_at__isnull=True, user__is_active=True)
            .select_related("user__organisation")
            .first()
        )
        if feed and (feed.last_used_at is None or timezone.now() - feed.last_used_at > datetime.timedelta(hours=1)):
            # At most one write an hour however often a calendar app polls.
            CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed


def feed_meetings(user, visible: QuerySet[Meeting]) -> list[Meeting]:
    since = timezone.now() - FEED_PAST
    return list(visible.filter(starts_at__gte=since).order_by("starts_at")[:FEED_LIMIT])


def _title(meeting: Meeting, user) -> str:
    if meeting.relationship_id is None:
        # Named from the participants: everyone in it but the person whose calendar it is.
        others = [p.first_name for p in meeting.people() if p.sign_in_id != user.pk]
        return "Meeting with " + (", ".join(others) if others else "yourself")
    coach, client = meeting.relationship.coach, meeting.relationship.client
    if can(user, "relationships.view_as_coach"):
        return f"Meeting with {client.first_name}"
    if can(user, "relationships.view_as_client"):
        return f"Meeting with {coach.first_name}, your peer coach"
    return f"{client.first_name} {client.last_name} and {coach.first_name} {coach.last_name}"


def _event(meeting: Meeting, user, domain: str) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{domain}")
    # SEQUENCE and LAST-MODIFIED tell calendar apps this is a newer copy of the same meeting.
    event.add("sequence", meeting.version)
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    cancelled = meeting.outcome in Meeting.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("summary", ("Cancelled: " if cancelled else "") + _title(meeting, user))
    where = meeting.place or (meeting.get_place_kind_display() if meeting.place_kind else "")
    if where:
        event.add("location", where)
    how = meeting.get_channel_display()
    link = _site(reverse("meetings:meeting_detail", args=[meeting.pk]))
    event.add("description", f"{how}. {meeting.expected_minutes} minutes.\n{link}")
    event.add("url", link)
    return event


def as_ics(meetings: list[Meeting], user, *, name: str) -> bytes:
    domain = urlsplit(settings.SITE_URL).hostname or "alongside"
    calendar = Calendar()
    calendar.add("prodid", "-//Alongside//Peer coaching meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    # Ask calendar apps to look again every hour, so a change reaches the phone the same day.
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for meeting in meetings:
        calendar.add_component(_event(meeting, user, domain))
    return calendar.to_ical()
