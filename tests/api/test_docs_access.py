"""The API's OpenAPI document and interactive docs: public unless ALONGSIDE_API_DOCS_PUBLIC is off.

They describe the API's shape, never anyone's records, so they are public by default (README,
"Deploying"); an organisation that prefers can put them behind sign-in."""

from __future__ import annotations

import pytest
from django.test import override_settings


@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/api/v1/docs"])
def test_the_docs_are_public_by_default(client, db, path):
    assert client.get(path).status_code == 200


@override_settings(ALONGSIDE_API_DOCS_PUBLIC=False)
@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/api/v1/docs"])
def test_the_docs_can_require_sign_in(client, world, path):
    response = client.get(path)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    client.force_login(world.coach_user)
    assert client.get(path).status_code == 200
