from __future__ import annotations

import pytest
from django.core import mail

from core.models import AuditEntry
from meetings.models import Concern, SafeguardingLead

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def test_a_coach_raises_a_concern_and_the_leads_are_told_at_once(as_role, world, django_capture_on_commit_callbacks):
    world.supervisor.email = "lead@example.org"
    world.supervisor.save()
    SafeguardingLead.objects.create(organisation=world.org, staff=world.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_role("coach").post(
            f"/clients/{world.client.pk}/safeguarding/new/?meeting={world.meeting.pk}",
            {
                "severity": "urgent",
                "description": "Jade said her ex-partner threatened her.",
                "meeting": world.meeting.pk,
            },
        )
    assert response.status_code == 302
    concern = Concern.objects.get(description__startswith="Jade said")
    assert concern.meeting == world.meeting and concern.raised_by == world.coach_user
    assert mail.outbox[0].to == ["lead@example.org"]
    assert "threatened" not in mail.outbox[0].body  # the email says where to read it, not what it says
    assert "threatened" not in str(list(AuditEntry.objects.values_list("changes", flat=True)))


def test_only_leads_and_coordinators_read_concerns(as_role, world):
    url = f"/safeguarding/{world.concern.pk}/"
    assert "Lead-only" in as_role("coordinator").get(url).content.decode()
    for role in ("supervisor", "coach", "orgadmin", "facilitator", "client"):
        response = as_role(role).get(url)
        assert response.status_code in (403, 404) and b"Lead-only" not in response.content, role
    SafeguardingLead.objects.create(organisation=world.org, staff=world.supervisor)
    assert "Lead-only" in as_role("supervisor").get(url).content.decode()
    assert "Lead-only" not in as_role("coach").get(f"/clients/{world.client.pk}/").content.decode()


def test_a_lead_records_actions_and_closes_the_concern(as_role, world):
    browser = as_role("coordinator")
    url = f"/safeguarding/{world.concern.pk}/"
    assert browser.post(url, {"text": "Referred to the local authority"}).status_code == 405  # the page only shows
    assert browser.post(f"{url}actions/", {"text": "Referred to the local authority"}).status_code == 302
    refused = browser.post(f"{url}close/", {"closure": ""})
    assert refused.status_code == 200 and "Referred to the local authority" in refused.content.decode()
    assert browser.post(f"{url}close/", {"closure": "Social worker allocated"}).status_code == 302
    world.concern.refresh_from_db()
    assert world.concern.closed_by == world.coordinator and world.concern.actions.count() == 1
    late = browser.post(f"{url}actions/", {"text": "too late"})
    assert late.status_code == 302  # closed concerns show no forms; a stray post is refused quietly
    assert world.concern.actions.count() == 1


def test_bad_concerns_are_refused_beside_the_field(as_role, world):
    response = as_role("coach").post(f"/clients/{world.client.pk}/safeguarding/new/", {"severity": "meh"})
    body = response.content.decode()
    assert response.status_code == 200 and "Select a valid choice" in body and "This field is required" in body
