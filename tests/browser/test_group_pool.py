"""Forming groups from the pool in the browser (issue 16): the coordinator asks for groups of four
from different teams and sites, moves one person, confirms, and sees the new groups."""

from __future__ import annotations

from urllib.parse import urljoin

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from groups.models import Group, JoinRequest

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def test_coordinator_forms_groups_from_the_pool_and_moves_someone(page_at):
    page = page_at("phone")
    sign_in(page, "coordinator")
    page.goto(urljoin(page.url, "/groups/"))
    page.get_by_role("link", name="Form groups from the people waiting to join").click()
    page.get_by_role("link", name="See the pool and form groups for Champions' action learning").click()
    expect(page.get_by_role("heading", name="Waiting for a group (10)")).to_be_visible()
    page.get_by_label("People in each group").select_option("4")
    page.get_by_label("From different locations too").check()
    page.get_by_role("button", name="Propose groups").click()
    expect(page.get_by_role("heading", name="Group 2")).to_be_visible()
    expect(page.get_by_text("different teams").first).to_be_visible()
    unplaced = page.locator("#unplaced select")
    expect(unplaced).to_have_count(2)
    moved = unplaced.first.get_attribute("name").removeprefix("move_")
    unplaced.first.select_option(label="Group 1")
    page.get_by_role("button", name="Check my changes").click()
    expect(page.locator("#unplaced select")).to_have_count(1)
    expect(page.locator('[data-group="1"] select')).to_have_count(5)
    assert no_horizontal_scroll(page)
    check_accessibility(page, "group-pool-proposals")
    shoot(page, "coordinator-group-pool-phone")
    page.get_by_label("Facilitator").select_option(index=1)
    page.get_by_role("group", name="How the groups meet").get_by_label("Online").check()
    page.get_by_label("Joining link (for online)").fill("https://meet.example.org/champions")
    page.get_by_label("Usual day").select_option(label="Thursday")
    page.get_by_label("Usual time").fill("10:00")
    page.get_by_role("button", name="Create these groups").click()
    expect(page.get_by_text("2 groups have been created")).to_be_visible()
    expect(page.get_by_role("link", name="Champions' action learning: group 1")).to_be_visible()
    shoot(page, "coordinator-group-pool-created-phone")
    with scopes_disabled():
        placed = JoinRequest.objects.get(pk=int(moved))
        assert placed.status == "placed"
        assert Group.objects.get(pk=placed.group_id).members.count() == 5
        assert JoinRequest.objects.filter(status="waiting", programme=placed.programme).count() == 1
