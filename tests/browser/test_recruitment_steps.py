"""The coordinator's recruitment steps: going back a stage needs a reason, recording the
conversation moves the stage, a paper acknowledgement for a coach with no sign-in, an exclusion
for a coach who came without an application, and the home saying an agreement is due a review."""

from __future__ import annotations

from pathlib import Path

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from people.models import Coach
from recruitment.models import Application, MatchingExclusion
from training.models import Acknowledgement

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def test_going_back_needs_a_reason_and_the_conversation_moves_the_stage(page_at):
    with scopes_disabled():
        application = Application.objects.filter(stage="conversation_booked").first()
    page = page_at("phone")
    sign_in(page, "coordinator")
    page.goto(f"/recruitment/applications/{application.pk}/")
    page.get_by_label("Move to").select_option(label="Applied")
    page.get_by_role("button", name="Move").click()
    expect(page.get_by_text("Say why they are going back to an earlier stage.").first).to_be_visible()
    page.get_by_role("link", name="Record the conversation").click()
    check_accessibility(page, "conversation")
    assert no_horizontal_scroll(page)
    shoot(page, "conversation-phone")
    page.get_by_label("Strengths and what they would bring").fill("Calm, a good listener")
    page.get_by_role("button", name="Save the conversation").click()
    expect(page.get_by_text("The conversation has been recorded.")).to_be_visible()
    expect(page.get_by_text("Conversation held").first).to_be_visible()
    with scopes_disabled():
        assert Application.objects.get(pk=application.pk).stage == "conversation_held"


def test_a_paper_acknowledgement_for_a_coach_with_no_sign_in(page_at, tmp_path: Path):
    with scopes_disabled():
        marcus = Coach.objects.get(first_name="Marcus", last_name="Reid")
        assert marcus.user_id is None
    scan = tmp_path / "marcus-signed.pdf"
    scan.write_bytes(PDF)
    page = page_at("desktop")
    sign_in(page, "coordinator")
    expect(page.get_by_role("heading", name="Agreements to review")).to_be_visible()
    page.goto(f"/coaches/{marcus.pk}/readiness/")
    page.get_by_role("link", name="Record a signed paper copy of Our Agreement").click()
    check_accessibility(page, "paper acknowledgement")
    page.get_by_label("The signed copy").set_input_files(str(scan))
    shoot(page, "paper-acknowledgement-desktop")
    page.get_by_role("button", name="Record the signed copy").click()
    expect(page.get_by_text("Marcus's signed copy of Our Agreement is recorded.")).to_be_visible()
    expect(page.get_by_text("On paper, signed").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Signed copy of Our Agreement").click()
    assert Path(download.value.path()).read_bytes() == PDF
    with scopes_disabled():
        assert Acknowledgement.objects.filter(coach=marcus, on_paper=True).count() == 1


def test_an_exclusion_for_a_coach_without_an_application(page_at):
    with scopes_disabled():
        kevin = Coach.objects.get(first_name="Kevin", last_name="Doyle")
        assert not Application.objects.filter(coach=kevin).exists()
    page = page_at("phone")
    sign_in(page, "coordinator")
    page.goto("/recruitment/circumstances/")
    page.get_by_label("A new circumstance").fill("Gambling")
    page.get_by_role("button", name="Add the circumstance").click()
    expect(page.get_by_text("Circumstance added.")).to_be_visible()
    page.goto(f"/coaches/{kevin.pk}/")
    page.get_by_role("link", name="Add a matching exclusion for Kevin").click()
    check_accessibility(page, "exclusion")
    page.get_by_label("Who or what they would rather not work with").fill("Anyone who bets heavily")
    page.get_by_label("The circumstance this rules out").select_option(label="Gambling")
    assert no_horizontal_scroll(page)
    shoot(page, "exclusion-phone")
    page.get_by_role("button", name="Add the exclusion").click()
    expect(page.get_by_text("Anyone who bets heavily")).to_be_visible()
    with scopes_disabled():
        assert MatchingExclusion.objects.get(coach=kevin).circumstance == "gambling"
