"""API for the directory of other services and for referrals, scoped as the pages are."""

from __future__ import annotations

import datetime
from typing import Literal

from django.forms.models import model_to_dict
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from core import audit
from core.api import (
    Input,
    Pages,
    audited_list,
    form_data,
    run_service,
    validated,
)
from organisations.permissions import require
from people.selectors import get_client_for_user
from referrals import selectors
from referrals import services as referral_services
from referrals.forms import OutcomeForm, ReferralForm

# Operation ids as they were when these routes lived in the api app, so clients generated from the
# OpenAPI document keep working (api/api.py reads this).
OPERATION_ID_PREFIX = "api_referrals"

# --- referrals -------------------------------------------------------------------------------

ServiceKind = Literal[
    "debt",
    "money",
    "mental_health",
    "housing",
    "substance_use",
    "employment",
    "learning",
    "domestic_abuse",
    "health",
    "legal",
    "food",
    "other",
]
ReferralOutcome = Literal["open", "engaged", "completed", "service_declined", "client_declined", "no_response"]


class ServiceOut(Schema):
    id: int
    name: str
    kind: str
    description: str
    area: str
    phone: str
    email: str
    website: str
    how_to_refer: str
    active: bool


class ReferralOut(Schema):
    id: int
    client_id: int
    service_id: int
    service_name: str = Field(alias="service.name")
    kind: str
    reason: str
    made_on: datetime.date
    made_by_id: int | None
    outcome: str
    outcome_on: datetime.date | None
    outcome_notes: str
    version: int


class ReferralIn(Input):
    paragraphs = frozenset({"reason"})
    client_id: int = Field(..., ge=1, le=2**62)
    service_id: int = Field(..., ge=1, le=2**62)
    kind: Literal["referral", "signpost"]
    reason: str = Field(..., min_length=1, max_length=2000)
    made_on: datetime.date


class ReferralPatch(Input):
    paragraphs = frozenset({"outcome_notes"})
    version: int = Field(..., ge=1, le=2**31)
    outcome: ReferralOutcome | None = None
    outcome_on: datetime.date | None = None
    outcome_notes: str | None = Field(None, max_length=2000)


# --- matching --------------------------------------------------------------------------------


referrals = Router(tags=["referrals"])
services = Router(tags=["referrals"])


@services.get("", response=list[ServiceOut])
@paginate(Pages)
def list_services(request: HttpRequest, q: str = Query("", max_length=100), kind: str = Query("", max_length=20)):
    """The organisation's directory of other services that are taking referrals."""
    return selectors.services_for(request.user, search=q, kind=kind)


@referrals.get("", response=list[ReferralOut])
@audited_list("referrals.referral.listed")
@paginate(Pages)
def list_referrals(request: HttpRequest, outcome: str = Query("", max_length=20), q: str = Query("", max_length=100)):
    """Referrals and signposting the caller may see; `outcome=open` for those waiting to hear."""
    return selectors.referral_list(request.user, outcome=outcome, search=q)


@referrals.get("/{int:referral_id}", response=ReferralOut)
def get_referral(request: HttpRequest, referral_id: int):
    referral = selectors.get_referral_for_user(request.user, referral_id)
    audit.viewed(action="referrals.referral.viewed", obj=referral)
    return referral


@referrals.post("", response={201: ReferralOut})
def create_referral(request: HttpRequest, payload: ReferralIn):
    require(request.user, "referrals.edit")
    data = payload.dict()
    client = get_client_for_user(request.user, data.pop("client_id"))
    data["service"] = data.pop("service_id")
    fields = validated(ReferralForm(data=form_data(data)))
    return Status(201, run_service(lambda: referral_services.referral_make(client=client, **fields)))


@referrals.patch("/{int:referral_id}", response=ReferralOut)
def record_outcome(request: HttpRequest, referral_id: int, payload: ReferralPatch):
    """Record what came of a referral. Send the `version` you read; a stale one gets 409."""
    referral = selectors.get_referral_for_user(request.user, referral_id, write=True)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    current = model_to_dict(referral, fields=OutcomeForm._meta.fields)
    form = OutcomeForm(data=form_data({**current, **changes, "version": version}), instance=referral)
    fields = validated(form)
    return run_service(
        lambda: referral_services.referral_outcome(referral=referral, expected_version=version, **fields)
    )
