"""Every write about outcomes: the standard measures, what a programme collects, a completed
measure, Goal Attainment Scaling scores and life outcomes. Each in one transaction, audited."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from core import audit
from core.services import create_audited

from . import standard
from .models import Answer, Completion, GoalScore, GoalWeight, LifeOutcome, Measure, ProgrammeMeasure, Question

# Kiresuk and Sherman's assumed correlation between goal scores.
GAS_RHO = 0.3


def gas_t_score(scores: Iterable[tuple[int, int]], rho: float = GAS_RHO) -> float | None:
    """The Goal Attainment Scaling T-score from (score, weight) pairs:
    T = 50 + 10·Σwx / sqrt((1-ρ)Σw² + ρ(Σw)²). None when there are no goals."""
    pairs = list(scores)
    if not pairs:
        return None
    weighted = sum(w * x for x, w in pairs)
    squares = sum(w * w for _, w in pairs)
    total = sum(w for _, w in pairs)
    return 50 + 10 * weighted / math.sqrt((1 - rho) * squares + rho * total * total)


def ensure_standard_measures(organisation) -> None:
    """The ready-made measures exist for `organisation` (idempotent: run when an organisation is
    created and by the data migration for those that already were)."""
    # Organisations are created outside any scope (sign-up, the demo, tests): enter theirs.
    with scope(organisation=organisation), transaction.atomic():
        for spec in standard.MEASURES:
            measure, created = Measure.objects.get_or_create(
                organisation=organisation,
                key=spec["key"],
                defaults={"name": spec["name"], "introduction": spec["introduction"], "credit": spec["credit"]},
            )
            if not created:
                continue
            for number, question in enumerate(spec["questions"], start=1):
                kind = question.get("kind", Question.Kind.SCALE)
                scale = kind == Question.Kind.SCALE
                Question.objects.create(
                    organisation=organisation,
                    measure=measure,
                    number=number,
                    short_name=question["short_name"],
                    text=question["text"],
                    kind=kind,
                    min_value=0 if scale else None,
                    max_value=10 if scale else None,
                    min_label=question.get("min_label", "Not at all" if scale else ""),
                    max_label=question.get("max_label", "Completely" if scale else ""),
                    choices=question.get("choices", []),
                    higher_is_better=question.get("higher_is_better", True),
                    bands=question.get("bands", ""),
                )


def measure_create(
    *, organisation, name: str, questions: list[dict], introduction: str = "", credit: str = ""
) -> Measure:
    """A custom measure with its questions (each a dict of Question fields), all or nothing."""
    with transaction.atomic():
        measure = Measure(organisation=organisation, name=name, introduction=introduction, credit=credit)
        measure.full_clean()
        measure.save()
        for number, fields in enumerate(questions, start=1):
            question = Question(organisation=organisation, measure=measure, number=number, **fields)
            question.full_clean(exclude=["measure"])
            question.save()
        audit.record(
            action="outcomes.measure.created", organisation=organisation, obj=measure, changes={"name": [None, name]}
        )
    return measure


def programme_measure_set(*, programme, measure: Measure, **when) -> ProgrammeMeasure:
    """Collect `measure` on `programme` at the times given (ProgrammeMeasure's fields)."""
    with transaction.atomic():
        found = ProgrammeMeasure.objects.filter(programme=programme, measure=measure).first()
        collected = found or ProgrammeMeasure(organisation=programme.organisation, programme=programme, measure=measure)
        for name, value in when.items():
            setattr(collected, name, value)
        collected.full_clean()
        collected.save()
        audit.record(
            action="outcomes.programme_measure.set",
            organisation=programme.organisation,
            obj=collected,
            changes={name: [None, value] for name, value in when.items()},
        )
    return collected


def clean_answer(question: Question, raw) -> tuple[Decimal | None, str]:
    """A person's answer to one question, checked: (value, text). Raises ValidationError worded
    for the person answering."""
    raw = "" if raw is None else str(raw).strip()
    if question.kind == Question.Kind.TEXT:
        if len(raw) > 2000:
            raise ValidationError("Please keep this to 2,000 characters or fewer.")
        return None, raw
    if raw == "":
        raise ValidationError("Please choose an answer." if question.options else "Please enter a number.")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError("Please enter a number.") from None
    if not value.is_finite() or abs(value) >= Decimal("10000000"):
        raise ValidationError("Please enter a number.")
    if question.kind == Question.Kind.NUMBER:
        return value.quantize(Decimal("0.01")), ""
    allowed = {Decimal(v) for v, _ in question.options}
    if value not in allowed or value != value.to_integral_value():
        if question.kind == Question.Kind.SCALE:
            raise ValidationError(f"Please choose a number from {question.min_value} to {question.max_value}.")
        raise ValidationError("Please choose one of the answers.")
    value = value.quantize(Decimal("1"))
    return value, ""


def _not_in_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "This date is in the future. Please give today's date or an earlier one."})


