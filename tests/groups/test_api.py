"""Facilitated groups through the API (issue 16): forming a group, scheduling its series, recording
its sessions, and what each person may read; every refusal a 4xx naming the field."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from core.models import AuditEntry
from groups import services
from groups.models import Attendance, Commitment, Group, GroupSession

from ..factories import CoachFactory, ProgrammeFactory, UserFactory
from .helpers import group_in, record_body

pytestmark = pytest.mark.usefixtures("scoped")


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def _locs(response) -> list[list]:
    return [error["loc"] for error in response.json()["detail"]]


def _peer(world):
    return CoachFactory(organisation=world.org, user=UserFactory(organisation=world.org, role="coach"))


def _as(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def group_programme(world):
    return ProgrammeFactory(organisation=world.org, kind="group", name="Action learning")


def _new_group(world, programme, **changes) -> dict:
    return {
        "name": "Champions",
        "programme_id": programme.pk,
        "facilitator_id": world.facilitator.pk,
        "channel": "face_to_face",
        "place": "Room 2",
        "weekday": timezone.localdate().weekday(),
        "start_time": "10:00",
        **changes,
    }


def test_a_coordinator_forms_a_group_the_facilitator_schedules_and_runs_it(as_role, world, group_programme):
    coordinator = as_role("coordinator")
    created = _post(coordinator, "/api/v1/groups", _new_group(world, group_programme))
    assert created.status_code == 201, created.content
    group = created.json()
    assert (group["status"], group["members"], group["sessions"]) == ("forming", [], [])
    peers = [_peer(world) for _ in range(3)]
    for peer, team in zip(peers, ("North", "South", "East"), strict=True):
        added = _post(
            coordinator,
            f"/api/v1/groups/{group['id']}/members",
            {"coach_id": peer.pk, "team": team, "seniority": 3, "cannot_make": ["2031-01-01"]},
        )
        assert added.status_code == 201, added.content
    members = coordinator.get(f"/api/v1/groups/{group['id']}").json()["members"]
    assert [m["turn"] for m in members] == [1, 2, 3] and members[0]["cannot_make"] == ["2031-01-01"]

    facilitator = as_role("facilitator")
    today = timezone.localdate()
    plan = [
        {"date": (today + datetime.timedelta(days=14 * i)).isoformat(), "presenter_member_id": m}
        for i, m in enumerate([members[0]["id"], members[1]["id"], members[2]["id"], None])
    ]
    scheduled = _post(facilitator, f"/api/v1/groups/{group['id']}/schedule", {"sessions": plan})
    assert scheduled.status_code == 201, scheduled.content
    assert scheduled.json()["status"] == "running"
    sessions = scheduled.json()["sessions"]
    assert [s["presenter_member_id"] for s in sessions] == [m["presenter_member_id"] for m in plan]

    first = sessions[0]["id"]
    body = {
        "attendance": {
            str(members[0]["id"]): "present",
            str(members[1]["id"]): "present",
            str(members[2]["id"]): "apologies",
        },
        "issue": "Saying no to more work.",
        "commitments": ["Talk to my manager", "Block out Friday afternoons"],
        "notes": "A good first session.",
    }
    recorded = _post(facilitator, f"/api/v1/group-sessions/{first}/record", body)
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["held_at"] and len(recorded.json()["commitments"]) == 2
    assert Attendance.objects.filter(session_id=first, status="apologies").count() == 1

    # The next session opens with feedback on those commitments.
    second = facilitator.get(f"/api/v1/group-sessions/{sessions[1]['id']}").json()
    due = second["commitments_due"]
    assert [c["text"] for c in due] == ["Talk to my manager", "Block out Friday afternoons"]
    reviews = {str(due[0]["id"]): {"outcome": "done"}, str(due[1]["id"]): {"outcome": "partly", "reflection": "Hard"}}
    again = _post(
        facilitator,
        f"/api/v1/group-sessions/{sessions[1]['id']}/record",
        {**body, "reviews": reviews, "issue": "A difficult colleague.", "commitments": ["Ask for a meeting"]},
    )
    assert again.status_code == 200, again.content
    outcomes = dict(Commitment.objects.filter(reviewed_in_id=sessions[1]["id"]).values_list("text", "outcome"))
    assert outcomes == {"Talk to my manager": "done", "Block out Friday afternoons": "partly"}
    listed = facilitator.get(f"/api/v1/groups/{group['id']}/commitments").json()
    assert listed["count"] == 3
    assert AuditEntry.objects.filter(action="groups.session.recorded").count() == 2


def test_a_bad_group_body_is_a_422_naming_the_field(as_role, world, group_programme):
    coordinator = as_role("coordinator")
    no_link = _post(coordinator, "/api/v1/groups", _new_group(world, group_programme, channel="online", place=""))
    assert no_link.status_code == 422 and _locs(no_link) == [["body", "link"]]
    coach_facilitates = _post(
        coordinator, "/api/v1/groups", _new_group(world, group_programme, facilitator_id=world.coach_user.pk)
    )
    assert coach_facilitates.status_code == 422 and _locs(coach_facilitates) == [["body", "facilitator_id"]]
    wrong_programme = _post(coordinator, "/api/v1/groups", _new_group(world, world.programme))
    assert wrong_programme.status_code == 422 and _locs(wrong_programme) == [["body", "programme_id"]]
    zoned = _post(coordinator, "/api/v1/groups", _new_group(world, group_programme, start_time="10:00:00+01:00"))
    assert zoned.status_code == 422
    assert not Group.objects.exists()


def test_adding_a_member_refuses_another_organisations_coach_and_a_running_group(as_role, world):
    coordinator = as_role("coordinator")
    forming = group_in(world, schedule=False)
    stranger = _post(
        coordinator,
        f"/api/v1/groups/{forming.pk}/members",
        {"coach_id": world.outsider_coach.pk, "team": "West", "seniority": 2},
    )
    assert stranger.status_code == 422 and _locs(stranger) == [["body", "coach_id"]]
    bad_level = _post(
        coordinator, f"/api/v1/groups/{forming.pk}/members", {"coach_id": _peer(world).pk, "team": "W", "seniority": 9}
    )
    assert bad_level.status_code == 422 and "seniority" in _locs(bad_level)[0]
    proposal = services.schedule_propose(group=forming, first_date=timezone.localdate())
    services.schedule_confirm(group=forming, sessions=proposal.sessions)
    late = _post(
        coordinator, f"/api/v1/groups/{forming.pk}/members", {"coach_id": _peer(world).pk, "team": "W", "seniority": 3}
    )
    assert late.status_code == 422 and _locs(late) == [["body", "body"]]


def test_a_bad_schedule_is_refused_naming_the_field(as_role, world):
    facilitator = as_role("facilitator")
    forming = group_in(world, schedule=False)
    members = list(forming.members.all())
    today = timezone.localdate()

    def plan(presenters):
        return [
            {"date": (today + datetime.timedelta(days=14 * i)).isoformat(), "presenter_member_id": p}
            for i, p in enumerate(presenters)
        ]

    url = f"/api/v1/groups/{forming.pk}/schedule"
    short = _post(facilitator, url, {"sessions": plan([m.pk for m in members])})
    assert short.status_code == 422 and _locs(short) == [["body", "note"]]
    stranger = _post(facilitator, url, {"sessions": plan([members[0].pk, 999_999, members[2].pk, None])})
    assert stranger.status_code == 422 and _locs(stranger) == [["body", "sessions", 1, "presenter_member_id"]]
    twice = _post(facilitator, url, {"sessions": plan([members[0].pk, members[0].pk, members[2].pk, None])})
    assert twice.status_code == 422 and _locs(twice) == [["body", "body"]]
    far = plan([m.pk for m in members] + [None])
    far[-1]["date"] = "9999-12-31"
    assert _post(facilitator, url, {"sessions": far}).status_code == 422
    assert not GroupSession.objects.exists()
    assert _post(as_role("coach"), url, {"sessions": plan([m.pk for m in members] + [None])}).status_code == 403


def test_a_session_record_missing_someone_or_a_commitment_names_the_field(as_role, world):
    group = group_in(world)
    facilitator = as_role("facilitator")
    first = group.sessions.get(number=1)
    url = f"/api/v1/group-sessions/{first.pk}/record"
    body = record_body(world)
    missing = _post(facilitator, url, {**body, "attendance": dict(list(body["attendance"].items())[:2])})
    assert missing.status_code == 422 and _locs(missing) == [["body", "attendance"]]
    nothing_committed = _post(facilitator, url, {**body, "commitments": []})
    assert nothing_committed.status_code == 422 and _locs(nothing_committed) == [["body", "commitments"]]
    no_issue = _post(facilitator, url, {**body, "issue": " "})
    assert no_issue.status_code == 422 and _locs(no_issue) == [["body", "issue"]]
    too_many = _post(facilitator, url, {**body, "commitments": ["a", "b", "c", "d"]})
    assert too_many.status_code == 422 and "commitments" in too_many.json()["detail"][0]["loc"]
    out_of_order = _post(facilitator, f"/api/v1/group-sessions/{group.sessions.get(number=2).pk}/record", body)
    assert out_of_order.status_code == 422 and _locs(out_of_order) == [["body", "body"]]
    first.refresh_from_db()
    assert first.held_at is None


def test_a_member_reads_only_their_own_issue_unless_the_group_agreed_to_share(as_role, world):
    group = group_in(world)
    first, second = group.sessions.get(number=1), group.sessions.get(number=2)
    facilitator = as_role("facilitator")
    body = record_body(world)
    assert _post(facilitator, f"/api/v1/group-sessions/{first.pk}/record", body).status_code == 200
    second_body = {**body, "reviews": {str(c.pk): {"outcome": "done"} for c in first.commitments_made.all()}}
    second_body |= {"issue": "Grace's issue", "commitments": ["Grace will"]}
    assert _post(facilitator, f"/api/v1/group-sessions/{second.pk}/record", second_body).status_code == 200

    # The world's coach presented at session 1; Grace (another member) at session 2.
    member = as_role("coach").get(f"/api/v1/groups/{group.pk}").json()
    by_number = {s["number"]: s for s in member["sessions"]}
    assert by_number[1]["issue"] == body["issue"] and by_number[2]["issue"] is None
    assert by_number[2]["commitments"] == [] and by_number[1]["notes"] is None
    assert all(m["team"] is None for m in member["members"])
    own = as_role("coach").get(f"/api/v1/groups/{group.pk}/commitments").json()
    assert [c["text"] for c in own["items"]] == body["commitments"]
    assert as_role("coach").get(f"/api/v1/group-sessions/{second.pk}").json()["attendance"] == []

    Group.objects.filter(pk=group.pk).update(issue_sharing=Group.IssueSharing.GROUP)
    shared = as_role("coach").get(f"/api/v1/groups/{group.pk}").json()
    assert {s["number"]: s["issue"] for s in shared["sessions"]}[2] == "Grace's issue"
    assert as_role("coach").get(f"/api/v1/groups/{group.pk}/commitments").json()["count"] == 2
    assert as_role("facilitator").get(f"/api/v1/groups/{group.pk}").json()["sessions"][0]["notes"] == ""


def test_groups_are_scoped_to_who_may_see_them_and_to_the_organisation(as_role, world):
    group = group_in(world)
    session = group.sessions.get(number=1)
    assert [g["id"] for g in as_role("coach").get("/api/v1/groups").json()["items"]] == [group.pk]
    assert as_role("outsider").get("/api/v1/groups").json()["count"] == 0
    for path in (f"/groups/{group.pk}", f"/groups/{group.pk}/commitments", f"/group-sessions/{session.pk}"):
        assert as_role("outsider").get("/api/v1" + path).status_code == 404
        assert as_role("supervisor").get("/api/v1" + path).status_code == 404
    # A peer coach who is not in the group does not find it either.
    stranger = _as(_peer(world).user)
    assert stranger.get("/api/v1/groups").json()["count"] == 0
    assert stranger.get(f"/api/v1/groups/{group.pk}").status_code == 404
    # A member reads their session but cannot record it.
    assert as_role("coach").get(f"/api/v1/group-sessions/{session.pk}").status_code == 200
    assert _post(as_role("coach"), f"/api/v1/group-sessions/{session.pk}/record", record_body(world)).status_code == 403
