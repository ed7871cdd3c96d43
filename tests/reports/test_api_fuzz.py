"""Fuzz the reports API against the real programme (the suite's fuzzer meets only unknown ids, so
its queries never reach the figures): whatever the period or body, never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.models import ApiToken

from ..api.test_fuzz import EXAMPLES, _keep_the_test_connection_open, schema  # noqa: F401  (a fixture)

REPORT_ROUTES = schema.include(path_regex="figures|reports")


@pytest.mark.django_db
@REPORT_ROUTES.parametrize()
@settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_report_routes_never_answer_with_a_server_error(case, world):
    if "programme_id" in (case.path_parameters or {}):
        case.path_parameters["programme_id"] = world.programme.pk
    _, key = ApiToken.issue(user=world.coordinator, name="fuzz")
    response = case.call(headers={"Authorization": f"Bearer {key}"})
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500
