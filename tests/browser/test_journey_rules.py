"""The one-to-one journey's rules as people meet them: the coaching stage a coach moves on, the
programme's process set by a coordinator, the face-to-face nudge, the introductory-visit and
longest-length rules, an ending about the pair, and the case study reviewed before it is published."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from journeys.models import Relationship
from matching.models import KnownConnection

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def _relationship(first_name: str) -> Relationship:
    with scopes_disabled():
        return Relationship.objects.filter(client__first_name=first_name).order_by("-started_on").first()


def test_coach_moves_their_pair_on_a_stage_on_a_phone(page_at):
    page = page_at("phone")
    sign_in(page, "coach")
    page.goto(f"/relationships/{_relationship('Jade').pk}/")
    expect(page.get_by_text("Stage 4 of 6: Taking action")).to_be_visible()
    page.get_by_role("link", name="Move to another stage").click()
    page.get_by_label("5. Reviewing").check()
    check_accessibility(page, "stage-form")
    shoot(page, "coach-stage-phone")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Stage 5 of 6: Reviewing")).to_be_visible()
    expect(page.get_by_text("Moved on to stage 5 of 6, reviewing")).to_be_visible()
    assert no_horizontal_scroll(page)


def test_coordinator_sees_who_has_not_met_face_to_face_and_sets_the_process(page_at):
    page = page_at("phone")
    sign_in(page, "coordinator")
    attention = page.get_by_role("region", name="Who needs attention")
    expect(attention.get_by_role("heading", name="Pairs who have not met face to face yet")).to_be_visible()
    expect(attention.get_by_text("Ahmed Ali with Fatima Begum").first).to_be_visible()
    shoot(page, "coordinator-home-face-to-face-phone")
    with scopes_disabled():
        programme_id = _relationship("Jade").programme_id
    page.goto(f"/programmes/{programme_id}/")
    page.get_by_role("link", name="The coaching process and meeting in person").click()
    page.get_by_label("Meet face to face within (weeks)").fill("6")
    check_accessibility(page, "programme-process")
    shoot(page, "coordinator-programme-process-phone")
    page.get_by_role("button", name="Save how it works").click()
    expect(page.get_by_text("Saved how the programme works.")).to_be_visible()
    assert no_horizontal_scroll(page)


def test_no_path_starts_working_together_before_an_introductory_visit(page_at):
    with scopes_disabled():
        relationship = Relationship.objects.filter(status="introducing", intro_visits__isnull=True).first()
    page = page_at("phone")
    sign_in(page, "coordinator")
    page.goto(f"/relationships/{relationship.pk}/")
    page.get_by_role("button", name="Start working together (the introductions are done)").click()
    expect(page.get_by_text("Record at least one introductory visit first.")).to_be_visible()
    relationship.refresh_from_db()
    assert relationship.status == "introducing"
    check_accessibility(page, "refused-start")


def test_an_extension_past_the_longest_length_needs_the_coordinators_reason(page_at):
    relationship = _relationship("Jade")
    page = page_at("phone")
    sign_in(page, "coordinator")
    page.goto(f"/relationships/{relationship.pk}/extend/")
    beyond = relationship.started_on + relativedelta(months=14)
    page.get_by_label("New planned end date").fill(beyond.isoformat())
    page.get_by_label("Why is it being extended?").fill("Jade asked for more time.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("lasts at most 12 months").first).to_be_visible()
    check_accessibility(page, "extend-refused")
    shoot(page, "coordinator-extend-refused-phone")
    page.get_by_label("Why go beyond the programme's longest length?").fill("Her court date moved to the spring.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The planned end date has been moved.")).to_be_visible()
    expect(page.get_by_text("beyond the programme's longest, 12 months")).to_be_visible()


def test_after_a_clash_of_beliefs_that_coach_is_not_suggested_again(page_at):
    relationship = _relationship("Daniel")
    page = page_at("desktop")
    sign_in(page, "coordinator")
    page.goto(f"/relationships/{relationship.pk}/end/?planned=0")
    page.get_by_label("Date it ended").fill(timezone.localdate().isoformat())
    page.get_by_label("A clash of beliefs").check()
    page.get_by_label("Find the client another coach").check()
    page.get_by_role("button", name="End the relationship").click()
    expect(page.get_by_text("The ending has been recorded")).to_be_visible()
    page.goto(f"/clients/{relationship.client_id}/suggestions/")
    expect(page.get_by_role("heading", name="Suggested coaches for Daniel")).to_be_visible()
    expect(page.get_by_role("button", name="Start introductions with Sam")).to_have_count(0)
    shoot(page, "coordinator-suggestions-after-clash-desktop")
    with scopes_disabled():
        assert KnownConnection.objects.filter(client_id=relationship.client_id, coach__first_name="Sam").exists()


def test_a_case_study_is_reviewed_with_the_names_taken_out_before_it_is_published(page_at):
    relationship = _relationship("Tyrone")
    page = page_at("phone")
    sign_in(page, "coordinator")
    page.goto(f"/relationships/{relationship.pk}/end/?planned=1")
    page.get_by_label("Date it ended").fill(timezone.localdate().isoformat())
    page.get_by_label("Date the client agreed to a case study").fill(timezone.localdate().isoformat())
    page.get_by_label("Anonymised case study").fill("Tyrone worked with Marcus and now sees his daughter monthly.")
    page.get_by_role("button", name="End the relationship").click()
    expect(page.get_by_text("The ending has been recorded")).to_be_visible()
    page.goto("/case-studies/")
    expect(page.get_by_text("Tyrone")).to_have_count(0)
    page.get_by_role("link", name=f"{relationship.programme}, ended").first.click()
    expect(page.get_by_role("heading", name="We took out")).to_be_visible()
    expect(page.get_by_text("“Tyrone”")).to_be_visible()
    check_accessibility(page, "case-study-review")
    shoot(page, "coordinator-case-study-review-phone")
    page.get_by_role("button", name="It holds no names: publish it").click()
    expect(page.get_by_text("The case study is published.")).to_be_visible()
    expect(page.get_by_text("The client worked with the coach and now sees his daughter monthly.")).to_be_visible()
    assert no_horizontal_scroll(page)
