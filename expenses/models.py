"""Coaches' expenses: claims with a receipt, mileage at the organisation's dated rates, advances
for people who cannot pay up front, and each programme's rules and budget.

A claim goes draft -> submitted -> approved -> paid, or is rejected with a reason (the coach can
change it and send it again). An approved or paid claim is never edited: it is reversed with a
reason, which writes a reversal line (what finance sees) and gives the money back to the budget.
Money is Decimal pounds and pence throughout.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from core.models import OrganisationOwned, Versioned

from .storage import PrivateStorage

PENNY = Decimal("0.01")
# No single claim is ever this much: a typing slip, not an expense.
MOST_A_CLAIM = Decimal("10000.00")
MOST_MILES = Decimal("2000")


def tax_year_start(day: datetime.date) -> datetime.date:
    """The UK tax year runs from 6 April to 5 April."""
    start = datetime.date(day.year, 4, 6)
    return start if day >= start else datetime.date(day.year - 1, 4, 6)


def money(**kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=9, decimal_places=2, **kwargs)


class PaymentMethod(models.TextChoices):
    PREPAID_CARD = "prepaid_card", "Top-up on a prepaid card"
    TRAVEL_PASS = "travel_pass", "Travel pass"
    CASH = "cash", "Cash"
    BANK_TRANSFER = "bank_transfer", "Bank transfer"


class MileageRate(OrganisationOwned):
    """The organisation's mileage rates from `starts_on` until the next row starts. Seeded with
    HMRC's approved mileage rates: 45p a mile for the first 10,000 business miles in a tax year,
    25p after, and 5p a mile for each passenger."""

    starts_on = models.DateField("From")
    first_rate = money(verbose_name="Pence a mile, up to the band", validators=[MinValueValidator(Decimal("0"))])
    band_miles = models.PositiveIntegerField("Miles in a tax year at that rate", default=10000)
    after_rate = money(verbose_name="Pence a mile, after the band", validators=[MinValueValidator(Decimal("0"))])
    passenger_rate = money(verbose_name="Extra a mile for each passenger", validators=[MinValueValidator(Decimal("0"))])

    HMRC = {
        "first_rate": Decimal("0.45"),
        "band_miles": 10000,
        "after_rate": Decimal("0.25"),
        "passenger_rate": Decimal("0.05"),
    }

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "starts_on"], name="mileage_rate_once_per_start"),
            models.CheckConstraint(
                name="mileage_rates_not_negative",
                condition=Q(first_rate__gte=0) & Q(after_rate__gte=0) & Q(passenger_rate__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_rate * 100:.0f}p then {self.after_rate * 100:.0f}p a mile from {self.starts_on:%-d %B %Y}"


class ProgrammeExpenses(OrganisationOwned, Versioned):
    """A programme's rules for expenses and its budget. `spent` is what approved and paid claims
    add up to (less reversals); approving moves it with a conditional update, so two approvers at
    the same moment cannot both take it over the budget."""

    class WhoMayClaim(models.TextChoices):
        BOTH = "both", "Paid coaches and volunteers"
        PAID = "paid", "Paid coaches only"
        VOLUNTEER = "volunteer", "Volunteers only"

    programme = models.OneToOneField("organisations.Programme", on_delete=models.PROTECT, related_name="expenses")
    who_may_claim = models.CharField("Who may claim", max_length=10, choices=WhoMayClaim.choices, default="both")
    limit_per_claim = money(
        verbose_name="Most for one claim (£)",
        default=Decimal("100.00"),
        validators=[MinValueValidator(PENNY), MaxValueValidator(MOST_A_CLAIM)],
    )
    limit_per_month = money(
        verbose_name="Most for one coach in a month (£)",
        default=Decimal("250.00"),
        validators=[MinValueValidator(PENNY), MaxValueValidator(Decimal("100000"))],
    )
    budget = money(
        verbose_name="Budget for the year (£)",
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10000000"))],
        help_text="Leave empty for no budget.",
    )
    spent = money(default=Decimal("0.00"))

    class Meta:
        verbose_name_plural = "programme expenses"
        constraints = [
            models.CheckConstraint(name="programme_expenses_limits_positive", condition=Q(limit_per_claim__gt=0)),
        ]

    def __str__(self) -> str:
        return f"Expenses for {self.programme}"

    def allows(self, employment: str) -> bool:
        return self.who_may_claim in (self.WhoMayClaim.BOTH, employment)

    @property
    def left(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.spent


class Advance(OrganisationOwned, Versioned):
    """Money given to a coach before they spend it, for someone who cannot pay up front. Claims
    against it reconcile it; what is left is handed back. Reconciling is due by `reconcile_by`."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for receipts"
        RECONCILED = "reconciled", "Reconciled"

    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="expense_advances")
    programme = models.ForeignKey("organisations.Programme", on_delete=models.PROTECT, related_name="+")
    amount = money(verbose_name="Amount (£)", validators=[MinValueValidator(PENNY), MaxValueValidator(MOST_A_CLAIM)])
    given_on = models.DateField("Given on")
    method = models.CharField("Given as", max_length=20, choices=PaymentMethod.choices)
    reconcile_by = models.DateField("Receipts due by")
    purpose = models.CharField("What it is for", max_length=300)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    returned = money(verbose_name="Handed back (£)", default=Decimal("0.00"))
    reconciled_on = models.DateField(null=True, blank=True)
    note = models.CharField("Note", max_length=500, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="advance_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(name="advance_reconcile_after_given", condition=Q(reconcile_by__gte=F("given_on"))),
            models.CheckConstraint(name="advance_returned_not_negative", condition=Q(returned__gte=0)),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} advance given {self.given_on:%-d %B %Y}"


