"""Writes for expenses. Each change to a claim goes through its version (core.services
.update_versioned), so a coordinator approving a claim the coach has just changed is told rather
than silently overwriting it; every change is audited. Approving charges the programme's budget
with one conditional UPDATE on its row, inside the same transaction as the approval: two
approvers at the same moment cannot both take it over."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core import audit
from core.services import create_audited, update_versioned
from journeys.models import Relationship
from organisations.models import Programme
from people.models import Coach

from . import receipts, selectors
from .models import (
    MOST_A_CLAIM,
    MOST_MILES,
    PENNY,
    Advance,
    ClaimReversal,
    ExpenseClaim,
    MileageRate,
    PaymentMethod,
    ProgrammeExpenses,
)

EARLIEST = datetime.timedelta(days=366)


def _money(value: Any, field: str, *, most: Decimal = MOST_A_CLAIM) -> Decimal:
    if not isinstance(value, Decimal):
        raise ValidationError({field: "Enter an amount in pounds and pence, like 12.50."})
    if not value.is_finite() or (value.as_tuple().exponent < -2 and value != value.quantize(PENNY)):
        raise ValidationError({field: "Enter pounds and pence: at most two numbers after the point."})
    if value <= 0:
        raise ValidationError({field: "Enter an amount more than £0."})
    if value > most:
        raise ValidationError({field: f"That is more than £{most:,}: check the amount."})
    return value.quantize(PENNY)


def _day(value: datetime.date, field: str) -> None:
    today = timezone.localdate()
    if value > today:
        raise ValidationError({field: "Choose today or a day before: expenses are claimed once spent."})
    if value < today - EARLIEST:
        raise ValidationError({field: "Claim within a year of spending it. Ask a coordinator about anything older."})


# --- claims ----------------------------------------------------------------------------------


def _checked_values(*, coach: Coach, values: dict[str, Any], leaving_out: int | None = None) -> dict[str, Any]:
    """The claim's fields as they will be stored, after every rule that does not need the receipt."""
    category = values.get("category")
    if category not in ExpenseClaim.Category.values:
        raise ValidationError({"category": "Choose what the expense was for."})
    spent_on = values.get("spent_on")
    if not isinstance(spent_on, datetime.date):
        raise ValidationError({"spent_on": "Enter the date you spent it."})
    _day(spent_on, "spent_on")
    if values.get("payment_method") not in PaymentMethod.values:
        raise ValidationError({"payment_method": "Choose how you would like it paid."})
    relationship = values.get("relationship")
    if relationship is not None:
        if not isinstance(relationship, Relationship) or relationship.coach_id != coach.pk:
            raise ValidationError({"relationship": "Choose one of the people you work with, or none."})
        programme = relationship.programme
    else:
        programme = values.get("programme")
    if not isinstance(programme, Programme):
        raise ValidationError({"programme": "Choose the programme this is for."})
    rules = selectors.programme_expenses(programme)
    if not rules.allows(coach.employment):
        who = rules.get_who_may_claim_display().lower()
        raise ValidationError({"programme": f"In {programme.name}, expenses are for {who}. Ask a coordinator."})
    advance = values.get("advance")
    if advance is not None and (advance.coach_id != coach.pk or advance.status != Advance.Status.OPEN):
        raise ValidationError({"advance": "Choose one of your advances still waiting for receipts, or none."})
    out: dict[str, Any] = {
        "category": category,
        "spent_on": spent_on,
        "payment_method": values["payment_method"],
        "relationship": relationship,
        "programme": programme,
        "advance": advance,
        "description": (values.get("description") or "").strip()[:200],
        "miles": None,
        "passengers": 0,
        "miles_before": None,
    }
    if category == ExpenseClaim.Category.MILEAGE:
        miles = values.get("miles")
        if not isinstance(miles, Decimal) or not miles.is_finite() or miles <= 0:
            raise ValidationError({"miles": "Enter the miles you drove for work, like 12.5."})
        if miles > MOST_MILES:
            raise ValidationError({"miles": f"That is more than {MOST_MILES:,} miles: check the number."})
        if miles != miles.quantize(Decimal("0.1")):
            raise ValidationError({"miles": "Enter miles to one number after the point at most, like 12.5."})
        passengers = values.get("passengers") or 0
        if not isinstance(passengers, int) or not 0 <= passengers <= 8:
            raise ValidationError({"passengers": "Enter how many passengers came for work, from 0 to 8."})
        worked = selectors.mileage_amount(
            miles=miles,
            passengers=passengers,
            miles_before=selectors.miles_so_far(coach, spent_on, leaving_out=leaving_out),
            rate=selectors.mileage_rate(coach.organisation_id, spent_on),
        )
        out.update(miles=miles, passengers=passengers, miles_before=worked.miles_before, amount=worked.amount)
        field = "miles"
    else:
        out["amount"] = _money(values.get("amount"), "amount")
        field = "amount"
    if out["amount"] > rules.limit_per_claim:
        raise ValidationError(
            {field: f"That is more than £{rules.limit_per_claim} for one claim in {programme.name}. Ask a coordinator."}
        )
    if out["amount"] > MOST_A_CLAIM:
        raise ValidationError({field: f"That is more than £{MOST_A_CLAIM:,}: check it."})
    return out


