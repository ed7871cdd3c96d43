"""API for the directory of other services and for referrals, scoped as the pages are."""

from __future__ import annotations

from django.forms.models import model_to_dict
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from core import audit
from organisations.permissions import require
from people.selectors import get_client_for_user
from referrals import selectors
from referrals import services as referral_services
from referrals.forms import OutcomeForm, ReferralForm

from . import schemas
from .api import Pages, _form_data, _run, _validated
from .reads import audited_list

referrals = Router(tags=["referrals"])
services = Router(tags=["referrals"])


@services.get("", response=list[schemas.ServiceOut])
@paginate(Pages)
def list_services(request: HttpRequest, q: str = Query("", max_length=100), kind: str = Query("", max_length=20)):
    """The organisation's directory of other services that are taking referrals."""
    return selectors.services_for(request.user, search=q, kind=kind)


@referrals.get("", response=list[schemas.ReferralOut])
@audited_list("referrals.referral.listed")
@paginate(Pages)
def list_referrals(request: HttpRequest, outcome: str = Query("", max_length=20), q: str = Query("", max_length=100)):
    """Referrals and signposting the caller may see; `outcome=open` for those waiting to hear."""
    return selectors.referral_list(request.user, outcome=outcome, search=q)


@referrals.get("/{int:referral_id}", response=schemas.ReferralOut)
def get_referral(request: HttpRequest, referral_id: int):
    referral = selectors.get_referral_for_user(request.user, referral_id)
    audit.viewed(action="referrals.referral.viewed", obj=referral)
    return referral


@referrals.post("", response={201: schemas.ReferralOut})
def create_referral(request: HttpRequest, payload: schemas.ReferralIn):
    require(request.user, "referrals.edit")
    data = payload.dict()
    client = get_client_for_user(request.user, data.pop("client_id"))
    data["service"] = data.pop("service_id")
    fields = _validated(ReferralForm(data=_form_data(data)))
    return Status(201, _run(lambda: referral_services.referral_make(client=client, **fields)))


@referrals.patch("/{int:referral_id}", response=schemas.ReferralOut)
def record_outcome(request: HttpRequest, referral_id: int, payload: schemas.ReferralPatch):
    """Record what came of a referral. Send the `version` you read; a stale one gets 409."""
    referral = selectors.get_referral_for_user(request.user, referral_id, write=True)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    current = model_to_dict(referral, fields=OutcomeForm._meta.fields)
    form = OutcomeForm(data=_form_data({**current, **changes, "version": version}), instance=referral)
    fields = _validated(form)
    return _run(lambda: referral_services.referral_outcome(referral=referral, expected_version=version, **fields))
