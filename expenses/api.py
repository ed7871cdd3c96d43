"""API for expense claims: a coach's own claims (every claim for coordinators; a supervisor's
supervisees'), creating a claim, attaching its receipt (multipart), sending it, and approving,
rejecting, paying and reversing it. Scoped as the pages are (expenses.selectors) and written by
the same services, so the limits, the budget lock and the receipt checks hold in both places.
Money is exact: amounts are decimals with two places (sent and read as strings)."""

import datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from core import audit
from core.api import FormInvalid, Input, Pages, audited_list, errors_from, run_service
from organisations.models import Programme
from organisations.permissions import can, require

from . import selectors, services
from .models import MOST_A_CLAIM, ExpenseClaim

OPERATION_ID_PREFIX = "api_expenses"

Category = Literal["travel", "mileage", "activity", "phone", "food"]
Method = Literal["prepaid_card", "travel_pass", "cash", "bank_transfer"]
ClaimStatus = Literal["draft", "submitted", "approved", "rejected", "paid", "reversed"]


class ClaimOut(Schema):
    id: int
    coach_id: int
    coach_name: str
    programme_id: int
    relationship_id: int | None
    category: str
    description: str
    spent_on: datetime.date
    amount: Decimal = Field(..., description="Pounds and pence.")
    miles: Decimal | None
    passengers: int
    payment_method: str
    advance_id: int | None
    has_receipt: bool
    status: str
    version: int
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    reject_reason: str
    paid_on: datetime.date | None
    paid_method: str
    paid_reference: str


class ClaimIn(Input):
    category: Category
    spent_on: datetime.date
    amount: Decimal | None = Field(
        None, gt=0, le=MOST_A_CLAIM, max_digits=9, decimal_places=2, description="Not for mileage: it is worked out."
    )
    miles: Decimal | None = Field(None, gt=0, le=2000, max_digits=6, decimal_places=1, description="Mileage only.")
    passengers: int = Field(0, ge=0, le=8)
    description: str = Field("", max_length=200)
    relationship_id: int | None = Field(None, ge=1, le=2**62)
    programme_id: int | None = Field(None, ge=1, le=2**62, description="Needed when no relationship is named.")
    payment_method: Method


class VersionIn(Input):
    version: int = Field(..., ge=1, le=2**31)


class ApproveIn(VersionIn):
    over_budget: bool = Field(False, description="Approve even though it takes the programme over its budget.")


class ReasonIn(VersionIn):
    reason: str = Field(..., min_length=1, max_length=500)


class PayIn(VersionIn):
    paid_on: datetime.date
    method: Method
    reference: str = Field("", max_length=100)


def _claim(c: ExpenseClaim) -> dict:
    return {
        "id": c.pk,
        "coach_id": c.coach_id,
        "coach_name": str(c.coach),
        "programme_id": c.programme_id,
        "relationship_id": c.relationship_id,
        "category": c.category,
        "description": c.description,
        "spent_on": c.spent_on,
        "amount": c.amount,
        "miles": c.miles,
        "passengers": c.passengers,
        "payment_method": c.payment_method,
        "advance_id": c.advance_id,
        "has_receipt": bool(c.receipt),
        "status": c.status,
        "version": c.version,
        "submitted_at": c.submitted_at,
        "decided_at": c.decided_at,
        "reject_reason": c.reject_reason,
        "paid_on": c.paid_on,
        "paid_method": c.paid_method,
        "paid_reference": c.paid_reference,
    }


claims = Router(tags=["expenses"])
# The multipart field `receipt`; optional in the signature so a missing file is a 422 naming it.
RECEIPT_FILE = File(None)


def _readers(request) -> None:
    if not (can(request.user, "expenses.view") or can(request.user, "expenses.own")):
        require(request.user, "expenses.view")


@claims.get("", response=list[ClaimOut])
@audited_list("expenses.claim.listed")
@paginate(Pages)
def list_claims(request: HttpRequest, status: ClaimStatus | None = None, coach_id: int | None = None):
    """A coach's own claims; every claim for coordinators; a supervisor's supervisees'. Newest first."""
    _readers(request)
    found = selectors.claims_visible_to(request.user).order_by("-spent_on", "-pk")
    if status:
        found = found.filter(status=status)
    if coach_id:
        found = found.filter(coach_id=coach_id)
    return [_claim(c) for c in found]


