from __future__ import annotations

import datetime

import pytest

from api.models import ApiToken
from people.models import Client
from tests.factories import ClientFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def test_me_names_the_user_role_and_organisation(as_role, world):
    body = as_role("coach").get("/api/v1/me").json()
    assert body == {
        "username": "t-coach",
        "role": "coach",
        "role_label": "Peer coach",
        "organisation": "Riverside",
        "organisation_id": world.org.pk,
    }


def test_token_authentication(client, world):
    token, key = ApiToken.issue(user=world.coordinator, name="script")
    response = client.get("/api/v1/clients", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert client.get("/api/v1/clients", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_revoked_token_stops_working(client, world):
    token, key = ApiToken.issue(user=world.coordinator, name="script")
    client.force_login(world.coordinator)
    client.post(f"/account/tokens/{token.pk}/revoke/")
    client.logout()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_token_writes_need_no_csrf_but_session_writes_do(world):
    from django.test import Client as TestClient

    browser = TestClient(enforce_csrf_checks=True)
    browser.force_login(world.coordinator)
    payload = {"name": "X", "kind": "coaching", "min_months": 3, "max_months": 6}
    assert browser.post("/api/v1/programmes", payload, content_type="application/json").status_code == 403
    _, key = ApiToken.issue(user=world.coordinator, name="s")
    script = TestClient(enforce_csrf_checks=True)
    response = script.post(
        "/api/v1/programmes", payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 201


def test_lists_are_paginated(as_role, world):
    for _ in range(7):
        ClientFactory(organisation=world.org, programme=world.programme)
    body = as_role("coordinator").get("/api/v1/clients", {"page_size": 5, "page": 2}).json()
    assert body["count"] == 9
    assert len(body["items"]) == 4


def test_coach_gets_only_their_clients_and_only_needed_fields(as_role, world):
    client = as_role("coach")
    listing = client.get("/api/v1/clients").json()
    assert [c["id"] for c in listing["items"]] == [world.client.pk]
    detail = client.get(f"/api/v1/clients/{world.client.pk}").json()
    assert "staff_notes" not in detail and "referral_source" not in detail and "date_of_birth" not in detail
    assert detail["hopes"] == world.client.hopes


def test_staff_get_the_full_record(as_role, world):
    detail = as_role("coordinator").get(f"/api/v1/clients/{world.client.pk}").json()
    assert detail["staff_notes"].startswith("Staff-only")


def test_another_organisations_ids_are_not_found(as_role, world):
    client = as_role("coordinator")
    assert client.get(f"/api/v1/clients/{world.outsider_client.pk}").status_code == 404
    assert client.get(f"/api/v1/coaches/{world.outsider_coach.pk}").status_code == 404
    assert client.get(f"/api/v1/programmes/{world.outsider_programme.pk}").status_code == 404
    response = client.patch(
        f"/api/v1/clients/{world.outsider_client.pk}", {"version": 1, "area": "x"}, content_type="application/json"
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"last_name": "X"}, "first_name"),
        ({"first_name": "", "last_name": "X"}, "first_name"),
        ({"first_name": "A" * 10_000, "last_name": "X"}, "first_name"),
        ({"first_name": "A", "last_name": "X", "referral_date": "yesterday"}, "referral_date"),
        ({"first_name": "A", "last_name": "X", "referral_date": "2999-01-01"}, "referral_date"),
        ({"first_name": "A", "last_name": "X", "programme_id": 99999}, "programme_id"),
        ({"first_name": "A", "last_name": "X", "preferred_channels": ["carrier pigeon"]}, "preferred_channels"),
        ({"first_name": "A", "last_name": "X", "phone": "not a phone"}, "phone"),
    ],
)
def test_bad_client_input_is_a_422_naming_the_field(as_role, world, payload, field):
    today = datetime.date.today().isoformat()
    body = {"referral_source": "self", "referral_date": today, "consent_given_on": today, **payload}
    before = Client.objects.count()
    response = as_role("coordinator").post("/api/v1/clients", body, content_type="application/json")
    assert response.status_code == 422, response.content
    fields = [part for error in response.json()["detail"] for part in error["loc"]]
    assert field in fields
    assert Client.objects.count() == before


def test_other_organisations_programme_is_refused(as_role, world):
    today = datetime.date.today().isoformat()
    body = {
        "first_name": "A",
        "last_name": "B",
        "referral_source": "self",
        "referral_date": today,
        "consent_given_on": today,
        "programme_id": world.outsider_programme.pk,
    }
    response = as_role("coordinator").post("/api/v1/clients", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "programme_id"


def test_stale_version_is_a_409_and_changes_nothing(as_role, world):
    client = as_role("coordinator")
    url = f"/api/v1/clients/{world.client.pk}"
    assert client.patch(url, {"version": 1, "area": "Gorton"}, content_type="application/json").status_code == 200
    response = client.patch(url, {"version": 1, "area": "Hulme"}, content_type="application/json")
    assert response.status_code == 409
    assert Client.objects.get(pk=world.client.pk).area == "Gorton"


def test_patch_keeps_fields_it_does_not_mention(as_role, world):
    client = as_role("coordinator")
    response = client.patch(
        f"/api/v1/clients/{world.client.pk}", {"version": 1, "hopes": "New hope"}, content_type="application/json"
    )
    assert response.status_code == 200
    saved = Client.objects.get(pk=world.client.pk)
    assert saved.hopes == "New hope" and saved.staff_notes == world.client.staff_notes


def test_malformed_json_is_a_4xx(as_role, world):
    response = as_role("coordinator").post("/api/v1/clients", "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500


def test_huge_ids_and_pages_are_not_errors(as_role, world):
    client = as_role("coordinator")
    assert client.get(f"/api/v1/clients/{2**70}").status_code in (404, 422)
    assert client.get("/api/v1/clients", {"page": 10**12}).status_code == 422
    assert client.get(f"/clients/{2**70}/").status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/clients", "/api/v1/coaches", "/api/v1/programmes"])
def test_api_list_query_count_is_flat(as_role, world, path, django_assert_max_num_queries):
    client = as_role("coordinator")
    for _ in range(25):
        ClientFactory(organisation=world.org, programme=world.programme)
    # 8 for the list itself, and one audit entry for the read.
    with django_assert_max_num_queries(9):
        assert client.get(path).status_code == 200


def test_openapi_document_and_docs_are_served(client, world):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/clients" in document["paths"]
    assert client.get("/api/v1/docs").status_code == 200
