"""Absences and late starts (issue 14): recorded, seen from the "I've arrived" time, drawn on the
coach's page, and a supportive conversation suggested on the staff home."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hours import selectors, services
from hours.models import HoursSettings
from meetings.models import Meeting, MeetingParticipant

pytestmark = pytest.mark.usefixtures("scoped")


def _late_meeting(world, *, days_ago: int, late_by: int) -> Meeting:
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    meeting = Meeting.objects.create(
        organisation=world.org,
        relationship=world.relationship,
        starts_at=starts,
        channel="face_to_face",
        place_kind="public",
        place="Library",
        outcome="attended",
    )
    Meeting.objects.filter(pk=meeting.pk).update(arrived_at=starts + datetime.timedelta(minutes=late_by))
    return meeting


def test_an_absence_has_a_reason_only_if_given_and_sensible_dates(world):
    today = timezone.localdate()
    absence = services.absence_record(coach=world.coach, kind="sickness", starts_on=today)
    assert absence.reason == "" and absence.minutes_late is None
    with pytest.raises(ValidationError, match="after the first day"):
        services.absence_record(coach=world.coach, kind="leave", starts_on=today, ends_on=today - datetime.timedelta(1))
    with pytest.raises(ValidationError, match="Only planned leave"):
        services.absence_record(coach=world.coach, kind="sickness", starts_on=today + datetime.timedelta(days=3))
    leave = services.absence_record(
        coach=world.coach,
        kind="leave",
        starts_on=today + datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(6),
    )
    assert leave.ends_on == today + datetime.timedelta(6)
    late = services.absence_record(coach=world.coach, kind="lateness", starts_on=today, minutes_late=20, reason="Bus")
    assert late.minutes_late == 20 and late.reason == "Bus"


def test_lateness_is_seen_from_the_arrived_time_against_the_planned_start(world):
    _late_meeting(world, days_ago=3, late_by=25)
    _late_meeting(world, days_ago=4, late_by=5)  # within the organisation's ten minutes
    assert MeetingParticipant.objects.filter(coach=world.coach, part="lone_worker").exists()
    found = selectors.occasions(world.coach, since=timezone.localdate() - datetime.timedelta(days=30))
    assert [(o.kind, o.minutes_late, o.from_check_in) for o in found] == [("lateness", 25, True)]


def test_several_in_a_short_time_suggest_a_supportive_conversation(world):
    today = timezone.localdate()
    services.absence_record(coach=world.coach, kind="sickness", starts_on=today - datetime.timedelta(days=20))
    services.absence_record(coach=world.coach, kind="cancelled_shift", starts_on=today - datetime.timedelta(days=5))
    assert selectors.supportive_conversations(world.org) == []
    _late_meeting(world, days_ago=2, late_by=30)
    [suggested] = selectors.supportive_conversations(world.org)
    assert suggested["coach_id"] == world.coach.pk and suggested["count"] == 3
    # The organisation decides how many in how long.
    services.settings_save(organisation=world.org, values={"absences_count": 4, "absences_days": 60})
    assert selectors.supportive_conversations(world.org) == []
    assert HoursSettings.objects.get(organisation=world.org).absences_count == 4


def test_the_pattern_counts_each_month_by_kind(world):
    today = timezone.localdate()
    services.absence_record(coach=world.coach, kind="sickness", starts_on=today)
    services.absence_record(coach=world.coach, kind="sickness", starts_on=today)
    services.absence_record(coach=world.coach, kind="lateness", starts_on=today, minutes_late=15)
    pattern = selectors.pattern(world.coach, today=today)
    assert len(pattern["bars"]) == 6
    assert pattern["rows"][-1]["counts"] == [2, 0, 0, 1]
    assert sum(part["count"] for part in pattern["bars"][-1]["parts"]) == 3


def test_the_staff_home_and_the_coach_page_show_it_kindly(client, world):
    today = timezone.localdate()
    for days_ago in (3, 10, 20):
        services.absence_record(coach=world.coach, kind="sickness", starts_on=today - datetime.timedelta(days=days_ago))
    client.force_login(world.supervisor)
    home = client.get("/").content.decode()
    assert "A supportive conversation might help" in home and "Sam Turner" in home
    page = client.get(f"/coaches/{world.coach.pk}/").content.decode()
    assert "Time off and late starts" in page and "<svg" in page and "Sickness" in page
    # A facilitator (who does not look after coaches' hours) sees none of it.
    client.force_login(world.facilitator)
    assert "A supportive conversation" not in client.get("/").content.decode()


def test_a_coach_records_their_own_absence_from_their_hours(client, world):
    client.force_login(world.coach_user)
    response = client.post(
        "/hours/absences/new/", {"kind": "sickness", "starts_on": timezone.localdate().isoformat(), "reason": ""}
    )
    assert response.status_code == 302
    assert world.coach.absences.get().recorded_by == world.coach_user
    response = client.post("/hours/absences/new/", {"kind": "", "starts_on": "not a date"})
    assert response.status_code == 200 and "Choose what kind of absence it was." in response.content.decode()


def test_two_weeks_off_recorded_by_a_coordinator_leads_on_to_the_break_that_pauses_the_clients(as_role, world):
    """A week or more of sickness or leave is a break: the coordinator who records it is taken on
    to the break page with its dates filled in, where the coach's relationships are paused until
    the return date (journeys.away), after which the break ends by itself."""
    from journeys.models import Relationship
    from people.models import CoachBreak

    today = timezone.localdate()
    back_on = today + datetime.timedelta(days=14)
    coordinator = as_role("coordinator")
    response = coordinator.post(
        f"/hours/coaches/{world.coach.pk}/absences/new/",
        {
            "kind": "leave",
            "starts_on": today.isoformat(),
            "ends_on": (back_on - datetime.timedelta(days=1)).isoformat(),
            "reason": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"/coaches/{world.coach.pk}/break/?")
    page = coordinator.get(response["Location"]).content.decode()
    assert back_on.isoformat() in page and "14 days away is a break" in page
    response = coordinator.post(
        response["Location"],
        {
            "starts_on": today.isoformat(),
            "returns_on": back_on.isoformat(),
            "reason": "Planned leave",
            f"relationship_{world.relationship.pk}": "pause",
        },
    )
    assert response.status_code == 302
    assert Relationship.objects.get(pk=world.relationship.pk).status == "paused"
    assert CoachBreak.objects.get(coach=world.coach).returns_on == back_on
    # A day off, or leave recorded by the coach themself, is only an absence on record.
    short = coordinator.post(
        f"/hours/coaches/{world.coach.pk}/absences/new/", {"kind": "sickness", "starts_on": today.isoformat()}
    )
    assert short["Location"] == f"/coaches/{world.coach.pk}/"
