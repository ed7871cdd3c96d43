"""The permission matrix: every URL and every API route, as every role and as another organisation.

A view or route added without a row fails `test_every_url_has_a_rule` (or
`test_every_api_route_has_a_rule`), so nobody can ship a page whose access nobody decided. Each app
writes its own rows in tests/<app>/permission_rows.py; this module walks them all, against one world
built once for the module (tests/conftest.py, `module_world`).
"""

from __future__ import annotations

import copy

import pytest
from django.db import transaction
from django.urls import get_resolver, reverse

from api.api import api

from .matrix import MANAGE, OWN_COACH, ROLES, WORK, S, gather  # noqa: F401 (rows written here use them)

# The rows live with each app's tests, in tests/<app>/permission_rows.py (tests/matrix.py gathers
# them). Rows written here are gathered too; a row written in two places fails at import.
PUBLIC = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "api:openapi-json",
    "api:openapi-view",
    "api:api-root",
}
SIGNED_IN_ONLY = {"password_change", "password_change_done"}

# url name -> (kwargs from the world, expected GET status per role)
PAGES = {}

# (method, route) -> (path from the world, payload or None, expected status per role)
API = {}

PUBLIC = gather("PUBLIC", PUBLIC)
PAGES = gather("PAGES", PAGES)
API = gather("API", API)
# A page that answers every GET with 405 takes only a POST.
POST_ONLY = {name for name, (_, expected) in PAGES.items() if set(expected.values()) == {405}}


@pytest.fixture
def world(module_world, db):
    """The module's one world (tests/conftest.py, `module_world`), copied so a test that changes an
    object in memory leaves the next test's copy alone; its database writes are rolled back."""
    return copy.deepcopy(module_world)


def _page_names():
    def walk(patterns, ns=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, ns + (f"{p.namespace}:" if p.namespace else ""))
            else:
                yield ns + (p.name or str(p.pattern))

    return {name for name in walk(get_resolver().url_patterns) if not name.startswith("admin:")}


def _api_routes():
    return {
        (method, prefix.rstrip("/") + path if path != "/" else prefix)
        for prefix, router in api._routers
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }


def test_every_url_has_a_rule():
    api_names = {f"api:{op}" for op in ("me",)}  # API views are covered route by route below
    undecided = {
        name
        for name in _page_names()
        if name not in PAGES and name not in PUBLIC and name not in SIGNED_IN_ONLY and not name.startswith("api:")
    }
    assert not undecided, f"These URLs have no row in the permission matrix: {sorted(undecided)}"
    assert api_names


def test_every_api_route_has_a_rule():
    routes = {(m, r.replace(" ", "")) for m, r in _api_routes()}
    missing = routes - set(API)
    assert not missing, f"These API routes have no row in the permission matrix: {sorted(missing)}"


def _as_each_role(client, world, expected, ask) -> list[str]:
    """Ask once as each role, each in its own savepoint rolled back after it (so what one role's
    request writes, the next role never sees, as if each were its own test), and say every role
    whose answer differs from the row's. One test per route rather than per route and role: the
    matrix is most of the suite's tests, and a test's own setup cost more than its request."""
    wrong = []
    for role in ROLES:
        with transaction.atomic():
            client.force_login(world.user(role))
            response = ask()
            if response.status_code != expected[role]:
                said = response.content[:300]
                wrong.append(f"as {role}: {response.status_code}, expected {expected[role]}: {said!r}")
            transaction.set_rollback(True)
        client.logout()
    return wrong


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_access(client, world, name):
    kwargs, expected = PAGES[name]
    url = reverse(name, kwargs=kwargs(world))
    wrong = _as_each_role(client, world, expected, lambda: client.get(url))
    assert not wrong, f"{name}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("name", sorted(set(PAGES) | SIGNED_IN_ONLY))
