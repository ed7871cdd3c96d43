from __future__ import annotations

import pytest
from django.urls import reverse

from recruitment.models import Check

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def test_a_dbs_check_without_a_level_is_refused_beside_the_field(as_role, world):
    url = reverse("recruitment:check_create", args=[world.coach.pk])
    response = as_role("coordinator").post(url, {"kind": "dbs", "requested_on": "2025-06-02"})
    assert response.status_code == 200
    assert response.context["form"].errors["level"] == ["Choose the level of the DBS check."]
    assert Check.objects.filter(coach=world.coach).count() == 1