def claim_create(*, coach: Coach, values: dict[str, Any], receipt=None) -> ExpenseClaim:
    """A new claim, not sent yet. The amount of a mileage claim is worked out here from the miles
    and the organisation's rates; the receipt is checked and shrunk before anything is saved."""
    checked = _checked_values(coach=coach, values=values)
    claim = ExpenseClaim(organisation_id=coach.organisation_id, coach=coach, **checked)
    stored = None
    if receipt is not None:
        stored = receipts.checked(receipt)
    with transaction.atomic():
        if stored is not None:
            claim.receipt.save(stored[0].name, stored[0], save=False)
            claim.receipt_type = stored[1]
        try:
            create_audited(
                instance=claim,
                action="expenses.claim.created",
                audit_fields=["category", "spent_on", "amount", "miles", "payment_method"],
            )
        except Exception:
            if claim.receipt:
                claim.receipt.delete(save=False)
            raise
    return claim


def claim_update(*, claim: ExpenseClaim, expected_version: int, values: dict[str, Any], receipt=None) -> ExpenseClaim:
    """Change a claim not sent yet, or one sent back; an approved or paid claim is never edited
    (reverse it instead)."""
    if not claim.editable:
        raise ValidationError(_not_editable(claim))
    checked = _checked_values(coach=claim.coach, values=values, leaving_out=claim.pk)
    old_receipt = claim.receipt.name if claim.receipt else ""
    stored = receipts.checked(receipt) if receipt is not None else None
    with transaction.atomic():
        update_versioned(
            instance=claim, changes=checked, expected_version=expected_version, action="expenses.claim.changed"
        )
        if stored is not None:
            claim.receipt.save(stored[0].name, stored[0], save=False)
            claim.receipt_type = stored[1]
            ExpenseClaim.objects.filter(pk=claim.pk).update(receipt=claim.receipt.name, receipt_type=stored[1])
            audit.record(
                action="expenses.claim.receipt_added",
                organisation=claim.organisation,
                obj=claim,
                changes={"receipt": [old_receipt and "a receipt", stored[1]]},
            )
    if stored is not None and old_receipt:
        claim.receipt.storage.delete(old_receipt)
    return claim


def _not_editable(claim: ExpenseClaim) -> str:
    if claim.status == ExpenseClaim.Status.SUBMITTED:
        return "This claim has been sent for approval, so it cannot be changed now."
    if claim.status in ExpenseClaim.COUNTED:
        return "This claim has been approved: it cannot be changed, only reversed by a coordinator."
    return "This claim cannot be changed now."


