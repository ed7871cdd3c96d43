from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from meetings.models import Alert, Meeting

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def test_the_coach_checks_in_and_out_through_the_api(as_role, world):
    browser = as_role("coach")
    assert browser.post(f"/api/v1/meetings/{world.meeting.pk}/arrived").json()["arrived_at"]
    data = browser.post(f"/api/v1/meetings/{world.meeting.pk}/left").json()
    assert data["left_at"] and data["checkout_due_at"] is None


def test_another_coachs_meeting_is_not_found(as_role, world):
    other = Meeting.objects.create(
        organisation=world.org,
        relationship=world.other_client.relationships.get(),
        starts_at=timezone.now(),
        channel="phone",
    )
    assert as_role("coach").post(f"/api/v1/meetings/{other.pk}/arrived").status_code == 404


def test_bad_meetings_are_a_422_naming_the_field(as_role, world):
    url = f"/api/v1/relationships/{world.relationship.pk}/meetings"
    browser = as_role("coach")
    soon = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    no_place = browser.post(url, {"starts_at": soon, "channel": "face_to_face"}, content_type="application/json")
    assert no_place.status_code == 422 and no_place.json()["detail"][0]["loc"] == ["body", "place_kind"]
    far = (timezone.now() + datetime.timedelta(days=900)).isoformat()
    outside = browser.post(url, {"starts_at": far, "channel": "phone"}, content_type="application/json")
    assert outside.status_code == 422 and outside.json()["detail"][0]["loc"] == ["body", "starts_at"]
    assert Meeting.objects.count() == 1


def test_the_alert_list_says_whether_each_step_was_raised_late_and_delivered(as_role, world):
    Alert.objects.filter(pk=world.alert.pk).update(raised_late=True, due_at=world.meeting.starts_at)
    data = as_role("coordinator").get("/api/v1/alerts").json()["items"]
    assert [(a["id"], a["raised_late"], a["delivered_at"]) for a in data] == [(world.alert.pk, True, None)]
