from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import audit, spreadsheets
from core.access import get_or_404
from core.exceptions import StaleEditError
from core.views import form_page, posted, save_form
from organisations.models import Programme
from organisations.permissions import can, require
from people.models import Coach

from . import selectors, services
from .forms import (
    AdvanceForm,
    ApproveForm,
    ClaimForm,
    ExportForm,
    MileageForm,
    MileageRateForm,
    PayForm,
    ReconcileForm,
    RejectForm,
    ReverseForm,
    RulesForm,
    VersionForm,
)
from .models import Advance, ExpenseClaim, MileageRate


def _refusal(request, call) -> bool:
    """Run a service; say its refusal (a stale edit, a rule) as a message instead of a 500."""
    try:
        call()
    except StaleEditError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        return False
    return True


def _claim_url(claim: ExpenseClaim) -> str:
    return reverse("expenses:claim", args=[claim.pk])


# --- the coach's own claims ------------------------------------------------------------------


@login_required
def mine(request):
    """My expenses: each claim with where it is and when it was paid, and any advances."""
    coach = selectors.require_own_coach(request.user)
    advances = list(selectors.advances_visible_to_coach(coach).filter(status=Advance.Status.OPEN))
    for advance in advances:
        advance.left = selectors.outstanding(advance)
        advance.overdue = selectors.is_overdue(advance)
    context = {"coach": coach, "claims": selectors.claims_of(coach), "advances": advances}
    return render(request, "expenses/mine.html", context)


def _claim_form(request, coach: Coach, form_class, *, claim: ExpenseClaim | None = None):
    initial = {"spent_on": timezone.localdate(), "payment_method": "bank_transfer", "passengers": 0}
    if claim:
        initial = {
            f: getattr(claim, f)
            for f in ("category", "spent_on", "amount", "description", "relationship", "programme", "payment_method")
        }
        initial.update(version=claim.version, miles=claim.miles, passengers=claim.passengers, advance=claim.advance)
    return form_class(
        posted(request),
        request.FILES if request.method == "POST" else None,
        initial=initial,
        relationships=selectors.relationships_of(coach),
        programmes=selectors.programmes_for(coach),
        advances=selectors.advances_visible_to_coach(coach).filter(status=Advance.Status.OPEN),
    )


