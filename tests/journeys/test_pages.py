"""Working together through the pages, as each person would."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.models import AuditEntry
from journeys import services
from journeys.models import ActionStep, CheckIn, Goal, Relationship
from tests.factories import ActionStepFactory, CheckInFactory, GoalFactory, RelationshipFactory

TODAY = timezone.localdate


pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def test_coach_agrees_a_goal_and_is_taken_to_its_first_step(as_role, world):
    response = as_role("coach").post(
        f"/relationships/{world.relationship.pk}/goals/new/",
        {
            "title": "I'll have a budget I stick to",
            "category": "budget",
            "starting_point": "No idea where money goes",
            "target": "A weekly budget",
            "baseline_score": "2",
            "agreed_on": TODAY().isoformat(),
        },
    )
    goal = Goal.objects.get(title="I'll have a budget I stick to")
    assert response.status_code == 302 and response.url == f"/goals/{goal.pk}/steps/new/"
    assert goal.relationship == world.relationship and goal.baseline_score == 2


def test_a_step_without_specifics_is_refused_beside_the_field(as_role, world):
    response = as_role("coach").post(
        f"/goals/{world.goal.pk}/steps/new/", {"description": "Sort out the post", "who": "client"}
    )
    assert response.status_code == 200
    assert ActionStep.SPECIFICS_MESSAGE in response.content.decode()
    assert 'id="id_context-error"' in response.content.decode()
    assert not ActionStep.objects.filter(description="Sort out the post").exists()


def test_step_dates_and_sizes_are_checked(as_role, world):
    response = as_role("coach").post(
        f"/goals/{world.goal.pk}/steps/new/",
        {"description": "x" * 400, "who": "nobody", "frequency": "weekly", "due_on": "soon"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "at most 300 characters" in body and "Select a valid choice" in body and "Enter a valid date" in body


def test_add_a_step_and_another(as_role, world):
    response = as_role("coach").post(
        f"/goals/{world.goal.pk}/steps/new/",
        {"description": "Call StepChange", "who": "together", "context": "from the office", "another": "1"},
    )
    assert response.url == f"/goals/{world.goal.pk}/steps/new/"


def test_a_client_ticks_their_step_with_htmx_and_without(as_role, world):
    browser = as_role("client")
    response = browser.post(f"/steps/{world.step.pk}/tick/", {"done": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Undo" in response.content.decode()
    world.step.refresh_from_db()
    assert world.step.status == "done"
    response = browser.post(f"/steps/{world.step.pk}/tick/", {"done": "0", "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    world.step.refresh_from_db()
    assert world.step.status == "to_do"


def test_a_client_cannot_tick_someone_elses_step(as_role, world):
    other = ActionStepFactory(goal=GoalFactory(relationship=world.other_client.relationships.get()))
    response = as_role("client").post(f"/steps/{other.pk}/tick/", {"done": "1"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "to_do"


def test_a_client_cannot_change_a_step_or_a_goal(as_role, world):
    browser = as_role("client")
    assert browser.post(f"/steps/{world.step.pk}/edit/", {"description": "changed"}).status_code == 403
    assert browser.post(f"/goals/{world.goal.pk}/edit/", {"title": "changed"}).status_code == 403


def test_a_coach_cannot_reach_another_coachs_work(as_role, world):
    other_relationship = world.other_client.relationships.get()
    goal = GoalFactory(relationship=other_relationship)
    step = ActionStepFactory(goal=goal)
    check_in = CheckInFactory(relationship=other_relationship)
    browser = as_role("coach")
    for url in (
        f"/relationships/{other_relationship.pk}/",
        f"/relationships/{other_relationship.pk}/goals/new/",
        f"/relationships/{other_relationship.pk}/check-ins/new/",
        f"/goals/{goal.pk}/edit/",
        f"/steps/{step.pk}/edit/",
        f"/check-ins/{check_in.pk}/",
    ):
        assert browser.get(url).status_code == 404, url
    assert browser.post(f"/steps/{step.pk}/tick/", {"done": "1"}).status_code == 404


def test_the_client_never_sees_the_coachs_private_notes_or_staff_notes(as_role, world):
    services.relationship_pause(
        relationship=world.relationship, reason="Staff-only reason", expected_return_on=None, expected_version=1
    )
    browser = as_role("client")
    pages = [f"/relationships/{world.relationship.pk}/", f"/check-ins/{world.check_in.pk}/", "/"]
    for url in pages:
        body = browser.get(url).content.decode()
        assert "Coach-only note" not in body, url
        assert "Staff-only note" not in body, url
    timeline = browser.get(f"/relationships/{world.relationship.pk}/").content.decode()
    assert "Staff-only reason" not in timeline.split("What has happened")[1]
    coach_view = as_role("coach").get(f"/check-ins/{world.check_in.pk}/").content.decode()
    assert "Coach-only note" in coach_view


def test_a_client_checks_in_in_plain_words(as_role, world):
    response = as_role("client").post(
        f"/relationships/{world.relationship.pk}/check-ins/new/",
        {f"goal_{world.goal.pk}": "3", "went_well": "Opened all my letters", "coach_notes": "sneaky"},
    )
    assert response.status_code == 302 and response.url == "/"
    check_in = CheckIn.objects.get(went_well="Opened all my letters")
    assert check_in.completed_by == "client" and check_in.coach_notes == ""
    assert check_in.ratings.get().score == 3


def test_an_empty_client_check_in_asks_for_one_answer(as_role, world):
    response = as_role("client").post(f"/relationships/{world.relationship.pk}/check-ins/new/", {})
    assert response.status_code == 200
    assert "Answer at least one question" in response.content.decode()


def test_the_coach_replies_to_a_clients_check_in(as_role, world):
    check_in = CheckInFactory(relationship=world.relationship, completed_by="client", coach_feedback="")
    response = as_role("coach").post(f"/check-ins/{check_in.pk}/", {"coach_feedback": "Brilliant work"})
    assert response.status_code == 302
    check_in.refresh_from_db()
    assert check_in.coach_feedback == "Brilliant work"
    assert as_role("client").post(f"/check-ins/{check_in.pk}/", {"coach_feedback": "x"}).status_code == 403


def test_a_coach_records_a_check_in(as_role, world):
    response = as_role("coach").post(
        f"/relationships/{world.relationship.pk}/check-ins/new/",
        {"held_on": TODAY().isoformat(), f"goal_{world.goal.pk}": "2", "went_well": "Made the call"},
    )
    assert response.status_code == 302
    assert CheckIn.objects.filter(went_well="Made the call", completed_by="coach").exists()


def test_a_future_check_in_is_refused_beside_the_date(as_role, world):
    response = as_role("coach").post(
        f"/relationships/{world.relationship.pk}/check-ins/new/",
        {"held_on": (TODAY() + datetime.timedelta(days=3)).isoformat(), "went_well": "x"},
    )
    assert response.status_code == 200 and 'id="id_held_on-error"' in response.content.decode()


def test_a_stale_goal_edit_is_refused(as_role, world):
    browser = as_role("coordinator")
    data = {
        "title": "Edited",
        "category": "arrears",
        "starting_point": "a",
        "target": "b",
        "baseline_score": "1",
        "agreed_on": world.goal.agreed_on.isoformat(),
        "status": "agreed",
        "version": "1",
    }
    assert browser.post(f"/goals/{world.goal.pk}/edit/", data).status_code == 302
    response = browser.post(f"/goals/{world.goal.pk}/edit/", {**data, "title": "Second"})
    assert response.status_code == 200 and "changed" in response.content.decode()
    world.goal.refresh_from_db()
    assert world.goal.title == "Edited"


def test_coordinator_runs_the_end_review_then_a_planned_ending_then_undoes_it(as_role, world):
    browser = as_role("coordinator")
    response = browser.post(
        f"/relationships/{world.relationship.pk}/reviews/end/",
        {
            "held_on": TODAY().isoformat(),
            "summary": "Arrears cleared",
            f"score_{world.goal.pk}": "5",
            f"status_{world.goal.pk}": "achieved",
            f"comment_{world.goal.pk}": "",
        },
    )
    assert response.status_code == 302
    response = browser.post(
        f"/relationships/{world.relationship.pk}/end/",
        {
            "planned": "1",
            "version": str(world.relationship.version),
            "ended_on": TODAY().isoformat(),
            "what_changed": "Arrears cleared",
            "achieved_goals": [world.goal.pk],
            "client_reflection": "Good",
            "coach_reflection": "Proud",
            "case_study_consent_on": TODAY().isoformat(),
            "case_study": "A client cleared £900 of arrears.",
        },
    )
    assert response.status_code == 302
    world.relationship.refresh_from_db()
    assert world.relationship.status == "ended"
    page = browser.get(f"/relationships/{world.relationship.pk}/").content.decode()
    assert "Undo this ending" in page
    # Not published until a coordinator has reviewed it.
    assert "A client cleared £900" not in browser.get("/case-studies/").content.decode()
    ending = world.relationship.endings.get()
    assert browser.post(f"/case-studies/{ending.pk}/review/", {"case_study": ending.case_study}).status_code == 302
    assert "A client cleared £900" in browser.get("/case-studies/").content.decode()
    assert browser.post(f"/relationships/{world.relationship.pk}/undo-ending/").status_code == 302
    world.relationship.refresh_from_db()
    assert world.relationship.status == "active"


def test_an_unplanned_ending_form_asks_why(as_role, world):
    response = as_role("coordinator").post(
        f"/relationships/{world.relationship.pk}/end/",
        {"planned": "0", "version": "1", "ended_on": TODAY().isoformat()},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_reason-error"' in body and 'id="id_next_step-error"' in body
    world.relationship.refresh_from_db()
    assert world.relationship.status == "active"


def test_coordinator_pauses_extends_and_changes_the_way_of_working(as_role, world):
    browser = as_role("coordinator")
    url = f"/relationships/{world.relationship.pk}"
    assert browser.post(f"{url}/pause/", {"version": "1", "reason": "Holiday"}).status_code == 302
    assert browser.post(f"{url}/start/", {"version": "2"}).status_code == 302
    new_end = (world.relationship.planned_end_on + datetime.timedelta(weeks=4)).isoformat()
    assert (
        browser.post(f"{url}/extend/", {"version": "3", "planned_end_on": new_end, "reason": "Move"}).status_code == 302
    )
    assert browser.post(f"{url}/way-of-working/", {"version": "4", "kind": "mentoring"}).status_code == 302
    world.relationship.refresh_from_db()
    assert (world.relationship.status, world.relationship.kind) == ("active", "mentoring")
    page = browser.get(f"{url}/").content.decode()
    assert "Changed from coaching to formal mentoring" in page and "Extended from" in page


def test_viewing_a_relationship_is_audited_as_a_view_of_the_client(as_role, world):
    as_role("supervisor").get(f"/relationships/{world.relationship.pk}/")
    assert AuditEntry.objects.filter(action="people.client.viewed", object_id=str(world.client.pk)).exists()


def test_the_list_shows_what_needs_attention(as_role, world):
    overdue = RelationshipFactory(
        client=world.other_client.__class__.objects.create(
            organisation=world.org,
            programme=world.programme,
            first_name="Kirsty",
            last_name="Ward",
            referral_date=TODAY(),
            consent_given_on=TODAY(),
        ),
        coach=world.other_coach,
        programme=world.programme,
        check_in_due_on=TODAY() - datetime.timedelta(days=3),
    )
    browser = as_role("coordinator")
    body = browser.get("/relationships/?attention=check_in_overdue").content.decode()
    assert "Kirsty Ward" in body and "Jade Wilson" not in body
    assert f"/relationships/{overdue.pk}/" in body
    Relationship.objects.filter(pk=world.relationship.pk).update(
        midpoint_review_on=TODAY() - datetime.timedelta(days=1)
    )
    world.relationship.reviews.all().delete()
    body = browser.get("/relationships/?attention=review_due").content.decode()
    assert "Jade Wilson" in body and "Midpoint review due" in body


def test_the_coach_sees_a_missed_check_in_on_their_home_page(as_role, world):
    Relationship.objects.filter(pk=world.relationship.pk).update(check_in_due_on=TODAY() - datetime.timedelta(days=2))
    assert "Check-in overdue" in as_role("coach").get("/").content.decode()


def test_the_client_home_page_lists_their_steps_to_tick(as_role, world):
    body = as_role("client").get("/").content.decode()
    assert "Open the post" in body and "Mark done" in body


@pytest.mark.parametrize("count", [3, 30])
def test_the_relationship_list_does_not_grow_queries_with_rows(as_role, world, count, django_assert_max_num_queries):
    for n in range(count):
        client = world.client.__class__.objects.create(
            organisation=world.org,
            programme=world.programme,
            first_name=f"C{n}",
            last_name="Client",
            referral_date=TODAY(),
            consent_given_on=TODAY(),
        )
        RelationshipFactory(client=client, coach=world.other_coach, programme=world.programme)
    browser = as_role("coordinator")
    with django_assert_max_num_queries(12):
        assert browser.get("/relationships/").status_code == 200


@pytest.mark.parametrize("goals", [1, 8])
def test_the_relationship_page_does_not_grow_queries_with_goals(as_role, world, goals, django_assert_max_num_queries):
    for n in range(goals):
        goal = GoalFactory(relationship=world.relationship, title=f"Goal {n}")
        for _ in range(3):
            ActionStepFactory(goal=goal)
    for _ in range(goals):
        CheckInFactory(relationship=world.relationship)
    browser = as_role("coach")
    # 26 for the page and its sections, and 4 for outcomes' section (its audited view, the
    # measures, GAS scores and life outcomes): the same with 1 goal or 8.
    with django_assert_max_num_queries(30):
        assert browser.get(f"/relationships/{world.relationship.pk}/").status_code == 200


def test_the_coach_is_asked_to_reply_to_a_clients_own_check_in(as_role, world):
    check_in = CheckInFactory(relationship=world.relationship, completed_by="client", coach_feedback="")
    body = as_role("coach").get("/").content.decode()
    assert "Jade did a check-in" in body and f"/check-ins/{check_in.pk}/" in body
    services.check_in_add_feedback(check_in=check_in, coach_feedback="Thanks Jade")
    assert "Jade did a check-in" not in as_role("coach").get("/").content.decode()


def test_an_overdue_review_is_flagged_on_the_relationship_page(as_role, world):
    yesterday = TODAY() - datetime.timedelta(days=1)
    Relationship.objects.filter(pk=world.relationship.pk).update(end_review_on=yesterday)
    body = as_role("coordinator").get(f"/relationships/{world.relationship.pk}/").content.decode()
    assert "End review overdue" in body
