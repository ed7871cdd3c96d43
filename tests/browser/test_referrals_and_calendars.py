"""Referring and signposting a client and recording what happened; a coach putting their meetings
in their phone's calendar and choosing reminders."""

from __future__ import annotations

import datetime

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from people.models import Coach
from referrals.models import Referral, Service

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def test_coach_signposts_a_client_and_records_the_outcome(page_at):
    page = page_at("phone")
    sign_in(page, "coach")
    page.get_by_role("link", name="Jade Wilson").first.click()
    page.get_by_role("link", name="Refer or signpost Jade").click()
    page.get_by_label("Service", exact=True).select_option(label="Citywide Benefits Check")
    page.get_by_role("group", name="Referred or signposted").get_by_label("Signposted", exact=False).check()
    page.get_by_label("Why, in a sentence or two").fill("Hours cut at work; may be owed Universal Credit.")
    check_accessibility(page, "referral-form")
    assert no_horizontal_scroll(page)
    shoot(page, "coach-referral-phone")
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_text("Signposting to Citywide Benefits Check recorded")).to_be_visible()
    page.get_by_role("group", name="Outcome").get_by_label("Getting help from them").check()
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.get_by_text("Give the date you heard what happened.").first).to_be_visible()
    page.get_by_label("Date of the outcome").fill(datetime.date.today().isoformat())
    page.get_by_label("What happened").fill("Appointment booked for Thursday.")
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.get_by_text("Outcome saved: getting help from them.")).to_be_visible()
    check_accessibility(page, "referral-detail")
    with scopes_disabled():
        referral = Referral.objects.get(reason__startswith="Hours cut at work")
        assert referral.outcome == "engaged" and referral.made_by.username == "coach"


def test_coordinator_sees_open_referrals_and_adds_a_service(page_at):
    page = page_at("desktop")
    sign_in(page, "coordinator")
    page.get_by_role("link", name="Referrals waiting to hear back").click()
    expect(page.get_by_text("waiting to hear, oldest first")).to_be_visible()
    check_accessibility(page, "referral-list")
    shoot(page, "coordinator-referrals-desktop")
    page.get_by_role("link", name="Other services").first.click()
    page.get_by_role("link", name="Add a service").click()
    page.get_by_label("Name").fill("Riverside Credit Union")
    page.get_by_label("What they help with").select_option(label="Money and benefits")
    page.get_by_label("Website").fill("credit-union.example.org")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Riverside Credit Union is in the directory.")).to_be_visible()
    check_accessibility(page, "service-list")
    with scopes_disabled():
        assert Service.objects.get(name="Riverside Credit Union").website == "https://credit-union.example.org"


def test_coach_subscribes_to_their_calendar_and_turns_reminders_off(page_at):
    page = page_at("phone")
    sign_in(page, "coach")
    page.get_by_role("link", name="Put your meetings in your phone's calendar").click()
    page.get_by_role("button", name="Make my calendar address").click()
    expect(page.get_by_text("Your calendar address is ready")).to_be_visible()
    address = page.get_by_label("Your calendar address").input_value()
    path = "/" + address.split("://", 1)[1].split("/", 1)[1]
    feed = page.request.get(path)
    assert feed.ok and "BEGIN:VCALENDAR" in feed.text() and "BEGIN:VEVENT" in feed.text()
    page.get_by_label("Email me a reminder the day before each meeting").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Reminders are off")).to_be_visible()
    assert no_horizontal_scroll(page)
    check_accessibility(page, "my-calendar")
    shoot(page, "coach-calendar-phone")
    page.get_by_role("button", name="Stop this address working").click()
    assert page.request.get(path).status == 404
    with scopes_disabled():
        assert Coach.objects.get(user__username="coach").meeting_reminders is False
    page.goto("/")
    page.locator("a[href^='/meetings/']").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar").click()
    assert download.value.suggested_filename.endswith(".ics")
