"""API for matching: suggestions, sharing coaches with a client, introductions and their
decision, and bulk runs. Scoped and validated as the pages are."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from core.api import (
    Input,
    form_data,
    run_service,
    validated,
)
from journeys.selectors import get_relationship_for_user
from journeys.services import relationship_activate
from matching import selectors, services
from matching.forms import IntroVisitForm
from organisations.permissions import require
from people.selectors import get_client_for_user

# Operation ids as they were when these routes lived in the api app, so clients generated from the
# OpenAPI document keep working (api/api.py reads this).
OPERATION_ID_PREFIX = "api_matching"

# --- schemas -----------------------------------------------------------------------------------


class ReasonOut(Schema):
    factor: str
    text: str
    points: float


class FactorOut(Schema):
    factor: str
    label: str
    value: float
    points: float


class SuggestionOut(Schema):
    coach_id: int
    first_name: str
    score: float
    reasons: list[ReasonOut]
    factors: list[FactorOut]
    warnings: list[str]


class SuggestionsOut(Schema):
    suggestions: list[SuggestionOut]
    why_none: str


class OfferIn(Input):
    coach_ids: list[int] = Field(..., min_length=1, max_length=5)


class OfferOut(Schema):
    id: int
    client_id: int
    coach_ids: list[int]
    status: str
    chosen_id: int | None
    client_note: str


class IntroductionIn(Input):
    coach_id: int = Field(..., ge=1, le=2**62)


class IntroductionOut(Schema):
    relationship_id: int
    status: str


class IntroVisitIn(Input):
    paragraphs = frozenset({"client_feedback", "coach_feedback", "worker_feedback"})
    held_on: datetime.date
    worker_id: int | None = Field(None, ge=1, le=2**62)
    client_feedback: str = Field(..., min_length=1, max_length=2000)
    coach_feedback: str = Field(..., min_length=1, max_length=2000)
    worker_feedback: str = Field(..., min_length=1, max_length=2000)


class IntroVisitOut(Schema):
    id: int
    relationship_id: int
    number: int
    held_on: datetime.date
    worker_id: int | None
    client_feedback: str
    coach_feedback: str
    worker_feedback: str


class VersionIn(Input):
    version: int = Field(..., ge=1, le=2**31)


class DeclineIn(VersionIn):
    paragraphs = frozenset({"reason"})
    reason: str = Field(..., min_length=1, max_length=500)


class AlternativeOut(Schema):
    coach_id: int
    score: float


class ProposalOut(Schema):
    client_id: int
    coach_id: int | None
    score: float
    reasons: list[str]
    alternatives: list[AlternativeOut]
    include: bool
    outcome: str


class BulkRunOut(Schema):
    id: int
    programme_id: int
    status: str
    progress: int
    message: str
    clients: int
    matched: int
    total_score: float
    greedy_matched: int
    greedy_score: float
    proposals: list[ProposalOut]


bulk_runs = Router(tags=["matching"])


def _suggestion(c) -> dict:
    return {
        "coach_id": c.coach_id,
        "first_name": c.name,
        "score": c.score,
        "reasons": [{"factor": r.factor, "text": r.reason, "points": round(r.points, 1)} for r in c.reasons],
        "factors": [
            {"factor": p.factor, "label": p.label, "value": p.value, "points": round(p.points, 1)} for p in c.parts
        ],
        "warnings": c.warnings,
    }


def client_matching(router) -> None:
    @router.get("/{int:client_id}/suggestions", response=SuggestionsOut, tags=["matching"])
    def suggestions(request: HttpRequest, client_id: int):
        """The best ready coaches for a waiting client, each with a score out of 100, the reasons in
        plain words, and every factor's points (which add up to the score); or why nobody suits."""
        _, result = selectors.suggestions_for(request.user, client_id)
        return {"suggestions": [_suggestion(c) for c in result.candidates], "why_none": result.why_none}

    @router.post("/{int:client_id}/offers", response={201: OfferOut}, tags=["matching"])
    def share(request: HttpRequest, client_id: int, payload: OfferIn):
        """Share two or three suggested coaches (who agreed to a profile) with the client to choose."""
        require(request.user, "matching.edit")
        client = get_client_for_user(request.user, client_id)
        offer = run_service(lambda: services.offer_share(client=client, coach_ids=payload.coach_ids, by=request.user))
        return Status(201, _offer(offer))

    @router.post("/{int:client_id}/introductions", response={201: IntroductionOut}, tags=["matching"])
    def introduce(request: HttpRequest, client_id: int, payload: IntroductionIn):
        """Start the introductions with a suggested coach (every hard rule checked again)."""
        require(request.user, "matching.edit")
        client = get_client_for_user(request.user, client_id)
        from django.utils import timezone

        relationship = run_service(
            lambda: services.pair_from_suggestion(
                client=client, coach_id=payload.coach_id, started_on=timezone.localdate()
            )
        )
        return Status(201, {"relationship_id": relationship.pk, "status": relationship.status})


