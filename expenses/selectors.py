"""Reads for expenses. Who sees what: a coach their own claims and advances; coordinators and
organisation admins everyone's in their organisation; a supervisor the claims of the coaches they
supervise now (supervision.selectors); nobody else. Another coach's or organisation's claim is a
404, as it does not exist for them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from core.access import get_or_404
from journeys.models import Relationship
from organisations.models import Programme
from organisations.permissions import can, require
from people.models import Coach
from supervision import selectors as supervision

from .models import PENNY, Advance, ClaimReversal, ExpenseClaim, MileageRate, ProgrammeExpenses, tax_year_start

ZERO = Decimal("0.00")

# --- who sees what ---------------------------------------------------------------------------


def own_coach(user) -> Coach | None:
    if not can(user, "expenses.own"):
        return None
    return Coach.objects.filter(user=user).first()


def require_own_coach(user) -> Coach:
    require(user, "expenses.own")
    coach = own_coach(user)
    if coach is None:
        raise Http404("No coach record for this sign-in.")
    return coach


def claims_visible_to(user) -> QuerySet[ExpenseClaim]:
    claims = ExpenseClaim.objects.select_related("coach", "programme", "relationship__client", "decided_by")
    if can(user, "expenses.approve"):
        return claims
    if can(user, "expenses.view"):
        # A supervisor: only the coaches they supervise (or cover for) now.
        return claims.filter(coach__in=supervision.coaches_visible_to(user).values("pk"))
    if can(user, "expenses.own"):
        return claims.filter(coach__user=user)
    return claims.none()


def get_claim_for_user(user, claim_id, *, capability: str | None = None) -> ExpenseClaim:
    """`capability`: the write about to be made. A coach writes only their own claim
    (`expenses.own`); approving, rejecting, paying and reversing is `expenses.approve`."""
    if not (can(user, "expenses.view") or can(user, "expenses.own")):
        require(user, "expenses.view")
    claim = get_or_404(claims_visible_to(user), claim_id)
    if capability:
        require(user, capability)
        if capability == "expenses.own" and claim.coach.user_id != user.pk:
            raise Http404("Not your claim.")
    return claim


def advances_visible_to(user) -> QuerySet[Advance]:
    advances = Advance.objects.select_related("coach", "programme").annotate(
        claimed=Coalesce(
            Subquery(
                ExpenseClaim.objects.filter(advance=OuterRef("pk"), status__in=[*ExpenseClaim.COUNTED, "submitted"])
                .order_by()
                .values("advance")
                .annotate(total=Sum("amount"))
                .values("total")
            ),
            Value(ZERO),
            output_field=DecimalField(max_digits=9, decimal_places=2),
        )
    )
    if can(user, "expenses.approve"):
        return advances
    if can(user, "expenses.view"):
        return advances.filter(coach__in=supervision.coaches_visible_to(user).values("pk"))
    if can(user, "expenses.own"):
        return advances.filter(coach__user=user)
    return advances.none()


def get_advance_for_user(user, advance_id) -> Advance:
    if not (can(user, "expenses.view") or can(user, "expenses.own")):
        require(user, "expenses.view")
    return get_or_404(advances_visible_to(user), advance_id)


def outstanding(advance: Advance) -> Decimal:
    """What an advance still has to be accounted for: given, less claims against it, less handed back."""
    claimed = getattr(advance, "claimed", None)
    if claimed is None:
        claimed = advance.claims.filter(status__in=[*ExpenseClaim.COUNTED, "submitted"]).aggregate(t=Sum("amount"))["t"]
    # SQLite sums decimals as floats: back to pounds and pence before any arithmetic.
    claimed = Decimal(str(claimed or 0)).quantize(PENNY)
    return max(ZERO, advance.amount - claimed - advance.returned).quantize(PENNY)


def is_overdue(advance: Advance, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return advance.status == Advance.Status.OPEN and advance.reconcile_by < today and outstanding(advance) > 0


def open_advances(coach: Coach) -> list[Advance]:
    return list(advances_visible_to_coach(coach).filter(status=Advance.Status.OPEN))


def advances_visible_to_coach(coach: Coach) -> QuerySet[Advance]:
    return (
        Advance.objects.filter(coach=coach)
        .select_related("programme")
        .annotate(
            claimed=Coalesce(
                Subquery(
                    ExpenseClaim.objects.filter(advance=OuterRef("pk"), status__in=[*ExpenseClaim.COUNTED, "submitted"])
                    .order_by()
                    .values("advance")
                    .annotate(total=Sum("amount"))
                    .values("total")
                ),
                Value(ZERO),
                output_field=DecimalField(max_digits=9, decimal_places=2),
            )
        )
    )


# --- what a coach may claim for --------------------------------------------------------------


def relationships_of(coach: Coach) -> QuerySet[Relationship]:
    """The coach's own relationships a claim can name (open ones, and ended in the last 3 months)."""
    since = timezone.localdate() - datetime.timedelta(days=92)
    return (
        Relationship.objects.filter(coach=coach)
        .filter(Q(status__in=Relationship.OPEN_STATUSES) | Q(ended_on__gte=since))
        .select_related("client", "programme")
        .order_by("client__first_name", "pk")
    )


