from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from core.models import AuditEntry
from meetings import calendars, reminders, services
from meetings.models import CalendarFeed, Meeting

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _events(body: bytes) -> list:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def _soon(world, *, hours=20, booked_days_ago=3, **fields) -> Meeting:
    meeting = Meeting.objects.create(
        organisation=world.org,
        relationship=world.relationship,
        starts_at=timezone.now() + datetime.timedelta(hours=hours),
        channel=fields.pop("channel", "phone"),
        **fields,
    )
    Meeting.objects.filter(pk=meeting.pk).update(created_at=timezone.now() - datetime.timedelta(days=booked_days_ago))
    meeting.refresh_from_db()
    return meeting


def test_a_meeting_downloads_as_a_calendar_file_without_notes(as_role, world):
    response = as_role("client").get(f"/meetings/{world.meeting.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    (event,) = _events(response.content)
    assert str(event["summary"]) == "Meeting with Sam, your peer coach"
    assert str(event["location"]) == "Central Library café"
    assert event.decoded("dtstart") == world.meeting.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") - event.decoded("dtstart") == datetime.timedelta(minutes=60)
    assert "Coach note" not in response.content.decode()
    coach_view = _events(as_role("coach").get(f"/meetings/{world.meeting.pk}/calendar.ics").content)[0]
    assert str(coach_view["summary"]) == "Meeting with Jade"


def test_the_coach_subscribes_and_changes_and_cancellations_flow_through(as_role, world, client):
    coach = as_role("coach")
    assert "Make my calendar address" in coach.get("/calendar/").content.decode()
    assert coach.post("/calendar/", {"action": "issue"}).status_code == 405  # the page only shows
    coach.post("/calendar/address/")
    feed = CalendarFeed.objects.get(user=world.coach_user, revoked_at__isnull=True)
    url = calendars.feed_url(feed)
    assert feed.token in coach.get("/calendar/").content.decode()
    path = url.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    body = client.get("/" + path).content
    (event,) = _events(body)
    assert str(event["status"]) == "CONFIRMED" and event.decoded("sequence") == 1
    # The coach moves the meeting, then the client cancels: the same event (same UID) updates.
    uid = str(event["uid"])
    later = world.meeting.starts_at + datetime.timedelta(hours=2)
    services.meeting_update(meeting=world.meeting, expected_version=1, starts_at=later)
    services.meeting_update(meeting=world.meeting, expected_version=2, outcome="cancelled_client", notice_given=True)
    (event,) = _events(client.get("/" + path).content)
    assert str(event["uid"]) == uid
    assert event.decoded("dtstart") == later.replace(microsecond=0)
    assert str(event["status"]) == "CANCELLED" and event.decoded("sequence") == 3
    assert str(event["summary"]).startswith("Cancelled:")


def test_a_feed_shows_only_that_persons_meetings(world, client):
    other = Meeting.objects.create(
        organisation=world.org,
        relationship=world.other_client.relationships.get(),
        starts_at=timezone.now() + datetime.timedelta(days=2),
        channel="phone",
    )
    with_scope_feed = calendars.feed_issue(user=world.client_user)
    body = client.get(f"/calendar/{with_scope_feed.token}/meetings.ics").content
    uids = {str(e["uid"]) for e in _events(body)}
    assert any(f"meeting-{world.meeting.pk}@" in u for u in uids)
    assert not any(f"meeting-{other.pk}@" in u for u in uids)


def test_revoking_or_reissuing_stops_the_old_address(as_role, world, client):
    old = calendars.feed_issue(user=world.coach_user)
    new = calendars.feed_issue(user=world.coach_user)
    assert client.get(f"/calendar/{old.token}/meetings.ics").status_code == 404
    assert client.get(f"/calendar/{new.token}/meetings.ics").status_code == 200
    as_role("coach").post("/calendar/address/stop/")
    assert client.get(f"/calendar/{new.token}/meetings.ics").status_code == 404
    assert client.get("/calendar/not-a-real-token/meetings.ics").status_code == 404
    assert AuditEntry.objects.filter(action="meetings.calendar_feed.revoked").exists()


def test_the_token_is_not_stored_in_clear(world):
    feed = calendars.feed_issue(user=world.coach_user)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT token, token_hash FROM meetings_calendarfeed WHERE id = %s", [feed.pk])
        stored, hashed = cursor.fetchone()
    assert feed.token not in stored and feed.token not in hashed


def test_staff_have_no_personal_feed(as_role, world):
    assert as_role("coordinator").get("/calendar/").status_code == 403


def test_reminders_go_the_day_before_once(world, django_capture_on_commit_callbacks):
    world.client.email = "jade@example.org"
    world.client.save()
    world.coach.email = "sam@example.org"
    world.coach.save()
    meeting = _soon(world, hours=20, place="The café")
    far = _soon(world, hours=40)
    just_booked = _soon(world, hours=5, booked_days_ago=0)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders() == 1
    assert reminders.send_reminders() == 0  # claimed: never twice, however many sweeps run
    meeting.refresh_from_db()
    far.refresh_from_db()
    just_booked.refresh_from_db()
    assert meeting.reminded_at and far.reminded_at is None and just_booked.reminded_at is None
    sent = sorted(m.to[0] for m in mail.outbox)
    assert sent == ["jade@example.org", "sam@example.org"]
    jade = next(m for m in mail.outbox if m.to == ["jade@example.org"])
    assert "meeting Sam" in jade.body and "The café" in jade.body
    assert jade.subject.startswith("Reminder: meeting")


def test_opting_out_is_respected_and_a_moved_meeting_is_reminded_again(
    as_role, world, django_capture_on_commit_callbacks
):
    world.client.email = "jade@example.org"
    world.client.save()
    world.coach.email = "sam@example.org"
    world.coach.save()
    response = as_role("client").post("/calendar/reminders/", {}, follow=True)
    assert "Reminders are off" in response.content.decode()
    world.client.refresh_from_db()
    assert world.client.meeting_reminders is False
    assert AuditEntry.objects.filter(action="people.client.changed", object_id=str(world.client.pk)).exists()
    meeting = _soon(world, hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders()
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    meeting.refresh_from_db()
    services.meeting_update(
        meeting=meeting,
        expected_version=meeting.version,
        starts_at=meeting.starts_at + datetime.timedelta(hours=1),
    )
    meeting.refresh_from_db()
    assert meeting.reminded_at is None
    assert reminders.send_reminders() == 1


def test_cancelled_meetings_get_no_reminder(world):
    world.coach.email = "sam@example.org"
    world.coach.save()
    _soon(world, hours=20, outcome="cancelled_coach")
    assert reminders.send_reminders() == 0 and not mail.outbox


def test_the_scheduler_queues_reminders_with_the_sweep(world, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    world.coach.email = "sam@example.org"
    world.coach.save()
    _soon(world, hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("safety_scheduler", "--once")
    assert any(m.to == ["sam@example.org"] for m in mail.outbox)


def test_the_scheduler_outlives_the_queue_or_database_being_away(db, monkeypatch, caplog):
    """A Redis or PostgreSQL restart must not end the scheduler: that minute is logged and skipped,
    and the next tick queues the sweep and beats again."""
    from types import SimpleNamespace

    from core.models import Heartbeat
    from meetings.management.commands import safety_scheduler

    command = safety_scheduler.Command()
    command.last_day = None

    def away(*args, **kwargs):
        raise OSError("Redis is away")

    dropped = []
    # The broken connection is dropped so the next tick opens a fresh one (not the test's own,
    # which holds its transaction).
    monkeypatch.setattr(safety_scheduler, "close_old_connections", lambda: dropped.append(True))
    with monkeypatch.context() as patched:
        patched.setattr(safety_scheduler, "safety_sweep", SimpleNamespace(enqueue=away))
        assert command.tick_surviving() is False
    assert "tries again next time" in caplog.text and not Heartbeat.objects.exists() and dropped
    assert command.tick_surviving() is True
    assert Heartbeat.objects.filter(name="scheduler").exists()
