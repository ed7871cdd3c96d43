"""The API for the records kept around a client: home-visit risk assessments, consents, the
professionals involved, and self-referrals waiting to be accepted.

Each route reads and writes as its page does (the same selectors, forms and services), so the
same people may do the same things: a coach reads their own client's risk assessment before a
visit and the professionals' contact details only where the client agreed; consents and
self-referrals are for staff."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from core.api import Input, Pages, form_data, require_valid, run_service
from organisations.permissions import require

from . import selectors, services
from .forms import ConsentForm, ConsentWithdrawForm, ProfessionalForm, RiskAssessmentForm
from .models import Professional, RiskAssessment, SelfReferral

Id = Field(..., ge=1, le=2**62)
How = Literal["online_form", "in_person", "phone", "in_writing"]


# --- schemas ---------------------------------------------------------------------------------


class RiskAssessmentOut(Schema):
    id: int
    client_id: int
    assessed_on: datetime.date
    review_by: datetime.date
    current: bool = Field(..., description="False once the review date has passed: review it before a home visit.")
    level: str
    others_present: str
    animals: str
    access: str
    substance_use: str
    history: str
    what_to_do: str

    @staticmethod
    def resolve_current(obj: RiskAssessment) -> bool:
        return obj.is_current(datetime.date.today())


class RiskAssessmentIn(Input):
    paragraphs = frozenset({"others_present", "animals", "access", "substance_use", "history", "what_to_do"})
    assessed_on: datetime.date
    review_by: datetime.date | None = Field(
        None, description=f"Leave out for {RiskAssessment.REVIEW_MONTHS} months from the assessment."
    )
    level: Literal["low", "medium", "high"] = "low"
    others_present: str = Field("", max_length=1000)
    animals: str = Field("", max_length=500)
    access: str = Field("", max_length=1000)
    substance_use: str = Field("", max_length=1000)
    history: str = Field("", max_length=2000)
    what_to_do: str = Field(..., min_length=1, max_length=2000)


class ConsentOut(Schema):
    id: int
    client_id: int
    purpose: str
    detail: str
    given_on: datetime.date
    how: str
    withdrawn_on: datetime.date | None
    withdrawn_how: str
    standing: bool


class ConsentIn(Input):
    purpose: Literal["store", "share", "contact_text", "contact_email", "case_study"]
    detail: str = Field("", max_length=300)
    given_on: datetime.date
    how: How


class ConsentWithdrawIn(Input):
    withdrawn_on: datetime.date
    withdrawn_how: How


class ProfessionalOut(Schema):
    id: int
    client_id: int
    kind: str
    name: str
    agency: str
    involved: bool
    may_share: str
    coach_may_contact: bool
    phone: str | None = Field(None, description="Left out for a coach unless the client agreed they may have it.")
    email: str | None = None
    how_to_reach: str | None = None
    version: int


ProfessionalKind = Literal[
    "social_worker", "housing_officer", "probation", "gp", "support_worker", "debt_adviser", "other"
]


class ProfessionalIn(Input):
    kind: ProfessionalKind
    name: str = Field(..., min_length=1, max_length=160)
    agency: str = Field("", max_length=160)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    how_to_reach: str = Field("", max_length=300)
    may_share: str = Field("", max_length=500)
    coach_may_contact: bool = False


class ProfessionalPatch(Input):
    version: int = Field(..., ge=1, le=2**31, description="The version you read; a stale one is refused with 409.")
    kind: ProfessionalKind | None = None
    name: str | None = Field(None, min_length=1, max_length=160)
    agency: str | None = Field(None, max_length=160)
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=254)
    how_to_reach: str | None = Field(None, max_length=300)
    may_share: str | None = Field(None, max_length=500)
    coach_may_contact: bool | None = None
    involved: bool | None = None


class SelfReferralOut(Schema):
    id: int
    programme_id: int
    status: str
    first_name: str
    last_name: str
    email: str
    phone: str
    area: str
    debt_kinds: list[str]
    debt_amount: Decimal | None
    circumstances: str
    hopes: str
    availability: str
    consents: list[str]
    share_with: str
    client_id: int | None
    created_at: datetime.datetime


def _professional_out(professional: Professional) -> ProfessionalOut:
    shown = getattr(professional, "show_contact", True)
    return ProfessionalOut(
        id=professional.pk,
        client_id=professional.client_id,
        kind=professional.kind,
        name=professional.name,
        agency=professional.agency,
        involved=professional.involved,
        may_share=professional.may_share,
        coach_may_contact=professional.coach_may_contact,
        phone=professional.phone if shown else None,
        email=professional.email if shown else None,
        how_to_reach=professional.how_to_reach if shown else None,
        version=professional.version,
    )


# --- under /clients/{client_id} --------------------------------------------------------------


def client_records(router: Router) -> None:
    @router.get("/{int:client_id}/risk-assessments", response=list[RiskAssessmentOut], tags=["risk assessments"])
    def list_risk_assessments(request: HttpRequest, client_id: int):
        """The client's home-visit risk assessments, latest first. Each read is audited."""
        require(request.user, "risk.view")
        client = selectors.get_client_for_user(request.user, client_id)
        assessments = list(selectors.risk_assessments_of(client))
        if assessments:
            services.risk_assessment_viewed(assessment=assessments[0])
        return assessments

    @router.post("/{int:client_id}/risk-assessments", response={201: RiskAssessmentOut}, tags=["risk assessments"])
    def create_risk_assessment(request: HttpRequest, client_id: int, payload: RiskAssessmentIn):
        """Record an assessment, or a review (a new one: the history stays)."""
        require(request.user, "risk.edit")
        client = selectors.get_client_for_user(request.user, client_id)
        form = RiskAssessmentForm(data=form_data(payload.dict()))
        require_valid(form)
        return Status(201, run_service(lambda: services.risk_assessment_record(client=client, **form.values())))

    @router.get("/{int:client_id}/consents", response=list[ConsentOut], tags=["consents"])
    def list_consents(request: HttpRequest, client_id: int):
        """What the client agreed to, when and how, withdrawn ones included (dated)."""
        require(request.user, "clients.view")
        client = selectors.get_client_for_user(request.user, client_id)
        return list(selectors.client_consents(client))

    @router.post("/{int:client_id}/consents", response={201: ConsentOut}, tags=["consents"])
    def create_consent(request: HttpRequest, client_id: int, payload: ConsentIn):
        client = selectors.get_client_for_user(request.user, client_id, write=True)
        form = ConsentForm(data=form_data(payload.dict()))
        require_valid(form)
        return Status(201, run_service(lambda: services.consent_record(client=client, **form.values())))

    @router.post("/{int:client_id}/consents/{int:consent_id}/withdraw", response=ConsentOut, tags=["consents"])
    def withdraw_consent(request: HttpRequest, client_id: int, consent_id: int, payload: ConsentWithdrawIn):
        """The client takes back what they agreed; the consent stays, dated."""
        client = selectors.get_client_for_user(request.user, client_id, write=True)
        consent = selectors.get_consent_for_user(request.user, consent_id)
        if consent.client_id != client.pk:
            raise Http404
        form = ConsentWithdrawForm(data=form_data(payload.dict()))
        require_valid(form)
        return run_service(lambda: services.consent_withdraw(consent=consent, **form.cleaned_data))

    @router.get("/{int:client_id}/professionals", response=list[ProfessionalOut], tags=["professionals"])
    def list_professionals(request: HttpRequest, client_id: int):
        """The other services involved. A coach gets contact details only where the client agreed."""
        require(request.user, "professionals.view")
        client = selectors.get_client_for_user(request.user, client_id)
        return [_professional_out(p) for p in selectors.professionals_for(request.user, client)]

    @router.post("/{int:client_id}/professionals", response={201: ProfessionalOut}, tags=["professionals"])
    def create_professional(request: HttpRequest, client_id: int, payload: ProfessionalIn):
        require(request.user, "professionals.edit")
        client = selectors.get_client_for_user(request.user, client_id)
        form = ProfessionalForm(data=form_data(payload.dict()))
        require_valid(form)
        professional = run_service(lambda: services.professional_add(client=client, **form.changed_values()))
        return Status(201, _professional_out(professional))

    @router.patch(
        "/{int:client_id}/professionals/{int:professional_id}", response=ProfessionalOut, tags=["professionals"]
    )
    def update_professional(request: HttpRequest, client_id: int, professional_id: int, payload: ProfessionalPatch):
        professional = selectors.get_professional_for_user(request.user, professional_id, write=True)
        if professional.client_id != client_id:
            raise Http404
        changes = payload.dict(exclude_unset=True)
        version = changes.pop("version")
        data = {name: getattr(professional, name) for name in Professional.EDITABLE} | changes
        form = ProfessionalForm(data=form_data(data | {"version": version}), instance=professional)
        require_valid(form)
        return _professional_out(
            run_service(
                lambda: services.professional_update(
                    professional=professional, expected_version=version, **form.changed_values()
                )
            )
        )


