"""Query counts on matching's lists and API lists: the same for a few rows as for many."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matching.models import BulkProposal, BulkRun
from tests.factories import ClientFactory, CoachFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _run_with(world, count: int) -> BulkRun:
    run = BulkRun.objects.create(organisation=world.org, programme=world.programme, status="done", clients=count)
    coaches = [CoachFactory(organisation=world.org, first_name=f"Alt{n}") for n in range(3)]
    for n in range(count):
        client = ClientFactory(
            organisation=world.org, programme=world.programme, first_name=f"Bulk{n}", status="waiting",
            referral_date=timezone.localdate() - datetime.timedelta(days=n),
        )  # fmt: skip
        BulkProposal.objects.create(
            organisation=world.org, run=run, client=client, coach=coaches[n % 3], score=50,
            alternatives=[[c.pk, 40.0] for c in coaches],
        )  # fmt: skip
    return run


def _queries(user, url: str) -> int:
    user.get(url)  # the session settles
    with CaptureQueriesContext(connection) as queries:
        assert user.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/bulk-matching/{}/", "/api/v1/bulk-runs/{}"])
def test_a_bulk_runs_proposals_cost_the_same_queries_for_few_and_many(as_role, world, path):
    coordinator = as_role("coordinator")
    few = _queries(coordinator, path.format(_run_with(world, 2).pk))
    many = _queries(coordinator, path.format(_run_with(world, 30).pk))
    assert many == few


def test_the_suggestions_page_and_api_cost_the_same_queries_with_more_coaches(as_role, world):
    client = ClientFactory(organisation=world.org, programme=world.programme, first_name="Maria", status="waiting",
                           referral_date=timezone.localdate(), interests="cycling")  # fmt: skip
    coordinator = as_role("coordinator")
    page, api = f"/clients/{client.pk}/suggestions/", f"/api/v1/clients/{client.pk}/suggestions"
    few = (_queries(coordinator, page), _queries(coordinator, api))
    for n in range(15):
        CoachFactory(organisation=world.org, first_name=f"More{n}", interests="cycling")
    assert (_queries(coordinator, page), _queries(coordinator, api)) == few


def test_how_matches_went_costs_the_same_queries_however_many_matches(as_role, world):
    from matching.models import MatchRecord

    coordinator = as_role("coordinator")
    few = _queries(coordinator, "/matching/outcomes/")
    MatchRecord.objects.create(organisation=world.org, relationship=world.relationship, score=70, values={"age": 1})
    assert _queries(coordinator, "/matching/outcomes/") == few