def claim_submit(*, claim: ExpenseClaim, expected_version: int) -> ExpenseClaim:
    """Send a claim for approval: a receipt is needed for all but mileage, and the coach's month
    must stay within the programme's monthly limit. Mileage is worked out again now, against the
    miles sent since it was drafted."""
    if not claim.editable:
        raise ValidationError(_not_editable(claim))
    if claim.category != ExpenseClaim.Category.MILEAGE and not claim.receipt:
        raise ValidationError({"receipt": "Add a photo of the receipt before sending the claim."})
    values = {f: getattr(claim, f) for f in ("category", "spent_on", "payment_method", "relationship", "programme")}
    values.update(advance=claim.advance, description=claim.description, miles=claim.miles, passengers=claim.passengers)
    values["amount"] = claim.amount
    with transaction.atomic():
        checked = _checked_values(coach=claim.coach, values=values, leaving_out=claim.pk)
        rules = selectors.programme_expenses(claim.programme)
        month = selectors.month_total(claim.coach, claim.spent_on, leaving_out=claim.pk)
        if month + checked["amount"] > rules.limit_per_month:
            left = max(Decimal("0.00"), rules.limit_per_month - month)
            raise ValidationError(
                {
                    "amount": f"That would take your claims for {claim.spent_on:%B} over £{rules.limit_per_month}. "
                    f"You can claim up to £{left} more that month; ask a coordinator if you need more."
                }
            )
        update_versioned(
            instance=claim,
            changes={
                "amount": checked["amount"],
                "miles_before": checked["miles_before"],
                "status": ExpenseClaim.Status.SUBMITTED,
                "submitted_at": timezone.now(),
                "reject_reason": "",
            },
            expected_version=expected_version,
            action="expenses.claim.submitted",
        )
    return claim


def _charge_budget(claim: ExpenseClaim, *, over_budget: bool) -> None:
    """Add the claim to its programme's spend. The budget check and the charge are one UPDATE on
    the row (its condition read under the row's write lock), so a second approver at the same
    moment finds the first one's spend already there. A missing settings row is made first."""
    rules, _ = ProgrammeExpenses.objects.get_or_create(
        programme=claim.programme, defaults={"organisation_id": claim.organisation_id}
    )
    # On PostgreSQL this also holds the row until the approval commits; SQLite's write
    # transactions (transaction_mode IMMEDIATE) are one at a time anyway.
    ProgrammeExpenses.objects.select_for_update().filter(pk=rules.pk).values_list("pk", flat=True).first()
    charge = ProgrammeExpenses.objects.filter(pk=rules.pk)
    if not over_budget:
        charge = charge.filter(Q(budget__isnull=True) | Q(spent__lte=F("budget") - claim.amount))
    if charge.update(spent=F("spent") + claim.amount, version=F("version") + 1, updated_at=timezone.now()) != 1:
        fresh = ProgrammeExpenses.objects.get(pk=rules.pk)
        raise ValidationError(
            {
                "over_budget": f"Approving this £{claim.amount} would take {claim.programme.name} over its budget "
                f"(£{fresh.spent} of £{fresh.budget} spent). Tick the box to approve it over the budget."
            }
        )


def claim_approve(*, claim: ExpenseClaim, expected_version: int, by, over_budget: bool = False) -> ExpenseClaim:
    """Approve a claim sent for approval and charge the programme's budget, in one transaction. A
    claim against an advance is paid at once: the coach already has the money."""
    if claim.status != ExpenseClaim.Status.SUBMITTED:
        raise ValidationError("Only a claim waiting for approval can be approved.")
    if claim.coach.user_id and claim.coach.user_id == getattr(by, "pk", None):
        raise ValidationError("Nobody approves their own claim.")
    now = timezone.now()
    changes: dict[str, Any] = {"status": ExpenseClaim.Status.APPROVED, "decided_at": now, "decided_by": by}
    if claim.advance_id:
        changes.update(
            status=ExpenseClaim.Status.PAID,
            paid_on=timezone.localdate(),
            paid_method=claim.advance.method,
            paid_reference=f"From the advance given on {claim.advance.given_on:%-d %B %Y}",
        )
    with transaction.atomic():
        update_versioned(
            instance=claim, changes=changes, expected_version=expected_version, action="expenses.claim.approved"
        )
        _charge_budget(claim, over_budget=over_budget)
        if over_budget:
            audit.record(
                action="expenses.claim.approved_over_budget", organisation=claim.organisation, obj=claim, actor=by
            )
    return claim


