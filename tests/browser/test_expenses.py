"""Expenses in the browser (issue 14): on a phone a coach claims mileage (seeing the amount worked
out) and an expense with a photo of the receipt; a coordinator approves both and marks one paid,
and the coach sees when it was paid."""

from __future__ import annotations

import io

from django.utils import timezone
from django_scopes import scopes_disabled
from PIL import Image
from playwright.sync_api import expect

from expenses.models import ExpenseClaim

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 1600), "white").save(out, format="JPEG")
    return out.getvalue()


def test_a_coach_claims_mileage_and_an_expense_and_a_coordinator_approves_and_pays(page_at):
    today = timezone.localdate().isoformat()
    phone = page_at("phone")
    sign_in(phone, "coach")
    phone.goto("/expenses/")
    expect(phone.get_by_role("heading", name="Your expenses")).to_be_visible()
    check_accessibility(phone, "expenses-mine")
    shoot(phone, "coach-expenses-phone")

    phone.get_by_role("link", name="Claim mileage").click()
    phone.get_by_label("Date of the journey").fill(today)
    phone.get_by_label("Miles driven for work").fill("12")
    phone.get_by_label("Who was it for").select_option(index=1)
    phone.get_by_label("Bank transfer").check()
    phone.get_by_role("button", name="Work out the amount").click()
    expect(phone.get_by_text("That comes to £5.40.")).to_be_visible()
    assert no_horizontal_scroll(phone)
    check_accessibility(phone, "expenses-mileage-form")
    shoot(phone, "coach-mileage-form-phone")
    phone.get_by_role("button", name="Save the claim").click()
    expect(phone.get_by_text("Saved: £5.40.")).to_be_visible()
    phone.get_by_role("button", name="Send for approval").click()
    expect(phone.get_by_text("Sent for approval.")).to_be_visible()

    phone.goto("/expenses/new/")
    phone.get_by_role("button", name="Save the claim").click()
    expect(phone.get_by_text("Choose what the expense was for.").first).to_be_visible()
    phone.get_by_label("Travel (bus, train, taxi)").check()
    phone.get_by_label("Date you spent it").fill(today)
    phone.get_by_label("Amount (£)").fill("7.20")
    phone.get_by_label("In a few words").fill("Train to the college open day")
    phone.get_by_label("Who was it for").select_option(index=1)
    phone.get_by_label("Top-up on a prepaid card").check()
    phone.get_by_label("Photo of the receipt").set_input_files(
        files=[{"name": "receipt.jpg", "mimeType": "image/jpeg", "buffer": _photo()}]
    )
    phone.get_by_role("button", name="Save the claim").click()
    expect(phone.get_by_text("Saved: £7.20.")).to_be_visible()
    expect(phone.get_by_role("img", name="Photo of the receipt")).to_be_visible()
    assert no_horizontal_scroll(phone)
    shoot(phone, "coach-expense-claim-phone")
    phone.get_by_role("button", name="Send for approval").click()
    expect(phone.get_by_text("Sent for approval.")).to_be_visible()

    desk = page_at("desktop")
    sign_in(desk, "coordinator")
    expect(desk.get_by_role("heading", name="Expense claims waiting")).to_be_visible()
    desk.get_by_role("link", name="Look at the claims").click()
    check_accessibility(desk, "expenses-queue")
    shoot(desk, "coordinator-expenses-queue-desktop")
    desk.get_by_role("link", name="Sam Turner: Mileage in your own car, £5.40").click()
    expect(desk.get_by_text("Worked out from 12 miles")).to_be_visible()
    desk.get_by_role("button", name="Approve £5.40").click()
    expect(desk.get_by_text("Approved Sam Turner's claim for £5.40.")).to_be_visible()
    desk.goto("/expenses/queue/")
    desk.get_by_role("link", name="Sam Turner: Travel (bus, train, taxi), £7.20").click()
    expect(desk.get_by_text("budget", exact=False).first).to_be_visible()
    check_accessibility(desk, "expenses-claim")
    shoot(desk, "coordinator-expense-claim-desktop")
    desk.get_by_role("button", name="Approve £7.20").click()
    # From the queue, on to the next claim waiting: one by one.
    expect(desk.get_by_text("Approved Sam Turner's claim for £7.20.")).to_be_visible()
    expect(desk.get_by_role("button", name="Approve £4.80")).to_be_visible()
    desk.goto("/expenses/queue/")
    to_pay = desk.get_by_role("region", name="Approved, waiting to be paid")
    to_pay.get_by_role("link", name="Sam Turner: Travel (bus, train, taxi), £7.20").click()
    expect(desk.get_by_role("heading", name="Mark as paid")).to_be_visible()
    desk.get_by_label("Payment reference").fill("CARD-0042")
    desk.get_by_role("button", name="Mark as paid").click()
    expect(desk.get_by_text("Marked as paid")).to_be_visible()

    phone.goto("/expenses/")
    row = phone.get_by_role("listitem").filter(has_text="£7.20")
    expect(row.get_by_text("Paid", exact=True)).to_be_visible()
    shoot(phone, "coach-expenses-paid-phone")
    with scopes_disabled():
        assert ExpenseClaim.objects.get(amount="7.20", description__startswith="Train").status == "paid"
        assert ExpenseClaim.objects.get(amount="5.40", category="mileage").status == "approved"
