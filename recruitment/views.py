from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from core.views import form_page, paginate
from organisations.permissions import require
from people.selectors import get_coach_for_user

from . import selectors, services
from .forms import CheckForm


def _training_url(coach) -> str:
    return reverse("training:coach_training", args=[coach.pk])


@login_required
def check_list(request):
    checks = selectors.checks_waiting(request.user)
    return render(request, "recruitment/check_list.html", {"page": paginate(request, checks)})


@login_required
def check_create(request, coach_id: int):
    coach = get_coach_for_user(request.user, coach_id, write=True)
    require(request.user, "checks.edit")
    form = CheckForm(request.POST if request.method == "POST" else None)
    return form_page(
        request,
        form,
        save=lambda: services.check_create(coach=coach, **form.changed_values()),
        template="recruitment/check_form.html",
        context={"coach": coach},
        message=lambda check: f"{check.get_kind_display()} added.",
        success_url=lambda _: _training_url(coach),
    )


@login_required
def check_edit(request, check_id: int):
    check = selectors.get_check_for_user(request.user, check_id, write=True)
    form = CheckForm(request.POST if request.method == "POST" else None, instance=check)
    return form_page(
        request,
        form,
        save=lambda: services.check_update(
            check=check, expected_version=form.expected_version(), **form.changed_values()
        ),
        template="recruitment/check_form.html",
        context={"coach": check.coach, "check": check},
        message=lambda _: "Your changes have been saved.",
        success_url=lambda _: _training_url(check.coach),
    )


@login_required
def check_certificate(request, check_id: int):
    """Show the certificate number only on a deliberate request (a POST), and audit it."""
    check = selectors.get_check_for_user(request.user, check_id, write=True)
    number = services.certificate_viewed(check=check) if request.method == "POST" else None
    return render(request, "recruitment/check_certificate.html", {"check": check, "number": number})
