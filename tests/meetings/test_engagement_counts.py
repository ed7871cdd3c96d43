"""The counts behind "clients who have stopped coming" are kept on each relationship as meetings
are recorded, so the staff home reads them from an index instead of counting every meeting."""

from __future__ import annotations

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from journeys.models import Relationship
from meetings import services
from meetings.models import Meeting
from meetings.selectors import engagement_flags
from tests.factories import ClientFactory, RelationshipFactory

pytestmark = pytest.mark.usefixtures("scoped")


def _counts(relationship) -> tuple[datetime.datetime | None, int]:
    stored = Relationship.objects.get(pk=relationship.pk)
    return stored.last_met_at, stored.missed_in_a_row


@pytest.fixture
def relationship(world):
    """A relationship of two months with no meetings yet."""
    client = ClientFactory(organisation=world.org, programme=world.programme)
    return RelationshipFactory(client=client, started_on=timezone.localdate() - datetime.timedelta(days=60))


def _plan(relationship, days_ago: int) -> Meeting:
    starts_at = timezone.now() - datetime.timedelta(days=days_ago)
    return services.meeting_schedule(relationship=relationship, starts_at=starts_at, channel="phone")


def _record(meeting: Meeting, outcome: str) -> None:
    meeting.refresh_from_db()
    services.meeting_update(meeting=meeting, expected_version=meeting.version, outcome=outcome)


def test_recording_outcomes_through_the_service_keeps_the_counts(relationship):
    happened = _plan(relationship, 30)
    missed = [_plan(relationship, days) for days in (20, 15, 10)]
    assert not any(r.pk == relationship.pk for r, _ in engagement_flags())

    _record(happened, "attended")
    for meeting, outcome in zip(missed, ["did_not_attend", "cancelled_client", "did_not_attend"], strict=True):
        _record(meeting, outcome)

    happened.refresh_from_db()
    assert _counts(relationship) == (happened.starts_at, 3)
    flags = {r.pk: facts for r, facts in engagement_flags()}
    assert flags[relationship.pk] == f"missed or cancelled 3 meetings in a row since {happened.starts_at:%-d %b}"

    # A cancellation by the coach neither counts nor breaks the run; a meeting that happened does.
    _record(_plan(relationship, 5), "cancelled_coach")
    assert _counts(relationship)[1] == 3
    latest = _plan(relationship, 2)
    _record(latest, "late")
    latest.refresh_from_db()
    assert _counts(relationship) == (latest.starts_at, 0)
    assert not any(r.pk == relationship.pk for r, _ in engagement_flags())


def test_a_meeting_changed_back_is_counted_again(relationship):
    assert _counts(relationship) == (None, 0)
    meetings = [_plan(relationship, days) for days in (12, 8, 4)]
    for meeting in meetings:
        _record(meeting, "did_not_attend")
    assert _counts(relationship) == (None, 3)
    _record(meetings[0], "scheduled")
    assert _counts(relationship) == (None, 2)


def test_the_flags_cost_the_same_queries_however_many_relationships(world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            engagement_flags()
        return len(captured)

    few = queries()
    for _ in range(20):
        other = RelationshipFactory(client=ClientFactory(organisation=world.org, programme=world.programme))
        for days in (9, 6, 3):
            Meeting.objects.create(
                organisation=world.org,
                relationship=other,
                starts_at=timezone.now() - datetime.timedelta(days=days),
                channel="phone",
                outcome="did_not_attend",
            )
    assert len(engagement_flags()) == 10
    assert queries() == few


def test_the_migration_counts_the_meetings_already_recorded(world, relationship):
    base = timezone.now() - datetime.timedelta(days=20)
    for n, outcome in enumerate(["attended", "did_not_attend", "cancelled_client", "scheduled"]):
        Meeting.objects.create(
            organisation=world.org,
            relationship=relationship,
            starts_at=base + datetime.timedelta(days=4 * n),
            channel="phone",
            outcome=outcome,
        )
    expected = _counts(relationship)
    assert expected == (base, 2)
    Relationship.objects.update(last_met_at=None, missed_in_a_row=0)

    migration = importlib.import_module("journeys.migrations.0006_relationship_engagement_counts")
    # It uses only the editor's connection (a real schema editor cannot open inside a test's
    # transaction on SQLite).
    migration.count_existing(None, SimpleNamespace(connection=connection))

    assert _counts(relationship) == expected
