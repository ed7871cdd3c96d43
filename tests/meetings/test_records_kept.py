"""Safeguarding concerns, safety alerts and meetings are protected in the database: deleting the
record they hang from fails, and leaves every one of them in place."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from journeys.models import Relationship
from meetings.models import Alert, Concern, ConcernAction, Meeting
from people.models import Client
from tests.factories import ClientFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _everything_kept(world) -> None:
    assert Client.objects.filter(pk=world.client.pk).exists()
    assert Relationship.objects.filter(pk=world.relationship.pk).exists()
    assert Meeting.objects.filter(pk=world.meeting.pk).exists()
    assert Alert.objects.filter(pk=world.alert.pk).exists()
    assert Concern.objects.filter(pk=world.concern.pk).exists()
    assert ConcernAction.objects.filter(concern=world.concern).count() == 1


@pytest.fixture
def records(world):
    ConcernAction.objects.create(organisation=world.org, concern=world.concern, text="Rang the duty team.")
    return world


def test_deleting_a_client_with_a_concern_and_an_alert_is_refused_and_keeps_everything(records):
    with pytest.raises(ProtectedError), transaction.atomic():
        records.client.delete()
    _everything_kept(records)


def test_deleting_a_client_with_only_a_concern_is_refused(world):
    client = ClientFactory(organisation=world.org, programme=world.programme, first_name="Ava")
    concern = Concern.objects.create(organisation=world.org, client=client, severity="low", description="Worried.")
    with pytest.raises(ProtectedError) as refused, transaction.atomic():
        client.delete()
    assert list(refused.value.protected_objects) == [concern]
    assert Client.objects.filter(pk=client.pk).exists() and Concern.objects.filter(pk=concern.pk).exists()


def test_deleting_a_meeting_with_an_alert_is_refused_and_keeps_everything(records):
    with pytest.raises(ProtectedError), transaction.atomic():
        records.meeting.delete()
    _everything_kept(records)


def test_deleting_a_meeting_a_concern_was_raised_from_is_refused(records):
    Alert.objects.all().delete()
    Concern.objects.filter(pk=records.concern.pk).update(meeting=records.meeting)
    with pytest.raises(ProtectedError), transaction.atomic():
        records.meeting.delete()
    assert Concern.objects.get(pk=records.concern.pk).meeting_id == records.meeting.pk


def test_deleting_a_relationship_with_meetings_is_refused(records):
    with pytest.raises(ProtectedError), transaction.atomic():
        records.relationship.delete()
    _everything_kept(records)


def test_deleting_a_concern_with_actions_is_refused(records):
    with pytest.raises(ProtectedError), transaction.atomic():
        records.concern.delete()
    _everything_kept(records)


def test_a_coordinator_archiving_a_client_with_history_is_told_why_not_and_nothing_goes(records, as_role):
    # The page's "delete" is an archive; with an open concern and an unresolved alert it is refused.
    url = reverse("people:client_delete", kwargs={"client_id": records.client.pk})
    page = as_role("coordinator").post(url, follow=True).content.decode()
    assert "still open. A safeguarding lead must close it first." in page
    assert "not been resolved" in page
    _everything_kept(records)
    assert Client.objects.get(pk=records.client.pk).archived_at is None
