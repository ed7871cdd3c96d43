"""API for a client's measures and life outcomes, under /clients/{client_id}: read as the pages are
scoped (a coach their own clients, a client themself, staff the caseload; another organisation
404), written by the same services, so a score of 11, a measure the programme does not collect or
a date in the future is a 422 naming the field and nothing is half-saved."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from core import audit
from core.api import FormInvalid, Input, errors_from, run_service
from journeys.selectors import relationships_visible_to
from organisations.permissions import can, require
from people.selectors import get_client_for_user

from . import selectors, services
from .models import Measure

OPERATION_ID_PREFIX = "api_outcomes"

LifeOutcomeKind = Literal["work", "training", "tenancy", "debt", "family", "service"]


class AnswerOut(Schema):
    question_id: int
    question: str
    value: Decimal | None
    text: str


class CompletionOut(Schema):
    id: int
    relationship_id: int
    measure_id: int
    measure: str
    occasion: str
    completed_on: datetime.date
    with_coach: bool = Field(..., description="Completed with the coach rather than by the client alone.")
    answers: list[AnswerOut]


class AnswerIn(Input):
    question_id: int = Field(..., ge=1, le=2**31)
    value: str = Field("", max_length=2000, description="The number or choice index; free text for a text question.")


class CompletionIn(Input):
    relationship_id: int = Field(..., ge=1, le=2**31)
    measure_id: int = Field(..., ge=1, le=2**31)
    occasion: str = Field("start", pattern=r"^[a-z0-9-]{1,30}$")
    completed_on: datetime.date | None = None
    answers: list[AnswerIn] = Field(..., max_length=100)


class LifeOutcomeOut(Schema):
    id: int
    relationship_id: int
    kind: str
    happened_on: datetime.date
    job_title: str
    hours_a_week: Decimal | None
    amount: Decimal | None = Field(..., description="Pounds, for debt repaid or reduced.")
    note: str
    confirmed_by_client_at: datetime.datetime | None


class LifeOutcomeIn(Input):
    relationship_id: int = Field(..., ge=1, le=2**31)
    kind: LifeOutcomeKind
    happened_on: datetime.date
    job_title: str = Field("", max_length=120)
    hours_a_week: Decimal | None = Field(None, ge=0, le=168, max_digits=4, decimal_places=1)
    amount: Decimal | None = Field(None, ge=0, le=Decimal("99999999.99"), max_digits=10, decimal_places=2)
    note: str = Field("", max_length=500)


def _completion_out(completion) -> CompletionOut:
    return CompletionOut(
        id=completion.pk,
        relationship_id=completion.relationship_id,
        measure_id=completion.measure_id,
        measure=completion.measure.name,
        occasion=completion.occasion,
        completed_on=completion.completed_on,
        with_coach=completion.with_coach,
        answers=[
            AnswerOut(question_id=a.question_id, question=a.question.short_name, value=a.value, text=a.text)
            for a in completion.answers.all()
        ],
    )


def _read(user, client_id: int):
    if not (can(user, "outcomes.view_any") or can(user, "outcomes.own")):
        require(user, "outcomes.view_any")
    client = get_client_for_user(user, client_id)
    return client, relationships_visible_to(user).filter(client=client)


def _relationship(user, client, relationship_id: int):
    found = relationships_visible_to(user).filter(client=client, pk=relationship_id).first()
    if found is None:
        _refuse("relationship_id", "This is not one of this client's relationships.")
    return found


def _refuse(field: str, message: str):
    raise FormInvalid(errors_from({field: [message]}))


def client_outcomes(router: Router) -> None:
    @router.get("/{int:client_id}/measures", response=list[CompletionOut], tags=["outcomes"])
    def list_measures(request: HttpRequest, client_id: int):
        """The measures the client has filled in, oldest first. Each read by staff is audited."""
        client, relationships = _read(request.user, client_id)
        completions = list(selectors.completions_of(relationships))
        if not can(request.user, "outcomes.own"):
            audit.viewed(action="outcomes.measures.viewed", obj=client)
        return [_completion_out(c) for c in completions]

    @router.post("/{int:client_id}/measures", response={201: CompletionOut}, tags=["outcomes"])
    def create_measure(request: HttpRequest, client_id: int, payload: CompletionIn):
        """Record a whole measure's answers; with a coach's or coordinator's key it is recorded as
        completed with the coach."""
        own = can(request.user, "outcomes.own")
        if not own:
            require(request.user, "outcomes.record")
        client = get_client_for_user(request.user, client_id)
        relationship = _relationship(request.user, client, payload.relationship_id)
        measure = Measure.objects.filter(pk=payload.measure_id).first()
        if measure is None:
            _refuse("measure_id", "There is no such measure.")
        answers = {a.question_id: a.value for a in payload.answers}
        completion = run_service(
            lambda: services.measure_complete(
                relationship=relationship,
                measure=measure,
                occasion=payload.occasion,
                answers=answers,
                by=request.user,
                with_coach=not own,
                completed_on=payload.completed_on,
            )
        )
        return Status(201, _completion_out(selectors.completions_of([relationship]).get(pk=completion.pk)))

    @router.get("/{int:client_id}/life-outcomes", response=list[LifeOutcomeOut], tags=["outcomes"])
    def list_life_outcomes(request: HttpRequest, client_id: int):
        """The client's life outcomes, latest first."""
        client, relationships = _read(request.user, client_id)
        outcomes = list(selectors.life_outcomes_of(relationships))
        if not can(request.user, "outcomes.own"):
            audit.viewed(action="outcomes.life_outcomes.viewed", obj=client)
        return outcomes

    @router.post("/{int:client_id}/life-outcomes", response={201: LifeOutcomeOut}, tags=["outcomes"])
    def create_life_outcome(request: HttpRequest, client_id: int, payload: LifeOutcomeIn):
        """A life outcome recorded by the client's coach or a coordinator."""
        require(request.user, "outcomes.record")
        client = get_client_for_user(request.user, client_id)
        relationship = _relationship(request.user, client, payload.relationship_id)
        fields = payload.dict(exclude={"relationship_id"})
        return Status(
            201, run_service(lambda: services.life_outcome_record(relationship=relationship, by=request.user, **fields))
        )
