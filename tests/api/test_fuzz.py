"""Fuzz every API operation from its own OpenAPI document: whatever is sent, never a 500."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from alongside.wsgi import application
from api.models import ApiToken

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def coordinator_token(world):
    _, key = ApiToken.issue(user=world.coordinator, name="fuzz")
    return key


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_answers_with_a_server_error(case, coordinator_token):
    response = case.call(headers={"Authorization": f"Bearer {coordinator_token}"})
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500
