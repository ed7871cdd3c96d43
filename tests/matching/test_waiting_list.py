"""The waiting list: paged, filtered by programme, wait and "nobody suits", each page scored as
one matrix, and the same number of queries however many are waiting."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import AuditEntry
from matching.models import ClientProfile
from tests.factories import ClientFactory, CoachFactory, ProgrammeFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _waiting(world, n, *, days=10, programme=None, **fields):
    return ClientFactory(
        organisation=world.org,
        programme=programme or world.programme,
        first_name=f"Wait{n:03d}",
        last_name="Person",
        status="waiting",
        interests="cycling",
        referral_date=timezone.localdate() - datetime.timedelta(days=days),
        **fields,
    )


def _names(body: str) -> list[str]:
    return [part.split("<")[0].strip() for part in body.split('class="row-title"')[1:]]


def test_the_list_is_paged_longest_wait_first(as_role, world):
    for n in range(30):
        _waiting(world, n, days=100 - n)
    coordinator = as_role("coordinator")
    first = coordinator.get("/matching/").content.decode()
    names = _names(first)
    assert len(names) == 25 and names[0].endswith("Wait000 Person")
    assert "Page 1 of 2" in first and "30 clients waiting" in first
    second = _names(coordinator.get("/matching/?page=2").content.decode())
    assert len(second) == 5 and second[-1].endswith("Wait029 Person")
    assert AuditEntry.objects.filter(action="matching.waiting_list.listed").latest("pk").changes["total"] == 30


def test_filters_by_programme_wait_and_nobody_suits(as_role, world):
    other = ProgrammeFactory(organisation=world.org, name="Housing First")
    _waiting(world, 1, days=5)
    _waiting(world, 2, days=70)
    _waiting(world, 3, days=40, programme=other)
    arabic = _waiting(world, 4, days=20)
    ClientProfile.objects.create(organisation=world.org, client=arabic, must_speak="Arabic")
    coordinator = as_role("coordinator")

    def shown(query):
        return {name.split()[-2][-1] for name in _names(coordinator.get(f"/matching/?{query}").content.decode())}

    assert shown("") == {"1", "2", "3", "4"}
    assert shown(f"programme={other.pk}") == {"3"}
    assert shown("wait=8") == {"2"}
    assert shown("wait=4") == {"2", "3"}
    assert shown(f"programme={world.programme.pk}&wait=4") == {"2"}
    body = coordinator.get("/matching/?nobody=1").content.decode()
    assert {n.split()[-2][-1] for n in _names(body)} >= {"4"} and "No ready coach speaks Arabic." in body
    assert "Best suggestion" not in body  # only those nobody suits
    assert shown("nobody=1&wait=4") <= {"2", "3"}
    # Nonsense in the query string is ignored, not an error.
    assert coordinator.get("/matching/?programme=abc&wait=99&page=zz").status_code == 200


def test_nobody_suits_keeps_exactly_the_rows_without_a_suggestion(as_role, world):
    from matching.models import KnownConnection

    knows_sam = _waiting(world, 1)
    KnownConnection.objects.create(organisation=world.org, client=knows_sam, coach=world.coach, note="Neighbour")
    for n, profile in enumerate(
        [{"must_speak": "Arabic"}, {"wants_coach_gender": "man"}, {}, {"circumstances": ["alcohol"]}]
    ):
        client = _waiting(world, n + 2)
        ClientProfile.objects.create(organisation=world.org, client=client, **profile)
    coordinator = as_role("coordinator")
    rows = coordinator.get("/matching/").content.decode().split('class="row-title"')[1:]
    without = {_names('class="row-title"' + row)[0] for row in rows if "Best suggestion" not in row}
    kept = set(_names(coordinator.get("/matching/?nobody=1").content.decode()))
    assert kept == without
    assert any(name.endswith("Wait002 Person") for name in kept)  # nobody speaks Arabic


def test_htmx_gets_just_the_results(as_role, world):
    _waiting(world, 1)
    body = as_role("coordinator").get("/matching/?wait=4", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="results"' in body and "<html" not in body


@pytest.mark.parametrize("nobody", ["", "1"])
def test_the_query_count_is_the_same_for_few_and_many_waiting(as_role, world, nobody):
    for n in range(3):
        _waiting(world, n)
    ClientProfile.objects.create(organisation=world.org, client=_waiting(world, 99), must_speak="Arabic")
    user = as_role("coordinator")
    user.get("/matching/")  # the session settles
    with CaptureQueriesContext(connection) as few:
        user.get(f"/matching/?nobody={nobody}")
    for n in range(3, 40):
        client = _waiting(world, n, days=n)
        if n % 3 == 0:
            ClientProfile.objects.create(organisation=world.org, client=client, must_speak="Arabic")
        CoachFactory(organisation=world.org, first_name=f"Coach{n}")
    with CaptureQueriesContext(connection) as many:
        user.get(f"/matching/?nobody={nobody}")
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
