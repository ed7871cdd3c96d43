"""An API create sent twice with the same Idempotency-Key makes one record; the second answer
repeats the first (issue 12)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from journeys.models import CheckIn, Goal
from meetings.models import Meeting
from people.models import Client, Coach
from referrals.models import Referral

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _today() -> str:
    return timezone.localdate().isoformat()


CREATES = {
    "coach": (Coach, lambda w: ("/api/v1/coaches", {"first_name": "Ada", "last_name": "Okafor"})),
    "client": (
        Client,
        lambda w: (
            "/api/v1/clients",
            {
                "first_name": "Ben",
                "last_name": "Carter",
                "referral_source": "self",
                "referral_date": _today(),
                "consent_given_on": _today(),
                "programme_id": w.programme.pk,
            },
        ),
    ),
    "goal": (
        Goal,
        lambda w: (
            f"/api/v1/relationships/{w.relationship.pk}/goals",
            {"title": "Save", "category": "saving", "starting_point": "None yet", "target": "£100"},
        ),
    ),
    "check-in": (CheckIn, lambda w: (f"/api/v1/relationships/{w.relationship.pk}/check-ins", {"went_well": "Rent"})),
    "meeting": (
        Meeting,
        lambda w: (
            f"/api/v1/relationships/{w.relationship.pk}/meetings",
            {"starts_at": (timezone.now() + datetime.timedelta(days=2)).isoformat(), "channel": "phone"},
        ),
    ),
    "referral": (
        Referral,
        lambda w: (
            "/api/v1/referrals",
            {
                "client_id": w.client.pk,
                "service_id": w.service.pk,
                "kind": "referral",
                "reason": "Arrears",
                "made_on": _today(),
            },
        ),
    ),
}


@pytest.mark.parametrize("what", CREATES)
def test_the_same_create_sent_twice_with_a_key_makes_one_record(as_role, world, what):
    model, request = CREATES[what]
    path, payload = request(world)
    api = as_role("coordinator")
    before = model.objects.count()
    first = api.post(path, payload, content_type="application/json", headers={"Idempotency-Key": "k-1"})
    assert first.status_code == 201, first.content
    again = api.post(path, payload, content_type="application/json", headers={"Idempotency-Key": "k-1"})
    assert (again.status_code, again.json()) == (201, first.json())
    assert again.headers["Idempotent-Replayed"] == "true"
    assert model.objects.count() == before + 1


def test_without_a_key_a_create_sent_twice_makes_two(as_role, world):
    api = as_role("coordinator")
    for _ in range(2):
        api.post("/api/v1/coaches", {"first_name": "Ada", "last_name": "Okafor"}, content_type="application/json")
    assert Coach.objects.filter(first_name="Ada").count() == 2


def test_the_same_key_with_another_body_is_refused_and_says_why(as_role, world):
    api = as_role("coordinator")
    key = {"Idempotency-Key": "k-2"}
    api.post(
        "/api/v1/coaches", {"first_name": "Ada", "last_name": "Okafor"}, content_type="application/json", headers=key
    )
    response = api.post(
        "/api/v1/coaches", {"first_name": "Eve", "last_name": "Okafor"}, content_type="application/json", headers=key
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["header", "Idempotency-Key"]
    assert "different request" in error["msg"]
    assert not Coach.objects.filter(first_name="Eve").exists()


def test_a_refused_create_does_not_use_up_its_key(as_role, world):
    api = as_role("coordinator")
    key = {"Idempotency-Key": "k-3"}
    bad = api.post("/api/v1/coaches", {"first_name": "Ada"}, content_type="application/json", headers=key)
    assert bad.status_code == 422
    good = api.post(
        "/api/v1/coaches", {"first_name": "Ada", "last_name": "Okafor"}, content_type="application/json", headers=key
    )
    assert good.status_code == 201


def test_keys_belong_to_one_person(client, world):
    payload = {"first_name": "Ada", "last_name": "Okafor"}
    for user in (world.coordinator, world.orgadmin):
        client.force_login(user)
        response = client.post(
            "/api/v1/coaches", payload, content_type="application/json", headers={"Idempotency-Key": "same"}
        )
        assert response.status_code == 201
        assert "Idempotent-Replayed" not in response.headers
    assert Coach.objects.filter(first_name="Ada").count() == 2


def test_a_key_is_forgotten_after_a_day(as_role, world):
    from api.models import IdempotentRequest

    api = as_role("coordinator")
    payload = {"first_name": "Ada", "last_name": "Okafor"}
    key = {"Idempotency-Key": "k-4"}
    api.post("/api/v1/coaches", payload, content_type="application/json", headers=key)
    IdempotentRequest.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    response = api.post("/api/v1/coaches", payload, content_type="application/json", headers=key)
    assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    assert Coach.objects.filter(first_name="Ada").count() == 2
    assert IdempotentRequest.objects.count() == 1


def test_a_key_that_is_not_plain_text_is_refused(as_role, world):
    response = as_role("coordinator").post(
        "/api/v1/coaches",
        {"first_name": "Ada", "last_name": "Okafor"},
        content_type="application/json",
        headers={"Idempotency-Key": "x" * 300},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
