"""The coordinators' pages for hours (issue 14): returning a week with a reason, agreeing hours,
sending a pay period and the settings, each refusal beside its field."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from hours.models import HoursAgreement, HoursSettings, PayPeriod, Timesheet

from .helpers import last_week, open_in, submitted_in

pytestmark = pytest.mark.usefixtures("scoped")


def test_a_coordinator_returns_a_week_with_a_reason_the_coach_then_reads(client, world):
    timesheet = submitted_in(world)
    client.force_login(world.coordinator)
    url = f"/hours/timesheets/{timesheet.pk}/return/"
    refused = client.post(url, {"version": timesheet.version, "reason": ""})
    assert "Say what needs looking at" in refused.content.decode()
    assert client.post(url, {"version": timesheet.version, "reason": "Wednesday looks doubled"}).status_code == 302
    assert Timesheet.objects.get(pk=timesheet.pk).status == "returned"
    client.force_login(world.coach_user)
    page = client.get(f"/hours/week/{last_week().isoformat()}/").content.decode()
    assert "Wednesday looks doubled" in page and "Send this week for approval" in page


def test_approving_from_an_old_page_is_told_not_obeyed(client, world):
    timesheet = submitted_in(world)
    client.force_login(world.coordinator)
    response = client.post(
        f"/hours/timesheets/{timesheet.pk}/approve/", {"version": timesheet.version - 1}, follow=True
    )
    assert "Someone else changed this record" in response.content.decode()
    assert Timesheet.objects.get(pk=timesheet.pk).status == "submitted"
    open_week = open_in(world)
    response = client.post(f"/hours/timesheets/{open_week.pk}/approve/", {"version": open_week.version}, follow=True)
    assert "has not been sent for approval yet" in response.content.decode()


def test_agreeing_hours_paying_and_settings_through_the_pages(client, world):
    client.force_login(world.coordinator)
    monday = last_week()
    response = client.post(
        f"/hours/coaches/{world.coach.pk}/agreement/",
        {"weekly_hours": "12.5", "starts_on": (monday + datetime.timedelta(days=2)).isoformat(), "note": "More"},
    )
    assert response.status_code == 302
    assert HoursAgreement.objects.get(coach=world.coach).starts_on == monday
    too_many = client.post(
        f"/hours/coaches/{world.coach.pk}/agreement/", {"weekly_hours": "70", "starts_on": monday.isoformat()}
    )
    assert "less than or equal to 60" in too_many.content.decode() and HoursAgreement.objects.count() == 1
    refused = client.post("/hours/payroll/", {"starts_on": monday.isoformat(), "ends_on": "2001-01-01"})
    assert "on or after the first day" in refused.content.decode()
    sent = client.post(
        "/hours/payroll/", {"starts_on": monday.isoformat(), "ends_on": (monday + datetime.timedelta(6)).isoformat()}
    )
    assert sent.status_code == 302 and PayPeriod.objects.count() == 1
    again = client.post(
        "/hours/payroll/", {"starts_on": monday.isoformat(), "ends_on": timezone.localdate().isoformat()}
    )
    assert "already sent to payroll" in again.content.decode()
    settings = {"absences_count": 4, "absences_days": 30, "over_percent": 25, "late_after_minutes": 5}
    assert client.post("/hours/settings/", settings).status_code == 302
    assert HoursSettings.objects.get(organisation=world.org).absences_days == 30
    assert (
        "Ensure this value is greater than or equal to 2"
        in client.post("/hours/settings/", {**settings, "absences_count": 1}).content.decode()
    )
