"""The client's side on a small phone (issue 19): where to get help now on every page, a reply from
the coach to read, and telling the team how it is going; then the coordinator reading it."""

from __future__ import annotations

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from journeys.models import ClientFeedback

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def test_client_reads_a_reply_and_tells_the_team_how_it_is_going(page_at):
    page = page_at("phone")
    sign_in(page, "client")
    help_box = page.get_by_role("complementary", name="If you need help now")
    expect(help_box).to_be_visible()
    expect(help_box.get_by_text("Riverside duty coordinator")).to_be_visible()
    expect(help_box.get_by_text("116 123")).to_be_visible()
    assert no_horizontal_scroll(page)
    shoot(page, "client-home-help-now-phone")

    # The demo coach has answered the client's latest check-in; the home page says so until it is read.
    reply = page.get_by_role("link", name="has replied to your check-in")
    reply.click()
    expect(page.get_by_role("heading", name="Check-in on")).to_be_visible()
    page.goto("/")
    assert page.get_by_role("link", name="has replied to your check-in").count() == 0

    page.get_by_role("link", name="Tell the team").click()
    check_accessibility(page, "client-feedback-form")
    page.get_by_role("button", name="Send to the team").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_label("It is not going well").check()
    page.get_by_label("Anything you want to tell us").fill("We keep rearranging and I lose heart.")
    page.get_by_label("I would like someone from the team to get in touch with me").check()
    shoot(page, "client-feedback-form-phone")
    page.get_by_role("button", name="Send to the team").click()
    expect(page.get_by_text("Someone from the team will get in touch")).to_be_visible()
    with scopes_disabled():
        assert ClientFeedback.objects.filter(comment="We keep rearranging and I lose heart.").exists()

    staff = page_at("desktop")
    sign_in(staff, "coordinator")
    staff.get_by_role("link", name="nobody has read yet").click()
    expect(staff.get_by_text("We keep rearranging and I lose heart.")).to_be_visible()
    check_accessibility(staff, "client-feedback-list")
    shoot(staff, "coordinator-client-feedback-desktop")
    staff.get_by_role("button", name="Mark as read").first.click()
    expect(staff.get_by_text("is marked as read")).to_be_visible()


def test_coordinator_puts_their_own_help_line_first(page_at):
    page = page_at("phone")
    sign_in(page, "coordinator")
    page.goto("/help-lines/")
    check_accessibility(page, "help-lines")
    page.get_by_role("link", name="Add a help line").click()
    page.get_by_label("Who").fill("Out-of-hours duty worker")
    page.get_by_label("How to reach them").fill("Call 0161 496 0999")
    page.get_by_label("Position in the list").fill("1")
    page.get_by_role("button", name="Add help line").click()
    expect(page.get_by_text("Clients see it on every page")).to_be_visible()
    assert no_horizontal_scroll(page)
    shoot(page, "coordinator-help-lines-phone")

    client = page_at("phone")
    sign_in(client, "client")
    box = client.get_by_role("complementary", name="If you need help now")
    expect(box.get_by_text("Out-of-hours duty worker")).to_be_visible()
