"""Matching: a coordinator takes a waiting client from the waiting list to introductions with a
suggested coach, tunes the weights and sees the effect at once, and matches a whole intake."""

from __future__ import annotations

import re

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from journeys.models import Relationship
from matching.models import BulkRun
from people.models import Coach

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def test_coordinator_sees_reasons_and_starts_introductions(page_at):
    page = page_at("phone")
    sign_in(page, "coordinator")
    page.goto("/matching/")
    expect(page.get_by_text("No ready coach speaks Arabic.")).to_be_visible()
    assert no_horizontal_scroll(page)
    check_accessibility(page, "waiting-list")
    shoot(page, "coordinator-waiting-list-phone")
    page.get_by_role("link", name="How matches went").click()
    expect(page.get_by_role("heading", name="By score")).to_be_visible()
    assert no_horizontal_scroll(page)
    check_accessibility(page, "outcomes")
    shoot(page, "coordinator-outcomes-phone")
    page.goto("/matching/")
    page.get_by_role("link", name="Yusuf Abdi").click()
    expect(page.get_by_text("speaks Somali", exact=False).first).to_be_visible()
    page.get_by_text("How the score adds up").first.click()
    assert no_horizontal_scroll(page)
    check_accessibility(page, "suggestions")
    shoot(page, "coordinator-suggestions-phone")
    # Share two coaches with Yusuf to choose from (he has no sign-in; the coordinator then goes on).
    boxes = page.locator("input[name=share]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Share the ticked coaches with Yusuf to choose").click()
    expect(page.get_by_text("Shared with Yusuf. They can choose on their phone.")).to_be_visible()
    expect(page.get_by_text("waiting for Yusuf to choose")).to_be_visible()
    first = page.get_by_role("button", name="Start introductions with").first
    coach = first.inner_text().replace("Start introductions with ", "")
    first.click()
    expect(page.get_by_text("are getting to know each other")).to_be_visible()
    with scopes_disabled():
        relationship = Relationship.objects.get(client__first_name="Yusuf", status="introducing")
        assert relationship.coach.first_name == coach


def test_weights_preview_and_bulk_matching(page_at):
    page = page_at("desktop")
    sign_in(page, "coordinator")
    page.get_by_role("link", name="Programmes").first.click()
    page.get_by_role("link", name="Housing First peer mentoring").first.click()
    page.get_by_role("link", name="Matching weights").click()
    preview = page.locator("#preview")
    before = preview.inner_text()
    for label in ("Shared interests and hopes", "Same area", "Free at the same times", "Ways of meeting"):
        page.get_by_label(label).fill("0")
    page.get_by_label("Similar age").fill("10")
    page.get_by_label("Similar age").dispatch_event("change")
    expect(preview).not_to_have_text(before)
    check_accessibility(page, "weights")
    shoot(page, "coordinator-weights-desktop")
    page.get_by_role("link", name="Match everyone waiting").click()
    page.get_by_role("button", name="Propose pairs for everyone waiting").click()
    page.wait_for_selector("text=Pairs to start")
    check_accessibility(page, "bulk-review")
    shoot(page, "coordinator-bulk-review-desktop")
    boxes = page.locator("input[type=checkbox][name^=include-]:checked")
    ticked = boxes.count()
    assert ticked >= 1
    boxes.first.uncheck()
    page.get_by_role("button", name="Start introductions for the ticked pairs").click()
    expect(page.get_by_text("Introductions started for")).to_be_visible()
    with scopes_disabled():
        run = BulkRun.objects.latest("created_at")
        started = run.proposals.filter(outcome="Introductions started").count()
        assert started == ticked - 1