class ExpenseClaim(OrganisationOwned, Versioned):
    class Category(models.TextChoices):
        TRAVEL = "travel", "Travel (bus, train, taxi)"
        MILEAGE = "mileage", "Mileage in your own car"
        ACTIVITY = "activity", "An activity with a client"
        PHONE = "phone", "Phone"
        FOOD = "food", "Food and drink"

    class Status(models.TextChoices):
        DRAFT = "draft", "Not sent yet"
        SUBMITTED = "submitted", "Waiting for approval"
        APPROVED = "approved", "Approved, waiting to be paid"
        REJECTED = "rejected", "Not approved"
        PAID = "paid", "Paid"
        REVERSED = "reversed", "Reversed"

    EDITABLE = (Status.DRAFT, Status.REJECTED)
    # What counts against the budget and the monthly limit.
    COUNTED = (Status.APPROVED, Status.PAID)

    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="expense_claims")
    programme = models.ForeignKey("organisations.Programme", on_delete=models.PROTECT, related_name="+")
    relationship = models.ForeignKey(
        "journeys.Relationship", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField("What it was for", max_length=12, choices=Category.choices)
    description = models.CharField("In a few words", max_length=200, blank=True)
    spent_on = models.DateField("Date")
    amount = money(verbose_name="Amount (£)", validators=[MinValueValidator(PENNY), MaxValueValidator(MOST_A_CLAIM)])
    miles = models.DecimalField("Miles", max_digits=6, decimal_places=1, null=True, blank=True)
    passengers = models.PositiveSmallIntegerField("Passengers", default=0)
    # For mileage: the business miles already claimed that tax year when the amount was worked out.
    miles_before = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    payment_method = models.CharField("How you would like it paid", max_length=20, choices=PaymentMethod.choices)
    advance = models.ForeignKey(Advance, null=True, blank=True, on_delete=models.PROTECT, related_name="claims")
    receipt = models.FileField(storage=PrivateStorage(), upload_to="receipts/%Y/%m/", blank=True, max_length=200)
    receipt_type = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reject_reason = models.CharField("Why it was not approved", max_length=500, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    paid_method = models.CharField(max_length=20, choices=PaymentMethod.choices, blank=True)
    paid_reference = models.CharField("Payment reference", max_length=100, blank=True)

    class Meta:
        ordering = ["-spent_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="claim_amount_in_range", condition=Q(amount__gt=0) & Q(amount__lte=MOST_A_CLAIM)
            ),
            models.CheckConstraint(
                name="claim_rejected_has_a_reason", condition=~Q(status="rejected") | ~Q(reject_reason="")
            ),
            models.CheckConstraint(
                name="claim_paid_has_a_date", condition=~Q(status="paid") | Q(paid_on__isnull=False)
            ),
            models.CheckConstraint(name="claim_mileage_has_miles", condition=~Q(category="mileage") | Q(miles__gt=0)),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "submitted_at"], name="claim_queue"),
            models.Index(fields=["coach", "category", "spent_on"], name="claim_coach_mileage"),
            models.Index(fields=["organisation", "paid_on"], name="claim_paid_on"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} on {self.spent_on:%-d %B %Y}: £{self.amount}"

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE


class ClaimReversal(OrganisationOwned):
    """An approved or paid claim taken back, with the reason: a line of its own for finance (the
    amount negative), never an edit of the claim."""

    claim = models.OneToOneField(ExpenseClaim, on_delete=models.PROTECT, related_name="reversal")
    amount = money()
    reason = models.CharField("Why it is being reversed", max_length=500)
    was = models.CharField(max_length=10)
    reversed_on = models.DateField()
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(name="reversal_has_a_reason", condition=~Q(reason="")),
            models.CheckConstraint(name="reversal_is_negative", condition=Q(amount__lt=0)),
        ]

    def __str__(self) -> str:
        return f"Reversal of {self.claim}"
