"""Outcomes in the browser (issue 15): on a 360 px phone, Jade sees her ONS4 due on her home,
answers it one question a screen, and sees it on My progress."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def test_a_client_answers_ons4_one_question_a_screen_and_sees_it_on_my_progress(page_at):
    phone = page_at("phone")
    sign_in(phone, "client")
    expect(phone.get_by_role("heading", name="Questions for you")).to_be_visible()
    phone.get_by_role("link", name="Answer: Personal wellbeing (ONS4)").click()
    expect(phone.get_by_text("Question 1 of 4")).to_be_visible()
    expect(phone.get_by_text("Overall, how satisfied are you with your life nowadays?")).to_be_visible()
    check_accessibility(phone, "outcomes-question")
    assert no_horizontal_scroll(phone)
    shoot(phone, "client-ons4-question-phone")
    phone.get_by_role("button", name="Next question").click()
    expect(phone.get_by_text("Please choose an answer.").first).to_be_visible()
    for number, answer in enumerate(["8", "7", "6"], start=1):
        phone.get_by_label(answer, exact=True).check()
        phone.get_by_role("button", name="Next question").click()
        expect(phone.get_by_text(f"Question {number + 1} of 4")).to_be_visible()
    phone.get_by_label("3", exact=True).check()
    phone.get_by_role("button", name="Save my answers").click()
    expect(phone.get_by_text("Thank you. Your answers are saved.")).to_be_visible()
    expect(phone.get_by_role("heading", name="My progress")).to_be_visible()
    expect(phone.get_by_text("Life satisfaction: 8 in").first).to_be_visible()
    assert no_horizontal_scroll(phone)
    check_accessibility(phone, "my-progress")
    shoot(phone, "client-my-progress-phone")

    desk = page_at("desktop")
    sign_in(desk, "client")
    desk.goto("/progress/")
    expect(desk.get_by_role("button", name="Yes, that's right")).to_be_visible()
    shoot(desk, "client-my-progress-desktop")
