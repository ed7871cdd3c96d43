"""The programmes API: list, read, create, change, archive and restore."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from core.api import (
    ErrorOut,
    Input,
    Pages,
    archive_or_409,
    form_data,
    patched_form,
    run_service,
    validated,
)
from organisations import selectors as org_selectors
from organisations import services as org_services
from organisations.forms import ProgrammeForm
from organisations.permissions import require

# Operation ids as they were when these routes lived in the api app, so clients generated from the
# OpenAPI document keep working (api/api.py reads this).
OPERATION_ID_PREFIX = "api_api"

# --- schemas -----------------------------------------------------------------------------------


class ProgrammeOut(Schema):
    id: int
    name: str
    kind: str
    description: str
    min_months: int
    max_months: int
    contact_every_days: int
    coach_capacity: int
    status: str
    archived: bool
    version: int


class ProgrammeIn(Input):
    paragraphs = frozenset({"description"})
    name: str = Field(..., min_length=1, max_length=120)
    kind: Literal["coaching", "mentoring", "befriending", "reciprocal", "group"]
    description: str = Field("", max_length=4000)
    min_months: int = Field(..., ge=1, le=120)
    max_months: int = Field(..., ge=1, le=120)
    contact_every_days: Literal[7, 14, 21, 28] = 14
    coach_capacity: int = Field(3, ge=1, le=50)
    status: Literal["planned", "open", "paused", "closed"] = "open"


class ProgrammePatch(Input):
    paragraphs = frozenset({"description"})
    version: int = Field(..., ge=1, le=2**31, description="The version you read; a stale one is refused with 409.")
    name: str | None = Field(None, min_length=1, max_length=120)
    kind: Literal["coaching", "mentoring", "befriending", "reciprocal", "group"] | None = None
    description: str | None = Field(None, max_length=4000)
    min_months: int | None = Field(None, ge=1, le=120)
    max_months: int | None = Field(None, ge=1, le=120)
    contact_every_days: Literal[7, 14, 21, 28] | None = None
    coach_capacity: int | None = Field(None, ge=1, le=50)
    status: Literal["planned", "open", "paused", "closed"] | None = None


# --- programmes ------------------------------------------------------------------------------

programmes = Router(tags=["programmes"])


@programmes.get("", response=list[ProgrammeOut])
@paginate(Pages)
def list_programmes(request: HttpRequest):
    return org_selectors.programme_list(user=request.user)


@programmes.get("/{int:programme_id}", response=ProgrammeOut)
def get_programme(request: HttpRequest, programme_id: int):
    return org_selectors.get_programme_for_user(request.user, programme_id, archived=True)


@programmes.post("/{int:programme_id}/archive", response={200: ProgrammeOut, 409: ErrorOut})
def archive_programme(request: HttpRequest, programme_id: int):
    """Archive a programme with nobody left in it; 409 with the reasons otherwise."""
    programme = org_selectors.get_programme_for_user(request.user, programme_id, write=True)
    return archive_or_409(lambda: org_services.programme_archive(programme=programme))


@programmes.post("/{int:programme_id}/restore", response={200: ProgrammeOut, 409: ErrorOut})
def restore_programme(request: HttpRequest, programme_id: int):
    programme = org_selectors.get_programme_for_user(request.user, programme_id, write=True, archived=True)
    return archive_or_409(lambda: org_services.programme_restore(programme=programme))


@programmes.post("", response={201: ProgrammeOut})
def create_programme(request: HttpRequest, payload: ProgrammeIn):
    require(request.user, "programmes.edit")
    form = ProgrammeForm(data=form_data(payload.dict()), organisation=request.user.organisation)
    fields = validated(form)
    return Status(
        201, run_service(lambda: org_services.programme_create(organisation=request.user.organisation, **fields))
    )


@programmes.patch("/{int:programme_id}", response=ProgrammeOut)
def update_programme(request: HttpRequest, programme_id: int, payload: ProgrammePatch):
    programme = org_selectors.get_programme_for_user(request.user, programme_id, write=True)
    form = patched_form(programme, ProgrammeForm, payload, request.user.organisation)
    fields = validated(form)
    return run_service(
        lambda: org_services.programme_update(programme=programme, expected_version=payload.version, **fields),
    )
