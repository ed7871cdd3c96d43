"""Fuzz the hours API's bodies against real timesheets (the suite's fuzzer meets only unknown ids,
so its bodies never reach the services): whatever the body, never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.models import ApiToken

from ..api.test_fuzz import EXAMPLES, _keep_the_test_connection_open, schema  # noqa: F401  (a fixture)
from .helpers import open_in, submitted_in

HOURS_ROUTES = schema.include(path_regex="timesheets|absences")


@pytest.mark.django_db
@HOURS_ROUTES.parametrize()
@settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_hours_routes_never_answer_with_a_server_error_on_a_real_timesheet(case, world):
    # A coach adds lines and submits their open week; a coordinator approves and returns a sent one.
    coach_writes = case.path.endswith(("/lines", "/submit")) or case.path == "/api/v1/timesheets"
    timesheet = open_in(world) if coach_writes else submitted_in(world)
    if "timesheet_id" in (case.path_parameters or {}):
        case.path_parameters["timesheet_id"] = timesheet.pk
    user = world.coach_user if coach_writes or case.path.endswith("absences") else world.coordinator
    _, key = ApiToken.issue(user=user, name="fuzz")
    response = case.call(headers={"Authorization": f"Bearer {key}"})
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500
