"""Demo: every programme collects ONS4, loneliness and confidence at the start, every 12 weeks
and at the reviews; a year of answers for the demo's clients (most improving, some not), GAS
scores at the reviews, and life outcomes (two started work, one kept a tenancy, one reduced debt).
Jade (the "client" sign-in) has her ONS4 at the start still to do, and a life outcome to confirm."""

from __future__ import annotations

import datetime
from decimal import Decimal

from core.demo import Demo
from journeys.models import Goal, Relationship, Review
from organisations.models import Role, User

from . import services
from .models import Completion, Measure

EVERY_WEEKS = 12


def _occasions(relationship: Relationship, today: datetime.date) -> list[tuple[str, datetime.date]]:
    last = min(today, relationship.ended_on or today)
    found, weeks = [("start", relationship.started_on)], EVERY_WEEKS
    while relationship.started_on + datetime.timedelta(weeks=weeks) <= last:
        found.append((f"week-{weeks}", relationship.started_on + datetime.timedelta(weeks=weeks)))
        weeks += EVERY_WEEKS
    return found


def _answers(measure: Measure, index: int, k: int, improving: bool) -> dict:
    step = k if improving else -(k % 2)
    values = {}
    for question in measure.questions.all():
        if question.kind == "choice":
            values[question.pk] = max(0, min(4, index % 2 + (step if improving else 0)))
        elif question.higher_is_better:
            values[question.pk] = max(0, min(10, 3 + index % 3 + step + question.number % 2))
        else:
            values[question.pk] = max(0, min(10, 7 - index % 3 - step))
    return values


def step(demo: Demo) -> None:
    org, today = demo.organisation, demo.today
    if Completion.objects.filter(organisation=org).exists() or not demo.relationships:
        return
    services.ensure_standard_measures(org)
    measures = list(Measure.objects.filter(organisation=org, key__in=["ons4", "loneliness", "confidence"]))
    for programme in demo.programmes:
        for measure in measures:
            services.programme_measure_set(programme=programme, measure=measure, every_weeks=EVERY_WEEKS)
    coordinator = User.objects.filter(organisation=org, role=Role.COORDINATOR).order_by("pk").first()
    ids = {index: r.pk for index, r in demo.relationships.items()}
    relationships = {r.pk: r for r in Relationship.objects.filter(pk__in=ids.values())}
    for index, pk in sorted(ids.items()):
        relationship = relationships[pk]
        improving = index % 4 != 3
        for k, (occasion, day) in enumerate(_occasions(relationship, today)):
            for measure in measures:
                if index == 0 and measure.key == "ons4":
                    continue  # Jade's is still to do: the browser test fills it in
                services.measure_complete(
                    relationship=relationship,
                    measure=measure,
                    occasion=occasion,
                    answers=_answers(measure, index, k, improving),
                    by=coordinator,
                    with_coach=k % 2 == 1,
                    completed_on=day,
                )
    for review in Review.objects.filter(organisation=org, relationship_id__in=ids.values()).order_by("held_on"):
        goals = Goal.objects.filter(relationship_id=review.relationship_id).order_by("pk")
        for number, goal in enumerate(goals):
            score = 0 if review.kind == Review.Kind.MIDPOINT else 1
            services.goal_score_record(review=review, goal=goal, score=score - (number % 2), weight=1 + number % 2)
    _life_outcomes(relationships, ids, coordinator, today)


def _life_outcomes(relationships, ids, coordinator, today) -> None:
    ordered = [relationships[ids[index]] for index in sorted(ids)]
    planned = [
        (1, {"kind": "work", "job_title": "Kitchen assistant", "hours_a_week": Decimal("20")}),
        (2, {"kind": "work", "job_title": "Warehouse operative", "hours_a_week": Decimal("30")}),
        (3, {"kind": "tenancy", "note": "Kept the tenancy after clearing the arrears plan"}),
        (4, {"kind": "debt", "amount": Decimal("450.00"), "note": "Council tax arrears reduced"}),
        (0, {"kind": "training", "note": "Started volunteering at the food bank"}),
    ]
    for position, fields in planned:
        if position >= len(ordered):
            continue
        relationship = ordered[position]
        last = min(today, relationship.ended_on or today)
        day = relationship.started_on + (last - relationship.started_on) / 2
        outcome = services.life_outcome_record(relationship=relationship, by=coordinator, happened_on=day, **fields)
        if position in (1, 3):
            services.life_outcome_confirm(outcome=outcome)
