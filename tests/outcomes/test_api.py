"""The outcomes API: bad input is a 422 naming the field with nothing saved; scoping as the pages."""

from __future__ import annotations

import pytest

from api.models import ApiToken
from outcomes.models import Completion, LifeOutcome

from .helpers import completion_body

pytestmark = pytest.mark.usefixtures("scoped")


def _call(client, user, method, path, body=None):
    _, key = ApiToken.issue(user=user, name="test")
    kwargs = {"content_type": "application/json", "data": body} if body is not None else {}
    return getattr(client, method)(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {key}", **kwargs)


def test_measures_and_life_outcomes_through_the_api(client, world):
    body = completion_body(world)
    path = f"/clients/{world.client.pk}/measures"
    eleven = {**body, "answers": [{**body["answers"][0], "value": "11"}, *body["answers"][1:]]}
    refused = _call(client, world.coach_user, "post", path, eleven)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", f"q{body['answers'][0]['question_id']}"]
    future = _call(client, world.coach_user, "post", path, {**body, "completed_on": "2099-01-01"})
    assert future.status_code == 422 and future.json()["detail"][0]["loc"] == ["body", "completed_on"]
    assert not Completion.objects.exists()
    made = _call(client, world.coach_user, "post", path, body)
    assert made.status_code == 201 and made.json()["with_coach"] is True
    assert [a["value"] for a in made.json()["answers"]] == ["6.00"] * 4 or len(made.json()["answers"]) == 4
    assert len(_call(client, world.client_user, "get", path).json()) == 1
    life = f"/clients/{world.client.pk}/life-outcomes"
    debt = {"relationship_id": world.relationship.pk, "kind": "debt", "happened_on": "2026-01-05"}
    no_amount = _call(client, world.coordinator, "post", life, debt)
    assert no_amount.status_code == 422 and no_amount.json()["detail"][0]["loc"] == ["body", "amount"]
    assert _call(client, world.coordinator, "post", life, {**debt, "amount": "120.50"}).status_code == 201
    assert LifeOutcome.objects.get().amount == 120.5
    # Another coach's client is not found; nor is anything from another organisation.
    assert _call(client, world.coach_user, "get", f"/clients/{world.other_client.pk}/measures").status_code == 404
    assert _call(client, world.outsider, "get", path).status_code == 404
