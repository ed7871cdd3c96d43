"""API for matching: suggestions, sharing coaches with a client, introductions and their
decision, and bulk runs. Scoped and validated as the pages are."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from journeys.selectors import get_relationship_for_user
from journeys.services import relationship_activate
from matching import selectors, services
from matching.forms import IntroVisitForm
from organisations.permissions import require
from people.selectors import get_client_for_user

from . import schemas
from .api import _form_data, _run, _validated

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
    @router.get("/{int:client_id}/suggestions", response=schemas.SuggestionsOut, tags=["matching"])
    def suggestions(request: HttpRequest, client_id: int):
        """The best ready coaches for a waiting client, each with a score out of 100, the reasons in
        plain words, and every factor's points (which add up to the score); or why nobody suits."""
        _, result = selectors.suggestions_for(request.user, client_id)
        return {"suggestions": [_suggestion(c) for c in result.candidates], "why_none": result.why_none}

    @router.post("/{int:client_id}/offers", response={201: schemas.OfferOut}, tags=["matching"])
    def share(request: HttpRequest, client_id: int, payload: schemas.OfferIn):
        """Share two or three suggested coaches (who agreed to a profile) with the client to choose."""
        require(request.user, "matching.edit")
        client = get_client_for_user(request.user, client_id)
        offer = _run(lambda: services.offer_share(client=client, coach_ids=payload.coach_ids, by=request.user))
        return Status(201, _offer(offer))

    @router.post("/{int:client_id}/introductions", response={201: schemas.IntroductionOut}, tags=["matching"])
    def introduce(request: HttpRequest, client_id: int, payload: schemas.IntroductionIn):
        """Start the introductions with a suggested coach (every hard rule checked again)."""
        require(request.user, "matching.edit")
        client = get_client_for_user(request.user, client_id)
        from django.utils import timezone

        relationship = _run(
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
    @router.post("/{int:relationship_id}/intro-visits", response={201: schemas.IntroVisitOut}, tags=["matching"])
    def add_visit(request: HttpRequest, relationship_id: int, payload: schemas.IntroVisitIn):
        """Record one of up to three introductory visits, with everyone's feedback."""
        require(request.user, "matching.edit")
        relationship = get_relationship_for_user(request.user, relationship_id)
        data = payload.dict()
        data["worker"] = data.pop("worker_id")
        fields = _validated(IntroVisitForm(data=_form_data(data), organisation=request.user.organisation))
        visit = _run(lambda: services.intro_visit_record(relationship=relationship, **fields))
        return Status(201, visit)

    @router.post("/{int:relationship_id}/confirm", response=schemas.IntroductionOut, tags=["matching"])
    def confirm(request: HttpRequest, relationship_id: int, payload: schemas.VersionIn):
        """Confirm the match after the introductions: they start working together."""
        require(request.user, "matching.edit")
        relationship = get_relationship_for_user(request.user, relationship_id)
        _run(lambda: relationship_activate(relationship=relationship, expected_version=payload.version))
        return {"relationship_id": relationship.pk, "status": relationship.status}

    @router.post("/{int:relationship_id}/decline", response=schemas.IntroductionOut, tags=["matching"])
    def decline(request: HttpRequest, relationship_id: int, payload: schemas.DeclineIn):
        """Decline after the introductions: the client goes back on the waiting list and this coach
        is never suggested to them again."""
        require(request.user, "matching.edit")
        relationship = get_relationship_for_user(request.user, relationship_id)
        _run(
            lambda: services.match_decline(
                relationship=relationship, expected_version=payload.version, reason=payload.reason
            )
        )
        relationship.refresh_from_db()
        return {"relationship_id": relationship.pk, "status": relationship.status}


def programme_matching(router) -> None:
    @router.post("/{int:programme_id}/bulk-runs", response={202: schemas.BulkRunOut}, tags=["matching"])
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


@bulk_runs.get("/{int:run_id}", response=schemas.BulkRunOut)
def get_bulk_run(request: HttpRequest, run_id: int):
    """A bulk run's progress and, when done, its proposals (nothing is started until confirmed)."""
    run = selectors.get_run_for_user(request.user, run_id)
    proposals = list(run.proposals.all()) if run.status == "done" else []
    return _run_out(run, proposals)
