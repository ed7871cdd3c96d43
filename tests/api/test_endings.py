"""Reviews and endings through the API."""

from __future__ import annotations

import datetime

import pytest

from journeys.models import Ending, Review
from people.models import Client

TODAY = datetime.date.today().isoformat


pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def _review(w, **overrides):
    return {
        "kind": "end",
        "held_on": TODAY(),
        "summary": "Most of the way there.",
        "goals": {str(w.goal.pk): {"score": 4, "status": "achieved", "comment": "Weekly now"}},
        **overrides,
    }


def test_the_coach_records_the_end_review_of_every_goal(as_role, world):
    response = _post(as_role("coach"), f"/api/v1/relationships/{world.relationship.pk}/reviews", _review(world))
    assert response.status_code == 201, response.content
    review = response.json()
    assert review["ratings"] == [
        {"goal_id": world.goal.pk, "goal": world.goal.title, "score": 4, "comment": "Weekly now"}
    ]
    world.goal.refresh_from_db()
    assert world.goal.status == "achieved"
    client = as_role("client")
    assert client.get(f"/api/v1/reviews/{review['id']}").json()["summary"] == "Most of the way there."
    listing = client.get(f"/api/v1/relationships/{world.relationship.pk}/reviews").json()
    assert [r["kind"] for r in listing] == ["midpoint", "end"]


def test_a_review_must_cover_every_goal_once(as_role, world):
    browser = as_role("coach")
    url = f"/api/v1/relationships/{world.relationship.pk}/reviews"
    skipped = _post(browser, url, _review(world, goals={}))
    assert skipped.status_code == 422 and skipped.json()["detail"][0]["loc"] == ["body", "goals"]
    again = _post(browser, url, _review(world, kind="midpoint"))
    assert again.status_code == 422 and again.json()["detail"][0]["loc"] == ["body", "kind"]
    assert Review.objects.count() == 1


def test_a_client_cannot_record_a_review(as_role, world):
    url = f"/api/v1/relationships/{world.relationship.pk}/reviews"
    assert _post(as_role("client"), url, _review(world)).status_code == 403


def test_an_unplanned_ending_asking_for_a_rematch_puts_the_client_back_on_the_waiting_list(as_role, world):
    browser = as_role("coordinator")
    url = f"/api/v1/relationships/{world.relationship.pk}/end"
    payload = {
        "version": world.relationship.version,
        "planned": False,
        "ended_on": TODAY(),
        "reason": "clash_of_beliefs",
        "reason_detail": "Staff-only: a falling-out about football.",
        "next_step": "rematch",
    }
    response = _post(browser, url, payload)
    assert response.status_code == 201, response.content
    assert response.json()["next_step"] == "rematch"
    assert Client.objects.get(pk=world.client.pk).status == "waiting"
    assert _post(browser, url, payload).status_code in (409, 422)
    seen = as_role("client").get(f"/api/v1/relationships/{world.relationship.pk}/endings").json()
    assert seen[0]["reason"] == "clash_of_beliefs"
    assert "reason_detail" not in seen[0] and "next_step" not in seen[0] and "case_study" not in seen[0]


def test_an_unplanned_ending_needs_its_reason_and_a_stale_one_is_a_409(as_role, world):
    browser = as_role("coordinator")
    url = f"/api/v1/relationships/{world.relationship.pk}/end"
    no_reason = _post(browser, url, {"version": world.relationship.version, "planned": False, "ended_on": TODAY()})
    assert no_reason.status_code == 422
    assert {e["loc"][1] for e in no_reason.json()["detail"]} == {"reason", "next_step"}
    stale = _post(browser, url, {"version": world.relationship.version + 3, "planned": True, "ended_on": TODAY()})
    assert stale.status_code == 409
    assert not Ending.objects.exists()


def test_a_planned_ending_marks_goals_and_can_be_undone(as_role, world):
    browser = as_role("coordinator")
    payload = {
        "version": world.relationship.version,
        "planned": True,
        "ended_on": TODAY(),
        "what_changed": "Opens the post every week.",
        "achieved_goal_ids": [world.goal.pk],
        "case_study_consent_on": TODAY(),
        "case_study": "A client opened their post weekly after six months.",
    }
    response = _post(browser, f"/api/v1/relationships/{world.relationship.pk}/end", payload)
    assert response.status_code == 201, response.content
    assert response.json()["case_study"].startswith("A client")
    world.goal.refresh_from_db()
    assert world.goal.status == "achieved"
    coach_view = as_role("coach").get(f"/api/v1/relationships/{world.relationship.pk}/endings").json()
    assert "case_study" not in coach_view[0] and coach_view[0]["what_changed"] == "Opens the post every week."
    undone = as_role("coordinator").post(f"/api/v1/relationships/{world.relationship.pk}/undo-ending")
    assert undone.status_code == 200 and undone.json()["status"] == "active"
    world.goal.refresh_from_db()
    assert world.goal.status != "achieved"


def test_a_case_study_without_consent_is_a_422_naming_the_field(as_role, world):
    payload = {
        "version": world.relationship.version,
        "planned": True,
        "ended_on": TODAY(),
        "case_study": "Anonymised story.",
    }
    response = _post(as_role("coordinator"), f"/api/v1/relationships/{world.relationship.pk}/end", payload)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "case_study_consent_on"]


def test_a_coach_cannot_end_the_relationship(as_role, world):
    payload = {"version": world.relationship.version, "planned": True, "ended_on": TODAY()}
    assert _post(as_role("coach"), f"/api/v1/relationships/{world.relationship.pk}/end", payload).status_code == 403
    assert as_role("outsider").get(f"/api/v1/reviews/{world.review.pk}").status_code == 404
