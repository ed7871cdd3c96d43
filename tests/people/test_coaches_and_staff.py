from __future__ import annotations

import pytest

from core.models import AuditEntry
from organisations.models import User
from people.models import Coach, StaffMember
from tests.factories import CoachFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def test_coordinator_adds_and_edits_a_coach(as_role, world):
    client = as_role("coordinator")
    response = client.post(
        "/coaches/new/",
        {
            "first_name": "Aisha",
            "last_name": "Mohamed",
            "employment": "volunteer",
            "role_title": "Peer Specialist",
            "status": "active",
            "agreed_weekly_hours": "4",
            "lived_experience": "Care leaver; rent arrears in my first flat.",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    coach = Coach.objects.get(first_name="Aisha")
    response = client.post(
        f"/coaches/{coach.pk}/edit/",
        {
            "first_name": "Aisha",
            "last_name": "Mohamed",
            "employment": "paid",
            "role_title": "Peer Specialist",
            "status": "active",
            "agreed_weekly_hours": "16",
            "version": coach.version,
        },
    )
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.employment == "paid" and coach.version == 2
    assert AuditEntry.objects.filter(action="people.coach.changed", object_id=str(coach.pk)).exists()


def test_weekly_hours_out_of_range_are_refused(as_role, world):
    response = as_role("coordinator").post(
        "/coaches/new/",
        {
            "first_name": "A",
            "last_name": "B",
            "employment": "paid",
            "role_title": "x",
            "status": "active",
            "agreed_weekly_hours": "99",
        },
    )
    assert "agreed_weekly_hours" in response.context["form"].errors


def test_start_date_before_birth_is_refused(as_role, world):
    response = as_role("coordinator").post(
        "/coaches/new/",
        {
            "first_name": "A",
            "last_name": "B",
            "employment": "paid",
            "role_title": "x",
            "status": "active",
            "agreed_weekly_hours": "4",
            "date_of_birth": "1990-05-01",
            "started_on": "1980-01-01",
        },
    )
    assert "must be after their date of birth" in response.context["form"].errors["started_on"][0]


def test_a_new_coach_is_archived_not_deleted(as_role, world):
    coach = CoachFactory(organisation=world.org)
    assert as_role("coordinator").post(f"/coaches/{coach.pk}/archive/").status_code == 302
    assert not Coach.objects.filter(pk=coach.pk).exists()
    assert Coach.with_archived.filter(pk=coach.pk).exists()


def test_coach_list_query_count_is_flat(as_role, world, django_assert_max_num_queries):
    for _ in range(30):
        CoachFactory(organisation=world.org)
    client = as_role("coordinator")
    with django_assert_max_num_queries(10):
        assert client.get("/coaches/").status_code == 200


def test_org_admin_adds_staff_who_get_a_password_email(as_role, world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_role("orgadmin").post(
            "/staff/new/",
            {
                "first_name": "Tom",
                "last_name": "B",
                "email": "tom@example.org",
                "role": "supervisor",
                "username": "tomb",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(username="tomb")
    assert user.role == "supervisor" and user.organisation == world.org
    assert StaffMember.objects.get(user=user)
    assert mailoutbox and "tomb" in mailoutbox[0].body


def test_taken_username_is_refused_beside_the_field(as_role, world):
    response = as_role("orgadmin").post(
        "/staff/new/",
        {"first_name": "X", "last_name": "Y", "email": "x@example.org", "role": "coordinator", "username": "t-coach"},
    )
    assert "username" in response.context["form"].errors


def test_org_admin_changes_a_staff_role_and_it_is_audited(as_role, world):
    staff = world.supervisor.staff_profile
    response = as_role("orgadmin").post(
        f"/staff/{staff.pk}/edit/",
        {
            "first_name": staff.first_name,
            "last_name": staff.last_name,
            "email": staff.email,
            "role": "coordinator",
            "version": staff.version,
        },
    )
    assert response.status_code == 302
    world.supervisor.refresh_from_db()
    assert world.supervisor.role == "coordinator"
    assert AuditEntry.objects.filter(action="organisations.user.role_changed").exists()
