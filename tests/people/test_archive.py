"""People and programmes are archived, never deleted by an ordinary action (issue 12)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils import timezone

from core.models import AuditEntry
from journeys.models import CheckIn, Relationship
from meetings.models import Alert, Concern, Meeting
from organisations.models import Programme, User
from organisations.services import programme_archive, programme_restore
from people import services
from people.models import Client, Coach, StaffMember
from tests.factories import CheckInFactory, ClientFactory, CoachFactory, RelationshipFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _client_with_history(world):
    """A client whose relationship has ended, with meetings and check-ins: archivable."""
    client = ClientFactory(organisation=world.org, programme=world.programme, first_name="Olga", last_name="Nowak")
    relationship = RelationshipFactory(
        client=client,
        coach=world.other_coach,
        programme=world.programme,
        status=Relationship.Status.ENDED,
        ended_on=timezone.localdate(),
    )
    CheckInFactory(relationship=relationship)
    CheckInFactory(relationship=relationship)
    Meeting.objects.create(
        organisation=world.org,
        relationship=relationship,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        channel="phone",
    )
    return client


# --- clients ---------------------------------------------------------------------------------


def test_the_delete_api_no_longer_removes_a_client(as_role, world):
    response = as_role("coordinator").delete(f"/api/v1/clients/{world.client.pk}")
    assert response.status_code == 405
    assert Client.with_archived.filter(pk=world.client.pk, archived_at__isnull=True).exists()
    assert Concern.objects.filter(client=world.client).count() == 1
    assert Meeting.objects.filter(relationship__client=world.client).exists()


def test_the_database_refuses_to_cascade_a_clients_relationships_away(world):
    with pytest.raises(ProtectedError):
        world.client.delete()
    assert Relationship.objects.filter(client=world.client).exists()


def test_archiving_a_client_is_refused_with_every_reason(world):
    with pytest.raises(ValidationError) as refused:
        services.client_archive(client=world.client)
    reasons = " ".join(refused.value.messages)
    assert "safeguarding concern" in reasons
    assert "safety alert" in reasons
    assert "working with Sam Turner" in reasons
    assert Client.objects.filter(pk=world.client.pk).exists()
    assert not AuditEntry.objects.filter(action="people.client.archived").exists()


def test_the_archive_page_shows_the_reasons_and_keeps_the_client(as_role, world):
    response = as_role("coordinator").post(f"/clients/{world.client.pk}/archive/", follow=True)
    page = response.content.decode()
    assert "cannot be archived" in page and "safeguarding concern" in page
    assert Client.objects.filter(pk=world.client.pk).exists()


def test_archiving_a_client_keeps_their_history_and_audits_what_it_affected(as_role, world):
    client = _client_with_history(world)
    response = as_role("coordinator").post(f"/clients/{client.pk}/archive/")
    assert response.status_code == 302
    assert not Client.objects.filter(pk=client.pk).exists()
    archived = Client.with_archived.get(pk=client.pk)
    assert archived.archived_at is not None and archived.version == 2
    assert Relationship.objects.filter(client=client).count() == 1
    assert CheckIn.objects.filter(relationship__client=client).count() == 2
    entry = AuditEntry.objects.get(action="people.client.archived", object_id=str(client.pk))
    assert entry.actor == world.coordinator
    assert entry.changes["kept"] == {"relationships": 1, "check-ins": 2, "goals": 0, "meetings": 1, "concerns": 0}


def test_an_archived_client_drops_out_of_lists_search_matching_and_counts(as_role, world):
    client = _client_with_history(world)
    waiting = ClientFactory(organisation=world.org, programme=world.programme, first_name="Olga", last_name="Second")
    services.client_archive(client=client)
    coordinator = as_role("coordinator")
    listed = [c.pk for c in coordinator.get("/clients/", {"q": "olga"}).context["page"]]
    assert listed == [waiting.pk]
    api = [c["id"] for c in coordinator.get("/api/v1/clients", {"q": "olga"}).json()["items"]]
    assert api == [waiting.pk]
    assert client.pk not in [c.pk for c in Client.objects.filter(status=Client.Status.WAITING)]
    assert "Olga Nowak" not in coordinator.get("/matching/").content.decode()
    assert coordinator.get(f"/clients/{client.pk}/edit/").status_code == 404
    assert coordinator.get(f"/clients/{client.pk}/pair/").status_code == 404


def test_a_coordinator_lists_opens_and_restores_an_archived_client(as_role, world):
    client = _client_with_history(world)
    services.client_archive(client=client)
    coordinator = as_role("coordinator")
    listed = [c.pk for c in coordinator.get("/clients/", {"status": "archived"}).context["page"]]
    assert listed == [client.pk]
    page = coordinator.get(f"/clients/{client.pk}/").content.decode()
    assert "Archived" in page and "Restore" in page
    assert coordinator.post(f"/clients/{client.pk}/restore/").status_code == 302
    assert Client.objects.filter(pk=client.pk).exists()
    assert AuditEntry.objects.filter(action="people.client.restored", object_id=str(client.pk)).exists()


def test_a_supervisor_cannot_see_or_restore_archived_clients(as_role, world):
    client = _client_with_history(world)
    services.client_archive(client=client)
    supervisor = as_role("supervisor")
    assert supervisor.get(f"/clients/{client.pk}/").status_code == 404
    assert client.pk not in [c.pk for c in supervisor.get("/clients/", {"status": "archived"}).context["page"]]
    assert supervisor.post(f"/clients/{client.pk}/restore/").status_code == 403


def test_archiving_a_client_turns_off_their_sign_in_and_restoring_turns_it_on(world):
    client = _client_with_history(world)
    client.user = User.objects.create(username="olga", organisation=world.org, role="client")
    client.save()
    services.client_archive(client=client)
    assert not User.objects.get(pk=client.user_id).is_active
    entry = AuditEntry.objects.get(action="people.client.archived")
    assert entry.changes["sign_in"] == ["enabled", "disabled"]
    services.client_restore(client=Client.with_archived.get(pk=client.pk))
    assert User.objects.get(pk=client.user_id).is_active


def test_the_api_archives_and_restores_a_client(as_role, world):
    client = _client_with_history(world)
    coordinator = as_role("coordinator")
    refused = coordinator.post(f"/api/v1/clients/{world.client.pk}/archive", content_type="application/json")
    assert refused.status_code == 409 and "safeguarding concern" in str(refused.json()["detail"])
    archived = coordinator.post(f"/api/v1/clients/{client.pk}/archive")
    assert archived.status_code == 200 and archived.json()["archived"] is True
    assert coordinator.get(f"/api/v1/clients/{client.pk}").status_code == 200
    listed = coordinator.get("/api/v1/clients", {"status": "archived"}).json()["items"]
    assert [c["id"] for c in listed] == [client.pk]
    assert coordinator.post(f"/api/v1/clients/{client.pk}/restore").json()["archived"] is False


# --- coaches ---------------------------------------------------------------------------------


def test_archiving_a_coach_with_open_work_is_refused(as_role, world):
    response = as_role("coordinator").post(f"/coaches/{world.coach.pk}/archive/", follow=True)
    assert "working with Jade Wilson" in response.content.decode()
    assert "safety alert" in response.content.decode()
    assert Coach.objects.filter(pk=world.coach.pk).exists()


def test_archiving_a_coach_keeps_their_history_and_drops_them_from_pairing(as_role, world):
    coach = CoachFactory(organisation=world.org, first_name="Kofi", last_name="Mensah")
    RelationshipFactory(
        client=world.other_client, coach=coach, status=Relationship.Status.ENDED, ended_on=timezone.localdate()
    )
    coordinator = as_role("coordinator")
    assert coordinator.post(f"/coaches/{coach.pk}/archive/").status_code == 302
    assert Relationship.objects.filter(coach=coach).count() == 1
    entry = AuditEntry.objects.get(action="people.coach.archived", object_id=str(coach.pk))
    assert entry.changes["kept"]["relationships"] == 1
    waiting = ClientFactory(organisation=world.org, programme=world.programme)
    assert f'value="{coach.pk}"' not in coordinator.get(f"/clients/{waiting.pk}/pair/").content.decode()
    assert f"/coaches/{coach.pk}/" not in coordinator.get("/coaches/").content.decode()
    assert f"/coaches/{coach.pk}/" in coordinator.get("/coaches/", {"status": "archived"}).content.decode()
    assert coordinator.delete(f"/api/v1/coaches/{coach.pk}").status_code == 405
    assert coordinator.post(f"/coaches/{coach.pk}/restore/").status_code == 302
    assert Coach.objects.filter(pk=coach.pk).exists()


# --- staff -----------------------------------------------------------------------------------


def test_archiving_staff_turns_off_their_sign_in_and_keeps_the_record(as_role, world):
    staff = world.supervisor.staff_profile
    admin = as_role("orgadmin")
    assert admin.post(f"/staff/{staff.pk}/archive/").status_code == 302
    assert not User.objects.get(pk=world.supervisor.pk).is_active
    assert StaffMember.with_archived.filter(pk=staff.pk).exists()
    assert f"/staff/{staff.pk}/" not in admin.get("/staff/").content.decode()
    assert f"/staff/{staff.pk}/" in admin.get("/staff/", {"archived": "1"}).content.decode()
    entry = AuditEntry.objects.get(action="people.staff.archived", object_id=str(staff.pk))
    assert entry.changes["sign_in"] == ["enabled", "disabled"]
    assert admin.post(f"/staff/{staff.pk}/restore/").status_code == 302
    assert User.objects.get(pk=world.supervisor.pk).is_active


def test_staff_cannot_archive_themselves(as_role, world):
    response = as_role("orgadmin").post(f"/staff/{world.orgadmin.staff_profile.pk}/archive/", follow=True)
    assert "cannot archive yourself" in response.content.decode()
    assert User.objects.get(pk=world.orgadmin.pk).is_active


def test_staff_with_an_unresolved_alert_cannot_be_archived(world):
    Alert.objects.filter(pk=world.alert.pk).update(recipient=world.supervisor)
    with pytest.raises(ValidationError) as refused:
        services.staff_archive(staff=world.supervisor.staff_profile)
    assert "safety alert" in " ".join(refused.value.messages)


# --- programmes ------------------------------------------------------------------------------


def test_a_programme_with_people_in_it_cannot_be_archived(world):
    with pytest.raises(ValidationError) as refused:
        programme_archive(programme=world.programme)
    reasons = " ".join(refused.value.messages)
    assert "still open" in reasons


def test_an_emptied_programme_is_archived_and_restored(as_role, world):
    programme = Programme.objects.create(
        organisation=world.org, name="Old one", kind="coaching", min_months=3, max_months=6
    )
    coordinator = as_role("coordinator")
    assert coordinator.post(f"/programmes/{programme.pk}/archive/").status_code == 302
    assert f"/programmes/{programme.pk}/" not in coordinator.get("/programmes/").content.decode()
    assert f"/programmes/{programme.pk}/" in coordinator.get("/programmes/", {"archived": "1"}).content.decode()
    assert "Old one" not in coordinator.get("/clients/new/").content.decode()
    assert AuditEntry.objects.filter(action="organisations.programme.archived").exists()
    programme_restore(programme=Programme.with_archived.get(pk=programme.pk))
    assert Programme.objects.filter(pk=programme.pk).exists()
