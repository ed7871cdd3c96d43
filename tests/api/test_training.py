"""Training completions and agreement acknowledgements through the API."""

from __future__ import annotations

import datetime

import pytest

from core.models import AuditEntry
from training.models import Acknowledgement, Completion
from training.services import agreement_new_version

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_a_completion_is_recorded_with_its_expiry(as_role, world):
    browser = as_role("coordinator")
    modules = browser.get("/api/v1/modules").json()["items"]
    assert [m["id"] for m in modules] == [world.module.pk]
    response = _post(
        browser,
        f"/api/v1/coaches/{world.coach.pk}/completions",
        {"module_id": world.module.pk, "completed_on": "2025-01-10", "notes": "Face to face"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["expires_on"] == "2028-01-10"
    listing = as_role("facilitator").get(f"/api/v1/coaches/{world.coach.pk}/completions").json()
    assert [c["module"] for c in listing["items"]] == ["Safeguarding"]
    assert AuditEntry.objects.filter(action="training.completion.recorded").exists()


def test_a_completion_in_the_future_or_of_an_unknown_module_is_a_422_naming_the_field(as_role, world):
    browser = as_role("coordinator")
    url = f"/api/v1/coaches/{world.coach.pk}/completions"
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    future = _post(browser, url, {"module_id": world.module.pk, "completed_on": tomorrow})
    assert future.status_code == 422 and future.json()["detail"][0]["loc"] == ["body", "completed_on"]
    unknown = _post(browser, url, {"module_id": 999_999, "completed_on": "2025-01-10"})
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["body", "module_id"]
    assert not Completion.objects.exists()


def test_a_supervisor_reads_training_but_cannot_record_it(as_role, world):
    url = f"/api/v1/coaches/{world.coach.pk}/completions"
    browser = as_role("supervisor")
    assert browser.get(url).status_code == 200
    assert _post(browser, url, {"module_id": world.module.pk, "completed_on": "2025-01-10"}).status_code == 403


def test_a_coach_acknowledges_a_new_version_themselves(as_role, world):
    version = agreement_new_version(agreement=world.agreement_version.agreement, body="Updated.", change_note="Tidy")
    browser = as_role("coach")
    mine = browser.get("/api/v1/my-journey/agreements").json()
    assert mine == [
        {
            "agreement_id": version.agreement_id,
            "title": "Our Agreement",
            "version_id": version.pk,
            "number": 2,
            "body": "Updated.",
            "acknowledged": False,
        }
    ]
    staff = as_role("coordinator").get("/api/v1/agreements").json()
    assert sorted(staff[0]["outstanding_coach_ids"]) == sorted([world.coach.pk, world.other_coach.pk])
    browser = as_role("coach")
    response = browser.post(f"/api/v1/my-journey/agreements/{version.pk}/acknowledge")
    assert response.status_code == 200 and response.json()["number"] == 2
    assert Acknowledgement.objects.filter(coach=world.coach, version=version, by=world.coach_user).exists()
    assert browser.post(f"/api/v1/my-journey/agreements/{version.pk}/acknowledge").status_code == 200
    assert Acknowledgement.objects.filter(version=version).count() == 1
    detail = as_role("coordinator").get(f"/api/v1/agreements/{version.agreement_id}").json()
    assert [a["coach_id"] for a in detail["acknowledgements"]] == [world.coach.pk]
    assert [v["number"] for v in detail["versions"]] == [2, 1]


def test_only_a_coach_acknowledges_and_only_their_organisations_agreements(as_role, world):
    url = f"/api/v1/my-journey/agreements/{world.agreement_version.pk}/acknowledge"
    assert as_role("coordinator").post(url).status_code == 403
    assert as_role("outsider").get(f"/api/v1/agreements/{world.agreement_version.agreement_id}").status_code == 404
