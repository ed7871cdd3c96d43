"""The people around a client: other professionals, how to reach them, what may be shared; a
coach sees their contact details only where the client agreed; a multi-agency meeting records who came."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.models import AuditEntry
from people import services
from people.models import AgencyMeeting, Professional

pytestmark = pytest.mark.usefixtures("scoped")


def _add(client, **fields):
    values = {
        "kind": "housing_officer",
        "name": "Pat Green",
        "agency": "Riverside Homes",
        "phone": "0161 555 0100",
        "email": "pat.green@example.org",
        "may_share": "Her rent payment plan",
        "coach_may_contact": False,
    }
    values.update(fields)
    return services.professional_add(client=client, **values)


def test_a_coordinator_adds_a_professional_and_it_is_audited(as_role, world):
    response = as_role("coordinator").post(
        f"/clients/{world.client.pk}/professionals/new/",
        {
            "kind": "social_worker",
            "name": "Dee Osei",
            "agency": "Children's services",
            "phone": "0161 555 0199",
            "email": "",
            "how_to_reach": "Mondays",
            "may_share": "Attendance only",
        },
    )
    assert response.status_code == 302
    professional = Professional.objects.get(name="Dee Osei")
    assert professional.client == world.client and professional.involved
    assert AuditEntry.objects.filter(action="people.professional.created", object_id=str(professional.pk)).exists()


def test_staff_see_every_contact_detail(as_role, world):
    _add(world.client)
    page = as_role("coordinator").get(f"/clients/{world.client.pk}/").content.decode()
    assert "Pat Green" in page and "0161 555 0100" in page and "Her rent payment plan" in page


def test_a_coach_sees_contact_details_only_where_the_client_agreed(as_role, world):
    _add(world.client)
    _add(world.client, kind="gp", name="Dr Shah", phone="0161 555 0222", email="", coach_may_contact=True)
    page = as_role("coach").get(f"/clients/{world.client.pk}/").content.decode()
    assert "Pat Green" in page and "0161 555 0100" not in page and "pat.green@example.org" not in page
    assert "Dr Shah" in page and "0161 555 0222" in page
    assert "Add a professional" not in page


def test_a_coach_cannot_add_or_change_professionals(as_role, world):
    professional = _add(world.client)
    coach = as_role("coach")
    assert coach.get(f"/clients/{world.client.pk}/professionals/new/").status_code == 403
    assert coach.get(f"/professionals/{professional.pk}/edit/").status_code == 403


def test_another_organisation_cannot_reach_a_professional(as_role, world):
    professional = _add(world.client)
    assert as_role("outsider").get(f"/professionals/{professional.pk}/edit/").status_code == 404


def test_a_change_is_versioned_and_audited(as_role, world):
    professional = _add(world.client)
    as_role("coordinator").post(
        f"/professionals/{professional.pk}/edit/",
        {
            "kind": "housing_officer",
            "name": "Pat Green",
            "agency": "Riverside Homes",
            "phone": "0161 555 0100",
            "email": "",
            "how_to_reach": "",
            "may_share": "Nothing now",
            "version": professional.version,
        },
    )
    professional.refresh_from_db()
    assert professional.may_share == "Nothing now" and not professional.involved
    assert AuditEntry.objects.filter(action="people.professional.changed", object_id=str(professional.pk)).exists()


def test_a_multi_agency_meeting_records_who_came(as_role, world):
    pat = _add(world.client)
    _add(world.client, kind="gp", name="Dr Shah")
    held = timezone.localdate() - datetime.timedelta(days=2)
    response = as_role("coordinator").post(
        f"/clients/{world.client.pk}/agency-meetings/new/",
        {
            "held_on": held.isoformat(),
            "professionals_present": [pat.pk],
            "others_present": "Jade and Sam",
            "summary": "Rent plan agreed; Sam to help with the forms.",
        },
    )
    assert response.status_code == 302
    meeting = AgencyMeeting.objects.get(client=world.client)
    assert list(meeting.professionals_present.all()) == [pat] and meeting.held_on == held
    page = as_role("coordinator").get(f"/clients/{world.client.pk}/").content.decode()
    assert "Came: Pat Green (housing officer); also Jade and Sam" in page


def test_a_meeting_cannot_list_another_clients_professional(world):
    other = _add(world.other_client, name="Someone Else")
    with pytest.raises(Exception, match="involved with this client"):
        services.agency_meeting_record(
            client=world.client, held_on=timezone.localdate(), summary="x", professionals_present=[other]
        )
