"""Directory of other services, referring and signposting, outcomes. Thin views over services."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import reverse

from core.views import form_page, int_or_none, paginate, posted, render_list
from organisations.permissions import can, require
from people.selectors import get_client_for_user
from people.services import client_viewed

from . import selectors, services
from .forms import OutcomeForm, ReferralForm, ServiceForm
from .models import Referral, Service


@login_required
def service_list(request):
    search = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    kind = kind if kind in Service.Kind.values else ""
    services_ = selectors.services_for(
        request.user, search=search, kind=kind, include_inactive=can(request.user, "services.edit")
    )
    context = {
        "page": paginate(request, services_),
        "search": search,
        "kind": kind,
        "kinds": Service.Kind.choices,
        "can_edit": can(request.user, "services.edit"),
    }
    return render_list(request, "referrals/service_list.html", context)


@login_required
def service_create(request):
    require(request.user, "services.edit")
    form = ServiceForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: services.service_create(organisation=request.user.organisation, **form.changed_values()),
        template="referrals/service_form.html",
        message=lambda s: f"{s.name} is in the directory.",
        success_url=lambda _: reverse("referrals:service_list"),
    )


@login_required
def service_edit(request, service_id: int):
    service = selectors.get_service_for_user(request.user, service_id, write=True)
    form = ServiceForm(posted(request), instance=service)
    return form_page(
        request,
        form,
        save=lambda: services.service_update(
            service=service, expected_version=form.expected_version(), **form.changed_values()
        ),
        template="referrals/service_form.html",
        context={"service": service},
        message=lambda s: f"{s.name} saved.",
        success_url=lambda _: reverse("referrals:service_list"),
    )


@login_required
def referral_create(request, client_id: int):
    require(request.user, "referrals.edit")
    client = get_client_for_user(request.user, client_id)
    initial = {"service": int_or_none(request.GET.get("service"))}
    form = ReferralForm(posted(request), initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.referral_make(client=client, **form.cleaned_data),
        template="referrals/referral_form.html",
        context={"client": client},
        message=lambda r: (
            f"{'Referral' if r.kind == Referral.Kind.REFERRAL else 'Signposting'} to "
            f"{r.service.name} recorded. Come back and record what happened."
        ),
        success_url=lambda r: reverse("referrals:referral_detail", args=[r.pk]),
    )


@login_required
def referral_list(request):
    search = request.GET.get("q", "").strip()[:100]
    outcome = request.GET.get("outcome", Referral.Outcome.OPEN if "outcome" not in request.GET else "")
    outcome = outcome if outcome in [*Referral.Outcome.values, "closed"] else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in Service.Kind.values else ""
    referrals = selectors.referral_list(request.user, outcome=outcome, kind=kind, search=search)
    context = {
        "page": paginate(request, referrals),
        "search": search,
        "outcome": outcome,
        "outcomes": Referral.Outcome.choices,
        "kind": kind,
        "kinds": Service.Kind.choices,
    }
    return render_list(request, "referrals/referral_list.html", context)


@login_required
def referral_detail(request, referral_id: int):
    referral = selectors.get_referral_for_user(request.user, referral_id, write=request.method == "POST")
    form = OutcomeForm(posted(request), instance=referral)
    if request.method == "GET":
        client_viewed(client=referral.client)
    return form_page(
        request,
        form,
        save=lambda: services.referral_outcome(
            referral=referral, expected_version=form.expected_version(), **form.changed_values()
        ),
        template="referrals/referral_detail.html",
        context={"referral": referral, "can_edit": can(request.user, "referrals.edit")},
        message=lambda r: f"Outcome saved: {r.get_outcome_display().lower()}.",
        success_url=lambda r: reverse("referrals:referral_detail", args=[r.pk]),
    )