def programmes_for(coach: Coach) -> QuerySet[Programme]:
    """The programmes a coach can claim from: those they coach in; any open one if none yet."""
    theirs = Programme.objects.filter(relationships__coach=coach).distinct()
    return theirs if theirs.exists() else Programme.objects.filter(status=Programme.Status.OPEN)


def programme_expenses(programme: Programme) -> ProgrammeExpenses:
    """The programme's rules, or the defaults (unsaved) until someone saves them."""
    found = ProgrammeExpenses.objects.filter(programme=programme).first()
    return found or ProgrammeExpenses(organisation_id=programme.organisation_id, programme=programme)


# --- mileage ---------------------------------------------------------------------------------


def mileage_rate(organisation_id: int, day: datetime.date) -> MileageRate:
    """The rates in force on `day`: the latest begun by then, or HMRC's (unsaved) if none is."""
    found = MileageRate.objects.filter(starts_on__lte=day).order_by("-starts_on").first()
    return found or MileageRate(
        organisation_id=organisation_id, starts_on=datetime.date(2011, 4, 6), **MileageRate.HMRC
    )


def mileage_rates() -> list[MileageRate]:
    return list(MileageRate.objects.order_by("-starts_on"))


def miles_so_far(coach: Coach, day: datetime.date, *, leaving_out: int | None = None) -> Decimal:
    """Business miles the coach has claimed (sent, approved or paid) in the tax year `day` is in."""
    start = tax_year_start(day)
    end = datetime.date(start.year + 1, 4, 5)
    found = ExpenseClaim.objects.filter(
        coach=coach,
        category=ExpenseClaim.Category.MILEAGE,
        spent_on__gte=start,
        spent_on__lte=end,
        status__in=[ExpenseClaim.Status.SUBMITTED, *ExpenseClaim.COUNTED],
    )
    if leaving_out:
        found = found.exclude(pk=leaving_out)
    return found.aggregate(total=Sum("miles"))["total"] or Decimal("0")


@dataclass
class Mileage:
    miles: Decimal
    miles_before: Decimal
    at_first_rate: Decimal
    at_after_rate: Decimal
    passengers: int
    rate: MileageRate
    amount: Decimal


def mileage_amount(*, miles: Decimal, passengers: int, miles_before: Decimal, rate: MileageRate) -> Mileage:
    """HMRC's bands within one claim: the miles still under the band (10,000 a tax year) at the
    first rate, the rest at the lower one; each passenger adds their rate on every mile."""
    under = max(Decimal("0"), Decimal(rate.band_miles) - miles_before)
    at_first = min(miles, under)
    at_after = miles - at_first
    amount = at_first * rate.first_rate + at_after * rate.after_rate + miles * passengers * rate.passenger_rate
    return Mileage(
        miles=miles,
        miles_before=miles_before,
        at_first_rate=at_first,
        at_after_rate=at_after,
        passengers=passengers,
        rate=rate,
        amount=amount.quantize(PENNY, rounding=ROUND_HALF_UP),
    )


def worked_out(claim: ExpenseClaim) -> Mileage | None:
    """How a mileage claim's amount was worked out, for the claim page."""
    if claim.category != ExpenseClaim.Category.MILEAGE or claim.miles is None:
        return None
    return mileage_amount(
        miles=claim.miles,
        passengers=claim.passengers,
        miles_before=claim.miles_before or Decimal("0"),
        rate=mileage_rate(claim.organisation_id, claim.spent_on),
    )


# --- limits and budget -----------------------------------------------------------------------


