"""Applying on a phone, then the coordinator takes the applicant through the pipeline."""

from __future__ import annotations

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from recruitment.forms import ApplicationForm
from recruitment.models import Application, MatchingExclusion

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def test_apply_then_move_through_the_pipeline(page_at, monkeypatch):
    monkeypatch.setattr(ApplicationForm, "MIN_SECONDS", 0)
    page = page_at("phone")
    page.goto("/apply/riverside/")
    check_accessibility(page, "apply")
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Last name").fill("Lopez")
    page.get_by_label("Your experience, in your own words").fill("Debt after my business failed; out of it now.")
    page.get_by_role("button", name="Send my application").click()
    # Forgot how to be reached and why: told beside the fields, nothing lost.
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert page.get_by_label("First name").input_value() == "Rosa"
    page.get_by_label("Email").fill("rosa@example.net")
    page.get_by_label("Why you would like to be a peer coach").fill("To help someone the way I was helped.")
    page.get_by_role("checkbox", name="A route into paid work").check()
    assert no_horizontal_scroll(page)
    shoot(page, "apply-phone")
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", name="Thank you for applying")).to_be_visible()

    page = page_at("desktop")
    sign_in(page, "coordinator")
    page.goto("/recruitment/")
    check_accessibility(page, "pipeline")
    shoot(page, "coordinator-pipeline-desktop")
    page.get_by_role("link", name="Rosa Lopez").click()
    for stage in ("Conversation booked", "Conversation held"):
        page.get_by_label("Move to").select_option(label=stage)
        page.get_by_role("button", name="Move").click()
        expect(page.get_by_text(f"moved to “{stage}”")).to_be_visible()
    page.get_by_role("link", name="Record the conversation").click()
    check_accessibility(page, "conversation")
    page.get_by_label("Strengths and what they would bring").fill("Practical, warm, knows the benefits system")
    group = page.get_by_role(
        "group", name="Is there anyone who could be referred to us that you wouldn't feel comfortable working with?"
    )
    group.get_by_label("Anyone or anything they will not work with (becomes a matching exclusion)").fill(
        "Her former landlord"
    )
    page.get_by_role("button", name="Save the conversation").click()
    expect(page.get_by_text("Matching exclusion: Her former landlord")).to_be_visible()
    page.get_by_label("Move to").select_option(label="Checks in progress")
    page.get_by_role("button", name="Move").click()
    page.get_by_label("Move to").select_option(label="Ready")
    page.get_by_role("button", name="Move").click()
    # Not ready yet: the page says exactly why, and the stage does not change.
    expect(page.get_by_text("Rosa is not ready for any programme yet").first).to_be_visible()
    check_accessibility(page, "application")
    with scopes_disabled():
        application = Application.objects.get(first_name="Rosa")
        assert application.stage == "checks"
        assert MatchingExclusion.objects.filter(coach=application.coach, description="Her former landlord").exists()