def test_signed_out_visitors_are_sent_to_sign_in(client, world, name):
    kwargs = PAGES[name][0](world) if name in PAGES else {}
    response = client.get(reverse(name, kwargs=kwargs))
    if name in POST_ONLY:
        assert response.status_code in (302, 405)
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("route", sorted(API), ids=lambda r: f"{r[0]} {r[1]}")
def test_api_access(client, world, route):
    path, payload, expected = API[route]
    method = getattr(client, route[0].lower())
    kwargs = {"content_type": "application/json", "data": payload(world)} if payload else {}
    wrong = _as_each_role(client, world, expected, lambda: method("/api/v1" + path(world), **kwargs))
    assert not wrong, f"{route}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("route", sorted(API), ids=lambda r: f"{r[0]} {r[1]}")
def test_api_refuses_anonymous(client, world, route):
    path, payload, _ = API[route]
    method = getattr(client, route[0].lower())
    kwargs = {"content_type": "application/json", "data": payload(world)} if payload else {}
    assert method("/api/v1" + path(world), **kwargs).status_code == 401


WRITE_PAGES = [
    ("organisations:programme_edit", lambda w: {"programme_id": w.programme.pk}),
    ("people:client_edit", lambda w: {"client_id": w.client.pk}),
    ("people:client_delete", lambda w: {"client_id": w.client.pk}),
    ("people:coach_edit", lambda w: {"coach_id": w.coach.pk}),
    ("people:coach_delete", lambda w: {"coach_id": w.coach.pk}),
    ("people:client_restore", lambda w: {"client_id": w.client.pk}),
    ("people:client_withdraw", lambda w: {"client_id": w.client.pk}),
    ("people:client_rejoin", lambda w: {"client_id": w.client.pk}),
    ("people:coach_restore", lambda w: {"coach_id": w.coach.pk}),
    ("people:staff_archive", lambda w: {"staff_id": w.coordinator.staff_profile.pk}),
    ("people:staff_restore", lambda w: {"staff_id": w.coordinator.staff_profile.pk}),
    ("organisations:programme_archive", lambda w: {"programme_id": w.programme.pk}),
    ("organisations:programme_restore", lambda w: {"programme_id": w.programme.pk}),
    ("journeys:pair", lambda w: {"client_id": w.other_client.pk}),
    ("journeys:relationship_end", lambda w: {"relationship_id": w.relationship.pk}),
    ("journeys:relationship_pause", lambda w: {"relationship_id": w.relationship.pk}),
    ("journeys:relationship_activate", lambda w: {"relationship_id": w.relationship.pk}),
]


@pytest.mark.parametrize("role", ["supervisor", "facilitator", "client"])
@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("journeys:goal_create", lambda w: {"relationship_id": w.relationship.pk}),
        ("journeys:goal_edit", lambda w: {"goal_id": w.goal.pk}),
        ("journeys:step_edit", lambda w: {"step_id": w.step.pk}),
        ("journeys:review_create", lambda w: {"relationship_id": w.relationship.pk, "kind": "end"}),
    ],
)
def test_roles_without_the_work_cannot_post_it(client, world, name, kwargs, role):
    client.force_login(world.user(role))
    response = client.post(reverse(name, kwargs=kwargs(world)), {"title": "Changed", "description": "Changed"})
    assert response.status_code in (403, 404)
    world.goal.refresh_from_db()
    world.step.refresh_from_db()
    assert world.goal.title != "Changed" and world.step.description != "Changed"
    world.relationship.refresh_from_db()
    assert world.relationship.status == "active"


@pytest.mark.parametrize("role", ["supervisor", "facilitator", "coach", "client"])
@pytest.mark.parametrize("name,kwargs", WRITE_PAGES, ids=[n for n, _ in WRITE_PAGES])
def test_read_only_roles_cannot_post_changes(client, world, name, kwargs, role):
    client.force_login(world.user(role))
    response = client.post(reverse(name, kwargs=kwargs(world)), {"first_name": "Changed"})
    assert response.status_code == 403
    world.client.refresh_from_db()
    assert world.client.first_name == "Jade"
