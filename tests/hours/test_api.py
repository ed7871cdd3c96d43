"""Hours and absences through the API (issue 14): a coach's week from start to approval, stale
versions refused, refusals as 4xx naming the field, and lists in few queries."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from hours.models import Timesheet

from ..factories import CoachFactory
from .helpers import last_week, submitted_in

pytestmark = pytest.mark.usefixtures("scoped")


def _as(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def _post(client, url, data):
    return client.post(f"/api/v1{url}", data, content_type="application/json")


def test_a_coach_fills_in_a_week_and_a_coordinator_approves_it(world):
    coach = _as(world.coach_user)
    started = _post(coach, "/timesheets", {"week_starts": (last_week() + datetime.timedelta(days=3)).isoformat()})
    assert started.status_code == 201
    week = started.json()
    assert week["week_starts"] == last_week().isoformat() and week["status"] == "open"
    line = {"version": week["version"], "kind": "training", "day": last_week().isoformat(), "minutes": 90, "note": ""}
    added = _post(coach, f"/timesheets/{week['id']}/lines", line)
    assert added.status_code == 201 and added.json()["recorded_minutes"] == 90
    # The same body again is from an old copy of the week: refused, nothing added.
    assert _post(coach, f"/timesheets/{week['id']}/lines", line).status_code == 409
    odd = {**line, "version": added.json()["version"], "minutes": 20}
    refused = _post(coach, f"/timesheets/{week['id']}/lines", odd)
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "minutes"]
    sent = _post(coach, f"/timesheets/{week['id']}/submit", {"version": added.json()["version"]})
    assert sent.status_code == 200 and sent.json()["status"] == "submitted"
    coordinator = _as(world.coordinator)
    assert coordinator.get("/api/v1/timesheets?status=submitted").json()["items"][0]["id"] == week["id"]
    approved = _post(coordinator, f"/timesheets/{week['id']}/approve", {"version": sent.json()["version"]})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert Timesheet.objects.get(pk=week["id"]).total_minutes == 90


def test_returning_needs_a_reason_and_a_coach_cannot_approve(world):
    timesheet = submitted_in(world)
    coordinator = _as(world.coordinator)
    refused = _post(coordinator, f"/timesheets/{timesheet.pk}/return", {"version": timesheet.version, "reason": ""})
    assert refused.status_code == 422
    returned = _post(
        coordinator, f"/timesheets/{timesheet.pk}/return", {"version": timesheet.version, "reason": "Check Monday"}
    )
    assert returned.status_code == 200 and returned.json()["return_reason"] == "Check Monday"
    coach = _as(world.coach_user)
    assert (
        _post(coach, f"/timesheets/{timesheet.pk}/approve", {"version": returned.json()["version"]}).status_code == 403
    )


def test_a_coach_sees_only_their_own_weeks_and_absences(world):
    other = CoachFactory(organisation=world.org)
    Timesheet.objects.create(organisation=world.org, coach=other, week_starts=last_week())
    mine = submitted_in(world)
    coach = _as(world.coach_user)
    assert [t["id"] for t in coach.get("/api/v1/timesheets").json()["items"]] == [mine.pk]
    theirs = Timesheet.objects.get(coach=other)
    assert coach.get(f"/api/v1/timesheets/{theirs.pk}").status_code == 404
    today = timezone.localdate().isoformat()
    # A coach records their own, whatever coach_id they send.
    own = _post(coach, "/absences", {"coach_id": other.pk, "kind": "lateness", "starts_on": today, "minutes_late": 15})
    assert own.status_code == 201 and own.json()["coach_id"] == world.coach.pk
    coordinator = _as(world.coordinator)
    assert _post(coordinator, "/absences", {"kind": "sickness", "starts_on": today}).status_code == 422
    assert (
        _post(coordinator, "/absences", {"coach_id": other.pk, "kind": "sickness", "starts_on": today}).status_code
        == 201
    )
    assert [a["coach_id"] for a in coach.get("/api/v1/absences").json()["items"]] == [world.coach.pk]
    assert len(coordinator.get("/api/v1/absences").json()["items"]) == 2


def test_the_timesheet_list_takes_the_same_queries_however_many_weeks(world, django_assert_max_num_queries):
    for _ in range(8):
        coach = CoachFactory(organisation=world.org)
        Timesheet.objects.create(organisation=world.org, coach=coach, week_starts=last_week())
    coordinator = _as(world.coordinator)
    coordinator.get("/api/v1/timesheets")
    with django_assert_max_num_queries(10):
        response = coordinator.get("/api/v1/timesheets")
    assert response.json()["count"] == 8
