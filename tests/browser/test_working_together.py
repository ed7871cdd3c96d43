"""Working together, as the coach, the client and the coordinator do it, checked by axe."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from journeys.models import ActionStep, CheckIn, Goal, Relationship

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def _agree_goal(page, title: str, category: str, start: str, target: str) -> None:
    page.get_by_role("link", name="Agree a goal").click()
    page.get_by_label("The goal, in the client's words").fill(title)
    page.get_by_label("Category").select_option(category)
    page.get_by_label("Where things are now").fill(start)
    page.get_by_label("What it will look like when it is done").fill(target)
    page.get_by_role("group", name="How far along at the start").get_by_label("Made a start").check()
    page.get_by_role("button", name="Agree this goal").click()
    expect(page.get_by_role("heading", name="Add a step")).to_be_visible()


def test_coach_agrees_two_goals_builds_a_plan_and_records_three_check_ins(page_at):
    page = page_at("phone")
    sign_in(page, "coach")
    page.get_by_role("link", name="Daniel Hughes").click()
    expect(page.get_by_role("heading", name="Daniel Hughes with Sam Turner")).to_be_visible()

    _agree_goal(
        page, "I'm back in touch with my kids every weekend", "family", "See them once a month", "Every weekend"
    )
    check_accessibility(page, "step-form")
    # A step with nothing specific is refused, and the page says why.
    page.get_by_label("What will be done").fill("Sort out weekends")
    page.get_by_role("group", name="Who does it").get_by_label("The client").check()
    page.get_by_role("button", name="Add this step").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("far more likely to happen").first).to_be_visible()
    check_accessibility(page, "step-form-errors")
    shoot(page, "coach-step-refused-phone")
    page.get_by_label("How often").fill("every Friday evening")
    page.get_by_label("For how long").fill("10 minutes")
    page.get_by_role("button", name="Add it and another").click()
    page.get_by_label("What will be done").fill("Ask the contact centre about weekend visits")
    page.get_by_role("group", name="Who does it").get_by_label("Together").check()
    page.get_by_label("Where and with whom").fill("phone call from the library")
    page.get_by_role("button", name="Add this step").click()
    expect(page.get_by_text("Step added")).to_be_visible()

    _agree_goal(page, "I have a job I enjoy", "work", "Out of work since the summer", "In work three days a week")
    page.get_by_label("What will be done").fill("Apply for jobs")
    page.get_by_role("group", name="Who does it").get_by_label("The client").check()
    page.get_by_label("How much").fill("three applications a week")
    page.get_by_role("button", name="Add this step").click()

    today = timezone.localdate()
    for n, day in enumerate([today - datetime.timedelta(days=14), today - datetime.timedelta(days=7), today]):
        page.get_by_role("link", name="Record a check-in").first.click()
        page.get_by_label("Date").fill(day.isoformat())
        group = page.get_by_role("group", name="How far along is “I have a job I enjoy”?")
        group.get_by_label(["Not started", "Made a start", "Getting there"][n]).check()
        page.get_by_label("What went well").fill(f"Check-in {n + 1} went well")
        page.get_by_label("Feedback from the coach").fill("Keep going")
        page.get_by_label("Private notes (the client does not see these)").fill("Seemed brighter")
        if n == 0:
            check_accessibility(page, "coach-check-in-form")
            shoot(page, "coach-check-in-form-phone")
        page.get_by_role("button", name="Save the check-in").click()
        expect(page.get_by_text("The check-in has been recorded")).to_be_visible()

    expect(page.get_by_role("heading", name="Progress since the start")).to_be_visible()
    assert no_horizontal_scroll(page)
    check_accessibility(page, "relationship-page")
    shoot(page, "coach-relationship-phone")
    with scopes_disabled():
        relationship = Relationship.objects.get(client__first_name="Daniel")
        assert relationship.goals.count() == 4  # the demo's two and these two
        assert (
            ActionStep.objects.filter(goal__relationship=relationship, goal__title__startswith="I'm back").count() == 2
        )
        assert CheckIn.objects.filter(relationship=relationship, went_well__startswith="Check-in").count() == 3
        assert relationship.check_in_due_on == today + datetime.timedelta(
            days=relationship.programme.contact_every_days
        )
        assert Goal.objects.get(title="I have a job I enjoy").status == "in_progress"


def test_client_ticks_a_step_and_checks_in_on_a_small_phone(page_at):
    page = page_at("phone")
    sign_in(page, "client")
    expect(page.get_by_role("heading", name="Your next steps")).to_be_visible()
    check_accessibility(page, "client-home")
    shoot(page, "client-home-phone")
    step = page.locator("li.step", has_text="Pay £15 a week off the arrears")
    step.get_by_role("button", name="Mark done").click()
    # htmx swaps just that step; the page does not reload.
    expect(step.get_by_role("button", name="Undo")).to_be_visible()
    with scopes_disabled():
        assert ActionStep.objects.get(description="Pay £15 a week off the arrears").status == "done"

    page.get_by_role("link", name="Tell Sam how it is going").first.click()
    expect(page.get_by_role("heading", name="How is it going?")).to_be_visible()
    page.get_by_role("group", name="How are you getting on with “I'll have cleared my rent arrears”?").get_by_label(
        "Nearly there"
    ).check()
    page.get_by_label("What went well since last time?").fill("Paid two weeks in a row")
    page.get_by_label("Was anything hard?").fill("The boiler broke")
    assert no_horizontal_scroll(page)
    check_accessibility(page, "client-check-in")
    shoot(page, "client-check-in-phone")
    page.get_by_role("button", name="Send to Sam").click()
    expect(page.get_by_text("Thank you. Sam will see your check-in.")).to_be_visible()
    with scopes_disabled():
        check_in = CheckIn.objects.get(went_well="Paid two weeks in a row")
        assert check_in.completed_by == "client"
        assert check_in.ratings.get().score == 4

    page.get_by_role("link", name="See all your goals and how far you have come").click()
    expect(page.get_by_role("heading", name="You and Sam")).to_be_visible()
    assert no_horizontal_scroll(page)
    check_accessibility(page, "client-relationship")
    shoot(page, "client-relationship-phone")


def test_coordinator_runs_the_end_review_and_a_planned_ending(page_at):
    page = page_at("desktop")
    sign_in(page, "coordinator")
    page.goto("/relationships/?attention=ending_soon")
    check_accessibility(page, "relationship-list")
    shoot(page, "coordinator-relationships-desktop")
    page.get_by_role("link", name="Tyrone Baptiste with Marcus Reid").click()
    page.get_by_role("link", name="Run the end review").click()
    for goal in ("I keep my flat", "I see my daughter again"):
        section = page.get_by_role("group", name=goal)
        section.get_by_role("group", name="How far along is it now?").get_by_label("Done it").check()
        section.get_by_label("Status").select_option("achieved")
    page.get_by_label("What the review found").fill("Both goals met.")
    check_accessibility(page, "end-review")
    shoot(page, "coordinator-end-review-desktop")
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_role("heading", name="End review").first).to_be_visible()

    page.get_by_role("link", name="Tyrone Baptiste with Marcus Reid").click()
    page.get_by_role("link", name="Record a planned ending").click()
    page.get_by_label("What changed for the client").fill("Kept his flat and sees his daughter monthly.")
    page.get_by_label("The client's reflections").fill("I'm settled now.")
    page.get_by_label("The coach's reflections").fill("He did it himself.")
    page.get_by_label("Date the client agreed to a case study").fill(timezone.localdate().isoformat())
    check_accessibility(page, "planned-ending")
    page.get_by_role("button", name="End the relationship").click()
    expect(page.get_by_text("The ending has been recorded")).to_be_visible()
    expect(page.get_by_role("link", name="Undo this ending")).to_be_visible()
    check_accessibility(page, "ended-relationship")
    shoot(page, "coordinator-ended-desktop")
    with scopes_disabled():
        relationship = Relationship.objects.get(client__first_name="Tyrone")
        assert relationship.status == "ended"
        assert set(relationship.goals.values_list("status", flat=True)) == {"achieved"}
        assert relationship.endings.get().case_study.startswith("A client on the")
