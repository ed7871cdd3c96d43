"""Fuzz every API operation from its own OpenAPI document: whatever is sent, never a 500.

Run as two people who reach the API differently: a coordinator with a personal token (no CSRF) and
a peer coach signed in with a browser session, whose writes go through the CSRF check first (that
is where a multipart body without a boundary used to become a 500). The budget is small so the
suite stays fast: FUZZ_EXAMPLES=200 explores far more when hunting."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django import test as django_test
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from alongside.wsgi import application
from api.models import ApiToken

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open():
    # Requests go straight to the WSGI app, not through Django's test client, so the end of each
    # request would close the connection that holds the test's open transaction (PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["coordinator", "coach"])
def credentials(request, world) -> dict[str, dict[str, str]]:
    """What signs the fuzzer in: a bearer token, or a session cookie with its CSRF token."""
    if request.param == "coordinator":
        _, key = ApiToken.issue(user=world.coordinator, name="fuzz")
        return {"headers": {"Authorization": f"Bearer {key}"}, "cookies": {}}
    browser = django_test.Client()
    browser.force_login(world.coach_user)
    session = browser.cookies[django_settings.SESSION_COOKIE_NAME].value
    csrf = "f" * 32  # an unmasked secret is a valid token when cookie and header agree
    return {
        "headers": {"X-CSRFToken": csrf},
        "cookies": {django_settings.SESSION_COOKIE_NAME: session, django_settings.CSRF_COOKIE_NAME: csrf},
    }


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_answers_with_a_server_error(case, credentials):
    response = case.call(**credentials)
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500


@pytest.mark.django_db
def test_the_fuzzer_is_signed_in(credentials):
    # Otherwise every case would be a harmless 401 and the fuzzing would prove nothing.
    assert schema["/api/v1/me"]["GET"].Case().call(**credentials).status_code == 200
