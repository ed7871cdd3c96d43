"""A coach's or client's own secret calendar address through the API."""

from __future__ import annotations

import pytest

from meetings.models import CalendarFeed

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def test_a_coach_makes_reads_and_revokes_their_calendar_address(as_role, client, world):
    browser = as_role("coach")
    assert browser.get("/api/v1/me/calendar-feed").json()["url"] is None
    made = browser.post("/api/v1/me/calendar-feed")
    assert made.status_code == 201
    url = made.json()["url"]
    assert url.endswith("/meetings.ics") and browser.get("/api/v1/me/calendar-feed").json()["url"] == url
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    assert client.get(path).status_code == 200
    browser = as_role("coach")
    again = browser.post("/api/v1/me/calendar-feed").json()["url"]
    client.logout()
    assert client.get(path).status_code == 404  # a new address stops the old one at once
    path = "/" + again.split("://", 1)[1].split("/", 1)[1]
    browser = as_role("coach")
    assert again != url and CalendarFeed.objects.filter(user=world.coach_user, revoked_at__isnull=True).count() == 1
    assert browser.delete("/api/v1/me/calendar-feed").status_code == 204
    assert browser.get("/api/v1/me/calendar-feed").json()["url"] is None
    client.logout()
    assert client.get(path).status_code == 404


def test_staff_have_no_calendar_address_to_read_or_make(as_role, world):
    browser = as_role("coordinator")
    assert browser.get("/api/v1/me/calendar-feed").status_code == 403
    assert browser.post("/api/v1/me/calendar-feed").status_code == 403
    assert not CalendarFeed.objects.exists()
