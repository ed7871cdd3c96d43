"""A client's place on the waiting list comes from their relationships, and is written only
through people's own service: never by a form, and never by another app's `.update()`."""

from __future__ import annotations

import pytest
from django.utils import timezone

from core.models import AuditEntry
from journeys import services as journey_services
from journeys.models import Relationship
from people.forms import ClientForm
from people.models import Client, Coach
from recruitment import services as recruitment_services
from recruitment.models import Application
from tests.factories import ClientFactory, CoachFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _edit_data(client: Client, version: int, **overrides) -> dict:
    data = {
        "first_name": client.first_name,
        "last_name": client.last_name,
        "programme": client.programme_id,
        "status": "waiting",  # what a form opened before the pairing would have sent back
        "referral_source": client.referral_source,
        "referral_date": client.referral_date.isoformat(),
        "consent_given_on": client.consent_given_on.isoformat(),
        "language": client.language,
        "version": version,
    }
    data.update(overrides)
    return data


def test_a_stale_client_form_cannot_put_a_paired_client_back_on_the_waiting_list(as_role, world):
    waiting = ClientFactory(organisation=world.org, programme=world.programme)
    coordinator = as_role("coordinator")
    opened_at = coordinator.get(f"/clients/{waiting.pk}/edit/").context["form"].instance.version
    coach = CoachFactory(organisation=world.org)
    from training.models import Acknowledgement

    Acknowledgement.objects.create(organisation=world.org, coach=coach, version=world.agreement_version)
    journey_services.relationship_start(
        client=waiting,
        coach=coach,
        programme=world.programme,
        started_on=timezone.localdate(),
        planned_months=world.programme.min_months,
    )
    coordinator.post(f"/clients/{waiting.pk}/edit/", _edit_data(waiting, opened_at, area="Gorton"))
    waiting.refresh_from_db()
    assert waiting.status == Client.Status.MATCHED
    assert Relationship.objects.filter(client=waiting, status__in=Relationship.OPEN_STATUSES).exists()


def test_the_client_form_has_no_status_field(world):
    assert "status" not in ClientForm(organisation=world.org).fields


def _matched(world) -> Client:
    # The world's client works with a coach; give them the status that goes with it.
    Client.objects.filter(pk=world.client.pk).update(status=Client.Status.MATCHED)
    world.client.refresh_from_db()
    return world.client


def test_the_api_cannot_set_a_clients_status(as_role, world):
    _matched(world)
    coordinator = as_role("coordinator")
    response = coordinator.patch(
        f"/api/v1/clients/{world.client.pk}",
        {"version": world.client.version, "status": "waiting"},
        content_type="application/json",
    )
    world.client.refresh_from_db()
    assert world.client.status == Client.Status.MATCHED
    assert response.status_code in (200, 422)


def test_pairing_and_ending_bump_the_clients_version_and_are_audited(world):
    version = _matched(world).version
    journey_services.relationship_end(
        relationship=world.relationship,
        expected_version=world.relationship.version,
        planned=False,
        ended_on=timezone.localdate(),
        reason="clash_of_beliefs",
        next_step="rematch",
    )
    client = Client.objects.get(pk=world.client.pk)
    assert client.status == Client.Status.WAITING and client.version == version + 1
    entry = AuditEntry.objects.get(action="people.client.status_changed", object_id=str(client.pk))
    assert entry.changes == {"status": ["matched", "waiting"]}
    journey_services.relationship_undo_end(relationship=Relationship.objects.get(pk=world.relationship.pk))
    client.refresh_from_db()
    assert client.status == Client.Status.MATCHED and client.version == version + 2


def test_moving_an_applicant_changes_the_coach_status_through_people(world):
    move = recruitment_services.application_move
    application = move(application=world.application, to_stage="checks", note="", expected_version=1)
    coach = application.coach
    version = Coach.objects.get(pk=coach.pk).version
    move(application=Application.objects.get(pk=application.pk), to_stage="paused", note="", expected_version=2)
    coach = Coach.objects.get(pk=coach.pk)
    assert coach.status == Coach.Status.PAUSED and coach.version == version + 1
    assert AuditEntry.objects.filter(action="people.coach.status_changed", object_id=str(coach.pk)).exists()


def test_a_coordinator_takes_a_waiting_client_off_the_list_and_back(as_role, world):
    waiting = ClientFactory(organisation=world.org, programme=world.programme)
    coordinator = as_role("coordinator")
    assert coordinator.post(f"/clients/{waiting.pk}/withdraw/", {"version": waiting.version}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Client.Status.WITHDRAWN and waiting.version == 2
    stale = coordinator.post(f"/clients/{waiting.pk}/waiting-list/", {"version": 1}, follow=True)
    assert "Someone else changed this record" in stale.content.decode()
    assert coordinator.post(f"/clients/{waiting.pk}/waiting-list/", {"version": 2}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Client.Status.WAITING
    assert AuditEntry.objects.filter(action="people.client.status_changed", object_id=str(waiting.pk)).count() == 2


def test_a_client_working_with_a_coach_cannot_be_withdrawn_by_hand(as_role, world):
    client = _matched(world)
    response = as_role("coordinator").post(f"/clients/{client.pk}/withdraw/", {"version": client.version}, follow=True)
    assert "End the relationship" in response.content.decode()
    client.refresh_from_db()
    assert client.status == Client.Status.MATCHED
