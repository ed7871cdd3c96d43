"""Fuzz every API operation from its own OpenAPI document: whatever is sent, never a 500."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from alongside.wsgi import application
from api.models import ApiToken

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open():
    # Requests go straight to the WSGI app, not through Django's test client, so the end of each
    # request would close the connection that holds the test's open transaction (PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


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
