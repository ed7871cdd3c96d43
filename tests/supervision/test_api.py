"""Supervision sessions through the API (issue 14): recording one with actions, open actions carried
over, a stale edit refused with 409, the coach reading their own without the notes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from supervision.models import Action

from .helpers import new_session_body, supervised

pytestmark = pytest.mark.usefixtures("scoped")
BASE = "/api/v1/supervision-sessions"


def _as(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def test_a_supervisor_records_a_session_and_the_open_action_carries_over(world):
    first = supervised(world)
    open_action = Action.objects.get(agreed_in=first)
    browser = _as(world.supervisor)
    body = new_session_body(world)
    response = browser.post(BASE, body, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert [a["text"] for a in created["actions_agreed"]] == ["Try the wind-down after visits"]
    assert created["worries"] == "None this month."
    still_open = browser.post(f"/api/v1/supervision-actions/{open_action.pk}/done")
    assert still_open.status_code == 200 and still_open.json()["done"] is True


def test_a_stale_version_is_refused_with_409(world):
    session = supervised(world)
    browser = _as(world.supervisor)
    first = browser.patch(f"{BASE}/{session.pk}", {"version": 1, "going_well": "Settled"}, "application/json")
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = browser.patch(f"{BASE}/{session.pk}", {"version": 1, "worries": "Overwrites?"}, "application/json")
    assert stale.status_code == 409
    session.refresh_from_db()
    assert session.going_well == "Settled" and session.worries.startswith("Supervisor-only")


def test_the_coach_reads_their_sessions_without_the_notes(world):
    supervised(world)
    response = _as(world.coach_user).get(BASE)
    [item] = response.json()["items"]
    assert item["worries"] is None and item["actions_agreed"][0]["text"] == "Book the first aid course"


def test_the_list_stays_at_a_constant_query_count(world, django_assert_max_num_queries):
    supervised(world)
    browser = _as(world.coordinator)
    with django_assert_max_num_queries(50) as one:
        browser.get(BASE)
    queries_for_one = len(one)
    for _ in range(7):
        browser.post(BASE, new_session_body(world), content_type="application/json")
    with django_assert_max_num_queries(queries_for_one):
        response = browser.get(BASE)
    assert response.json()["count"] == 8


def test_another_organisations_coach_is_a_404_and_a_future_date_a_422(world):
    browser = _as(world.supervisor)
    body = new_session_body(world)
    assert browser.post(BASE, body | {"coach_id": world.outsider_coach.pk}, "application/json").status_code == 404
    future = (timezone.localdate().replace(year=timezone.localdate().year + 1)).isoformat()
    response = browser.post(BASE, body | {"held_on": future}, "application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "held_on"
