"""Fuzz the outcomes API's bodies against a real client whose programme collects ONS4 (the suite's
fuzzer meets only unknown ids, so its bodies never reach the services): never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.models import ApiToken

from ..api.test_fuzz import EXAMPLES, _keep_the_test_connection_open, schema  # noqa: F401  (a fixture)
from .helpers import ons4

OUTCOME_ROUTES = schema.include(path_regex="measures|life-outcomes")


@pytest.mark.django_db
@OUTCOME_ROUTES.parametrize()
@settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_outcome_routes_never_answer_with_a_server_error_on_a_real_client(case, world):
    ons4(world)
    case.path_parameters["client_id"] = world.client.pk
    if isinstance(case.body, dict) and "relationship_id" in case.body:
        case.body["relationship_id"] = world.relationship.pk
    _, key = ApiToken.issue(user=world.coach_user, name="fuzz")
    response = case.call(headers={"Authorization": f"Bearer {key}"})
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500
