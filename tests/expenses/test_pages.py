"""The expenses pages (issue 14): a coach claims with a photo and mileage with its worked-out
amount; bad input is told beside the field with nothing saved; a coordinator goes through the
queue one by one; the receipt is served only to those who may see the claim; lists cost the same
queries for 2 claims as for 20."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from expenses.models import ExpenseClaim

from ..list_queries import assert_same_queries_with_more_rows
from .helpers import claim, jpeg

pytestmark = pytest.mark.unscoped

YESTERDAY = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


@pytest.fixture
def world(module_world, db):
    return copy.deepcopy(module_world)


def _claim_form(world, **changes):
    return {
        "category": "food",
        "spent_on": YESTERDAY,
        "amount": "6.40",
        "description": "Coffee with Jade",
        "relationship": world.relationship.pk,
        "payment_method": "prepaid_card",
        "receipt": jpeg(),
        **changes,
    }


def test_a_coach_claims_an_expense_and_mileage_and_bad_input_is_told_beside_the_field(client, world):
    client.force_login(world.coach_user)
    page = client.get("/expenses/new/").content.decode()
    assert 'accept="image/*,application/pdf"' in page and "capture" in page and 'enctype="multipart/form-data"' in page
    for changes, message in [
        ({"receipt": SimpleUploadedFile("receipt.jpg", b"%!PS not an image")}, "Upload a photo"),
        ({"amount": "-3"}, "more than £0"),
        ({"amount": "25000"}, "more than £10,000"),
        ({"amount": "abc"}, "pounds and pence"),
        ({"spent_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()}, "today or a day before"),
    ]:
        answer = client.post("/expenses/new/", _claim_form(world, **changes))
        assert answer.status_code == 200, changes
        assert message in answer.content.decode() and "error-message" in answer.content.decode()
    assert not ExpenseClaim.objects.exists()
    saved = client.post("/expenses/new/", _claim_form(world))
    made = ExpenseClaim.objects.get()
    assert saved.status_code == 302 and made.receipt and made.amount == Decimal("6.40")
    client.post(f"/expenses/claims/{made.pk}/submit/", {"version": made.version})
    assert ExpenseClaim.objects.get().status == "submitted"
    # Mileage: the amount is worked out before anything is saved.
    mileage = {
        "spent_on": YESTERDAY,
        "miles": "12.5",
        "passengers": "1",
        "relationship": world.relationship.pk,
        "payment_method": "bank_transfer",
        "work_out": "1",
    }
    worked = client.post("/expenses/mileage/new/", mileage).content.decode()
    assert "That comes to £6.25" in worked and ExpenseClaim.objects.count() == 1
    del mileage["work_out"]
    assert client.post("/expenses/mileage/new/", mileage).status_code == 302
    assert ExpenseClaim.objects.get(category="mileage").amount == Decimal("6.25")
    mine = client.get("/expenses/").content.decode()
    assert "Waiting for approval" in mine and "Not sent yet" in mine


def test_a_coordinator_goes_through_the_queue_one_by_one_and_the_receipt_is_private(client, world):
    first, second = claim(world), claim(world, amount=Decimal("3.20"))
    client.force_login(world.coordinator)
    queue = client.get("/expenses/queue/").content.decode()
    assert "Go through them one by one" in queue
    page = client.get(f"/expenses/claims/{first.pk}/?from=queue").content.decode()
    assert "Approve £4.80" in page and 'name="next" value="queue"' in page
    answer = client.post(f"/expenses/claims/{first.pk}/approve/", {"version": first.version, "next": "queue"})
    assert answer.url == f"/expenses/claims/{second.pk}/?from=queue"
    receipt = client.get(f"/expenses/claims/{first.pk}/receipt/")
    assert receipt.status_code == 200 and receipt["Content-Type"] == "image/jpeg"
    assert "no-store" in receipt["Cache-Control"]
    client.force_login(world.supervisor)
    assert client.get(f"/expenses/claims/{first.pk}/receipt/").status_code == 404
    client.force_login(world.outsider)
    assert client.get(f"/expenses/claims/{first.pk}/receipt/").status_code == 404
    # Paying from the "waiting to be paid" list, then the coach sees when it was paid.
    client.force_login(world.coordinator)
    first.refresh_from_db()
    client.post(
        f"/expenses/claims/{first.pk}/pay/",
        {"version": first.version, "paid_on": timezone.localdate().isoformat(), "method": "cash", "next": "to_pay"},
    )
    client.force_login(world.coach_user)
    assert f"paid {timezone.localdate():%-d %B}" in client.get("/expenses/").content.decode()


def test_the_lists_take_the_same_queries_with_more_claims(client, world):
    client.force_login(world.coordinator)
    claim(world, status="approved")

    def add_rows(n):
        for _ in range(n):
            claim(world, receipt=False, status="draft")
            claim(world, amount=Decimal("1.00"))

    assert_same_queries_with_more_rows(client, ["/expenses/queue/", "/expenses/advances/"], add_rows)
    client.force_login(world.coach_user)
    assert_same_queries_with_more_rows(client, ["/expenses/"], add_rows)


def test_an_advance_shows_what_is_outstanding_in_pounds_and_pence(client, world):
    from .helpers import advance_in

    advance = advance_in(world)
    claim(world, status="draft", amount=Decimal("1.60"), advance=advance)
    from django_scopes import scope

    from expenses import services

    with scope(organisation=world.org):
        draft = ExpenseClaim.objects.get(advance=advance)
        services.claim_submit(claim=draft, expected_version=draft.version)
    client.force_login(world.coach_user)
    assert "£28.40 still to show receipts for" in client.get("/expenses/").content.decode()
