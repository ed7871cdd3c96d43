"""Becoming ready: the coordinator completes a newcomer's checks and induction; a coach
acknowledges a new version of an agreement on their phone and is ready again."""

from __future__ import annotations

from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from people.models import Coach
from training.readiness import readiness, with_readiness_data

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def test_coach_acknowledges_the_new_agreement_and_is_ready(page_at):
    page = page_at("phone")
    sign_in(page, "coach")
    page.get_by_text("Menu").click()
    page.locator("#nav-phone").get_by_role("link", name="My journey").click()
    expect(page.get_by_text("Our Agreement (version 2) is not acknowledged.").first).to_be_visible()
    check_accessibility(page, "my-journey")
    shoot(page, "coach-journey-phone")
    page.get_by_role("link", name="Read and acknowledge Our Agreement").click()
    expect(page.get_by_text("social media")).to_be_visible()
    assert no_horizontal_scroll(page)
    check_accessibility(page, "acknowledge")
    page.get_by_role("button", name="I have read this and agree").click()
    expect(page.get_by_text("Thank you. You have acknowledged Our Agreement.")).to_be_visible()
    expect(page.get_by_text("You are ready.").first).to_be_visible()
    page.get_by_label("What would you like to learn or achieve?").fill("Train as a supervisor one day")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Train as a supervisor one day")).to_be_visible()


def test_coordinator_takes_a_newcomer_through_checks_and_induction(page_at):
    with scopes_disabled():
        meera = Coach.objects.get(first_name="Meera")
    page = page_at("desktop")
    sign_in(page, "coordinator")
    page.goto("/checks/")
    expect(page.get_by_text("over 8 weeks").first).to_be_visible()
    check_accessibility(page, "checks-waiting")
    page.get_by_role("link", name="Meera Joshi").first.click()
    expect(page.get_by_role("heading", name="Readiness and training")).to_be_visible()
    check_accessibility(page, "coach-readiness")
    shoot(page, "coordinator-coach-readiness-desktop")

    page.get_by_role("link", name="Change DBS check").click()
    page.get_by_label("Date cleared or received").fill(timezone.localdate().isoformat())
    page.get_by_label("Certificate number").fill("001122334455")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your changes have been saved")).to_be_visible()
    assert "001122334455" not in page.content()

    page.get_by_role("link", name="Add a check").click()
    page.get_by_role("group", name="Kind").get_by_label("Reference").check()
    page.get_by_label("Referee's name and relationship").fill("Volunteer manager at the food bank")
    page.get_by_label("Date requested").fill(timezone.localdate().isoformat())
    page.get_by_label("Date cleared or received").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Save").click()

    for module in ("Boundaries and self-care", "The coaching process", "Debt and money awareness"):
        page.locator("li.row", has_text=module).get_by_role("link", name="Record it complete").click()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text(f"{module} recorded as complete")).to_be_visible()

    with scopes_disabled():
        from organisations.models import Programme

        coach = with_readiness_data(Coach.objects.filter(pk=meera.pk)).get()
        money = Programme.objects.get(name="Money Matters peer coaching")
        missing = readiness(coach, money).missing
    # Only the agreements are left, which Meera acknowledges herself once she has a sign-in.
    assert {m.kind for m in missing} == {"agreement"}
    expect(page.get_by_text("Our Agreement (version 2) is not acknowledged.").first).to_be_visible()
