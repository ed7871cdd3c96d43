"""API for a coach's or client's own calendar address: the secret feed of their meetings that a
calendar app polls. Read it, make a new one (the old one stops working) or revoke it, as on the
"Your calendar" page. Nobody else's address can be read or changed."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from meetings import calendars
from meetings.selectors import own_person

# Operation ids as they were when these routes lived in the api app, so clients generated from the
# OpenAPI document keep working (api/api.py reads this).
OPERATION_ID_PREFIX = "api_calendars"


# --- schemas ---------------------------------------------------------------------------------


class CalendarFeedOut(Schema):
    url: str | None
    issued_at: datetime.datetime | None
    last_used_at: datetime.datetime | None


calendar_feed = Router(tags=["calendar"])


def _feed_out(feed) -> dict:
    if feed is None:
        return {"url": None, "issued_at": None, "last_used_at": None}
    return {"url": calendars.feed_url(feed), "issued_at": feed.created_at, "last_used_at": feed.last_used_at}


@calendar_feed.get("", response=CalendarFeedOut)
def get_calendar_feed(request: HttpRequest):
    """Your secret calendar address, or `url: null` if you have none. Keep it to yourself."""
    own_person(request.user)
    return _feed_out(calendars.live_feed(request.user))


@calendar_feed.post("", response={201: CalendarFeedOut})
def issue_calendar_feed(request: HttpRequest):
    """Make a new secret calendar address; any earlier one stops working at once."""
    own_person(request.user)
    return Status(201, _feed_out(calendars.feed_issue(user=request.user)))


@calendar_feed.delete("", response={204: None})
def revoke_calendar_feed(request: HttpRequest):
    """Stop your calendar address working; your calendar app will stop updating."""
    own_person(request.user)
    calendars.feed_revoke(user=request.user)
    return Status(204, None)
