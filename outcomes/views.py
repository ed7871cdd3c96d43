"""Outcome pages: a client (or their coach with them) filling in a measure one question a screen,
a client's own progress, and recording and confirming life outcomes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.views import form_page, posted
from journeys.selectors import get_relationship_for_user, relationships_visible_to
from organisations.permissions import can, require

from . import selectors, services
from .forms import LifeOutcomeForm


def _may_complete(user) -> bool:
    return can(user, "outcomes.own") or can(user, "outcomes.record")


@login_required
def complete(request, relationship_id: int, measure_id: int, occasion: str):
    """One question a screen. Earlier answers travel in the form as hidden fields, and nothing is
    saved until the last question is answered, so a measure left half-way leaves nothing behind."""
    if not _may_complete(request.user):
        require(request.user, "outcomes.record")
    due = selectors.get_due(request.user, relationship_id, measure_id, occasion)
    questions = selectors.questions_of(due.measure)
    answers = {q.pk: request.POST.get(f"q{q.pk}", "") for q in questions} if request.method == "POST" else {}
    step, error = 0, None
    if request.method == "POST":
        shown = min(max(int(request.POST.get("step", 0) or 0), 0), len(questions) - 1) if questions else 0
        if "back" in request.POST:
            step = max(shown - 1, 0)
        else:
            step, error = _next_step(questions, answers, shown)
            if step == len(questions):
                return _finish(request, due, answers)
    context = {
        "due": due,
        "questions": questions,
        "step": step,
        "question": questions[step] if questions else None,
        "answers": answers,
        "error": error,
        "with_coach": not can(request.user, "outcomes.own"),
    }
    return render(request, "outcomes/complete.html", context)


def _next_step(questions, answers, shown):
    for index, question in enumerate(questions[: shown + 1]):
        try:
            services.clean_answer(question, answers.get(question.pk))
        except ValidationError as invalid:
            return index, invalid.messages[0]
    return shown + 1, None


def _finish(request, due, answers):
    own = can(request.user, "outcomes.own")
    try:
        services.measure_complete(
            relationship=due.relationship,
            measure=due.measure,
            occasion=due.occasion,
            answers=answers,
            by=request.user,
            with_coach=not own,
        )
    except ValidationError as invalid:
        messages.error(request, " ".join(invalid.messages))
    else:
        messages.success(
            request, "Thank you. Your answers are saved." if own else "Saved, as completed with the coach."
        )
    if own:
        return redirect("outcomes:my_progress")
    return redirect("journeys:relationship_detail", relationship_id=due.relationship.pk)


@login_required
def my_progress(request):
    require(request.user, "outcomes.own")
    relationships = relationships_visible_to(request.user)
    context = {
        "progress": selectors.progress(relationships),
        "due": selectors.due_for(list(relationships.order_by("-started_on")[:3])),
        "life_outcomes": selectors.life_outcomes_of(relationships),
        "goals_achieved": selectors.goals_achieved(relationships),
    }
    return render(request, "outcomes/my_progress.html", context)


@login_required
def life_outcome_add(request, relationship_id: int):
    relationship = get_relationship_for_user(request.user, relationship_id, write=True, capability="outcomes.record")
    form = LifeOutcomeForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: services.life_outcome_record(relationship=relationship, by=request.user, **form.cleaned_data),
        template="outcomes/life_outcome_form.html",
        message=lambda outcome: f"Recorded: {outcome.get_kind_display().lower()}.",
        success_url=lambda outcome: reverse("journeys:relationship_detail", args=[relationship.pk]),
        context={"relationship": relationship},
    )


@login_required
@require_POST
def life_outcome_confirm(request, outcome_id: int):
    require(request.user, "outcomes.own")
    outcome = selectors.get_life_outcome_for_client(request.user, outcome_id)
    services.life_outcome_confirm(outcome=outcome)
    messages.success(request, "Thank you for checking.")
    return redirect("outcomes:my_progress")
