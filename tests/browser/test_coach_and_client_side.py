"""On a 360px phone: the coach sees when someone has seen their help alert, an overdue meeting
never checked out is at the top of their home, they can read the concern they raised; a client
says "I can't make it" to their next meeting and the coach is told."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from journeys.models import Relationship
from meetings import safeguarding, services
from meetings.models import Alert, Concern, Meeting
from organisations.models import User

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def _sam_and_jade() -> Relationship:
    with scopes_disabled():
        return Relationship.objects.get(coach__user__username="coach", client__user__username="client")


def _meeting(starts_at: datetime.datetime, **fields) -> Meeting:
    relationship = _sam_and_jade()
    with scope(organisation=relationship.organisation_id):
        Relationship.objects.filter(pk=relationship.pk).update(
            started_on=min(relationship.started_on, timezone.localdate() - datetime.timedelta(days=1))
        )
        relationship.refresh_from_db()
        return services.meeting_schedule(
            relationship=relationship,
            starts_at=starts_at,
            channel="face_to_face",
            place_kind=fields.pop("place_kind", "public"),
            place="Central Library café",
            **fields,
        )


def test_the_coach_sees_on_their_phone_that_someone_has_seen_their_alert(page_at):
    meeting = _meeting(timezone.now() - datetime.timedelta(minutes=15))
    with scopes_disabled():
        services.meeting_arrived(meeting=meeting)
    page = page_at("phone")
    sign_in(page, "coach")
    page.goto(f"/meetings/{meeting.pk}/")
    page.get_by_role("button", name="I need help now").click()
    expect(page.get_by_text("Nobody has seen it yet")).to_be_visible()
    with scopes_disabled():
        alert = Alert.objects.get(meeting=meeting, kind="help")
        seen_by = alert.recipient or User.objects.get(username="coordinator")
        services.alert_acknowledge(alert=alert, by=seen_by)
    # No reload: the page asks every few seconds and says who is calling.
    name = seen_by.first_name or seen_by.display_name()
    expect(page.get_by_text(f"{name} has seen this and is calling you")).to_be_visible(timeout=25_000)
    assert no_horizontal_scroll(page)
    check_accessibility(page, "coach-alert-seen")
    shoot(page, "coach-alert-seen-phone")


def test_an_overdue_meeting_never_checked_out_is_at_the_top_of_the_coach_home(page_at):
    _meeting(timezone.now() + datetime.timedelta(hours=3))
    _meeting(timezone.now() - datetime.timedelta(hours=6))
    page = page_at("phone")
    sign_in(page, "coach")
    warning = page.get_by_role("heading", name="You have not checked out")
    expect(warning).to_be_visible()
    headings = page.locator("main h2").all_inner_texts()
    assert headings[0] == "You have not checked out", headings
    assert no_horizontal_scroll(page)
    check_accessibility(page, "coach-home-not-checked-out")
    shoot(page, "coach-home-not-checked-out-phone")
    page.get_by_role("link", name="Your meeting").first.click()
    expect(page.get_by_role("button", name="I've left, I'm safe")).to_be_visible()


def test_a_coach_sees_the_concern_they_raised_and_that_it_was_received(page_at):
    jade = _sam_and_jade().client
    page = page_at("phone")
    sign_in(page, "coach")
    page.goto(f"/clients/{jade.pk}/")
    page.get_by_role("link", name="Raise a safeguarding concern").click()
    page.get_by_role("group", name="How serious is it?").get_by_label("Medium: act this week").check()
    page.get_by_label("What happened or what worries you").fill("Jade said the heating has been off for a week.")
    page.get_by_role("button", name="Send to the safeguarding lead").click()
    expect(page.get_by_text("We received this on")).to_be_visible()
    expect(page.get_by_text("Jade said the heating has been off for a week.")).to_be_visible()
    with scopes_disabled():
        concern = Concern.objects.get(description__startswith="Jade said the heating")
        safeguarding.concern_act(concern=concern, text="Lead only: asked the council's energy team.")
    page.reload()
    expect(page.get_by_text("Received", exact=True)).to_be_visible()
    assert page.get_by_text("energy team").count() == 0
    assert no_horizontal_scroll(page)
    check_accessibility(page, "coach-own-concern")
    shoot(page, "coach-own-concern-phone")
    page.goto("/")
    page.get_by_role("link", name="Safeguarding concerns you raised").click()
    expect(page.get_by_role("link", name="About Jade")).to_be_visible()


def test_a_client_says_they_cant_make_their_next_meeting_and_the_coach_can_rebook(page_at):
    meeting = _meeting(timezone.now() + datetime.timedelta(hours=2), place_kind="public")
    with scopes_disabled():
        # So this one is Jade's next meeting, and nothing is booked after it yet.
        Meeting.objects.filter(relationship=meeting.relationship, starts_at__gt=timezone.now()).exclude(
            pk=meeting.pk
        ).update(outcome="cancelled_coach")
    page = page_at("phone")
    sign_in(page, "client")
    page.get_by_role("link", name="I can't make it").first.click()
    expect(page.get_by_role("heading", name="Can't make your meeting?")).to_be_visible()
    assert no_horizontal_scroll(page)
    check_accessibility(page, "client-cant-make-it")
    shoot(page, "client-cant-make-it-phone")
    page.get_by_role("button", name="I can't make it").click()
    expect(page.get_by_text("We have let Sam know")).to_be_visible()
    with scopes_disabled():
        meeting.refresh_from_db()
    assert meeting.outcome == "cancelled_client"

    coach = page_at("phone")
    sign_in(coach, "coach")
    expect(coach.get_by_role("heading", name="Meetings to rebook")).to_be_visible()
    coach.get_by_role("link", name="Book another time").first.click()
    expect(coach.get_by_label("Date and time")).to_be_visible()
