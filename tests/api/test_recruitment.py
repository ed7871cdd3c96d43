"""Applications, the pipeline, the suitability conversation and vetting checks through the API."""

from __future__ import annotations

import datetime

import pytest

from core.models import AuditEntry
from recruitment.models import Check, MatchingExclusion, StageChange

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_the_pipeline_lists_applicants_and_filters_by_stage(as_role, world):
    browser = as_role("supervisor")
    listing = browser.get("/api/v1/applications").json()
    assert [a["id"] for a in listing["items"]] == [world.application.pk]
    assert browser.get("/api/v1/applications", {"stage": "checks"}).json()["count"] == 0
    detail = browser.get(f"/api/v1/applications/{world.application.pk}").json()
    assert detail["motivation"] == "To help others." and detail["conversation"] is None


def test_moving_an_applicant_to_checks_makes_their_coach_record_and_records_who(as_role, world):
    browser = as_role("coordinator")
    url = f"/api/v1/applications/{world.application.pk}/moves"
    response = _post(browser, url, {"version": world.application.version, "to_stage": "checks", "note": "Keen"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["stage"] == "checks" and body["coach_id"] is not None
    assert body["history"][0]["to_stage"] == "checks" and body["history"][0]["note"] == "Keen"
    assert StageChange.objects.filter(application=world.application, by=world.coordinator).exists()
    assert AuditEntry.objects.filter(action="recruitment.application.moved").exists()


def test_a_stale_move_is_a_409_and_a_move_to_ready_too_soon_a_422(as_role, world):
    browser = as_role("coordinator")
    url = f"/api/v1/applications/{world.application.pk}/moves"
    stale = _post(browser, url, {"version": world.application.version + 5, "to_stage": "checks"})
    assert stale.status_code == 409
    early = _post(browser, url, {"version": world.application.version, "to_stage": "ready"})
    assert early.status_code == 422
    assert early.json()["detail"][0]["loc"] == ["body", "to_stage"]
    world.application.refresh_from_db()
    assert world.application.stage == "applied"


def test_a_supervisor_reads_the_pipeline_but_cannot_move_anyone(as_role, world):
    url = f"/api/v1/applications/{world.application.pk}/moves"
    response = _post(as_role("supervisor"), url, {"version": 1, "to_stage": "checks"})
    assert response.status_code == 403


def test_the_conversation_answers_become_matching_exclusions(as_role, world):
    browser = as_role("coordinator")
    _post(browser, f"/api/v1/applications/{world.application.pk}/moves", {"version": 1, "to_stage": "checks"})
    question = "Is there anyone who could be referred to us that you wouldn't feel comfortable working with?"
    payload = {
        "held_on": datetime.date.today().isoformat(),
        "strengths": "Warm and patient",
        "recovery_judgement": "Steady for two years",
        "recovery_reason": "Told us about their support network",
        "answers": [{"question": question, "answer": "My old landlord", "exclusion": "Their old landlord"}],
    }
    url = f"/api/v1/applications/{world.application.pk}/conversation"
    response = browser.put(url, payload, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["answers"][1]["exclusion"] == "Their old landlord"
    world.application.refresh_from_db()
    assert list(
        MatchingExclusion.objects.filter(coach=world.application.coach).values_list("description", flat=True)
    ) == ["Their old landlord"]
    stale = browser.put(url, {**payload, "version": 99}, content_type="application/json")
    assert stale.status_code == 409


def test_a_judgement_without_its_reason_is_a_422_naming_the_field(as_role, world):
    url = f"/api/v1/applications/{world.application.pk}/conversation"
    payload = {"held_on": datetime.date.today().isoformat(), "recovery_judgement": "Fine"}
    response = as_role("coordinator").put(url, payload, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "recovery_reason"]
    unknown = {**payload, "recovery_reason": "Because", "answers": [{"question": "Made up?", "answer": "Yes"}]}
    response = as_role("coordinator").put(url, unknown, content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "answers"]


def test_checks_never_carry_their_certificate_number(as_role, world):
    browser = as_role("coordinator")
    listing = browser.get("/api/v1/checks").content.decode()
    detail = browser.get(f"/api/v1/checks/{world.dbs_check.pk}").content.decode()
    assert "001234567890" not in listing + detail and "certificate" not in listing + detail
    assert browser.get("/api/v1/checks", {"waiting": True}).json()["count"] == 0


def test_a_check_is_added_and_cleared_with_the_version_it_was_read_at(as_role, world):
    browser = as_role("coordinator")
    created = _post(
        browser,
        f"/api/v1/coaches/{world.coach.pk}/checks",
        {"kind": "dbs", "level": "enhanced", "requested_on": "2025-06-02", "certificate_number": "9876 5432"},
    )
    assert created.status_code == 201, created.content
    check = created.json()
    assert "certificate_number" not in check and "98765432" not in created.content.decode()
    assert Check.objects.get(pk=check["id"]).certificate_number == "98765432"
    url = f"/api/v1/checks/{check['id']}"
    cleared = browser.patch(
        url, {"version": check["version"], "cleared_on": "2025-07-01"}, content_type="application/json"
    )
    assert cleared.status_code == 200, cleared.content
    assert cleared.json()["cleared_on"] == "2025-07-01" and cleared.json()["status_label"] == "Cleared"
    assert Check.objects.get(pk=check["id"]).certificate_number == "98765432"
    stale = browser.patch(url, {"version": check["version"], "notes": "Late"}, content_type="application/json")
    assert stale.status_code == 409


def test_a_dbs_check_without_a_level_is_a_422_naming_the_field(as_role, world):
    response = _post(
        as_role("coordinator"),
        f"/api/v1/coaches/{world.coach.pk}/checks",
        {"kind": "dbs", "requested_on": "2025-06-02"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "level"]
    backwards = as_role("coordinator").patch(
        f"/api/v1/checks/{world.dbs_check.pk}",
        {"version": world.dbs_check.version, "cleared_on": "2024-01-01"},
        content_type="application/json",
    )
    assert backwards.status_code == 422 and backwards.json()["detail"][0]["loc"] == ["body", "cleared_on"]


def test_another_organisations_applicant_is_not_found(as_role, world):
    browser = as_role("outsider")
    assert browser.get(f"/api/v1/applications/{world.application.pk}").status_code == 404
    assert browser.get(f"/api/v1/checks/{world.dbs_check.pk}").status_code == 404
    assert browser.get("/api/v1/applications").json()["count"] == 0


def test_the_new_lists_cost_a_fixed_number_of_queries(as_role, world, django_assert_max_num_queries):
    from recruitment.models import Application

    for n in range(5):
        Application.objects.create(
            organisation=world.org,
            first_name=f"A{n}",
            last_name="B",
            phone="0100",
            lived_experience="x",
            motivation="y",
        )
    browser = as_role("coordinator")
    for url in (
        "/api/v1/applications",
        "/api/v1/checks",
        "/api/v1/modules",
        "/api/v1/concerns",
        f"/api/v1/coaches/{world.coach.pk}/completions",
        f"/api/v1/relationships/{world.relationship.pk}/reviews",
        f"/api/v1/relationships/{world.relationship.pk}/endings",
    ):
        with django_assert_max_num_queries(9):
            assert browser.get(url).status_code == 200, url


def test_an_exclusion_only_for_a_question_that_asks_about_one(as_role, world):
    browser = as_role("coordinator")
    payload = {
        "held_on": datetime.date.today().isoformat(),
        "answers": [
            {"question": "What has helped you most in your own journey?", "answer": "My sister", "exclusion": "x"}
        ],
    }
    url = f"/api/v1/applications/{world.application.pk}/conversation"
    response = browser.put(url, payload, content_type="application/json")
    assert response.status_code == 422 and "does not ask about exclusions" in response.content.decode()