def month_total(coach: Coach, day: datetime.date, *, leaving_out: int | None = None) -> Decimal:
    """What the coach has claimed (sent, approved or paid) in the calendar month of `day`."""
    found = ExpenseClaim.objects.filter(
        coach=coach,
        spent_on__year=day.year,
        spent_on__month=day.month,
        status__in=[ExpenseClaim.Status.SUBMITTED, *ExpenseClaim.COUNTED],
    )
    if leaving_out:
        found = found.exclude(pk=leaving_out)
    return found.aggregate(total=Sum("amount"))["total"] or ZERO


@dataclass
class BudgetView:
    settings: ProgrammeExpenses
    after: Decimal | None
    over_by: Decimal | None


def budget_after(claim: ExpenseClaim) -> BudgetView:
    """What approving this claim would do to its programme's budget (the warning the approver sees)."""
    rules = programme_expenses(claim.programme)
    if rules.budget is None:
        return BudgetView(rules, None, None)
    after = rules.spent + claim.amount
    return BudgetView(rules, after, after - rules.budget if after > rules.budget else None)


# --- the coordinators' queue and the coach's list --------------------------------------------


# The queue shows this many of each list (oldest first): it is worked through one by one, and a
# page of thousands of rows helps nobody on a phone.
SHOWN = 50


def queue(user, *, count: int = SHOWN) -> list[ExpenseClaim]:
    """The claims waiting for approval, oldest first: one query."""
    return list(
        claims_visible_to(user).filter(status=ExpenseClaim.Status.SUBMITTED).order_by("submitted_at", "pk")[:count]
    )


def waiting_count(user) -> int:
    return claims_visible_to(user).filter(status=ExpenseClaim.Status.SUBMITTED).count()


def approved_to_pay(user, *, count: int = SHOWN) -> list[ExpenseClaim]:
    return list(
        claims_visible_to(user).filter(status=ExpenseClaim.Status.APPROVED).order_by("decided_at", "pk")[:count]
    )


def to_pay_count(user) -> int:
    return claims_visible_to(user).filter(status=ExpenseClaim.Status.APPROVED).count()


def next_in_queue(user, after: ExpenseClaim) -> ExpenseClaim | None:
    """The next claim waiting, for approving one by one."""
    return (
        ExpenseClaim.objects.filter(status=ExpenseClaim.Status.SUBMITTED)
        .exclude(pk=after.pk)
        .filter(pk__in=claims_visible_to(user).values("pk"))
        .order_by("submitted_at", "pk")
        .first()
    )


def claims_of(coach: Coach, *, count: int = 50) -> list[ExpenseClaim]:
    return list(
        ExpenseClaim.objects.filter(coach=coach)
        .select_related("programme", "relationship__client")
        .order_by("-spent_on", "-pk")[:count]
    )


# --- the finance export ----------------------------------------------------------------------

FINANCE_HEADERS = [
    "Claim",
    "Coach",
    "Programme",
    "Category",
    "Date spent",
    "Description",
    "Miles",
    "Amount (£)",
    "Status",
    "Approved on",
    "Paid on",
    "Paid by",
    "Payment reference",
    "Reversal reason",
]


def finance_rows(starts_on: datetime.date, ends_on: datetime.date):
    """Approved and paid claims decided or paid in the period, then any reversals made in it (a
    negative line each): two queries, streamed."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(starts_on, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(ends_on + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    claims = (
        ExpenseClaim.objects.filter(status__in=ExpenseClaim.COUNTED)
        .filter(Q(decided_at__gte=start, decided_at__lt=end) | Q(paid_on__gte=starts_on, paid_on__lte=ends_on))
        .select_related("coach", "programme")
        .order_by("coach__last_name", "coach__first_name", "spent_on", "pk")
    )
    for c in claims.iterator(chunk_size=1000):
        yield [
            c.pk,
            str(c.coach),
            c.programme.name,
            c.get_category_display(),
            c.spent_on,
            c.description,
            c.miles,
            c.amount,
            c.get_status_display(),
            timezone.localtime(c.decided_at).date() if c.decided_at else None,
            c.paid_on,
            c.get_paid_method_display() if c.paid_method else "",
            c.paid_reference,
            "",
        ]
    reversals = (
        ClaimReversal.objects.filter(reversed_on__gte=starts_on, reversed_on__lte=ends_on)
        .select_related("claim__coach", "claim__programme")
        .order_by("reversed_on", "pk")
    )
    for r in reversals.iterator(chunk_size=1000):
        c = r.claim
        yield [
            c.pk,
            str(c.coach),
            c.programme.name,
            c.get_category_display(),
            c.spent_on,
            c.description,
            -c.miles if c.miles else None,
            r.amount,
            "Reversed",
            None,
            None,
            "",
            "",
            r.reason,
        ]
