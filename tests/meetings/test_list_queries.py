"""The alert and safeguarding lists, pages and API, cost the same queries with 2 rows or 20."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from meetings.models import Alert, Concern, Meeting
from tests.factories import ClientFactory
from tests.list_queries import assert_same_queries_with_more_rows

pytestmark = pytest.mark.usefixtures("scoped")


def test_alert_and_concern_lists_do_not_grow_queries_with_rows(as_role, world):
    def add_rows(n: int) -> None:
        for i in range(n):
            meeting = Meeting.objects.create(
                organisation=world.org,
                relationship=world.relationship,
                starts_at=timezone.now() - datetime.timedelta(hours=2 + i),
                channel="face_to_face",
                place_kind="public",
                place="Library",
            )
            Alert.objects.create(organisation=world.org, meeting=meeting, kind="overdue", level=0)
            client = ClientFactory(organisation=world.org, programme=world.programme)
            Concern.objects.create(organisation=world.org, client=client, severity="medium", description="Worried.")

    urls = ["/alerts/", "/safeguarding/", "/api/v1/alerts", "/api/v1/concerns"]
    assert_same_queries_with_more_rows(as_role("coordinator"), urls, add_rows)
