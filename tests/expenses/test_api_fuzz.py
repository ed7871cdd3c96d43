"""Fuzz the expenses API's bodies against real claims (the suite's fuzzer meets only unknown ids,
so its bodies never reach the services): whatever the body, never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.models import ApiToken

from ..api.test_fuzz import EXAMPLES, _keep_the_test_connection_open, schema  # noqa: F401  (a fixture)
from .helpers import found

EXPENSES_ROUTES = schema.include(path_regex="expense-claims")


@pytest.mark.django_db
@EXPENSES_ROUTES.parametrize()
@settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_expenses_routes_never_answer_with_a_server_error_on_a_real_claim(case, world):
    # A coach creates, attaches and sends their draft; a coordinator decides on a sent one.
    coach_writes = case.path.endswith(("/receipt", "/submit")) or case.path == "/api/v1/expense-claims"
    claim = found(world, "draft" if coach_writes else "submitted")
    if "claim_id" in (case.path_parameters or {}):
        case.path_parameters["claim_id"] = claim.pk
    user = world.coach_user if coach_writes else world.coordinator
    _, key = ApiToken.issue(user=user, name="fuzz")
    response = case.call(headers={"Authorization": f"Bearer {key}"})
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500
