"""Reciprocal peer coaching through the API (issue 16): pairs with their rhythm, sessions recorded
and corrected (409 on a stale version), and a peer's own reflection, returned to nobody else."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from core.models import AuditEntry
from reciprocal.models import PeerReflection

from .helpers import new_session_body, pair_in, peer_user, session_of

pytestmark = pytest.mark.usefixtures("scoped")


def _as(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def _patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def _locs(response) -> list[list]:
    return [error["loc"] for error in response.json()["detail"]]


@pytest.fixture
def pair(world):
    return pair_in(world)


def test_pairs_come_with_their_rhythm_and_a_peer_sees_only_their_own(pair, world, django_assert_max_num_queries):
    coordinator = _as(world.coordinator)
    coordinator.get("/api/v1/reciprocal-pairs")
    with django_assert_max_num_queries(12):
        listed = coordinator.get("/api/v1/reciprocal-pairs").json()
    (row,) = listed["items"]
    assert row["first_coach_id"] == world.coach.pk and row["sessions"] == 1 and row["overdue"] is False
    assert row["next_due_on"] == (timezone.localdate() + datetime.timedelta(days=4)).isoformat()
    assert AuditEntry.objects.filter(action="reciprocal.pair.listed").exists()
    assert _as(world.coach_user).get("/api/v1/reciprocal-pairs").json()["count"] == 1
    assert _as(world.outsider).get("/api/v1/reciprocal-pairs").json()["count"] == 0


def test_a_peer_records_a_session_and_the_turn_is_taken(pair, world):
    nadia = _as(peer_user(world))
    created = _post(nadia, "/api/v1/reciprocal-sessions", new_session_body(world))
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["coach_id"] == pair.second_id and body["coached_id"] == world.coach.pk
    assert body["warning"] == "" and body["my_reflection"] is None
    # Nadia again, straight after: recorded, with the gentle note about taking turns.
    again = _post(nadia, "/api/v1/reciprocal-sessions", new_session_body(world))
    assert again.status_code == 201 and "taking turns" in again.json()["warning"]
    listed = nadia.get(f"/api/v1/reciprocal-sessions?pair_id={pair.pk}").json()
    assert listed["count"] == 3 and listed["items"][0]["id"] == again.json()["id"]


def test_refusals_name_the_field_and_save_nothing(pair, world):
    sam = _as(world.coach_user)
    early = {**new_session_body(world), "held_on": (timezone.localdate() - datetime.timedelta(days=20)).isoformat()}
    refused = _post(sam, "/api/v1/reciprocal-sessions", early)
    assert refused.status_code == 422 and _locs(refused) == [["body", "held_on"]]
    stranger = _post(sam, "/api/v1/reciprocal-sessions", {**new_session_body(world), "coach_id": world.other_coach.pk})
    assert stranger.status_code == 422 and _locs(stranger) == [["body", "coach_id"]]
    future = {**new_session_body(world), "held_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()}
    assert _post(sam, "/api/v1/reciprocal-sessions", future).status_code == 422
    assert pair.reciprocal_sessions.count() == 1


def test_a_correction_with_a_stale_version_is_a_409(pair, world):
    session = session_of(world)
    url = f"/api/v1/reciprocal-sessions/{session.pk}"
    sam, coordinator = _as(world.coach_user), _as(world.coordinator)
    changed = _patch(coordinator, url, {"version": 1, "what_helped": "Writing it down."})
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = _patch(sam, url, {"version": 1, "goal": "Overwritten"})
    assert stale.status_code == 409
    session.refresh_from_db()
    assert session.goal == "Leave work at work" and session.what_helped == "Writing it down."
    bad = _patch(sam, url, {"version": 2, "focus": "nonsense"})
    assert bad.status_code == 422


def test_a_reflection_is_returned_only_to_the_peer_who_wrote_it(pair, world):
    session = session_of(world)
    url = f"/api/v1/reciprocal-sessions/{session.pk}"
    sam = _as(world.coach_user)
    saved = _post(sam, f"{url}/reflection", {"reflection": "I rushed.", "wellbeing_start": 2, "wellbeing_end": 4})
    assert saved.status_code == 200 and saved.json()["wellbeing_end"] == 4
    again = _post(sam, f"{url}/reflection", {"reflection": "I rushed to fix things.", "wellbeing_start": 2})
    assert again.json()["version"] == 2 and again.json()["wellbeing_end"] is None
    assert PeerReflection.objects.count() == 1
    assert sam.get(url).json()["my_reflection"]["reflection"] == "I rushed to fix things."
    assert _as(peer_user(world)).get(url).json()["my_reflection"] is None
    assert _as(world.coordinator).get(url).json()["my_reflection"] is None
    assert _post(_as(world.coordinator), f"{url}/reflection", {"reflection": "x"}).status_code == 403
    out_of_range = _post(sam, f"{url}/reflection", {"wellbeing_start": 7})
    assert out_of_range.status_code == 422
    empty = _post(sam, f"{url}/reflection", {"reflection": "  "})
    assert empty.status_code == 422 and _locs(empty) == [["body", "body"]]
    assert PeerReflection.objects.get().reflection == "I rushed to fix things."
