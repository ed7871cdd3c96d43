"""Structured logs: one JSON line each, with the request, user and organisation ids, and never a
password, a token, a secret address or a person's details (core/logs.py)."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django_scopes import scopes_disabled

from api.models import ApiToken
from core.logs import ContextFilter, JsonFormatter
from meetings import calendars

pytestmark = pytest.mark.unscoped


@pytest.fixture
def captured():
    """Everything logged at INFO or above, as production writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(previous)


def _lines(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_a_working_session_logs_ids_and_nothing_personal(client, world, captured):
    password = "alongside-demo"
    wrong = client.post("/accounts/login/", {"username": "t-coordinator", "password": "wrong-" + password})
    assert wrong.status_code == 200
    assert client.post("/accounts/login/", {"username": "t-coordinator", "password": password}).status_code == 302
    token, key = ApiToken.issue(user=world.coordinator, name="script")
    assert client.get(f"/clients/{world.client.pk}/").status_code == 200
    assert client.get("/clients/", {"q": "Wilson"}).status_code == 200
    api = client.get("/api/v1/clients", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 200
    with scopes_disabled():
        feed = calendars.feed_issue(user=world.coach_user)
    assert client.get(f"/calendar/{feed.token}/meetings.ics").status_code == 200
    client.get("/no-such-page/Jade-Wilson/")
    client.get("/health/")

    text = captured.getvalue()
    lines = _lines(captured)
    client_record = world.client
    for secret in (
        password,
        key,
        feed.token,
        client_record.first_name,
        client_record.last_name,
        world.coordinator.email,
        "t-coordinator",
    ):
        assert secret not in text, f"{secret!r} reached the logs"

    access = [line for line in lines if line["logger"] == "alongside.requests"]
    assert len(access) >= 7
    assert all(line["request_id"] for line in access)
    assert len({line["request_id"] for line in access}) == len(access)
    viewed = next(line for line in access if line["path"] == f"/clients/{world.client.pk}/")
    assert viewed["user_id"] == world.coordinator.pk
    assert viewed["organisation_id"] == world.org.pk
    assert viewed["status"] == 200 and viewed["method"] == "GET"
    by_token = next(line for line in access if line["path"] == "/api/v1/clients")
    assert by_token["user_id"] == world.coordinator.pk
    assert any(line["path"] == "/calendar/…/meetings.ics" for line in access)
    assert any(line["path"] == "/no-such-page/… (no such page)" for line in access)
    assert not any(line["path"] == "/health/" for line in access)  # polled often: DEBUG only


def test_the_request_id_comes_back_and_a_sane_one_from_the_proxy_is_kept(client):
    assert len(client.get("/accounts/login/")["X-Request-ID"]) == 32
    assert client.get("/accounts/login/", HTTP_X_REQUEST_ID="proxy-id-12345")["X-Request-ID"] == "proxy-id-12345"
    forged = client.get("/accounts/login/", HTTP_X_REQUEST_ID="x\n{json}")["X-Request-ID"]
    assert forged != "x\n{json}" and len(forged) == 32


def test_a_line_logged_inside_a_request_carries_its_ids(world, captured):
    from core import logs, request_context

    logging.getLogger("alongside.test").warning("outside")  # a command or the worker: no ids
    context = request_context.set_current(request_context.RequestContext(world.coordinator, None, ""))
    request_id = logs._request_id.set("r-123456789")
    try:
        logging.getLogger("alongside.test").warning("inside %s", "a request")
    finally:
        logs._request_id.reset(request_id)
        request_context.reset_current(context)
    outside, inside = _lines(captured)
    assert outside["message"] == "outside" and outside["request_id"] is None and outside["user_id"] is None
    assert inside["message"] == "inside a request" and inside["request_id"] == "r-123456789"
    assert inside["user_id"] == world.coordinator.pk and inside["organisation_id"] == world.org.pk
    assert inside["level"] == "WARNING" and inside["time"].endswith("+00:00")
