"""Lone working: a coach plans a meeting, arrives and leaves on a phone; an overdue check-out
raises an alert that staff acknowledge and resolve."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from meetings import services
from meetings.models import Alert, Meeting

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_coach_plans_arrives_and_leaves(page_at):
    page = page_at("phone")
    sign_in(page, "coach")
    page.get_by_role("link", name="Jade Wilson").first.click()
    page.get_by_role("link", name="Plan a meeting").click()
    page.get_by_label("Date and time").fill(_local(timezone.now()))
    page.get_by_label("Expected length (minutes)").fill("60")
    page.get_by_role("group", name="Channel").get_by_label("Face to face").check()
    page.get_by_role("group", name="Where").get_by_label("Public place (café, library)").check()
    page.get_by_label("Place (name or address)").fill("Central Library café")
    check_accessibility(page, "meeting-form")
    page.get_by_role("button", name="Plan the meeting").click()
    expect(page.get_by_text("Your staff contact:")).to_be_visible()
    page.get_by_role("button", name="I've arrived").click()
    expect(page.get_by_text("Arrival recorded")).to_be_visible()
    expect(page.get_by_role("button", name="I need help now")).to_be_visible()
    assert no_horizontal_scroll(page)
    check_accessibility(page, "meeting-in-progress")
    shoot(page, "coach-meeting-in-progress-phone")
    page.get_by_role("button", name="I've left, I'm safe").click()
    expect(page.get_by_text("You are checked out and safe")).to_be_visible()
    # Straight to the debrief: this one asks for a call.
    page.get_by_role("group", name="How are you feeling?").get_by_label("Low").check()
    page.get_by_label("Did anything worry you?").fill("Jade mentioned a bailiff visit and got upset.")
    page.get_by_label("Yes, I would like a call from staff").check()
    check_accessibility(page, "debrief")
    shoot(page, "coach-debrief-phone")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Someone will call you soon")).to_be_visible()
    page.get_by_role("link", name="Record how it went").click()
    page.get_by_role("group", name="Outcome").get_by_label("Happened", exact=True).check()
    page.get_by_role("group", name="What you did together").get_by_label("Budgeting").check()
    page.get_by_label("Notes").fill("Looked at the rent statement together.")
    check_accessibility(page, "record-meeting")
    shoot(page, "coach-record-meeting-phone")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The meeting has been recorded")).to_be_visible()
    with scopes_disabled():
        meeting = Meeting.objects.get(notes="Looked at the rent statement together.")
        assert meeting.arrived_at and meeting.left_at and meeting.outcome == "attended"
        assert list(meeting.interventions.values_list("name", flat=True)) == ["Budgeting"]
        assert meeting.debrief.follow_up.done_at is None

    supervisor = page_at("desktop")
    sign_in(supervisor, "supervisor")
    expect(supervisor.get_by_text("Jade mentioned a bailiff visit")).to_be_visible()
    supervisor.get_by_role("button", name="Mark the call done").first.click()
    expect(supervisor.get_by_text("marked done")).to_be_visible()


def test_an_overdue_check_out_raises_an_alert_that_staff_acknowledge(page_at):
    page = page_at("phone")
    sign_in(page, "coach")
    page.get_by_role("link", name="Jade Wilson").first.click()
    page.get_by_role("link", name="Plan a meeting").click()
    page.get_by_label("Date and time").fill(_local(timezone.now() - datetime.timedelta(hours=2)))
    page.get_by_label("Expected length (minutes)").fill("30")
    page.get_by_role("group", name="Channel").get_by_label("Face to face").check()
    page.get_by_role("group", name="Where").get_by_label("Client's home").check()
    page.get_by_role("button", name="Plan the meeting").click()
    page.get_by_role("button", name="I've arrived").click()
    # The sweep the scheduler runs every minute: the check-out is overdue.
    assert services.sweep()["raised"] >= 1

    staff = page_at("phone")
    sign_in(staff, "coordinator")
    staff.get_by_role("link", name="1 safety alert open").click()
    check_accessibility(staff, "alerts")
    shoot(staff, "coordinator-alert-phone")
    staff.get_by_role("button", name="Acknowledge").first.click()
    expect(staff.get_by_text("Acknowledged.")).to_be_visible()
    staff.get_by_role("link", name="Resolve with a note").first.click()
    staff.get_by_label("What happened").fill("Rang Sam: meeting ran over, all fine.")
    staff.get_by_role("button", name="Resolve").click()
    expect(staff.get_by_text("No open alerts")).to_be_visible()
    with scopes_disabled():
        alert = Alert.objects.get(resolution__startswith="Rang Sam")
        assert alert.acknowledged_by.username == "coordinator"


def test_raise_and_close_a_safeguarding_concern(page_at):
    page = page_at("phone")
    sign_in(page, "coach")
    with scopes_disabled():
        from people.models import Client

        jade = Client.objects.get(first_name="Jade")
    page.goto(f"/clients/{jade.pk}/")
    page.get_by_role("link", name="Raise a safeguarding concern").click()
    page.get_by_role("group", name="How serious is it?").get_by_label("High: act today").check()
    page.get_by_label("What happened or what worries you").fill("Jade has a new bruise and would not say how.")
    check_accessibility(page, "raise-concern")
    shoot(page, "coach-raise-concern-phone")
    page.get_by_role("button", name="Send to the safeguarding lead").click()
    expect(page.get_by_text("The safeguarding lead has been told")).to_be_visible()

    lead = page_at("phone")
    sign_in(lead, "coordinator")
    lead.get_by_role("link", name="Safeguarding concerns").click()
    lead.get_by_role("link", name="Jade Wilson").first.click()
    expect(lead.get_by_text("Jade has a new bruise")).to_be_visible()
    lead.get_by_label("Action taken").fill("Spoke to Jade with her consent; referred to the adult social care team.")
    lead.get_by_role("button", name="Record the action").click()
    lead.get_by_label("How it was closed").fill("Social worker allocated and visiting.")
    lead.get_by_role("button", name="Close the concern").click()
    expect(lead.get_by_text("The concern is closed")).to_be_visible()
    check_accessibility(lead, "concern-closed")
    shoot(lead, "coordinator-concern-closed-phone")