def test_client_chooses_on_a_phone_and_the_match_is_confirmed_after_a_visit(page_at):
    import datetime

    phone = page_at("phone")
    sign_in(phone, "newclient")
    phone.get_by_role("link", name="See them and choose").click()
    choice = phone.get_by_role("group", name="Who would you like to meet?").get_by_role("radio").first
    choice.check()
    chosen = phone.locator("input[name=coach]:checked + label .big").inner_text()
    assert no_horizontal_scroll(phone)
    check_accessibility(phone, "client-choose")
    shoot(phone, "client-choose-coach-phone")
    phone.get_by_role("button", name="Meet the coach I picked").click()
    expect(phone.get_by_text(f"We will arrange for you to meet {chosen}")).to_be_visible()

    page = page_at("desktop")
    sign_in(page, "coordinator")
    page.goto("/matching/")
    page.get_by_role("link", name="Hannah Green").click()
    expect(page.get_by_text(f"Hannah chose {chosen}.")).to_be_visible()
    page.get_by_role("button", name=f"Start introductions with {chosen}").first.click()
    page.get_by_role("link", name="Introductory visits, then confirm or decline").click()
    page.get_by_label("Date of the visit").fill(datetime.date.today().isoformat())
    page.get_by_label("What the client said").fill("Easy to talk to")
    page.get_by_label("What the coach said").fill("We both like cycling")
    page.get_by_label("What the staff worker saw").fill("Good rapport")
    page.get_by_role("button", name="Save the visit").click()
    expect(page.get_by_text("Visit recorded")).to_be_visible()
    check_accessibility(page, "introductions")
    shoot(page, "coordinator-introductions-desktop")
    page.get_by_role("button", name="Confirm the match").click()
    expect(page.get_by_text("are working together")).to_be_visible()
    with scopes_disabled():
        relationship = Relationship.objects.get(client__first_name="Hannah", coach__first_name=chosen)
        assert relationship.status == "active" and relationship.intro_visits.count() == 1


def test_bulk_run_shows_progress_until_the_worker_finishes(page_at):
    from django_scopes import scope

    from matching import services
    from organisations.models import Programme

    with scopes_disabled():
        programme = Programme.objects.get(name="Money Matters peer coaching")
        run = BulkRun.objects.create(
            organisation_id=programme.organisation_id,
            programme=programme,
            status="running",
            progress=10,
            message="Scoring every client against every coach",
        )
    page = page_at("phone")
    sign_in(page, "coordinator")
    page.goto(f"/bulk-matching/{run.pk}/")
    expect(page.get_by_label("Scoring every client against every coach")).to_be_visible()
    check_accessibility(page, "bulk-progress")
    shoot(page, "coordinator-bulk-progress-phone")
    with scope(organisation=programme.organisation_id):
        services.bulk_run(run_id=run.pk)  # the worker finishes; the page's polling notices and reloads
    expect(page.get_by_text("Pairs to start")).to_be_visible(timeout=10_000)
    assert no_horizontal_scroll(page)


def _bulk_review(page):
    page.get_by_role("link", name="Programmes").first.click()
    page.get_by_role("link", name="Housing First peer mentoring").first.click()
    page.get_by_role("link", name="Matching weights").click()
    page.get_by_role("link", name="Match everyone waiting").click()
    page.get_by_role("button", name="Propose pairs for everyone waiting").click()
    page.wait_for_selector("text=Pairs to start")
    with scopes_disabled():
        return BulkRun.objects.latest("created_at")


