"""Bad input gets a 4xx that says what is wrong, never a 500 (issue 12)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import test as django_test

from tests.factories import ClientFactory


@pytest.fixture
def client_without_programme(world):
    return ClientFactory(organisation=world.org, programme=None, first_name="Noor")


@pytest.mark.parametrize("route,payload", [("introductions", {"coach_id": 1}), ("offers", {"coach_ids": [1, 2]})])
def test_matching_a_client_with_no_programme_is_a_422_naming_the_client(
    as_role, world, client_without_programme, route, payload
):
    response = as_role("coordinator").post(
        f"/api/v1/clients/{client_without_programme.pk}/{route}", payload, content_type="application/json"
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "client"]
    assert "no programme" in error["msg"]


def _signed_in_with_csrf(user) -> tuple[django_test.Client, dict]:
    """A browser session that really goes through the CSRF check, as a browser's would."""
    browser = django_test.Client(enforce_csrf_checks=True)
    browser.force_login(user)
    secret = "a" * 32
    browser.cookies["csrftoken"] = secret
    return browser, {"HTTP_X_CSRFTOKEN": secret}


def test_multipart_without_a_boundary_is_a_400_that_says_so(world):
    browser, headers = _signed_in_with_csrf(world.coordinator)
    response = browser.post("/api/v1/programmes", b"name=x", content_type="multipart/form-data", **headers)
    assert response.status_code == 400
    assert "multipart" in response.json()["detail"].lower()


def test_a_page_posted_multipart_without_a_boundary_is_a_400(world):
    browser, headers = _signed_in_with_csrf(world.coordinator)
    response = browser.post("/clients/new/", b"x", content_type="multipart/form-data", **headers)
    assert response.status_code == 400


# --- hidden characters ------------------------------------------------------------------------


def test_api_names_lose_direction_overrides_and_escape_codes(as_role, world):
    payload = {
        "first_name": "Sam\u202e",
        "last_name": "\x1b[31mTurner\x07",
        "lived_experience": "Line one\r\nLine two\u2066",
    }
    response = as_role("coordinator").post("/api/v1/coaches", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["first_name"], body["last_name"]) == ("Sam", "[31mTurner")
    assert body["lived_experience"] == "Line one\nLine two"


def test_an_api_name_of_only_hidden_characters_is_refused(as_role, world):
    payload = {"first_name": "\u202e\u200b", "last_name": "Turner"}
    response = as_role("coordinator").post("/api/v1/coaches", payload, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "first_name"


def test_every_request_body_strips_hidden_characters(client):
    from django.apps import apps
    from django.conf import settings
    from ninja import Schema

    from core.api import Input

    document = client.get("/api/v1/openapi.json").json()
    bodies = {
        operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        for path in document["paths"].values()
        for operation in path.values()
        # A file upload (multipart, e.g. an expense receipt) has no text fields to strip.
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    }
    assert len(bodies) > 15
    # Each app keeps its schemas beside its routes (its api.py, api_*.py): look in every one of them.
    modules = [
        importlib.import_module(f"{config.name}.{m.name}")
        for config in apps.get_app_configs()
        for m in pkgutil.iter_modules([config.path])
        if config.path.startswith(str(settings.BASE_DIR)) and (m.name == "api" or m.name.startswith("api_"))
    ]
    # Only schemas: a module may also import a model of the same name (journeys' CheckIn).
    found = {
        name: schema
        for module in modules
        for name in bodies
        if isinstance(schema := getattr(module, name, None), type) and issubclass(schema, Schema)
    }
    assert sorted(bodies - set(found)) == []
    assert [name for name in sorted(bodies) if not issubclass(found[name], Input)] == []
