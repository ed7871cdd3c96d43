from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from core import audit
from core.request_context import client_ip
from core.views import form_page, paginate, posted, save_form
from organisations.models import Organisation
from organisations.permissions import can, require
from people.selectors import get_coach_for_user
from training.models import ProgrammeChecks

from . import selectors, services
from .forms import (
    ApplicationForm,
    CheckForm,
    CircumstanceForm,
    ConversationForm,
    ExclusionForm,
    MoveForm,
    QuestionForm,
)
from .models import Application, Conversation


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
    form = CheckForm(posted(request))
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
    form = CheckForm(posted(request), instance=check)
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


# --- applying and the pipeline ---------------------------------------------------------------

# Per address: a handful of tries an hour, and at most three applications a day.
ATTEMPTS_PER_HOUR = 10
APPLICATIONS_PER_DAY = 3
MAX_BODY_BYTES = 40_000


def _source_hash(request) -> str:
    address = client_ip(request) or "unknown"
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def apply(request, slug: str):
    """The public application form: no sign-in, protected without a third-party service."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if request.method == "POST" and len(request.body) > MAX_BODY_BYTES:
        return render(
            request, "recruitment/apply_refused.html", {"organisation": organisation, "reason": "too_big"}, status=413
        )
    with scope(organisation=organisation.pk):
        form = ApplicationForm(posted(request))
        if request.method == "POST":
            source = _source_hash(request)
            key = f"apply-attempts:{source}"
            attempts = cache.get_or_set(key, 0, timeout=3600)
            cache.incr(key)
            day_ago = timezone.now() - datetime.timedelta(days=1)
            recent = Application.objects.filter(source_hash=source, created_at__gte=day_ago).count()
            if attempts >= ATTEMPTS_PER_HOUR or recent >= APPLICATIONS_PER_DAY:
                return render(
                    request,
                    "recruitment/apply_refused.html",
                    {"organisation": organisation, "reason": "too_many"},
                    status=429,
                )
            if save_form(
                form,
                lambda: services.application_submit(
                    organisation=organisation,
                    source_hash=source,
                    form_token=form.cleaned_data["started"],
                    **form.values(),
                ),
            ):
                return redirect("recruitment:apply_thanks", slug=organisation.slug)
        return render(request, "recruitment/apply.html", {"form": form, "organisation": organisation})


def apply_thanks(request, slug: str):
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(request, "recruitment/apply_thanks.html", {"organisation": organisation})


@login_required
def pipeline(request):
    stages = selectors.pipeline(request.user)
    rows = [(value, label, stages[value]) for value, label in Application.Stage.choices]
    apply_url = request.build_absolute_uri(reverse("recruitment:apply", args=[request.user.organisation.slug]))
    return render(request, "recruitment/pipeline.html", {"rows": rows, "apply_url": apply_url})


@login_required
def application_detail(request, application_id: int):
    application = selectors.get_application_for_user(request.user, application_id)
    form = MoveForm(posted(request), initial={"version": application.version}, stage=application.stage)
    if request.method == "POST":
        require(request.user, "checks.edit")
        moved = save_form(
            form,
            lambda: services.application_move(
                application=application,
                to_stage=form.cleaned_data["to_stage"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if moved:
            messages.success(request, f"{application} moved to “{moved.get_stage_display()}”.")
            return redirect("recruitment:application_detail", application.pk)
    context = {
        "application": application,
        "form": form if can(request.user, "checks.edit") else None,
        "history": application.stage_changes.select_related("by"),
        "conversation": Conversation.objects.filter(application=application).prefetch_related("answers").first(),
        "exclusions": application.coach.matching_exclusions.all() if application.coach else [],
    }
    if request.method == "GET":
        # An applicant's lived experience in their own words, and the suitability conversation.
        audit.viewed(action="recruitment.application.viewed", obj=application)
    return render(request, "recruitment/application_detail.html", context)


@login_required
def conversation(request, application_id: int):
    application = selectors.get_application_for_user(request.user, application_id, write=True)
    existing = Conversation.objects.filter(application=application).prefetch_related("answers").first()
    answers = {a.question: (a.answer, a.exclusion) for a in existing.answers.all()} if existing else {}
    questions = selectors.suitability_questions()
    questions += [q for q in answers if q not in questions]
    initial = (
        {k: getattr(existing, k) for k in ("held_on", "strengths", "recovery_judgement", "recovery_reason", "notes")}
        if existing
        else {"held_on": timezone.localdate()}
    )
    form = ConversationForm(
        posted(request),
        questions=questions,
        answers=answers,
        exclusion_questions=selectors.exclusion_questions(),
        initial=initial,
    )
    return form_page(
        request,
        form,
        save=lambda: services.conversation_save(application=application, answers=form.answers(), **form.values()),
        template="recruitment/conversation_form.html",
        context={
            "application": application,
            "guidelines": ProgrammeChecks.objects.exclude(recovery_guideline="").select_related("programme"),
        },
        message=lambda _: "The conversation has been recorded.",
        success_url=lambda _: reverse("recruitment:application_detail", args=[application.pk]),
    )


@login_required
def questions(request):
    """The questions and the form to add one (its own job: the page writes nothing on a look)."""
    require(request.user, "checks.edit")
    form = QuestionForm(posted(request))
    if request.method == "POST" and save_form(
        form, lambda: services.question_add(organisation=request.user.organisation, **form.cleaned_data)
    ):
        messages.success(request, "Question added.")
        return redirect("recruitment:questions")
    context = {
        "form": form,
        "questions": selectors.suitability_questions(),
        "exclusion_questions": selectors.exclusion_questions(),
    }
    return render(request, "recruitment/questions.html", context)


@login_required
def circumstances(request):
    """The organisation's circumstances, for lived experience and exclusions, and adding one."""
    require(request.user, "checks.view")
    form = CircumstanceForm(posted(request))
    if request.method == "POST":
        require(request.user, "checks.edit")
        if save_form(
            form, lambda: services.circumstance_add(organisation=request.user.organisation, **form.cleaned_data)
        ):
            messages.success(request, "Circumstance added.")
            return redirect("recruitment:circumstances")
    context = {
        "form": form if can(request.user, "checks.edit") else None,
        "circumstances": selectors.circumstance_choices(),
    }
    return render(request, "recruitment/circumstances.html", context)


@login_required
def exclusion_add(request, coach_id: int):
    """A matching exclusion for any coach, whether or not they came through an application."""
    coach = get_coach_for_user(request.user, coach_id, write=True)
    require(request.user, "checks.edit")
    form = ExclusionForm(posted(request), circumstances=selectors.circumstance_choices())
    return form_page(
        request,
        form,
        save=lambda: services.exclusion_add(coach=coach, **form.cleaned_data),
        template="recruitment/exclusion_form.html",
        context={"coach": coach, "exclusions": selectors.coach_exclusions(coach)},
        message=lambda _: "Exclusion added.",
        success_url=lambda _: reverse("people:coach_detail", args=[coach.pk]),
    )