def test_bulk_review_refuses_a_swap_past_a_coachs_room_and_ends_tidy(page_at):
    from matching import selectors

    page = page_at("desktop")
    sign_in(page, "coordinator")
    run = _bulk_review(page)
    expect(page.get_by_text("Picking the highest-scoring pair first")).to_be_visible()
    # Every coach choice shows the whole name and score, not cut off.
    clipped = page.evaluate(
        "[...document.querySelectorAll('.bulk-review select')]"
        ".filter(s => s.scrollWidth > s.clientWidth + 1 || s.getBoundingClientRect().width < 140).length"
    )
    shoot(page, "coordinator-bulk-review-choices-desktop")
    assert clipped == 0
    # Choose one coach for more clients than they have room for.
    with scopes_disabled():
        rows = list(run.proposals.filter(outcome="").exclude(alternatives=[]))
        room = selectors.coach_room(run.programme, {a for p in rows for a, _ in p.alternatives})
        coach_id, free = next(
            (c, r) for c, r in sorted(room.items()) if sum(c in {a for a, _ in p.alternatives} for p in rows) > r
        )
        name = Coach.objects.get(pk=coach_id).first_name
    chosen = [p for p in rows if coach_id in {a for a, _ in p.alternatives}][: free + 1]
    for proposal in chosen:
        page.locator(f"#coach-{proposal.pk}").select_option(str(coach_id))
        page.locator(f"#include-{proposal.pk}").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("alert")).to_contain_text(f"{name} has ")
    expect(page.get_by_role("alert")).to_contain_text(", or untick a pair.")
    check_accessibility(page, "bulk-review-refused")
    shoot(page, "coordinator-bulk-review-refused-desktop")
    # On a phone: start every proposed pair; what is left has no empty labels or spare buttons.
    phone = page_at("phone")
    sign_in(phone, "coordinator")
    phone.goto(f"/bulk-matching/{run.pk}/")
    assert no_horizontal_scroll(phone)
    shoot(phone, "coordinator-bulk-review-phone")
    phone.get_by_role("button", name="Start introductions for the ticked pairs").click()
    expect(phone.get_by_role("status").filter(has_text="Introductions started for")).to_be_visible()
    with scopes_disabled():
        left = run.proposals.filter(outcome="", include=True, coach__isnull=False).count()
    assert left == 0
    empty = phone.evaluate(
        "[...document.querySelectorAll('.bulk-review td')].filter(td => !td.innerText.trim()).length"
    )
    assert empty == 0
    if not phone.locator(".bulk-review select").count():
        assert phone.get_by_role("button", name="Save changes").count() == 0
        expect(phone.get_by_text("Every pair has been dealt with")).to_be_visible()
    assert no_horizontal_scroll(phone)
    check_accessibility(phone, "bulk-review-done")
    shoot(phone, "coordinator-bulk-review-done-phone")


def test_the_waiting_list_pages_and_filters_on_a_phone(page_at):
    import datetime

    from django.utils import timezone

    from people.models import Client
    from tests.factories import ClientFactory

    with scopes_disabled():
        someone = Client.objects.filter(status="waiting", programme__isnull=False).first()
        for n in range(30):
            ClientFactory(
                organisation=someone.organisation, programme=someone.programme, first_name=f"Queued{n:02d}",
                last_name="Person", status="waiting", interests="cycling",
                referral_date=timezone.localdate() - datetime.timedelta(days=n),
            )  # fmt: skip
        programme = someone.programme.name
    page = page_at("phone")
    sign_in(page, "coordinator")
    page.goto("/matching/")
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    assert page.locator("#results .row").count() == 25
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    page.goto("/matching/")
    # Filters answer in place (htmx) and the address keeps them, so Back and sharing work.
    page.get_by_label("Programme").select_option(label=programme)
    expect(page).to_have_url(re.compile(r"programme=\d+"))
    assert all(programme in text for text in page.locator("#results .row .meta").all_inner_texts())
    page.get_by_label("How long waiting").select_option(label="Over 4 weeks")
    expect(page).to_have_url(re.compile(r"wait=4"))
    for text in page.locator("#results .row").all_inner_texts():
        assert "Queued" not in text or int(text.split("Waiting ")[1].split(" ")[0]) > 28
    page.get_by_label("Programme").select_option(label="All programmes")
    page.get_by_label("How long waiting").select_option(label="Any wait")
    page.get_by_label("Only clients nobody suits yet").check()
    expect(page).to_have_url(re.compile(r"nobody=1"))
    expect(page.get_by_text("No ready coach speaks Arabic.")).to_be_visible()
    assert "Best suggestion" not in page.locator("#results").inner_text()
    assert no_horizontal_scroll(page)
    check_accessibility(page, "waiting-list-filtered")
    shoot(page, "coordinator-waiting-list-filtered-phone")
    # The same filters as a plain link, without htmx.
    page.goto("/matching/?nobody=1&wait=4")
    assert page.get_by_label("Only clients nobody suits yet").is_checked()
    assert page.get_by_label("How long waiting").input_value() == "4"
