"""The permission matrix, by content: a page a role may open must not show what that role may not see.

Status codes alone let a page answer 200 and still print a caseload: a group facilitator saw which
clients each coach works with (being a client of a debt or mental-health programme is itself special
category data). Every page and API read in the matrix that a facilitator, a coach or a client may open
is fetched here and searched for the names and notes that role must never see, so a new row in
tests/test_permission_matrix.py is checked by content too.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from organisations.models import User
from people.models import Client, Coach, StaffMember

from .test_permission_matrix import API, PAGES

# Notes written for staff only (tests/factories.py and the world fixture).
STAFF_NOTES = "Staff-only note: prefers mornings."
COACH_NOTES = "Coach-only note: seemed tired."
MEETING_NOTES = "Coach note about the meeting."
CONCERN = "Lead-only: bruises noticed."


# The world's clients have these names on purpose; alone, they are searched as words. Names the
# factories make up (Faker) are searched only in full: "Sharon Day" must not fail on "Day".
CHOSEN_NAMES = {"Jade", "Wilson", "Daniel", "Hughes", "Sharon"}


pytestmark = pytest.mark.unscoped  # matrix-like: its expectations span both organisations


def _names_of_people_who_may_appear(world, hidden_clients) -> set[str]:
    """Every name part of the staff, the coaches, the sign-ins and the clients this role may see: a
    hidden client's first or last name that someone visible also carries (Faker may call the other
    organisation's client "Wilson" too) proves nothing alone, so such a word is not searched alone."""
    hidden = {client.pk for client in hidden_clients}
    words: set[str] = set()
    for model in (User, Coach, StaffMember):
        for first, last in model.objects.values_list("first_name", "last_name"):
            words |= {first, last}
    for first, last in Client.objects.exclude(pk__in=hidden).values_list("first_name", "last_name"):
        words |= {first, last}
    return words


def _client_name_patterns(world, clients) -> list[str]:
    shared = _names_of_people_who_may_appear(world, clients)
    patterns = []
    for client in clients:
        patterns.append(f"{client.first_name} {client.last_name}")
        patterns += [w for w in (client.first_name, client.last_name) if w in CHOSEN_NAMES and w not in shared]
    return patterns


def _forbidden(world, role: str) -> list[str]:
    """What each role must never find in a body."""
    if role == "facilitator":
        # Group facilitators are kept out of clients and relationships altogether.
        every_client = list(Client.objects.all())
        return [*_client_name_patterns(world, every_client), STAFF_NOTES, COACH_NOTES, CONCERN, MEETING_NOTES]
    if role == "coach":
        # Another coach's client, another organisation's, and what is for staff only.
        others = [world.other_client, world.outsider_client]
        return [*_client_name_patterns(world, others), STAFF_NOTES, CONCERN]
    if role == "client":
        others = [world.other_client, world.outsider_client]
        return [*_client_name_patterns(world, others), STAFF_NOTES, COACH_NOTES, CONCERN, MEETING_NOTES]
    raise ValueError(role)


def _found(body: str, patterns: list[str]) -> list[str]:
    return [p for p in patterns if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", body)]


ROLES = ["facilitator", "coach", "client"]

PAGE_CASES = [(name, role) for name, (_, expected) in sorted(PAGES.items()) for role in ROLES if expected[role] == 200]
API_CASES = [
    (route, role)
    for route, (_, payload, expected) in sorted(API.items())
    for role in ROLES
    if route[0] == "GET" and payload is None and expected[role] == 200
]


@pytest.mark.parametrize("name,role", PAGE_CASES, ids=[f"{n} as {r}" for n, r in PAGE_CASES])
def test_pages_show_nothing_the_role_may_not_see(client, world, name, role):
    kwargs, _ = PAGES[name]
    client.force_login(world.user(role))
    response = client.get(reverse(name, kwargs=kwargs(world)))
    assert response.status_code == 200
    # A download (a receipt photo, a PDF) is streamed and may not be text: read what text it has.
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode(errors="replace")
    leaked = _found(body, _forbidden(world, role))
    assert not leaked, f"{name} as {role} shows {leaked}"


@pytest.mark.parametrize("route,role", API_CASES, ids=[f"{r[0]} {r[1]} as {role}" for r, role in API_CASES])
def test_api_reads_return_nothing_the_role_may_not_see(client, world, route, role):
    path, _, _ = API[route]
    client.force_login(world.user(role))
    response = client.get("/api/v1" + path(world))
    assert response.status_code == 200
    leaked = _found(response.content.decode(), _forbidden(world, role))
    assert not leaked, f"{route} as {role} returns {leaked}"


def test_the_content_checks_would_catch_a_leak(client, world):
    """The checks are not vacuous: a coordinator's pages do show the names a facilitator must not see."""
    client.force_login(world.coordinator)
    body = client.get(reverse("people:coach_detail", kwargs={"coach_id": world.coach.pk})).content.decode()
    assert _found(body, _forbidden(world, "facilitator"))
