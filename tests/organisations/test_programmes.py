from __future__ import annotations

import pytest

from organisations.models import Programme

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _data(**overrides):
    data = {
        "name": "Befriending",
        "kind": "befriending",
        "min_months": 3,
        "max_months": 12,
        "contact_every_days": 14,
        "coach_capacity": 3,
        "status": "open",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_and_edits_a_programme(as_role, world):
    client = as_role("coordinator")
    assert client.post("/programmes/new/", _data()).status_code == 302
    programme = Programme.objects.get(name="Befriending")
    response = client.post(f"/programmes/{programme.pk}/edit/", _data(coach_capacity=2, version=programme.version))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.coach_capacity == 2


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"max_months": 2}, "max_months"),
        ({"min_months": 0}, "min_months"),
        ({"coach_capacity": 0}, "coach_capacity"),
        ({"name": "Money Matters"}, "name"),
        ({"kind": "nonsense"}, "kind"),
        ({"min_months": "abc"}, "min_months"),
    ],
)
def test_programme_rules(as_role, world, overrides, field):
    response = as_role("coordinator").post("/programmes/new/", _data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_database_refuses_lengths_out_of_order(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.create(organisation=world.org, name="Bad", kind="coaching", min_months=6, max_months=3)


def test_home_shows_programme_counts_in_few_queries(as_role, world, django_assert_max_num_queries):
    client = as_role("coordinator")
    # 27, and two for hours' "a supportive conversation" (tests/core/test_home_panels.py says why),
    # and one for whose supervision is due (supervision's home panel),
    # and one for peer pairs overdue a session (reciprocal's part of "Who needs attention"),
    # and one counting the expense claims waiting for approval (expenses' home panel).
    with django_assert_max_num_queries(32):
        response = client.get("/")
    programme = next(p for p in response.context["programmes"] if p.pk == world.programme.pk)
    assert programme.active_count == 2