def measure_complete(
    *,
    relationship,
    measure: Measure,
    occasion: str,
    answers: Mapping[int, object],
    by,
    with_coach: bool = False,
    completed_on: datetime.date | None = None,
) -> Completion:
    """Save a whole measure's answers, or nothing: every question answered and valid, the measure
    one the relationship's programme collects, not already completed for this occasion, and not
    dated in the future. Errors name the field ("measure", "completed_on", "q<question id>")."""
    completed_on = completed_on or timezone.localdate()
    _not_in_future(completed_on, "completed_on")
    if not ProgrammeMeasure.objects.filter(programme_id=relationship.programme_id, measure=measure).exists():
        raise ValidationError({"measure": f"The {relationship.programme} programme does not collect this measure."})
    questions = list(measure.questions.all())
    errors, cleaned = {}, {}
    for question in questions:
        try:
            cleaned[question.pk] = clean_answer(question, answers.get(question.pk))
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
    if unknown := set(answers) - {q.pk for q in questions}:
        errors["answers"] = [f"These are not questions in this measure: {sorted(unknown)}."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if Completion.objects.filter(relationship=relationship, measure=measure, occasion=occasion).exists():
            raise ValidationError({"occasion": "This has already been filled in for this time."})
        completion = Completion.objects.create(
            organisation=relationship.organisation,
            relationship=relationship,
            measure=measure,
            occasion=occasion,
            completed_on=completed_on,
            with_coach=with_coach,
            by=by,
        )
        Answer.objects.bulk_create(
            Answer(
                organisation=relationship.organisation, completion=completion, question_id=pk, value=value, text=text
            )
            for pk, (value, text) in cleaned.items()
        )
        # Which measure and when, never the answers: they are the client's health data.
        audit.record(
            action="outcomes.measure.completed",
            organisation=relationship.organisation,
            obj=completion,
            changes={"measure": [None, measure.name], "occasion": [None, occasion], "with_coach": [None, with_coach]},
        )
    return completion


def goal_score_record(*, review, goal, score: int, weight: int | None = None) -> GoalScore:
    """A goal's GAS score at a review (replacing an earlier score at that review), and its weight."""
    if goal.relationship_id != review.relationship_id:
        raise ValidationError({"goal": "This goal is not part of the relationship reviewed."})
    if score not in GoalScore.LABELS:
        raise ValidationError({"score": "The score must be -2, -1, 0, +1 or +2."})
    with transaction.atomic():
        found, _ = GoalScore.objects.update_or_create(
            goal=goal, review=review, defaults={"organisation": review.organisation, "score": score}
        )
        if weight is not None:
            if not 1 <= weight <= 10:
                raise ValidationError({"weight": "The weight must be from 1 to 10."})
            GoalWeight.objects.update_or_create(
                goal=goal, defaults={"organisation": goal.organisation, "weight": weight}
            )
        audit.record(
            action="outcomes.goal_score.recorded",
            organisation=review.organisation,
            obj=found,
            changes={"score": [None, score], "weight": [None, weight]},
        )
    return found


LIFE_OUTCOME_FIELDS = ["kind", "happened_on", "job_title", "hours_a_week", "amount", "note"]


def life_outcome_record(*, relationship, by, **fields) -> LifeOutcome:
    """A life outcome for the relationship's client, recorded by their coach or a coordinator."""
    happened_on = fields.get("happened_on")
    if happened_on:
        _not_in_future(happened_on, "happened_on")
    if fields.get("kind") == LifeOutcome.Kind.DEBT and fields.get("amount") is None:
        raise ValidationError({"amount": "Please give how much was repaid or reduced, in pounds."})
    if fields.get("kind") == LifeOutcome.Kind.WORK and not fields.get("job_title"):
        raise ValidationError({"job_title": "Please give the job title."})
    outcome = LifeOutcome(organisation=relationship.organisation, relationship=relationship, recorded_by=by, **fields)
    return create_audited(
        instance=outcome, action="outcomes.life_outcome.recorded", audit_fields=["kind", "happened_on"]
    )


def life_outcome_confirm(*, outcome: LifeOutcome) -> LifeOutcome:
    """The client says "Yes, that's right". Confirming twice changes nothing."""
    with transaction.atomic():
        updated = LifeOutcome.objects.filter(pk=outcome.pk, confirmed_by_client_at__isnull=True).update(
            confirmed_by_client_at=timezone.now()
        )
        if updated:
            audit.record(action="outcomes.life_outcome.confirmed", organisation=outcome.organisation, obj=outcome)
    outcome.refresh_from_db()
    return outcome