def claim_reject(*, claim: ExpenseClaim, expected_version: int, reason: str, by) -> ExpenseClaim:
    """Send a claim back with a reason; the coach can change it and send it again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why, so the coach knows what to change."})
    if claim.status != ExpenseClaim.Status.SUBMITTED:
        raise ValidationError("Only a claim waiting for approval can be sent back.")
    update_versioned(
        instance=claim,
        changes={
            "status": ExpenseClaim.Status.REJECTED,
            "reject_reason": reason[:500],
            "decided_at": timezone.now(),
            "decided_by": by,
        },
        expected_version=expected_version,
        action="expenses.claim.rejected",
    )
    return claim


def claim_pay(
    *, claim: ExpenseClaim, expected_version: int, paid_on: datetime.date, method: str, reference: str = "", by=None
) -> ExpenseClaim:
    """Record that an approved claim has been paid: when, how, and the payment's reference."""
    if claim.status != ExpenseClaim.Status.APPROVED:
        raise ValidationError("Only an approved claim can be marked as paid.")
    if method not in PaymentMethod.values:
        raise ValidationError({"method": "Choose how it was paid."})
    if not isinstance(paid_on, datetime.date) or paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "Choose today or a day before."})
    if claim.decided_at and paid_on < timezone.localtime(claim.decided_at).date() - datetime.timedelta(days=1):
        raise ValidationError({"paid_on": "A claim is paid after it is approved: check the date."})
    update_versioned(
        instance=claim,
        changes={
            "status": ExpenseClaim.Status.PAID,
            "paid_on": paid_on,
            "paid_method": method,
            "paid_reference": (reference or "").strip()[:100],
        },
        expected_version=expected_version,
        action="expenses.claim.paid",
    )
    return claim


