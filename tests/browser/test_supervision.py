"""Supervision in the browser (issue 14), at 360 px: the supervisor opens an overdue coach from the
due list, records a session ticking one carried-over action done and agreeing a new one; the next
session's form shows what is still open; the coach sees the actions on their phone, not the notes."""

from __future__ import annotations

import re

from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from supervision.models import Action

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def test_supervisor_records_a_session_and_the_next_one_shows_the_carried_over_actions(page_at):
    page = page_at("phone")
    sign_in(page, "supervisor")
    page.goto("/supervision/")
    expect(page.get_by_role("heading", name="Sessions due")).to_be_visible()
    check_accessibility(page, "supervision-due-list")
    assert no_horizontal_scroll(page)
    shoot(page, "supervisor-due-list-phone")
    page.get_by_role("link", name="Sam Turner").first.click()
    expect(page.get_by_text("Book the Mental Health First Aid course")).to_be_visible()
    check_accessibility(page, "supervision-coach")
    page.get_by_role("link", name="Record a session").click()
    check_accessibility(page, "supervision-session-form")
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_label("Date of the session").fill(timezone.localdate().isoformat())
    page.get_by_label("Ask Dee about the group supervision pilot").check()
    page.get_by_label("Worries").fill("Supervisor-only: a client's story is close to home.")
    page.get_by_label("New action 1").fill("Try the grounding exercise after home visits")
    assert no_horizontal_scroll(page)
    shoot(page, "supervisor-session-phone")
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_text("has been recorded")).to_be_visible()
    with scopes_disabled():
        assert Action.objects.filter(text="Try the grounding exercise after home visits", done_at=None).exists()
        assert Action.objects.get(text="Ask Dee about the group supervision pilot").done_at is not None
    # The next session opens with what is still open: the course (carried over twice) and the new one.
    page.get_by_role("link", name="Record a session").click()
    expect(page.get_by_label("Book the Mental Health First Aid course")).to_be_visible()
    expect(page.get_by_label("Try the grounding exercise after home visits")).to_be_visible()
    expect(page.get_by_label("Ask Dee about the group supervision pilot")).to_have_count(0)

    coach = page_at("phone")
    sign_in(coach, "coach")
    coach.goto("/my-supervision/")
    expect(coach.get_by_text("Try the grounding exercise after home visits")).to_be_visible()
    check_accessibility(coach, "my-supervision")
    coach.get_by_role("link", name=re.compile(r"\d+ \w+ 20\d\d")).first.click()
    expect(coach.get_by_role("heading", name="Actions agreed")).to_be_visible()
    expect(coach.get_by_text("close to home")).to_have_count(0)


def test_coach_writes_a_private_log_entry_and_a_low_wellbeing_check_says_where_to_get_help(page_at):
    page = page_at("phone")
    sign_in(page, "coach")
    page.get_by_text("Menu").click()
    page.get_by_role("link", name="My supervision").first.click()
    page.get_by_role("link", name="My reflective log").click()
    page.get_by_label("What I did").fill("Sat with Jade while she rang the council.")
    page.get_by_role("button", name="Save the entry").click()
    expect(page.get_by_text("Only you can see it.")).to_be_visible()
    check_accessibility(page, "reflective-log")
    page.goto("/my-supervision/wellbeing/")
    for question in ("How has your mood been?", "How have you been sleeping?"):
        page.get_by_label(question).select_option("2")
    for question in ("How well are you coping with the role?", "How supported do you feel?"):
        page.get_by_label(question).select_option("4")
    page.get_by_role("button", name="Save my check").click()
    expect(page.get_by_text("Samaritans")).to_be_visible()
    expect(page.get_by_role("link", name="Ask your supervisor for a conversation")).to_be_visible()
    assert no_horizontal_scroll(page)
    check_accessibility(page, "wellbeing-check")
    shoot(page, "coach-wellbeing-check-phone")


def test_coordinator_records_and_closes_a_conduct_concern_and_the_supervisor_reads_it(page_at):
    with scopes_disabled():
        from people.models import Coach

        kevin = Coach.objects.get(first_name="Kevin", last_name="Doyle")
    page = page_at("phone")
    sign_in(page, "coordinator")
    page.goto(f"/supervision/coaches/{kevin.pk}/")
    expect(page.get_by_role("heading", name="Conduct concerns")).to_be_visible()
    page.get_by_role("link", name="Record a conduct concern").click()
    check_accessibility(page, "conduct-concern-form")
    page.get_by_role("button", name="Record the concern").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_label("What the concern is").fill("Gave a client his personal phone number.")
    page.get_by_label("What was agreed").fill("Use the work phone only; Kevin to tell the client.")
    assert no_horizontal_scroll(page)
    shoot(page, "coordinator-conduct-concern-phone")
    page.get_by_role("button", name="Record the concern").click()
    expect(page.get_by_text("Only coordinators and their supervisor see it.")).to_be_visible()
    check_accessibility(page, "conduct-concern-detail")
    expect(page.get_by_label("What was agreed")).to_have_value("Use the work phone only; Kevin to tell the client.")
    page.get_by_label("Where it stands").select_option(label="Closed: the agreed changes were made")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_outcome_note-error")).to_contain_text("Say how it ended")
    page.get_by_label("About the outcome").fill("The client has the work number now.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The concern is closed")).to_be_visible()

    supervisor = page_at("phone")
    sign_in(supervisor, "supervisor")
    supervisor.goto(f"/supervision/coaches/{kevin.pk}/")
    supervisor.get_by_role("link", name=re.compile("^Raised")).first.click()
    expect(supervisor.get_by_text("Gave a client his personal phone number.")).to_be_visible()
    expect(supervisor.get_by_role("button", name="Save")).to_have_count(0)
    shoot(supervisor, "supervisor-conduct-concern-phone")
