"""Fuzz the groups API's bodies against a real group (the suite's fuzzer meets only unknown ids, so
its bodies never reach the services): whatever the body, never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.models import ApiToken

from ..api.test_fuzz import EXAMPLES, _keep_the_test_connection_open, schema  # noqa: F401  (a fixture)
from .helpers import group_in, join_request_kwargs, session_kwargs

GROUP_ROUTES = schema.include(path_regex="group")


@pytest.mark.django_db
@GROUP_ROUTES.parametrize()
@settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_group_routes_never_answer_with_a_server_error_on_a_real_group(case, world):
    # Members join and the series is scheduled while a group is forming; the rest need one running.
    group = group_in(world, schedule=not case.path.endswith(("/schedule", "/members")))
    if "group_id" in (case.path_parameters or {}):
        case.path_parameters["group_id"] = group.pk
    if "session_id" in (case.path_parameters or {}):
        case.path_parameters["session_id"] = session_kwargs(world)["session_id"]
    if "request_id" in (case.path_parameters or {}):
        case.path_parameters["request_id"] = join_request_kwargs(world)["request_id"]
    # The pool is the coordinators' (and peers' own): fuzz it as a coordinator, so bodies reach the services.
    caller = world.coordinator if "group-pool" in case.path else world.facilitator
    _, key = ApiToken.issue(user=caller, name="fuzz")
    response = case.call(headers={"Authorization": f"Bearer {key}"})
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500