def _worked_out(form, coach: Coach):
    """For the mileage form's "Work out the amount": the amount these miles come to, nothing saved."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    return selectors.mileage_amount(
        miles=data["miles"],
        passengers=data["passengers"] or 0,
        miles_before=selectors.miles_so_far(coach, data["spent_on"]),
        rate=selectors.mileage_rate(coach.organisation_id, data["spent_on"]),
    )


def _new(request, form_class):
    coach = selectors.require_own_coach(request.user)
    form = _claim_form(request, coach, form_class)
    context = {"coach": coach, "mileage": form_class.mileage}
    if form_class.mileage and request.method == "POST" and "work_out" in request.POST:
        context["worked"] = _worked_out(form, coach)
        return render(request, "expenses/claim_form.html", {"form": form, **context})
    return form_page(
        request,
        form,
        save=lambda: services.claim_create(coach=coach, values=form.values(), receipt=form.cleaned_data.get("receipt")),
        template="expenses/claim_form.html",
        context=context,
        message=lambda c: f"Saved: £{c.amount}. Check it, then send it for approval.",
        success_url=_claim_url,
    )


@login_required
def new_claim(request):
    return _new(request, ClaimForm)


@login_required
def new_mileage(request):
    return _new(request, MileageForm)


@login_required
def edit_claim(request, claim_id: int):
    claim = selectors.get_claim_for_user(request.user, claim_id, capability="expenses.own")
    if not claim.editable:
        messages.error(request, services._not_editable(claim))
        return redirect(_claim_url(claim))
    mileage = claim.category == ExpenseClaim.Category.MILEAGE
    form_class = MileageForm if mileage else ClaimForm
    form = _claim_form(request, claim.coach, form_class, claim=claim)
    return form_page(
        request,
        form,
        save=lambda: services.claim_update(
            claim=claim,
            expected_version=form.cleaned_data.get("version") or claim.version,
            values=form.values(),
            receipt=form.cleaned_data.get("receipt"),
        ),
        template="expenses/claim_form.html",
        context={"coach": claim.coach, "mileage": mileage, "claim": claim},
        message=lambda c: "Saved your changes.",
        success_url=_claim_url,
    )


@login_required
@require_POST
def submit(request, claim_id: int):
    claim = selectors.get_claim_for_user(request.user, claim_id, capability="expenses.own")
    form = VersionForm(request.POST)
    if form.is_valid() and not _refusal(
        request, lambda: services.claim_submit(claim=claim, expected_version=form.cleaned_data["version"])
    ):
        messages.success(request, "Sent for approval. You can see here when it is approved and paid.")
    return redirect(_claim_url(claim))


# --- one claim -------------------------------------------------------------------------------


@login_required
def claim_page(request, claim_id: int):
    claim = selectors.get_claim_for_user(request.user, claim_id)
    mine = claim.coach.user_id == request.user.pk
    if not mine:
        audit.viewed(action="expenses.claim.viewed", obj=claim)
    approver = can(request.user, "expenses.approve")
    context = {
        "claim": claim,
        "mine": mine,
        "worked": selectors.worked_out(claim),
        "budget": selectors.budget_after(claim) if approver and claim.status == "submitted" else None,
        "approve_form": ApproveForm(initial={"version": claim.version}),
        "pay_form": PayForm(
            initial={"version": claim.version, "paid_on": timezone.localdate(), "method": claim.payment_method}
        ),
        "reversal": getattr(claim, "reversal", None) if claim.status == "reversed" else None,
    }
    return render(request, "expenses/claim.html", context)


@login_required
def receipt(request, claim_id: int):
    """The receipt, only to someone who may see the claim; never cached, never shown in a frame."""
    claim = selectors.get_claim_for_user(request.user, claim_id)
    if not claim.receipt:
        raise Http404("No receipt.")
    audit.viewed(action="expenses.receipt.viewed", obj=claim)
    try:
        handle = claim.receipt.open("rb")
    except FileNotFoundError:
        raise Http404("The receipt file is missing.") from None
    extension = "pdf" if claim.receipt_type == "application/pdf" else "jpg"
    response = FileResponse(handle, content_type=claim.receipt_type or "application/octet-stream")
    response["Content-Disposition"] = f'inline; filename="receipt-{claim.pk}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _next_or_back(request, claim: ExpenseClaim):
    """After a decision from the queue, on to the next claim waiting (one by one)."""
    if request.POST.get("next") == "queue":
        following = selectors.next_in_queue(request.user, claim)
        return redirect(_claim_url(following) + "?from=queue" if following else reverse("expenses:queue"))
    return redirect(_claim_url(claim))


@login_required
@require_POST
def approve(request, claim_id: int):
    claim = selectors.get_claim_for_user(request.user, claim_id, capability="expenses.approve")
    form = ApproveForm(request.POST)
    if form.is_valid() and not _refusal(
        request,
        lambda: services.claim_approve(
            claim=claim,
            expected_version=form.cleaned_data["version"],
            by=request.user,
            over_budget=form.cleaned_data["over_budget"],
        ),
    ):
        messages.success(request, f"Approved {claim.coach}'s claim for £{claim.amount}.")
    return _next_or_back(request, claim)


@login_required
def reject(request, claim_id: int):
    claim = selectors.get_claim_for_user(request.user, claim_id, capability="expenses.approve")
    form = RejectForm(posted(request), initial={"version": claim.version})
    return form_page(
        request,
        form,
        save=lambda: services.claim_reject(
            claim=claim,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
        template="expenses/reason_form.html",
        context={"claim": claim, "doing": "reject"},
        message=lambda c: f"{c.coach.first_name}'s claim has gone back to them with your reason.",
        success_url=lambda c: reverse("expenses:queue"),
    )


@login_required
def reverse_claim(request, claim_id: int):
    claim = selectors.get_claim_for_user(request.user, claim_id, capability="expenses.approve")
    form = ReverseForm(posted(request), initial={"version": claim.version})
    return form_page(
        request,
        form,
        save=lambda: services.claim_reverse(
            claim=claim,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
        template="expenses/reason_form.html",
        context={"claim": claim, "doing": "reverse"},
        message=lambda r: f"Reversed. £{-r.amount} goes back to the budget and a reversal line goes to finance.",
        success_url=lambda r: _claim_url(claim),
    )


@login_required
@require_POST
def pay(request, claim_id: int):
    claim = selectors.get_claim_for_user(request.user, claim_id, capability="expenses.approve")
    form = PayForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    elif not _refusal(
        request,
        lambda: services.claim_pay(
            claim=claim,
            expected_version=form.cleaned_data["version"],
            paid_on=form.cleaned_data["paid_on"],
            method=form.cleaned_data["method"],
            reference=form.cleaned_data["reference"],
            by=request.user,
        ),
    ):
        messages.success(request, f"Marked as paid on {form.cleaned_data['paid_on']:%-d %B}.")
    if request.POST.get("next") == "to_pay":
        return redirect(reverse("expenses:queue") + "#to-pay")
    return redirect(_claim_url(claim))


# --- coordinators ----------------------------------------------------------------------------


@login_required
def queue(request):
    require(request.user, "expenses.view")
    approver = can(request.user, "expenses.approve")
    context = {
        "waiting": selectors.queue(request.user),
        "waiting_count": selectors.waiting_count(request.user),
        "to_pay": selectors.approved_to_pay(request.user) if approver else [],
        "to_pay_count": selectors.to_pay_count(request.user) if approver else 0,
        "today": timezone.localdate(),
    }
    return render(request, "expenses/queue.html", context)


@login_required
def export(request):
    require(request.user, "expenses.approve")
    today = timezone.localdate()
    form = ExportForm(
        request.GET if "starts_on" in request.GET else None,
        initial={"starts_on": today.replace(day=1), "ends_on": today},
    )
    fmt = request.GET.get("format")
    if form.is_bound and form.is_valid() and fmt in spreadsheets.FORMATS:
        start, end = form.cleaned_data["starts_on"], form.cleaned_data["ends_on"]
        audit.record(
            action="expenses.finance.exported",
            organisation=request.user.organisation,
            changes={"from": start, "to": end, "format": fmt},
        )
        return spreadsheets.response(
            f"expenses-{start}-{end}",
            selectors.FINANCE_HEADERS,
            selectors.finance_rows(start, end),
            fmt=fmt,
            title="Expenses",
        )
    return render(request, "expenses/export.html", {"form": form})


@login_required
def programmes(request):
    require(request.user, "expenses.approve")
    rows = [(p, selectors.programme_expenses(p)) for p in Programme.objects.order_by("name")]
    return render(request, "expenses/programmes.html", {"rows": rows})


@login_required
def programme_rules(request, programme_id: int):
    require(request.user, "expenses.approve")
    programme = get_or_404(Programme.objects.all(), programme_id)
    current = selectors.programme_expenses(programme)
    form = RulesForm(posted(request), instance=current)
    return form_page(
        request,
        form,
        save=lambda: services.programme_rules_save(
            programme=programme, values=form.cleaned_data, expected_version=current.version if current.pk else None
        ),
        template="expenses/rules_form.html",
        context={"programme": programme, "rules": current},
        message=lambda r: f"Saved the expenses rules for {programme.name}.",
        success_url=lambda r: reverse("expenses:programmes"),
    )


@login_required
def mileage_rates(request):
    require(request.user, "expenses.approve")
    form = MileageRateForm(posted(request), initial={"starts_on": timezone.localdate(), **MileageRate.HMRC})
    return form_page(
        request,
        form,
        save=lambda: services.mileage_rate_set(
            organisation=request.user.organisation,
            starts_on=form.cleaned_data["starts_on"],
            values=form.cleaned_data,
        ),
        template="expenses/mileage_rates.html",
        context={
            "rates": selectors.mileage_rates(),
            "in_force": selectors.mileage_rate(request.user.organisation_id, timezone.localdate()),
        },
        message=lambda r: f"Saved the mileage rates from {r.starts_on:%-d %B %Y}.",
        success_url=lambda r: reverse("expenses:mileage_rates"),
    )


@login_required
def advances(request):
    require(request.user, "expenses.view")
    found = list(selectors.advances_visible_to(request.user).order_by("status", "reconcile_by", "pk"))
    for advance in found:
        advance.left = selectors.outstanding(advance)
        advance.overdue = selectors.is_overdue(advance)
    return render(request, "expenses/advances.html", {"advances": found})


@login_required
def advance_new(request):
    require(request.user, "expenses.approve")
    today = timezone.localdate()
    form = AdvanceForm(
        posted(request),
        initial={"given_on": today, "reconcile_by": today + datetime.timedelta(days=14), "method": "prepaid_card"},
        coaches=Coach.objects.filter(status=Coach.Status.ACTIVE).order_by("first_name", "last_name"),
        programmes=Programme.objects.order_by("name"),
    )
    return form_page(
        request,
        form,
        save=lambda: services.advance_give(by=request.user, **form.cleaned_data),
        template="expenses/advance_form.html",
        message=lambda a: f"Recorded the £{a.amount} advance for {a.coach}.",
        success_url=lambda a: reverse("expenses:advance", args=[a.pk]),
    )


@login_required
def advance_page(request, advance_id: int):
    advance = selectors.get_advance_for_user(request.user, advance_id)
    form = ReconcileForm(posted(request), initial={"version": advance.version})
    if request.method == "POST":
        require(request.user, "expenses.approve")
        done = save_form(
            form,
            lambda: services.advance_reconcile(
                advance=advance,
                expected_version=form.cleaned_data["version"],
                returned=form.cleaned_data["returned"],
                note=form.cleaned_data["note"],
                by=request.user,
            ),
        )
        if done is not None:
            messages.success(request, "The advance is reconciled.")
            return redirect("expenses:advance", advance.pk)
    context = {
        "advance": advance,
        "left": selectors.outstanding(advance),
        "overdue": selectors.is_overdue(advance),
        "claims": list(advance.claims.select_related("programme").order_by("spent_on", "pk")),
        "form": form,
    }
    return render(request, "expenses/advance.html", context)
