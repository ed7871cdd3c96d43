"""Fuzz the supervision API's bodies against a real coach and session (the suite's fuzzer meets only
unknown ids, so its bodies never reach the services): whatever the body, never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.models import ApiToken

from ..api.test_fuzz import EXAMPLES, _keep_the_test_connection_open, schema  # noqa: F401  (a fixture)
from .helpers import action_id, supervised

SUPERVISION_ROUTES = schema.include(path_regex="supervision")


@pytest.mark.django_db
@SUPERVISION_ROUTES.parametrize()
@settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_supervision_routes_never_answer_with_a_server_error_on_a_real_session(case, world):
    session = supervised(world)
    if "session_id" in (case.path_parameters or {}):
        case.path_parameters["session_id"] = session.pk
    if "action_id" in (case.path_parameters or {}):
        case.path_parameters["action_id"] = action_id(world)
    if isinstance(case.body, dict) and "coach_id" in case.body:
        case.body["coach_id"] = world.coach.pk
    _, key = ApiToken.issue(user=world.supervisor, name="fuzz")
    response = case.call(headers={"Authorization": f"Bearer {key}"})
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500
