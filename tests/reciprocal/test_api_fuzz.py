"""Fuzz the reciprocal API's bodies against a real pair (the suite's fuzzer meets only unknown ids,
so its bodies never reach the services): whatever the body, never a 500. Signed in as one of the
two peers, who may use every route, reflections included."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.models import ApiToken

from ..api.test_fuzz import EXAMPLES, _keep_the_test_connection_open, schema  # noqa: F401  (a fixture)
from .helpers import pair_in, session_kwargs

RECIPROCAL_ROUTES = schema.include(path_regex="reciprocal")


@pytest.mark.django_db
@RECIPROCAL_ROUTES.parametrize()
@settings(max_examples=EXAMPLES * 3, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_reciprocal_routes_never_answer_with_a_server_error_on_a_real_pair(case, world):
    pair = pair_in(world)
    if "session_id" in (case.path_parameters or {}):
        case.path_parameters["session_id"] = session_kwargs(world)["session_id"]
    if isinstance(case.body, dict):
        # A real pair and one of its peers, so most bodies get past the ids to the service's rules.
        if "pair_id" in case.body:
            case.body["pair_id"] = pair.pk
        if isinstance(case.body.get("coach_id"), int):
            case.body["coach_id"] = pair.second_id
    _, key = ApiToken.issue(user=world.coach_user, name="fuzz")
    response = case.call(headers={"Authorization": f"Bearer {key}"})
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500
