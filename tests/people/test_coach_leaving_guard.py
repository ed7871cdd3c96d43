"""A coach cannot be set to "Left" or "Taking a break" while clients are still working with them:
the leaving and break page (journeys) decides what happens to each relationship first."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from journeys.models import Relationship
from people import services
from people.models import Coach

pytestmark = pytest.mark.usefixtures("scoped")


def _coach_form(coach: Coach, **overrides) -> dict:
    data = {
        "first_name": coach.first_name,
        "last_name": coach.last_name,
        "email": coach.email,
        "employment": coach.employment,
        "role_title": coach.role_title,
        "agreed_weekly_hours": str(coach.agreed_weekly_hours),
        "status": coach.status,
        "version": coach.version,
    }
    data.update(overrides)
    return data


def test_setting_a_coach_with_clients_to_left_is_refused_and_points_to_the_leaving_page(as_role, world):
    coordinator = as_role("coordinator")
    response = coordinator.post(f"/coaches/{world.coach.pk}/edit/", _coach_form(world.coach, status="left"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "still working with Jade Wilson" in page
    assert f"/coaches/{world.coach.pk}/leaving/" in page
    world.coach.refresh_from_db()
    assert world.coach.status == Coach.Status.ACTIVE
    assert Relationship.objects.get(pk=world.relationship.pk).status in Relationship.OPEN_STATUSES


def test_another_app_cannot_set_a_coach_with_clients_to_left_either(world):
    with pytest.raises(ValidationError, match="Jade Wilson"):
        services.coach_status_set(coach=world.coach, status=Coach.Status.LEFT)
    assert Coach.objects.get(pk=world.coach.pk).status == Coach.Status.ACTIVE


def test_a_coach_with_no_open_relationships_can_be_set_to_left(world):
    coach = world.application.coach or Coach.objects.create(organisation=world.org, first_name="Nina", last_name="Free")
    services.coach_status_set(coach=coach, status=Coach.Status.LEFT)
    assert Coach.objects.get(pk=coach.pk).status == Coach.Status.LEFT


def test_a_break_is_not_set_on_the_coach_form_but_on_the_break_page(as_role, world):
    coach = world.other_coach
    Relationship.objects.filter(coach=coach).update(status="ended", ended_on=timezone.localdate())
    response = as_role("coordinator").post(f"/coaches/{coach.pk}/edit/", _coach_form(coach, status="paused"))
    assert response.status_code == 200
    assert "so the break has its dates and reason" in response.content.decode()
    assert Coach.objects.get(pk=coach.pk).status == Coach.Status.ACTIVE