def claim_reverse(*, claim: ExpenseClaim, expected_version: int, reason: str, by) -> ClaimReversal:
    """Take back an approved or paid claim with a reason: the claim stays as it was, marked
    reversed; a reversal line (the amount negative) goes to finance; the budget gets it back."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why it is being reversed."})
    if claim.status not in ExpenseClaim.COUNTED:
        raise ValidationError("Only an approved or paid claim can be reversed.")
    was = claim.status
    with transaction.atomic():
        update_versioned(
            instance=claim,
            changes={"status": ExpenseClaim.Status.REVERSED},
            expected_version=expected_version,
            action="expenses.claim.reversed",
        )
        ProgrammeExpenses.objects.filter(programme=claim.programme).update(
            spent=F("spent") - claim.amount, version=F("version") + 1, updated_at=timezone.now()
        )
        reversal = create_audited(
            instance=ClaimReversal(
                organisation_id=claim.organisation_id,
                claim=claim,
                amount=-claim.amount,
                reason=reason[:500],
                was=was,
                reversed_on=timezone.localdate(),
                reversed_by=by,
            ),
            action="expenses.reversal.created",
            audit_fields=["amount", "reason", "was"],
        )
    return reversal


# --- programme rules and mileage rates -------------------------------------------------------


def programme_rules_save(*, programme: Programme, values: dict[str, Any], expected_version: int | None = None):
    """Save a programme's rules for expenses (made on first save). The spend so far is never
    typed in: it is what approved claims add up to."""
    allowed = {k: values[k] for k in ("who_may_claim", "limit_per_claim", "limit_per_month", "budget") if k in values}
    month, one = allowed.get("limit_per_month"), allowed.get("limit_per_claim")
    if month is not None and one is not None and month < one:
        raise ValidationError({"limit_per_month": "The monthly limit must be at least the limit for one claim."})
    with transaction.atomic():
        current = ProgrammeExpenses.objects.select_for_update().filter(programme=programme).first()
        if current is None:
            rules = ProgrammeExpenses(organisation_id=programme.organisation_id, programme=programme, **allowed)
            return create_audited(instance=rules, action="expenses.rules.created", audit_fields=list(allowed))
        update_versioned(
            instance=current,
            changes=allowed,
            expected_version=expected_version or current.version,
            action="expenses.rules.changed",
        )
        return current


def mileage_rate_set(*, organisation, starts_on: datetime.date, values: dict[str, Any]) -> MileageRate:
    """Rates from a date (one set per start date; saving that date again changes it)."""
    fields = {k: values[k] for k in ("first_rate", "band_miles", "after_rate", "passenger_rate")}
    for name in ("first_rate", "after_rate", "passenger_rate"):
        if not isinstance(fields[name], Decimal) or not Decimal("0") <= fields[name] <= Decimal("5"):
            raise ValidationError({name: "Enter pounds a mile between 0 and 5, like 0.45."})
    with transaction.atomic():
        existing = MileageRate.objects.select_for_update().filter(starts_on=starts_on).first()
        if existing:
            before = {k: getattr(existing, k) for k in fields}
            for k, v in fields.items():
                setattr(existing, k, v)
            existing.full_clean()
            existing.save()
            audit.record(
                action="expenses.mileage_rate.changed",
                organisation=organisation,
                obj=existing,
                changes=audit.diff(before, fields),
            )
            return existing
        return create_audited(
            instance=MileageRate(organisation=organisation, starts_on=starts_on, **fields),
            action="expenses.mileage_rate.created",
            audit_fields=["starts_on", *fields],
        )


def hmrc_rates_seed(*, organisation) -> MileageRate | None:
    """HMRC's approved mileage rates from the tax year 2011/12 (unchanged since), unless the
    organisation has rates of its own already."""
    if MileageRate.objects.filter(organisation=organisation).exists():
        return None
    return mileage_rate_set(organisation=organisation, starts_on=datetime.date(2011, 4, 6), values=MileageRate.HMRC)


# --- advances --------------------------------------------------------------------------------


def advance_give(
    *,
    coach: Coach,
    programme: Programme,
    amount: Decimal,
    given_on: datetime.date,
    method: str,
    reconcile_by: datetime.date,
    purpose: str,
    by=None,
) -> Advance:
    """Money for a coach before they spend it, with a date the receipts are due by."""
    amount = _money(amount, "amount")
    _day(given_on, "given_on")
    if method not in PaymentMethod.values:
        raise ValidationError({"method": "Choose how it was given."})
    if reconcile_by < given_on:
        raise ValidationError({"reconcile_by": "The receipts are due after the money is given."})
    if (reconcile_by - given_on).days > 183:
        raise ValidationError({"reconcile_by": "Choose a date within six months of giving it."})
    if not (purpose or "").strip():
        raise ValidationError({"purpose": "Say what it is for."})
    advance = Advance(
        organisation_id=coach.organisation_id,
        coach=coach,
        programme=programme,
        amount=amount,
        given_on=given_on,
        method=method,
        reconcile_by=reconcile_by,
        purpose=purpose.strip()[:300],
        given_by=by,
    )
    return create_audited(
        instance=advance, action="expenses.advance.given", audit_fields=["amount", "given_on", "reconcile_by"]
    )


def advance_reconcile(
    *, advance: Advance, expected_version: int, returned: Decimal, note: str = "", by=None
) -> Advance:
    """Close an advance: the claims against it and what was handed back account for it. Whatever
    is still not accounted for is named in the note (the audit keeps it)."""
    if advance.status != Advance.Status.OPEN:
        raise ValidationError("This advance has already been reconciled.")
    if not isinstance(returned, Decimal) or returned < 0 or returned > advance.amount:
        raise ValidationError({"returned": f"Enter what was handed back, from £0 to £{advance.amount}."})
    left = selectors.outstanding(advance)
    if returned > left:
        raise ValidationError({"returned": f"Only £{left} is still to account for."})
    if left - returned > 0 and not (note or "").strip():
        raise ValidationError({"note": f"£{left - returned} is not accounted for: say what happened to it."})
    update_versioned(
        instance=advance,
        changes={
            "status": Advance.Status.RECONCILED,
            "returned": returned.quantize(PENNY),
            "reconciled_on": timezone.localdate(),
            "note": (note or "").strip()[:500],
        },
        expected_version=expected_version,
        action="expenses.advance.reconciled",
    )
    return advance
