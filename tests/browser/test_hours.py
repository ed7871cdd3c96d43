"""Hours in the browser (issue 14): a coach adds a line to this week on a phone and sends it; a
coordinator approves it from the queue; the coach's page shows the absence pattern."""

from __future__ import annotations

from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from hours.models import Timesheet, week_start

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def test_a_coach_adds_a_line_and_sends_the_week_and_a_coordinator_approves_it(page_at):
    today = timezone.localdate()
    monday = week_start(today)
    phone = page_at("phone")
    sign_in(phone, "coach")
    phone.get_by_role("link", name="Your timesheet").click()
    expect(phone.get_by_role("heading", name="Your hours")).to_be_visible()
    phone.get_by_role("link", name="Add other work").click()
    check_accessibility(phone, "hours-line-form")
    phone.get_by_role("button", name="Add to the week").click()
    expect(phone.get_by_text("Choose what kind of work it was.").first).to_be_visible()
    phone.get_by_label("Training").check()
    phone.get_by_label("Which day").fill(today.isoformat())
    phone.get_by_label("How long").select_option(label="1 h 30 min")
    phone.get_by_label("What it was").fill("Safeguarding refresher")
    phone.get_by_role("button", name="Add to the week").click()
    expect(phone.get_by_text("Added: training, 90 minutes.")).to_be_visible()
    assert no_horizontal_scroll(phone)
    check_accessibility(phone, "hours-week")
    shoot(phone, "coach-hours-week-phone")
    phone.get_by_role("button", name="Send this week for approval").click()
    expect(phone.get_by_text("Your week has been sent for approval")).to_be_visible()

    desk = page_at("desktop")
    sign_in(desk, "coordinator")
    desk.get_by_role("link", name="Hours", exact=True).first.click()
    expect(desk.get_by_role("heading", name="Hours waiting for approval")).to_be_visible()
    # Last week's volunteer, doing far more than agreed, is flagged kindly.
    expect(desk.get_by_text("Doing much more than agreed: worth a chat").first).to_be_visible()
    check_accessibility(desk, "hours-queue")
    shoot(desk, "coordinator-hours-queue-desktop")
    this_week = desk.get_by_role("region", name=f"Week starting {monday.day} {monday:%B %Y}")
    this_week.get_by_role("button", name="Approve Sam's week").click()
    expect(desk.get_by_text(f"week starting {monday.day} {monday:%B} is approved")).to_be_visible()
    with scopes_disabled():
        timesheet = Timesheet.objects.get(coach__first_name="Sam", week_starts=monday)
        assert timesheet.status == "approved" and timesheet.lines.filter(kind="training", minutes=90).exists()


def test_the_coach_page_shows_the_absence_pattern_and_the_home_a_supportive_conversation(page_at):
    desk = page_at("desktop")
    sign_in(desk, "coordinator")
    expect(desk.get_by_text("A supportive conversation might help")).to_be_visible()
    section = desk.get_by_text("A supportive conversation might help").locator("xpath=following-sibling::ul[1]")
    section.get_by_role("link").first.click()
    expect(desk.get_by_role("heading", name="Time off and late starts")).to_be_visible()
    expect(desk.get_by_role("img", name="Time off and late starts each month")).to_be_visible()
    check_accessibility(desk, "coach-page-with-hours")
    shoot(desk, "coach-absence-pattern-desktop")
