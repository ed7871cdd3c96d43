"""Outcomes in the test world: the world's programme collects ONS4 and confidence at the start."""

from __future__ import annotations

from django_scopes import scope

from outcomes import services
from outcomes.models import LifeOutcome, Measure


def ons4(w) -> Measure:
    with scope(organisation=w.org):
        measure = Measure.objects.get(organisation=w.org, key="ons4")
        services.programme_measure_set(programme=w.programme, measure=measure, at_start=True)
        return measure


def complete_kwargs(w) -> dict:
    return {"relationship_id": w.relationship.pk, "measure_id": ons4(w).pk, "occasion": "start"}


def outcome_in(w) -> LifeOutcome:
    with scope(organisation=w.org):
        import datetime

        return services.life_outcome_record(
            relationship=w.relationship, by=w.coordinator, kind="family", happened_on=datetime.date(2026, 1, 5)
        )


def completion_body(w) -> dict:
    measure = ons4(w)
    with scope(organisation=w.org):
        answers = [{"question_id": q.pk, "value": "6"} for q in measure.questions.all()]
    return {"relationship_id": w.relationship.pk, "measure_id": measure.pk, "occasion": "start", "answers": answers}


def life_outcome_body(w) -> dict:
    return {"relationship_id": w.relationship.pk, "kind": "work", "happened_on": "2026-01-05", "job_title": "Porter"}
