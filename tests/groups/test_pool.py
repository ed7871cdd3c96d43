"""Forming groups from a pool (issue 16): asking to join, the proposals page with its moves and
warnings, confirming, and the pool's API; every refusal a clear message, nothing half-saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from groups import services
from groups.models import Group, GroupMember, JoinRequest
from organisations.models import Programme

from ..factories import CoachFactory, UserFactory
from .helpers import group_in

pytestmark = pytest.mark.usefixtures("scoped")

POOL = [
    # first name, team, seniority
    ("Asha", "North", 3),
    ("Bilal", "South", 3),
    ("Cara", "East", 3),
    ("Dan", "North", 4),
    ("Eve", "South", 4),
    ("Fola", "West", 4),
    ("Gus", "North", 3),
]


def _as(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def programme(world) -> Programme:
    return group_in(world, schedule=False).programme


@pytest.fixture
def waiting(world, programme) -> list[JoinRequest]:
    made = []
    for first, team, level in POOL:
        coach = CoachFactory(
            organisation=world.org, first_name=first, user=UserFactory(organisation=world.org, role="coach")
        )
        made.append(
            services.join_request_create(
                organisation=world.org,
                programme=programme,
                coach=coach,
                requested_by=world.coordinator,
                team=team,
                role="Social worker",
                seniority=level,
                location="Leeds",
            )
        )
    return made


def test_a_coordinator_forms_groups_from_the_pool_moves_someone_and_confirms(
    world, programme, waiting, django_assert_max_num_queries
):
    browser = _as(world.coordinator)
    url = reverse("groups:pool_detail", args=[programme.pk])
    with django_assert_max_num_queries(20):
        page = browser.get(url, {"size": 3})
    plan = page.context["plan"]
    assert len(plan["groups"]) == 2 and len(plan["unplaced"]) == 1
    for group in plan["groups"]:
        assert len({r.team for r in group["members"]}) == 3 and not group["warnings"]
        assert group["reason"].startswith("Similar seniority") or group["reason"].startswith("Same seniority")
    left_out = plan["unplaced"][0][0]
    assert left_out.team == "North"  # three from North, two groups: one of them waits
    assert "already in every proposed group" in plan["unplaced"][0][1]
    # Move the one left out into group 1: the same team warning is shown again.
    moves = {f"move_{left_out.pk}": "1"}
    page = browser.get(url, {"size": 3, **moves})
    first = page.context["plan"]["groups"][0]
    assert left_out in first["members"] and any("same team" in w for w in first["warnings"])
    assert "work in the same team" in page.content.decode()
    # Confirm: the two groups are made with their members; the requests are placed.
    meet = {
        "facilitator": world.facilitator.pk,
        "channel": "online",
        "link": "https://meet.example.org/set",
        "weekday": "2",
        "start_time": "10:00",
    }
    done = browser.post(f"{url}?size=3", {"size": 3, **moves, **meet})
    assert done.status_code == 302
    made = Group.objects.filter(programme=programme).exclude(name="Champions")
    assert made.count() == 2
    assert sorted(g.members.count() for g in made) == [3, 4]
    assert not JoinRequest.objects.filter(programme=programme, status="waiting").exists()
    assert JoinRequest.objects.get(pk=left_out.pk).group in made
    # The same proposal sent again finds nobody waiting: refused, nothing made twice.
    again = browser.post(url, {"size": 3, **{f"move_{r.pk}": "1" for r in waiting[:3]}, **meet})
    assert again.status_code == 200 and Group.objects.filter(programme=programme).count() == 3


def test_bad_input_is_refused_with_a_clear_message_and_nothing_half_saved(world, programme, waiting):
    browser = _as(world.coordinator)
    url = reverse("groups:pool_detail", args=[programme.pk])
    for size in (2, 9):
        page = browser.get(url, {"size": size})
        assert "Choose a group size from 3 to 8." in page.content.decode() and "plan" not in page.context
    ids = [r.pk for r in waiting]
    meet = {
        "facilitator": world.facilitator,
        "channel": "online",
        "link": "https://x.example",
        "weekday": 1,
        "start_time": "10:00",
    }
    for groups, message in (
        ([ids[:3], [ids[2], *ids[3:5]]], "cannot be in two of the new groups"),
        ([ids[:3], ids[3:5]], "Group 2 has 2 people"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.pool_confirm(programme=programme, groups=groups, **meet)
    assert Group.objects.filter(programme=programme).count() == 1
    assert not GroupMember.objects.filter(coach__in=[r.coach for r in waiting]).exists()
    # Asking to join with a date that is not a date: a message beside the field, nothing saved.
    before = JoinRequest.objects.count()
    me = _as(world.coach.user)
    page = me.post(
        reverse("groups:join_request_create", args=[programme.pk]),
        {"team": "North", "role": "Peer coach", "seniority": 3, "cannot_make": "2020-01-01, next tuesday"},
    )
    assert "“next tuesday” is not a date like 2027-01-14." in page.content.decode()
    assert JoinRequest.objects.count() == before
    # A date in the past is fine.
    page = me.post(
        reverse("groups:join_request_create", args=[programme.pk]),
        {"team": "North", "role": "Peer coach", "seniority": 3, "cannot_make": "2020-01-01"},
    )
    assert page.status_code == 302
    assert JoinRequest.objects.get(coach=world.coach).cannot_make == ["2020-01-01"]


def test_the_pool_api_is_scoped_and_names_the_field_it_refuses(world, programme, waiting):
    me = _as(world.coach.user)
    body = {"programme_id": programme.pk, "team": "North", "role": "Peer coach", "seniority": 3}
    created = me.post("/api/v1/group-pool", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["coach_id"] == world.coach.pk
    twice = me.post("/api/v1/group-pool", body, content_type="application/json")
    assert twice.status_code == 422 and twice.json()["detail"][0]["loc"] == ["body", "coach_id"]
    someone = me.post("/api/v1/group-pool", body | {"coach_id": waiting[0].coach_id}, content_type="application/json")
    assert someone.status_code == 422 and someone.json()["detail"][0]["loc"] == ["body", "coach_id"]
    # A peer sees only their own request; a coordinator everyone's.
    assert [r["coach_id"] for r in me.get("/api/v1/group-pool").json()["items"]] == [world.coach.pk]
    coordinator = _as(world.coordinator)
    assert coordinator.get("/api/v1/group-pool").json()["count"] == len(waiting) + 1
    unknown = coordinator.post("/api/v1/group-pool", body | {"coach_id": 999999}, content_type="application/json")
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["body", "coach_id"]
    # Withdrawing: the peer their own; another organisation does not find it.
    outsider = _as(world.outsider)
    assert outsider.post(f"/api/v1/group-pool/{created.json()['id']}/withdraw").status_code == 404
    gone = me.post(f"/api/v1/group-pool/{created.json()['id']}/withdraw")
    assert gone.status_code == 200 and gone.json()["status"] == "withdrawn"
    assert me.post(f"/api/v1/group-pool/{waiting[0].pk}/withdraw").status_code == 404
