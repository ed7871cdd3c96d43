"""Expense claims through the API (issue 14): a coach claims with a multipart receipt, a
coordinator approves and pays; refusals are 4xx naming the field; the list is a few queries."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from .helpers import claim, create_body, jpeg

pytestmark = pytest.mark.usefixtures("scoped")


@pytest.fixture
def world(module_world, db):
    return copy.deepcopy(module_world)


def _as(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def _post(client, url, data):
    return client.post(f"/api/v1{url}", data, content_type="application/json")


def test_a_coach_claims_with_a_receipt_and_a_coordinator_approves_and_pays(world):
    coach, coordinator = _as(world.coach_user), _as(world.coordinator)
    made = _post(coach, "/expense-claims", create_body(world))
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"] == "draft" and Decimal(body["amount"]) == Decimal("4.80") and not body["has_receipt"]
    # Without a receipt it cannot be sent.
    refused = _post(coach, f"/expense-claims/{body['id']}/submit", {"version": body["version"]})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "receipt"]
    not_a_photo = coach.post(
        f"/api/v1/expense-claims/{body['id']}/receipt", {"receipt": SimpleUploadedFile("r.jpg", b"MZ\x90\x00")}
    )
    assert not_a_photo.status_code == 422 and not_a_photo.json()["detail"][0]["loc"] == ["body", "receipt"]
    attached = coach.post(f"/api/v1/expense-claims/{body['id']}/receipt", {"receipt": jpeg()})
    assert attached.status_code == 200 and attached.json()["has_receipt"]
    sent = _post(coach, f"/expense-claims/{body['id']}/submit", {"version": attached.json()["version"]})
    assert sent.status_code == 200 and sent.json()["status"] == "submitted"
    # The coach cannot approve; a stale version is a 409.
    assert _post(coach, f"/expense-claims/{body['id']}/approve", {"version": sent.json()["version"]}).status_code == 403
    assert _post(coordinator, f"/expense-claims/{body['id']}/approve", {"version": 1}).status_code == 409
    approved = _post(coordinator, f"/expense-claims/{body['id']}/approve", {"version": sent.json()["version"]})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    paid = _post(
        coordinator,
        f"/expense-claims/{body['id']}/pay",
        {
            "version": approved.json()["version"],
            "paid_on": timezone.localdate().isoformat(),
            "method": "prepaid_card",
            "reference": "TOP-UP 42",
        },
    )
    assert paid.status_code == 200 and paid.json()["paid_on"] == timezone.localdate().isoformat()
    mine = coach.get("/api/v1/expense-claims").json()
    assert [c["status"] for c in mine["items"]] == ["paid"]


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"amount": "-1.00"}, "amount"),
        ({"amount": "10000.01"}, "amount"),
        ({"amount": "1.001"}, "amount"),
        ({"amount": 12.5}, None),  # a JSON number is still read exactly, as a decimal
        ({"amount": "500.00"}, "amount"),  # over the programme's £100 a claim
        ({"spent_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()}, "spent_on"),
        ({"relationship_id": 999999}, "relationship_id"),
        ({"category": "mileage", "amount": None}, "miles"),
    ],
)
def test_bad_claims_are_a_422_naming_the_field(world, changes, field):
    answer = _post(_as(world.coach_user), "/expense-claims", {**create_body(world), **changes})
    if field is None:
        assert answer.status_code == 201 and answer.json()["amount"] == "12.50"
    else:
        assert answer.status_code == 422, answer.content
        assert field in str(answer.json()["detail"])


def test_the_list_takes_the_same_queries_for_many_claims(world, django_assert_max_num_queries):
    coordinator = _as(world.coordinator)
    claim(world, receipt=False, status="draft")
    with django_assert_max_num_queries(12) as few:
        coordinator.get("/api/v1/expense-claims")
    for _ in range(15):
        claim(world, receipt=False, status="draft")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert coordinator.get("/api/v1/expense-claims").json()["count"] == 16
