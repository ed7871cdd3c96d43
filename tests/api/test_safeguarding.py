"""Safeguarding concerns through the API: raised by those working with a client, read only by
those who read them on the pages."""

from __future__ import annotations

import pytest
from django.core import mail

from core.models import AuditEntry
from meetings.models import Concern, SafeguardingLead

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_a_coach_raises_a_concern_gets_a_receipt_and_the_leads_are_told(
    as_role, world, django_capture_on_commit_callbacks
):
    world.supervisor.email = "lead@example.org"
    world.supervisor.save()
    SafeguardingLead.objects.create(organisation=world.org, staff=world.supervisor)
    payload = {
        "severity": "urgent",
        "description": "Jade said her ex-partner threatened her.",
        "meeting_id": world.meeting.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(as_role("coach"), f"/api/v1/clients/{world.client.pk}/concerns", payload)
    assert response.status_code == 201, response.content
    assert set(response.json()) == {"id", "client_id", "severity", "raised_at"}
    concern = Concern.objects.get(pk=response.json()["id"])
    assert concern.meeting == world.meeting and concern.raised_by == world.coach_user
    assert mail.outbox[0].to == ["lead@example.org"]
    assert "threatened" not in str(list(AuditEntry.objects.values_list("changes", flat=True)))


def test_a_concern_about_a_meeting_with_someone_else_is_a_422_naming_the_field(as_role, world):
    payload = {"severity": "low", "description": "Worried.", "meeting_id": 999_999}
    response = _post(as_role("coach"), f"/api/v1/clients/{world.client.pk}/concerns", payload)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "meeting_id"]
    assert Concern.objects.count() == 1


def test_only_leads_and_coordinators_read_concerns(as_role, world):
    url = f"/api/v1/concerns/{world.concern.pk}"
    assert as_role("coordinator").get(url).json()["description"] == "Lead-only: bruises noticed."
    for role in ("supervisor", "coach", "orgadmin", "facilitator", "client"):
        response = as_role(role).get(url)
        assert response.status_code == 403 and b"Lead-only" not in response.content, role
        assert as_role(role).get("/api/v1/concerns").status_code == 403, role
    SafeguardingLead.objects.create(organisation=world.org, staff=world.supervisor)
    assert as_role("supervisor").get("/api/v1/concerns").json()["count"] == 1
    assert as_role("outsider").get(url).status_code == 404


def test_a_lead_records_an_action_then_closes_the_concern(as_role, world):
    browser = as_role("coordinator")
    url = f"/api/v1/concerns/{world.concern.pk}"
    acted = _post(browser, f"{url}/actions", {"text": "Called the client's social worker."})
    assert acted.status_code == 201 and acted.json()["actions"][0]["by"] == world.coordinator.display_name()
    closed = _post(browser, f"{url}/close", {"closure": "Social services are involved."})
    assert closed.status_code == 200 and closed.json()["closed_at"]
    late = _post(browser, f"{url}/actions", {"text": "One more thing."})
    assert late.status_code == 422 and late.json()["detail"][0]["loc"] == ["body", "text"]
    again = _post(browser, f"{url}/close", {"closure": "Again."})
    assert again.status_code == 422 and again.json()["detail"][0]["loc"] == ["body", "closure"]
