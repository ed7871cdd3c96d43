"""Facilitated groups in the browser (issue 16): the coordinator forms and schedules a group, the
facilitator runs a session on a tablet, a member sees their turn and commitments on a phone."""

from __future__ import annotations

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from groups.models import Commitment, Group

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in

TABLET = {"width": 820, "height": 1180}


def test_coordinator_forms_a_group_and_schedules_it(page_at):
    page = page_at("desktop")
    sign_in(page, "coordinator")
    page.get_by_role("link", name="Groups").first.click()
    page.get_by_role("link", name="Form a group").click()
    page.get_by_label("Name").fill("Housing officers' set")
    page.get_by_label("Programme").select_option(label="Champions' action learning")
    page.get_by_label("Facilitator").select_option(index=1)
    page.get_by_label("Moving a project along").check()
    page.get_by_role("group", name="How the group meets").get_by_label("Face to face").check()
    page.get_by_label("Where (for face to face)").fill("Riverside House")
    page.get_by_label("Usual day").select_option(label="Tuesday")
    page.get_by_label("Usual time").fill("14:00")
    page.get_by_label("Every three weeks").check()
    page.get_by_label("Members read only their own issue here").check()
    check_accessibility(page, "group-form")
    page.get_by_role("button", name="Create the group").click()
    expect(page.get_by_text("Now add its members")).to_be_visible()
    joining = (("North", "Practitioner"), ("North", "Practitioner"), ("South", "Team manager"))
    for index, (team, level) in enumerate(joining):
        page.get_by_role("link", name="Add a member").click()
        page.get_by_label("Who").select_option(index=index + 1)
        page.get_by_label("Their team").fill(team)
        page.get_by_label(level, exact=True).check()
        page.get_by_role("button", name="Add to the group").click()
    # The mix is explained, not refused.
    expect(page.get_by_text("work in the same team")).to_be_visible()
    expect(page.get_by_text("far apart in seniority")).to_be_visible()
    page.get_by_role("link", name="Schedule the series").click()
    page.get_by_label("Date of the first session").fill("2027-01-05")
    page.get_by_role("button", name="Propose a schedule").click()
    assert page.get_by_label("Session 4", exact=True).input_value() == "2027-03-09"
    shoot(page, "coordinator-group-schedule-desktop")
    page.get_by_role("button", name="Confirm the series").click()
    expect(page.get_by_text("It is in each member's calendar")).to_be_visible()
    with scopes_disabled():
        group = Group.objects.get(name="Housing officers' set")
        assert group.status == "running" and group.sessions.count() == 4


def test_facilitator_runs_a_session_on_a_tablet_and_a_member_sees_their_turn(page_at):
    page = page_at("desktop")
    page.set_viewport_size(TABLET)
    sign_in(page, "facilitator")
    page.get_by_role("link", name="Mental health champions").first.click()
    page.get_by_role("link", name="Run session 3").click()
    check_accessibility(page, "group-session-form")
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    for name in ("Amira", "Ben", "Chloe"):
        page.get_by_role("group", name=name, exact=True).get_by_label("Came").check()
    page.get_by_role("group", name="Set up a monthly drop-in with the other champions").get_by_label(
        "Partly done"
    ).check()
    page.get_by_label("The issue they brought").fill("Finding time for my own supervision.")
    page.get_by_label("I will ... by the next session (1)").fill("Book supervision for the next two months")
    page.get_by_label("I will ... by the next session (2)").fill("Tell my manager what I need")
    assert no_horizontal_scroll(page)
    shoot(page, "facilitator-group-session-tablet")
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_text("Session 3 has been recorded")).to_be_visible()
    with scopes_disabled():
        assert Commitment.objects.filter(text="Tell my manager what I need").exists()

    phone = page_at("phone")
    sign_in(phone, "peer-ben")
    expect(phone.get_by_text("Your peer coaching group")).to_be_visible()
    phone.get_by_role("link", name="Mental health champions").click()
    expect(phone.get_by_text("Tell my manager what I need")).to_be_visible()
    assert no_horizontal_scroll(phone)
    check_accessibility(phone, "group-member-phone")
    shoot(phone, "member-group-phone")
