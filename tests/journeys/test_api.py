"""The working-together API: same scoping, same rules, errors that name the field."""

from __future__ import annotations

import pytest

from journeys.models import ActionStep, CheckIn
from tests.factories import ActionStepFactory, CheckInFactory, GoalFactory, RelationshipFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def test_a_relationship_comes_with_goals_steps_and_the_latest_check_in(as_role, world):
    data = as_role("coordinator").get(f"/api/v1/relationships/{world.relationship.pk}").json()
    assert data["client"]["first_name"] == "Jade"
    assert data["goals"][0]["title"] == world.goal.title
    assert data["goals"][0]["steps"][0]["description"] == "Open the post"
    assert data["latest_check_in"]["id"] == world.check_in.pk
    assert data["latest_check_in"]["coach_notes"].startswith("Coach-only")
    assert data["current_week"] >= 1 and data["total_weeks"] >= 1


def test_a_client_never_gets_the_coachs_private_notes(as_role, world):
    browser = as_role("client")
    detail = browser.get(f"/api/v1/relationships/{world.relationship.pk}").json()
    assert "coach_notes" not in detail["latest_check_in"]
    listing = browser.get(f"/api/v1/relationships/{world.relationship.pk}/check-ins").json()
    assert listing["items"] and all("coach_notes" not in item for item in listing["items"])
    assert "Coach-only" not in str(listing) + str(detail)


def test_a_coach_gets_only_their_own_relationships(as_role, world):
    browser = as_role("coach")
    ids = {item["id"] for item in browser.get("/api/v1/relationships").json()["items"]}
    assert ids == {world.relationship.pk}
    other = world.other_client.relationships.get()
    assert browser.get(f"/api/v1/relationships/{other.pk}").status_code == 404
    assert (
        browser.post(f"/api/v1/relationships/{other.pk}/check-ins", {}, content_type="application/json").status_code
        == 404
    )


def test_a_step_without_specifics_is_a_422_naming_the_field(as_role, world):
    response = as_role("coach").post(
        f"/api/v1/goals/{world.goal.pk}/steps",
        {"description": "Sort the post", "who": "client"},
        content_type="application/json",
    )
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"] == ["body", "context"] and "more likely" in error["msg"]
    assert not ActionStep.objects.filter(description="Sort the post").exists()


def test_a_stale_goal_patch_is_a_409(as_role, world):
    browser = as_role("coach")
    url = f"/api/v1/goals/{world.goal.pk}"
    assert browser.patch(url, {"version": 1, "title": "New words"}, content_type="application/json").status_code == 200
    response = browser.patch(url, {"version": 1, "title": "Older words"}, content_type="application/json")
    assert response.status_code == 409
    world.goal.refresh_from_db()
    assert world.goal.title == "New words"


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"ratings": {"999999": 3}}, "ratings"),
        ({"ratings": {"GOAL": 9}}, "ratings"),
        ({"held_on": "2999-01-01", "went_well": "x"}, "held_on"),
        ({"went_well": "x" * 4000}, "went_well"),
    ],
)
def test_bad_check_ins_are_a_422_and_nothing_is_saved(as_role, world, payload, field):
    if "GOAL" in payload.get("ratings", {}):
        payload = {"ratings": {str(world.goal.pk): 9}}
    before = CheckIn.objects.count()
    response = as_role("coach").post(
        f"/api/v1/relationships/{world.relationship.pk}/check-ins", payload, content_type="application/json"
    )
    assert response.status_code == 422
    assert field in str(response.json()["detail"])
    assert CheckIn.objects.count() == before


def test_a_client_check_in_ignores_private_fields(as_role, world):
    response = as_role("client").post(
        f"/api/v1/relationships/{world.relationship.pk}/check-ins",
        {"ratings": {str(world.goal.pk): 2}, "went_well": "Opened my post", "coach_notes": "forged"},
        content_type="application/json",
    )
    assert response.status_code == 201
    check_in = CheckIn.objects.get(went_well="Opened my post")
    assert check_in.completed_by == "client" and check_in.coach_notes == ""


def test_a_client_may_tick_a_step_but_not_rewrite_it(as_role, world):
    browser = as_role("client")
    url = f"/api/v1/steps/{world.step.pk}"
    ok = browser.patch(url, {"version": 1, "status": "done"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "done"
    refused = browser.patch(url, {"version": 2, "description": "Rewritten"}, content_type="application/json")
    assert refused.status_code == 403
    stale = browser.patch(url, {"version": 1, "status": "to_do"}, content_type="application/json")
    assert stale.status_code == 409


def test_pairing_through_the_api_keeps_the_programmes_rules(as_role, world):
    response = as_role("coordinator").post(
        "/api/v1/relationships",
        {
            "client_id": world.client.pk,
            "coach_id": world.other_coach.pk,
            "programme_id": world.programme.pk,
            "started_on": "2026-01-01",
            "planned_months": 500 // 5,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "planned_months"]


def test_another_organisations_coach_cannot_be_paired(as_role, world):
    response = as_role("coordinator").post(
        "/api/v1/relationships",
        {
            "client_id": world.other_client.pk,
            "coach_id": world.outsider_coach.pk,
            "programme_id": world.programme.pk,
            "started_on": "2026-01-01",
            "planned_months": 3,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "coach_id"]


@pytest.mark.parametrize("count", [2, 25])
def test_the_relationship_list_query_count_is_flat(as_role, world, count, django_assert_max_num_queries):
    for n in range(count):
        client = world.client.__class__.objects.create(
            organisation=world.org,
            programme=world.programme,
            first_name=f"C{n}",
            last_name="Client",
            referral_date=world.client.referral_date,
            consent_given_on=world.client.consent_given_on,
        )
        relationship = RelationshipFactory(client=client, coach=world.other_coach, programme=world.programme)
        ActionStepFactory(goal=GoalFactory(relationship=relationship))
        CheckInFactory(relationship=relationship)
    browser = as_role("coordinator")
    with django_assert_max_num_queries(9):  # 8, and one audit entry for the list read
        assert browser.get("/api/v1/relationships?page_size=100").status_code == 200


def test_a_goal_reads_with_its_steps_and_a_step_on_its_own(as_role, world):
    browser = as_role("client")
    goal = browser.get(f"/api/v1/goals/{world.goal.pk}").json()
    assert goal["title"] == world.goal.title and goal["steps"][0]["id"] == world.step.pk
    assert browser.get(f"/api/v1/steps/{world.step.pk}").json()["frequency"] == "every Sunday"
    other = GoalFactory(relationship=world.other_client.relationships.get())
    assert browser.get(f"/api/v1/goals/{other.pk}").status_code == 404
