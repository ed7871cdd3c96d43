"""Rules about a pair that hold on every path: the introductory visit before working together, and
an ending about the pair keeping that coach away from that client for good."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from journeys import services
from journeys.models import Ending, Relationship
from matching.models import IntroVisit, KnownConnection
from matching.selectors import suggestions_of
from tests.factories import ClientFactory, RelationshipFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _introducing(world, **overrides):
    client = ClientFactory(organisation=world.org, programme=world.programme, first_name="Nadia", status="matched")
    return RelationshipFactory(
        client=client, coach=world.other_coach, status=Relationship.Status.INTRODUCING, **overrides
    )


def _visit(world, relationship):
    return IntroVisit.objects.create(
        organisation=world.org,
        relationship=relationship,
        number=1,
        held_on=timezone.localdate(),
        worker=world.coordinator,
        client_feedback="Good",
        coach_feedback="Good",
        worker_feedback="Good",
    )


# --- the introductory visit ------------------------------------------------------------------


def test_the_service_refuses_to_start_working_together_with_no_introductory_visit(world):
    relationship = _introducing(world)
    with pytest.raises(ValidationError) as refused:
        services.relationship_activate(relationship=relationship, expected_version=relationship.version)
    assert "introductory visit" in str(refused.value)
    relationship.refresh_from_db()
    assert relationship.status == "introducing"


def test_the_relationship_page_button_keeps_the_same_rule(as_role, world):
    relationship = _introducing(world)
    response = as_role("coordinator").post(
        f"/relationships/{relationship.pk}/start/", {"version": relationship.version}, follow=True
    )
    assert "at least one introductory visit" in response.content.decode()
    relationship.refresh_from_db()
    assert relationship.status == "introducing"


def test_the_api_keeps_the_same_rule(as_role, world):
    relationship = _introducing(world)
    response = as_role("coordinator").post(
        f"/api/v1/relationships/{relationship.pk}/confirm",
        {"version": relationship.version},
        content_type="application/json",
    )
    assert response.status_code in (400, 422), response.content
    relationship.refresh_from_db()
    assert relationship.status == "introducing"


def test_after_one_visit_they_can_start_working_together(world):
    relationship = _introducing(world)
    _visit(world, relationship)
    services.relationship_activate(relationship=relationship, expected_version=relationship.version)
    relationship.refresh_from_db()
    assert relationship.status == "active"


def test_starting_again_after_a_pause_needs_no_visit(world):
    relationship = world.relationship
    services.relationship_pause(relationship=relationship, reason="Away", expected_return_on=None, expected_version=1)
    services.relationship_activate(relationship=relationship, expected_version=relationship.version)
    relationship.refresh_from_db()
    assert relationship.status == "active"


# --- an ending about the pair ------------------------------------------------------------------


def _end_unplanned(relationship, reason, next_step=Ending.NextStep.REMATCH):
    return services.relationship_end(
        relationship=relationship,
        expected_version=relationship.version,
        planned=False,
        ended_on=timezone.localdate(),
        reason=reason,
        reason_detail="They did not get on",
        next_step=next_step,
    )


@pytest.mark.parametrize(
    "reason", [Ending.Reason.CLASH_OF_BELIEFS, Ending.Reason.CLIENT_ASKED_FOR_SOMEONE_ELSE, Ending.Reason.CONDUCT]
)
def test_an_ending_about_the_pair_records_a_known_connection(world, reason):
    relationship = world.relationship
    _end_unplanned(relationship, reason)
    connection = KnownConnection.objects.get(client=relationship.client, coach=relationship.coach)
    assert Ending(reason=reason).get_reason_display().lower() in connection.note.lower()


def test_an_ending_for_another_reason_records_none(world):
    _end_unplanned(world.relationship, Ending.Reason.PHYSICAL_HEALTH)
    assert not KnownConnection.objects.filter(client=world.relationship.client, coach=world.coach).exists()


def test_after_a_clash_of_beliefs_that_coach_is_not_suggested_again(world):
    relationship = world.relationship
    _end_unplanned(relationship, Ending.Reason.CLASH_OF_BELIEFS)
    client = relationship.client
    client.refresh_from_db()
    assert client.status == "waiting"
    suggested = {c.coach_id for c in suggestions_of(client, limit=None).candidates}
    assert relationship.coach_id not in suggested
    with pytest.raises(ValidationError):
        services.relationship_start(
            client=client,
            coach=relationship.coach,
            programme=relationship.programme,
            started_on=timezone.localdate() + datetime.timedelta(days=1),
            planned_months=relationship.programme.min_months,
        )


def test_undoing_the_ending_lifts_the_connection_it_made(world):
    relationship = world.relationship
    _end_unplanned(relationship, Ending.Reason.CONDUCT)
    relationship.refresh_from_db()
    services.relationship_undo_end(relationship=relationship)
    assert not KnownConnection.objects.filter(client=relationship.client, coach=relationship.coach).exists()


def test_undoing_keeps_a_connection_recorded_before_the_ending(world):
    relationship = world.relationship
    KnownConnection.objects.create(
        organisation=world.org, client=relationship.client, coach=relationship.coach, note="Neighbours"
    )
    _end_unplanned(relationship, Ending.Reason.CONDUCT)
    relationship.refresh_from_db()
    services.relationship_undo_end(relationship=relationship)
    assert KnownConnection.objects.get(client=relationship.client, coach=relationship.coach).note == "Neighbours"
