"""Reciprocal peer coaching in the browser (issue 16): a peer records a session with their pair on
a phone, taking their turn, then writes their own reflection; a coordinator sees the overdue pair."""

from __future__ import annotations

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from reciprocal.models import PeerReflection, ReciprocalSession

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def test_a_peer_records_a_session_and_their_reflection_on_a_phone(page_at):
    phone = page_at("phone")
    sign_in(phone, "peer-owen")
    expect(phone.get_by_role("heading", name="Your peer coaching pair")).to_be_visible()
    phone.get_by_role("link", name="Record a session").click()
    # Owen coached last time, so Nadia's turn is chosen already; the hint says why.
    expect(phone.get_by_text("Reciprocal coaching means taking turns")).to_be_visible()
    expect(phone.get_by_label("Nadia Hussain coached Owen")).to_be_checked()
    phone.get_by_role("button", name="Save the session").click()
    expect(phone.get_by_role("heading", name="There is a problem")).to_be_visible()
    phone.get_by_label("Resilience").check()
    phone.get_by_label("The goal worked on").fill("Keep going after a complaint")
    phone.get_by_label("What helped").fill("Hearing how Nadia handled one.")
    check_accessibility(phone, "reciprocal-session-form")
    assert no_horizontal_scroll(phone)
    phone.get_by_role("button", name="Save the session").click()
    expect(phone.get_by_text("has been recorded")).to_be_visible()
    expect(phone.get_by_text("Keep going after a complaint")).to_be_visible()

    phone.get_by_role("link", name="Add your reflection").first.click()
    phone.get_by_label("Your reflection").fill("I stopped blaming myself so quickly.")
    phone.get_by_role("group", name="How were you feeling at the start?").get_by_label("2: low").check()
    phone.get_by_role("group", name="And at the end?").get_by_label("4: fairly well").check()
    check_accessibility(phone, "reciprocal-reflection-form")
    phone.get_by_role("button", name="Save your reflection").click()
    expect(phone.get_by_text("Only you can read it.")).to_be_visible()
    expect(phone.get_by_text("I stopped blaming myself so quickly.")).to_be_visible()
    assert no_horizontal_scroll(phone)
    check_accessibility(phone, "reciprocal-pair-phone")
    shoot(phone, "peer-reciprocal-pair-phone")
    with scopes_disabled():
        session = ReciprocalSession.objects.get(goal="Keep going after a complaint")
        assert session.coach.first_name == "Nadia"
        assert PeerReflection.objects.get(session=session).wellbeing_end == 4

    desktop = page_at("desktop")
    sign_in(desktop, "coordinator")
    expect(desktop.get_by_text("Peer pairs overdue a session")).to_be_visible()
    desktop.get_by_role("link", name="Peer pairs").first.click()
    expect(desktop.get_by_text("Overdue")).to_be_visible()
    check_accessibility(desktop, "reciprocal-pair-list")
    desktop.get_by_role("link", name="Nadia Hussain and Owen Price").click()
    expect(desktop.get_by_text("Keep going after a complaint")).to_be_visible()
    expect(desktop.get_by_text("I stopped blaming myself so quickly.")).to_have_count(0)
