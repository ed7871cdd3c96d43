"""API for training: the catalogue, a coach's completions, agreements and who has acknowledged
them, and a coach acknowledging an agreement themselves. The same access helpers, forms and
services as the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from core.access import get_or_404
from core.api import FormInvalid, Input, Pages, errors_from, run_service
from organisations.permissions import require
from organisations.selectors import get_programme_for_user
from people.selectors import get_coach_for_user
from training import selectors, services
from training.forms import CompletionForm
from training.models import Acknowledgement, AgreementVersion
from training.readiness import current_agreement_versions, readiness, with_readiness_data

# Operation ids as they were when these routes lived in the api app, so clients generated from the
# OpenAPI document keep working (api/api.py reads this).
OPERATION_ID_PREFIX = "api_training"

# --- schemas ---------------------------------------------------------------------------------


class ModuleOut(Schema):
    id: int
    name: str
    description: str
    refresh_every_months: int | None
    accredited: bool
    awarding_body: str
    required_for: list[int] = Field(..., description="The programmes that require it.")
    version: int


class CompletionOut(Schema):
    id: int
    coach_id: int
    module_id: int
    module: str
    completed_on: datetime.date
    expires_on: datetime.date | None
    in_date: bool
    notes: str


class CompletionIn(Input):
    paragraphs = frozenset({"notes"})

    module_id: int = Field(..., ge=1, le=2**62)
    completed_on: datetime.date
    notes: str = Field("", max_length=300)


class VersionOut(Schema):
    id: int
    number: int
    change_note: str
    published_at: datetime.datetime


class AgreementListItem(Schema):
    id: int
    kind: str
    title: str
    current_version: VersionOut
    outstanding_coach_ids: list[int] = Field(..., description="Active coaches yet to acknowledge this version.")
    active_coaches: int


class AcknowledgementOut(Schema):
    coach_id: int
    agreement_id: int
    version_id: int
    number: int
    acknowledged_at: datetime.datetime


class AgreementOut(Schema):
    id: int
    kind: str
    title: str
    versions: list[VersionOut]
    acknowledgements: list[AcknowledgementOut] = Field(..., description="Of the current version.")


class AgreementToAcknowledge(Schema):
    agreement_id: int
    title: str
    version_id: int
    number: int
    body: str
    acknowledged: bool


modules = Router(tags=["training"])
agreements = Router(tags=["training"])
my_journey = Router(tags=["training"])


def _version_out(version: AgreementVersion) -> dict[str, Any]:
    return {
        "id": version.pk,
        "number": version.number,
        "change_note": version.change_note,
        "published_at": version.created_at,
    }


def _acknowledgement_out(acknowledgement: Acknowledgement) -> dict[str, Any]:
    version = acknowledgement.version
    return {
        "coach_id": acknowledgement.coach_id,
        "agreement_id": version.agreement_id,
        "version_id": version.pk,
        "number": version.number,
        "acknowledged_at": acknowledgement.created_at,
    }


def _completion_out(completion) -> dict[str, Any]:
    return {
        **{name: getattr(completion, name) for name in ("id", "coach_id", "module_id", "completed_on", "expires_on")},
        "module": completion.module.name,
        "in_date": completion.in_date,
        "notes": completion.notes,
    }


# --- the catalogue and completions -----------------------------------------------------------


@modules.get("", response=list[ModuleOut])
@paginate(Pages)
def list_modules(request: HttpRequest):
    """The organisation's training modules, with the programmes each is required for."""
    return [
        {
            **{k: getattr(m, k) for k in ModuleOut.model_fields if k != "required_for"},
            "required_for": [p.pk for p in m.required_for.all()],
        }
        for m in selectors.module_list(request.user)
    ]


