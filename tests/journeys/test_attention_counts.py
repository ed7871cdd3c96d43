"""The staff home's and the relationship list's attention counts, one index-read count each,
agree with the list filters they link to."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from journeys import selectors
from journeys.models import Relationship, Review
from tests.factories import ClientFactory, RelationshipFactory

pytestmark = pytest.mark.usefixtures("scoped")


def _relationship(world, **dates) -> Relationship:
    return RelationshipFactory(client=ClientFactory(organisation=world.org, programme=world.programme), **dates)


def test_each_count_matches_its_list_filter(world):
    today = timezone.localdate()
    past, soon = today - datetime.timedelta(days=3), today + datetime.timedelta(days=10)
    both = _relationship(world, midpoint_review_on=past, end_review_on=past, planned_end_on=soon)
    _relationship(world, midpoint_review_on=past)
    done = _relationship(world, midpoint_review_on=past)
    Review.objects.create(
        organisation=world.org, relationship=done, kind=Review.Kind.MIDPOINT, held_on=past, summary="Fine"
    )
    _relationship(world, check_in_due_on=past)
    _relationship(world, status=Relationship.Status.PAUSED, end_review_on=past)
    ended = _relationship(world, midpoint_review_on=past, status=Relationship.Status.ENDED, ended_on=today)
    assert both.pk and ended.pk

    counts = selectors.attention_counts(world.coordinator)

    for attention in ("check_in_overdue", "review_due", "ending_soon", "paused"):
        listed = selectors.relationship_list(user=world.coordinator, attention=attention).count()
        assert counts[attention] == listed, attention
    # The one due both reviews is counted once.
    assert counts["review_due"] == 3


def test_the_counts_are_one_query_however_many_relationships(world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.attention_counts(world.coordinator)
        return len(captured)

    few = queries()
    for _ in range(20):
        _relationship(world, midpoint_review_on=timezone.localdate() - datetime.timedelta(days=1))
    assert queries() == few == 1


def test_a_coach_counts_only_their_own(world):
    _relationship(world, check_in_due_on=timezone.localdate() - datetime.timedelta(days=1))
    mine = selectors.relationship_list(user=world.coach_user, attention="check_in_overdue").count()
    assert selectors.attention_counts(world.coach_user)["check_in_overdue"] == mine
