"""Archived people get no reminders, and nobody is archived with a meeting still in the diary:
the coach would be expected at a meeting that will not happen, and the safety sweep would raise
an alert when they never check out of it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from journeys.models import Relationship
from meetings import reminders
from meetings.models import Meeting
from people import services as people_services
from people.models import Client, Coach
from tests.factories import ClientFactory, RelationshipFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _planned(relationship, *, hours=20) -> Meeting:
    meeting = Meeting.objects.create(
        organisation=relationship.organisation,
        relationship=relationship,
        starts_at=timezone.now() + datetime.timedelta(hours=hours),
        channel="phone",
    )
    Meeting.objects.filter(pk=meeting.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    return meeting


@pytest.mark.parametrize("who", ["client", "coach"])
def test_a_meeting_planned_with_an_archived_person_sends_no_reminder(
    world, who, mailoutbox, django_capture_on_commit_callbacks
):
    world.client.email, world.coach.email = "jade@example.org", "sam@example.org"
    world.client.save()
    world.coach.save()
    meeting = _planned(world.relationship)
    # Archived some other way than the guarded service (an import, a record archived before
    # the guard existed): the reminder must still not go.
    model = Client if who == "client" else Coach
    model.with_archived.filter(pk=getattr(world, who).pk).update(archived_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders() == 0
    assert mailoutbox == []
    meeting.refresh_from_db()
    assert meeting.reminded_at is None


def test_a_live_persons_meeting_is_still_reminded(world, mailoutbox, django_capture_on_commit_callbacks):
    world.client.email = "jade@example.org"
    world.client.save()
    _planned(world.relationship)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders() == 1
    assert ["jade@example.org"] in [m.to for m in mailoutbox]


def _ended_pair(world):
    client = ClientFactory(organisation=world.org, programme=world.programme, first_name="Olga", last_name="Nowak")
    relationship = RelationshipFactory(
        client=client,
        coach=world.other_coach,
        programme=world.programme,
        status=Relationship.Status.ENDED,
        ended_on=timezone.localdate(),
    )
    return client, relationship


def test_archiving_a_client_with_a_meeting_still_planned_is_refused_with_the_reason(world):
    client, relationship = _ended_pair(world)
    _planned(relationship, hours=48)
    with pytest.raises(ValidationError) as refused:
        people_services.client_archive(client=client)
    assert any("1 meeting with Olga Nowak is still planned" in m for m in refused.value.messages)
    assert Client.objects.filter(pk=client.pk).exists()


def test_archiving_a_coach_with_a_meeting_still_planned_is_refused(world):
    client, relationship = _ended_pair(world)
    _planned(relationship, hours=48)
    with pytest.raises(ValidationError) as refused:
        people_services.coach_archive(coach=world.other_coach)
    assert any("still planned" in m for m in refused.value.messages)


def test_a_cancelled_or_past_meeting_does_not_stop_an_archive(world):
    client, relationship = _ended_pair(world)
    cancelled = _planned(relationship, hours=48)
    Meeting.objects.filter(pk=cancelled.pk).update(outcome=Meeting.Outcome.CANCELLED_BY_COACH)
    _planned(relationship, hours=-48)
    people_services.client_archive(client=client)
    assert Client.with_archived.get(pk=client.pk).archived
