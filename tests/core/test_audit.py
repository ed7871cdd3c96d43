from __future__ import annotations

import pytest

from core.models import AuditEntry

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def test_viewing_a_client_is_audited_with_who_and_where(as_role, world):
    as_role("coach").get(f"/clients/{world.client.pk}/", REMOTE_ADDR="203.0.113.9")
    entry = AuditEntry.objects.get(action="people.client.viewed")
    assert entry.actor == world.coach_user
    assert entry.object_id == str(world.client.pk)
    assert entry.organisation == world.org
    assert entry.ip_address == "203.0.113.9"


def test_changing_a_client_records_old_and_new_values(as_role, world):
    client = as_role("coordinator")
    form = client.get(f"/clients/{world.client.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(area="Gorton", version=world.client.version, preferred_channels=[], programme=world.programme.pk)
    response = client.post(f"/clients/{world.client.pk}/edit/", data)
    assert response.status_code == 302, response.content
    entry = AuditEntry.objects.get(action="people.client.changed")
    assert entry.changes == {"area": ["", "Gorton"]}


def test_audit_entries_cannot_be_changed_or_deleted(world):
    entry = AuditEntry.objects.create(organisation=world.org, actor_label="x", action="people.client.viewed")
    entry.action = "something.else"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_org_admin_filters_the_audit_trail(as_role, world):
    as_role("coordinator").get(f"/clients/{world.client.pk}/")
    client = as_role("orgadmin")
    response = client.get("/audit/", {"action": "viewed", "actor_label": "t-coordinator"})
    assert response.status_code == 200
    entries = list(response.context["page"])
    assert entries and all(e.action == "people.client.viewed" for e in entries)
    response = client.get("/audit/", {"actor_label": "nobody"})
    assert list(response.context["page"]) == []


def test_another_organisation_never_sees_our_audit_trail(client, world):
    from tests.factories import StaffMemberFactory, UserFactory

    admin = StaffMemberFactory(user=UserFactory(organisation=world.outsider_org, role="org_admin")).user
    client.force_login(world.coordinator)
    client.get(f"/clients/{world.client.pk}/")
    client.force_login(admin)
    response = client.get("/audit/")
    assert all(e.organisation_id == world.outsider_org.pk for e in response.context["page"])