def _offer(offer) -> dict:
    return {
        "id": offer.pk,
        "client_id": offer.client_id,
        "coach_ids": sorted(offer.coaches.values_list("pk", flat=True)),
        "status": offer.status,
        "chosen_id": offer.chosen_id,
        "client_note": offer.client_note,
    }


def relationship_matching(router) -> None:
    @router.post("/{int:relationship_id}/intro-visits", response={201: IntroVisitOut}, tags=["matching"])
    def add_visit(request: HttpRequest, relationship_id: int, payload: IntroVisitIn):
        """Record one of up to three introductory visits, with everyone's feedback."""
        require(request.user, "matching.edit")
        relationship = get_relationship_for_user(request.user, relationship_id)
        data = payload.dict()
        data["worker"] = data.pop("worker_id")
        fields = validated(IntroVisitForm(data=form_data(data), organisation=request.user.organisation))
        visit = run_service(lambda: services.intro_visit_record(relationship=relationship, **fields))
        return Status(201, visit)

    @router.post("/{int:relationship_id}/confirm", response=IntroductionOut, tags=["matching"])
    def confirm(request: HttpRequest, relationship_id: int, payload: VersionIn):
        """Confirm the match after the introductions: they start working together."""
        require(request.user, "matching.edit")
        relationship = get_relationship_for_user(request.user, relationship_id)
        run_service(lambda: relationship_activate(relationship=relationship, expected_version=payload.version))
        return {"relationship_id": relationship.pk, "status": relationship.status}

    @router.post("/{int:relationship_id}/decline", response=IntroductionOut, tags=["matching"])
    def decline(request: HttpRequest, relationship_id: int, payload: DeclineIn):
        """Decline after the introductions: the client goes back on the waiting list and this coach
        is never suggested to them again."""
        require(request.user, "matching.edit")
        relationship = get_relationship_for_user(request.user, relationship_id)
        run_service(
            lambda: services.match_decline(
                relationship=relationship, expected_version=payload.version, reason=payload.reason
            )
        )
        relationship.refresh_from_db()
        return {"relationship_id": relationship.pk, "status": relationship.status}


def programme_matching(router) -> None:
    @router.post("/{int:programme_id}/bulk-runs", response={202: BulkRunOut}, tags=["matching"])
    def start_bulk(request: HttpRequest, programme_id: int):
        """Match everyone waiting in the programme, in the task worker. Poll the run for progress."""
        programme, _ = selectors.get_weights_for_user(request.user, programme_id)
        run = services.bulk_start(programme=programme, user=request.user)
        return Status(202, _run_out(run, []))


def _run_out(run, proposals) -> dict:
    return {
        "id": run.pk,
        "programme_id": run.programme_id,
        "status": run.status,
        "progress": run.progress,
        "message": run.message,
        "clients": run.clients,
        "matched": run.matched,
        "total_score": run.total_score,
        "greedy_matched": run.greedy_matched,
        "greedy_score": run.greedy_score,
        "proposals": [
            {
                "client_id": p.client_id,
                "coach_id": p.coach_id,
                "score": p.score,
                "reasons": p.reasons,
                "alternatives": [{"coach_id": a, "score": s} for a, s in p.alternatives],
                "include": p.include,
                "outcome": p.outcome,
            }
            for p in proposals
        ],
    }


@bulk_runs.get("/{int:run_id}", response=BulkRunOut)
def get_bulk_run(request: HttpRequest, run_id: int):
    """A bulk run's progress and, when done, its proposals (nothing is started until confirmed)."""
    run = selectors.get_run_for_user(request.user, run_id)
    proposals = list(run.proposals.all()) if run.status == "done" else []
    return _run_out(run, proposals)