def coach_training(router) -> None:
    @router.get("/{int:coach_id}/completions", response=list[CompletionOut], tags=["training"])
    @paginate(Pages)
    def list_completions(request: HttpRequest, coach_id: int):
        """The training a coach has completed, newest first, with when each expires."""
        coach = get_coach_for_user(request.user, coach_id)
        require(request.user, "training.view")
        return [_completion_out(c) for c in coach.completions.select_related("module")]

    @router.post("/{int:coach_id}/completions", response={201: CompletionOut}, tags=["training"])
    def create_completion(request: HttpRequest, coach_id: int, payload: CompletionIn):
        """Record a module a coach has completed; its expiry follows from the module's refresh period."""
        coach = get_coach_for_user(request.user, coach_id, write=True)
        data = payload.dict()
        data["module"] = data.pop("module_id")
        form = CompletionForm(data=data)
        if not form.is_valid():
            errors = {("module_id" if k == "module" else k): [str(m) for m in v] for k, v in form.errors.items()}
            raise FormInvalid(errors_from(errors))
        completion = run_service(lambda: services.completion_record(coach=coach, **form.cleaned_data))
        return Status(201, _completion_out(completion))


# --- agreements ------------------------------------------------------------------------------


@agreements.get("", response=list[AgreementListItem])
def list_agreements(request: HttpRequest):
    """Each agreement's current version and the active coaches who have not acknowledged it."""
    require(request.user, "training.view")
    return [
        {
            "id": row["agreement"].pk,
            "kind": row["agreement"].kind,
            "title": row["agreement"].title,
            "current_version": _version_out(row["version"]),
            "outstanding_coach_ids": [c.pk for c in row["outstanding"]],
            "active_coaches": row["total"],
        }
        for row in selectors.agreements_with_status()
    ]


@agreements.get("/{int:agreement_id}", response=AgreementOut)
def get_agreement(request: HttpRequest, agreement_id: int):
    """An agreement's versions, newest first, and who has acknowledged the current one."""
    agreement = selectors.get_agreement_for_user(request.user, agreement_id)
    version = agreement.current_version()
    acknowledged = selectors.acknowledgements_of(version).select_related("version") if version else []
    return {
        "id": agreement.pk,
        "kind": agreement.kind,
        "title": agreement.title,
        "versions": [_version_out(v) for v in sorted(agreement.versions.all(), key=lambda v: -v.number)],
        "acknowledgements": [_acknowledgement_out(a) for a in acknowledged],
    }


# --- the coach's own journey -----------------------------------------------------------------


@my_journey.get("/agreements", response=list[AgreementToAcknowledge])
def my_agreements(request: HttpRequest):
    """For a peer coach: the current version of each agreement, and whether you have acknowledged it."""
    coach = selectors.own_coach(request.user)
    acknowledged = set(coach.acknowledgements.values_list("version_id", flat=True))
    return [
        {
            "agreement_id": v.agreement_id,
            "title": v.agreement.title,
            "version_id": v.pk,
            "number": v.number,
            "body": v.body,
            "acknowledged": v.pk in acknowledged,
        }
        for v in current_agreement_versions()
    ]


@my_journey.post("/agreements/{int:version_id}/acknowledge", response=AcknowledgementOut)
def acknowledge(request: HttpRequest, version_id: int):
    """For a peer coach: acknowledge a version of an agreement (who, when, which version).
    Doing it twice is harmless."""
    coach = selectors.own_coach(request.user)
    version = get_or_404(AgreementVersion.objects.select_related("agreement"), version_id)
    acknowledgement = services.acknowledge(coach=coach, version=version)
    acknowledgement.version = version
    return _acknowledgement_out(acknowledgement)


# --- readiness, under /coaches -----------------------------------------------------------------


class MissingOut(Schema):
    kind: str = Field(..., description="status, check, training or agreement")
    detail: str


class ReadinessOut(Schema):
    ready: bool
    missing: list[MissingOut]
    expiring: list[str]


def coach_readiness_route(router) -> None:
    # Its operation id and tag as when it lived with the coaches routes in the api app.
    @router.get("/{int:coach_id}/readiness", response=ReadinessOut, operation_id="api_api_coach_readiness")
    def coach_readiness(request: HttpRequest, coach_id: int, programme: int = Query(..., ge=1, le=2**62)):
        """Is this coach ready to be matched in this programme, and if not, exactly what is missing."""
        require(request.user, "training.view")
        coach = get_coach_for_user(request.user, coach_id)
        the_programme = get_programme_for_user(request.user, programme)
        coach = with_readiness_data(type(coach).objects.filter(pk=coach.pk)).get()
        result = readiness(coach, the_programme)
        return {"ready": result.ready, "missing": [vars(m) for m in result.missing], "expiring": result.expiring}
