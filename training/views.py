"""Training, agreements and readiness pages. Thin: an access helper, one service, a template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from core import audit
from core.access import get_or_404
from core.views import form_page, posted, save_form
from organisations.permissions import can, require
from organisations.selectors import get_programme_for_user
from people.models import Coach
from people.selectors import get_coach_for_user

from . import selectors, services
from .forms import (
    AgreementForm,
    AgreementVersionForm,
    AspirationForm,
    CompletionForm,
    InductionForm,
    ModuleForm,
    PaperAcknowledgementForm,
    ProgrammeChecksForm,
)
from .models import AgreementVersion, ProgrammeChecks

SAVED = "Your changes have been saved."


# --- the catalogue ---------------------------------------------------------------------------


@login_required
def module_list(request):
    modules = selectors.module_list(request.user)
    return render(request, "training/module_list.html", {"modules": modules})


@login_required
def module_create(request):
    require(request.user, "training.edit")
    form = ModuleForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: services.module_create(
            organisation=request.user.organisation,
            required_for=list(form.cleaned_data["required_for"]),
            **form.changed_values(),
        ),
        template="training/form.html",
        context={"title": "Add a training module", "cancel_url": reverse("training:module_list")},
        message=lambda module: f"{module} has been added.",
        success_url=lambda _: reverse("training:module_list"),
    )


@login_required
def module_edit(request, module_id: int):
    module = selectors.get_module_for_user(request.user, module_id, write=True)
    form = ModuleForm(posted(request), instance=module)
    return form_page(
        request,
        form,
        save=lambda: services.module_update(
            module=module,
            expected_version=form.expected_version(),
            required_for=list(form.cleaned_data["required_for"]),
            **form.changed_values(),
        ),
        template="training/form.html",
        context={"title": f"Change {module}", "cancel_url": reverse("training:module_list")},
        message=lambda _: SAVED,
        success_url=lambda _: reverse("training:module_list"),
    )


@login_required
def programme_requirements(request, programme_id: int):
    programme = get_programme_for_user(request.user, programme_id, write=True)
    require(request.user, "training.edit")
    current = ProgrammeChecks.objects.filter(programme=programme).first()
    initial = {
        "dbs_required": current.dbs_required if current else True,
        "references_required": current.references_required if current else 2,
        "recovery_guideline": current.recovery_guideline if current else "",
        "modules": list(programme.required_modules.all()),
    }
    form = ProgrammeChecksForm(posted(request), initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.programme_requirements_set(programme=programme, **form.cleaned_data),
        template="training/form.html",
        context={
            "title": f"What {programme} asks of its coaches",
            "intro": "A coach is offered for this programme only when all of these are met.",
            "cancel_url": reverse("organisations:programme_detail", args=[programme.pk]),
        },
        message=lambda _: SAVED,
        success_url=lambda _: reverse("organisations:programme_detail", args=[programme.pk]),
    )


# --- a coach's training and readiness --------------------------------------------------------


@login_required
def coach_training(request, coach_id: int):
    coach = get_coach_for_user(request.user, coach_id)
    require(request.user, "training.view")
    # Their readiness, vetting and training record: as sensitive as the coach's own page.
    audit.viewed(action="training.coach_training.viewed", obj=coach)
    context = selectors.coach_training(coach)
    context["can_edit"] = can(request.user, "training.edit")
    return render(request, "training/coach_training.html", context)


@login_required
def induction_add(request, coach_id: int):
    coach = get_coach_for_user(request.user, coach_id, write=True)
    form = InductionForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: services.induction_plan(coach=coach, **form.cleaned_data),
        template="training/form.html",
        context={"title": f"Plan {coach.first_name}'s induction", "cancel_url": _coach_url(coach)},
        message=lambda item: f"{item.module} is planned for the week of {item.planned_for:%-d %b}.",
        success_url=lambda _: _coach_url(coach),
    )


@login_required
def completion_create(request, coach_id: int):
    coach = get_coach_for_user(request.user, coach_id, write=True)
    form = CompletionForm(posted(request), initial={"module": request.GET.get("module")})
    return form_page(
        request,
        form,
        save=lambda: services.completion_record(coach=coach, **form.cleaned_data),
        template="training/form.html",
        context={"title": f"Record training {coach.first_name} has completed", "cancel_url": _coach_url(coach)},
        message=lambda completion: f"{completion.module} recorded as complete.",
        success_url=lambda _: _coach_url(coach),
    )


def _coach_url(coach) -> str:
    return reverse("training:coach_training", args=[coach.pk])


# --- agreements ------------------------------------------------------------------------------


@login_required
def agreement_list(request):
    require(request.user, "training.view")
    return render(request, "training/agreement_list.html", {"rows": selectors.agreements_with_status()})


@login_required
def agreement_create(request):
    require(request.user, "training.edit")
    form = AgreementForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: services.agreement_create(organisation=request.user.organisation, **form.cleaned_data),
        template="training/form.html",
        context={"title": "Add an agreement", "cancel_url": reverse("training:agreement_list")},
        message=lambda agreement: f"{agreement} is published. Every coach will be asked to acknowledge it.",
        success_url=lambda agreement: reverse("training:agreement_detail", args=[agreement.pk]),
    )


@login_required
def agreement_detail(request, agreement_id: int):
    agreement = selectors.get_agreement_for_user(request.user, agreement_id)
    version = agreement.current_version()
    context = {
        "agreement": agreement,
        "version": version,
        "versions": sorted(agreement.versions.all(), key=lambda v: -v.number),
        "acknowledgements": selectors.acknowledgements_of(version) if version else [],
        "can_edit": can(request.user, "training.edit"),
    }
    return render(request, "training/agreement_detail.html", context)


@login_required
def agreement_version_create(request, agreement_id: int):
    agreement = selectors.get_agreement_for_user(request.user, agreement_id, write=True)
    current = agreement.current_version()
    form = AgreementVersionForm(posted(request), initial={"body": current.body if current else ""})
    return form_page(
        request,
        form,
        save=lambda: services.agreement_new_version(agreement=agreement, **form.cleaned_data),
        template="training/form.html",
        context={
            "title": f"New version of {agreement}",
            "intro": "Publishing a new version asks every coach to acknowledge it again.",
            "cancel_url": reverse("training:agreement_detail", args=[agreement.pk]),
        },
        message=lambda version: f"Version {version.number} is published.",
        success_url=lambda _: reverse("training:agreement_detail", args=[agreement.pk]),
    )


@login_required
def paper_acknowledge(request, coach_id: int, version_id: int):
    """Staff record a paper acknowledgement for a coach who signed a printed copy."""
    coach = get_coach_for_user(request.user, coach_id, write=True)
    require(request.user, "training.edit")
    version = get_or_404(AgreementVersion.objects.select_related("agreement"), version_id)
    form = PaperAcknowledgementForm(posted(request), request.FILES if request.method == "POST" else None)
    return form_page(
        request,
        form,
        save=lambda: services.acknowledge_on_paper(coach=coach, version=version, **form.cleaned_data),
        template="training/paper_acknowledge.html",
        context={
            "coach": coach,
            "version": version,
            "already": selectors.acknowledgement_of(coach, version),
            "cancel_url": reverse("training:coach_training", args=[coach.pk]),
        },
        message=lambda _: f"{coach.first_name}'s signed copy of {version.agreement.title} is recorded.",
        success_url=lambda _: reverse("training:coach_training", args=[coach.pk]),
    )


@login_required
def signed_copy(request, acknowledgement_id: int):
    """The signed copy, only to staff who may see the coach's record; every look is recorded."""
    acknowledgement = selectors.get_paper_acknowledgement_for_user(request.user, acknowledgement_id)
    copy = services.signed_copy_viewed(acknowledgement=acknowledgement)
    response = HttpResponse(bytes(copy.data), content_type=copy.content_type)
    response["Content-Disposition"] = f'attachment; filename="{copy.name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- the coach's own journey -----------------------------------------------------------------


def _own_coach(request) -> Coach:
    return selectors.own_coach(request.user)


@login_required
def my_journey(request):
    coach = _own_coach(request)
    context = selectors.coach_training(coach)
    context["form"] = AspirationForm()
    return render(request, "training/my_journey.html", context)


@login_required
def acknowledge(request, version_id: int):
    coach = _own_coach(request)
    version = get_or_404(AgreementVersion.objects.select_related("agreement"), version_id)
    if request.method == "POST":
        services.acknowledge(coach=coach, version=version)
        messages.success(request, f"Thank you. You have acknowledged {version.agreement.title}.")
        return redirect("training:my_journey")
    return render(request, "training/acknowledge.html", {"version": version})


@login_required
def aspiration_add(request):
    coach = _own_coach(request)
    form = AspirationForm(posted(request))
    if request.method == "POST" and save_form(form, lambda: services.aspiration_add(coach=coach, **form.cleaned_data)):
        messages.success(request, "Added to your learning hopes.")
        return redirect("training:my_journey")
    context = selectors.coach_training(coach)
    context["form"] = form
    return render(request, "training/my_journey.html", context)