# --- /self-referrals -------------------------------------------------------------------------

self_referrals = Router(tags=["self-referrals"])


@self_referrals.get("", response=list[SelfReferralOut])
@paginate(Pages)
def list_self_referrals(request: HttpRequest):
    """Self-referrals waiting to be accepted, oldest first."""
    return selectors.self_referrals_waiting(request.user)


@self_referrals.get("/{int:referral_id}", response=SelfReferralOut)
def get_self_referral(request: HttpRequest, referral_id: int):
    referral = selectors.get_self_referral_for_user(request.user, referral_id)
    services.self_referral_viewed(referral=referral)
    return referral


@self_referrals.post("/{int:referral_id}/accept", response={201: SelfReferralOut})
def accept_self_referral(request: HttpRequest, referral_id: int):
    """Make the client's record from it, on its programme's waiting list, with the consents given."""
    referral = selectors.get_self_referral_for_user(request.user, referral_id, write=True)
    run_service(lambda: services.self_referral_accept(referral=referral))
    return Status(201, SelfReferral.objects.get(pk=referral.pk))


@self_referrals.post("/{int:referral_id}/decline", response=SelfReferralOut)
def decline_self_referral(request: HttpRequest, referral_id: int):
    referral = selectors.get_self_referral_for_user(request.user, referral_id, write=True)
    run_service(lambda: services.self_referral_decline(referral=referral))
    return SelfReferral.objects.get(pk=referral.pk)