@claims.post("", response={201: ClaimOut})
def create_claim(request: HttpRequest, payload: ClaimIn):
    """A coach's new claim, not sent yet. Attach the receipt with POST /{id}/receipt."""
    coach = selectors.require_own_coach(request.user)
    relationship = None
    if payload.relationship_id:
        relationship = selectors.relationships_of(coach).filter(pk=payload.relationship_id).first()
        if relationship is None:
            raise FormInvalid(errors_from({"relationship_id": ["Name one of the people you work with, or none."]}))
    programme = None
    if payload.programme_id:
        programme = Programme.objects.filter(pk=payload.programme_id).first()
        if programme is None:
            raise FormInvalid(errors_from({"programme_id": ["No such programme."]}))
    if payload.category != "mileage" and payload.amount is None:
        raise FormInvalid(errors_from({"amount": ["Give the amount, like 12.50."]}))
    if payload.category == "mileage" and payload.miles is None:
        raise FormInvalid(errors_from({"miles": ["Give the miles driven for work."]}))
    values = {
        **payload.dict(
            include={"category", "spent_on", "amount", "miles", "passengers", "description", "payment_method"}
        ),
        "relationship": relationship,
        "programme": programme,
        "advance": None,
    }
    claim = run_service(lambda: services.claim_create(coach=coach, values=values))
    return Status(201, _claim(claim))


@claims.get("/{int:claim_id}", response=ClaimOut)
def get_claim(request: HttpRequest, claim_id: int):
    claim = selectors.get_claim_for_user(request.user, claim_id)
    if claim.coach.user_id != request.user.pk:
        audit.viewed(action="expenses.claim.viewed", obj=claim)
    return _claim(claim)


@claims.post("/{int:claim_id}/receipt", response=ClaimOut)
def attach_receipt(request: HttpRequest, claim_id: int, receipt: UploadedFile | None = RECEIPT_FILE):
    """The receipt as multipart form data (field `receipt`): a JPEG, PNG, HEIC or PDF up to 10 MB.
    Photos are shrunk and their metadata (location included) dropped. Only while not yet sent."""
    claim = selectors.get_claim_for_user(request.user, claim_id, capability="expenses.own")
    if receipt is None:
        raise FormInvalid(errors_from({"receipt": ["Attach the receipt as the form field 'receipt'."]}))
    values = {
        f: getattr(claim, f)
        for f in (
            "category",
            "spent_on",
            "amount",
            "miles",
            "passengers",
            "description",
            "payment_method",
            "relationship",
            "programme",
            "advance",
        )
    }
    run_service(
        lambda: services.claim_update(claim=claim, expected_version=claim.version, values=values, receipt=receipt)
    )
    return _claim(claim)


@claims.post("/{int:claim_id}/submit", response=ClaimOut)
def submit_claim(request: HttpRequest, claim_id: int, payload: VersionIn):
    claim = selectors.get_claim_for_user(request.user, claim_id, capability="expenses.own")
    run_service(lambda: services.claim_submit(claim=claim, expected_version=payload.version))
    return _claim(claim)


@claims.post("/{int:claim_id}/approve", response=ClaimOut)
def approve_claim(request: HttpRequest, claim_id: int, payload: ApproveIn):
    """Approve a claim waiting for approval; refused (422, `over_budget`) if it would take the
    programme over its budget, unless `over_budget` is true."""
    claim = selectors.get_claim_for_user(request.user, claim_id, capability="expenses.approve")
    run_service(
        lambda: services.claim_approve(
            claim=claim, expected_version=payload.version, by=request.user, over_budget=payload.over_budget
        )
    )
    return _claim(claim)


@claims.post("/{int:claim_id}/reject", response=ClaimOut)
def reject_claim(request: HttpRequest, claim_id: int, payload: ReasonIn):
    claim = selectors.get_claim_for_user(request.user, claim_id, capability="expenses.approve")
    run_service(
        lambda: services.claim_reject(
            claim=claim, expected_version=payload.version, reason=payload.reason, by=request.user
        )
    )
    return _claim(claim)


@claims.post("/{int:claim_id}/pay", response=ClaimOut)
def pay_claim(request: HttpRequest, claim_id: int, payload: PayIn):
    claim = selectors.get_claim_for_user(request.user, claim_id, capability="expenses.approve")
    run_service(
        lambda: services.claim_pay(
            claim=claim,
            expected_version=payload.version,
            paid_on=payload.paid_on,
            method=payload.method,
            reference=payload.reference,
            by=request.user,
        )
    )
    return _claim(claim)


@claims.post("/{int:claim_id}/reverse", response=ClaimOut)
def reverse_claim(request: HttpRequest, claim_id: int, payload: ReasonIn):
    """Take back an approved or paid claim with a reason (a reversal line goes to finance)."""
    claim = selectors.get_claim_for_user(request.user, claim_id, capability="expenses.approve")
    run_service(
        lambda: services.claim_reverse(
            claim=claim, expected_version=payload.version, reason=payload.reason, by=request.user
        )
    )
    return _claim(claim)
