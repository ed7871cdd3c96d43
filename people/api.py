"""The coaches and clients API: list, read, create, change, archive and restore."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from core.api import (
    ErrorOut,
    Input,
    Pages,
    archive_or_409,
    audited_list,
    form_data,
    patched_form,
    run_service,
    validated,
)
from organisations.permissions import can, require
from people import selectors as people_selectors
from people import services as people_services
from people.forms import ClientForm, CoachForm
from people.models import Circumstance

# Operation ids as they were when these routes lived in the api app, so clients generated from the
# OpenAPI document keep working (api/api.py reads this).
OPERATION_ID_PREFIX = "api_api"

# --- schemas -----------------------------------------------------------------------------------

Name = Field(..., min_length=1, max_length=80)
ChannelName = Literal["face_to_face", "phone", "video", "message"]


class CoachListItem(Schema):
    id: int
    first_name: str
    last_name: str
    role_title: str
    employment: str
    status: str
    area: str
    languages: str


class CoachOut(CoachListItem):
    email: str
    phone: str
    lived_experience: str
    interests: str
    availability: str
    agreed_weekly_hours: Decimal
    date_of_birth: datetime.date | None
    started_on: datetime.date | None
    archived: bool = Field(..., description="Archived coaches are kept but hidden; a coordinator can restore them.")
    version: int


class CoachIn(Input):
    paragraphs = frozenset({"lived_experience", "interests"})
    first_name: str = Name
    last_name: str = Name
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    area: str = Field("", max_length=120)
    employment: Literal["volunteer", "paid"] = "volunteer"
    role_title: str = Field("Peer Coach", min_length=1, max_length=120)
    lived_experience: str = Field("", max_length=4000)
    interests: str = Field("", max_length=2000)
    languages: str = Field("", max_length=200)
    availability: str = Field("", max_length=300)
    meeting_reminders: bool = True
    agreed_weekly_hours: Decimal = Field(Decimal(4), ge=0, le=60, max_digits=4, decimal_places=1)
    date_of_birth: datetime.date | None = None
    status: Literal["active", "paused", "left"] = "active"
    started_on: datetime.date | None = None


class CoachPatch(Input):
    paragraphs = frozenset({"lived_experience", "interests"})
    version: int = Field(..., ge=1, le=2**31, description="The version you read; a stale one is refused with 409.")
    first_name: str | None = Field(None, min_length=1, max_length=80)
    last_name: str | None = Field(None, min_length=1, max_length=80)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=30)
    area: str | None = Field(None, max_length=120)
    employment: Literal["volunteer", "paid"] | None = None
    role_title: str | None = Field(None, min_length=1, max_length=120)
    lived_experience: str | None = Field(None, max_length=4000)
    interests: str | None = Field(None, max_length=2000)
    languages: str | None = Field(None, max_length=200)
    availability: str | None = Field(None, max_length=300)
    meeting_reminders: bool | None = None
    agreed_weekly_hours: Decimal | None = Field(None, ge=0, le=60, max_digits=4, decimal_places=1)
    date_of_birth: datetime.date | None = None
    status: Literal["active", "paused", "left"] | None = None
    started_on: datetime.date | None = None


class ClientListItem(Schema):
    id: int
    first_name: str
    last_name: str
    status: str
    programme_id: int | None
    area: str
    language: str


class ClientForCoach(ClientListItem):
    """What a peer coach sees of their own client: enough to work together, nothing more."""

    email: str
    phone: str
    circumstances: str
    hopes: str
    interests: str
    preferred_channels: list[str]
    availability: str


class ClientOut(ClientForCoach):
    debt_kinds: list[str] = Field(..., description="Kinds of debt or difficulty recorded at intake.")
    debt_amount: Decimal | None = Field(..., description="Roughly how much they owe, in pounds.")
    referral_source: str
    referral_date: datetime.date
    consent_given_on: datetime.date
    date_of_birth: datetime.date | None
    staff_notes: str
    meeting_reminders: bool
    archived: bool = Field(..., description="Archived clients are kept but hidden; a coordinator can restore them.")
    version: int


# The kinds of debt or difficulty (people.models.Circumstance), checked by the form too.
DebtKind = Literal[tuple(Circumstance.values)]  # noqa: PYI047 - an enum in the OpenAPI document
ReferralSource = Literal["self", "housing", "debt_advice", "gp", "social_work", "mental_health", "probation", "other"]


class ClientIn(Input):
    paragraphs = frozenset({"circumstances", "hopes", "interests", "staff_notes"})
    first_name: str = Name
    last_name: str = Name
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    area: str = Field("", max_length=120)
    # No status: a new client is waiting, and it then follows their relationships.
    programme_id: int | None = Field(None, ge=1, le=2**62)
    referral_source: ReferralSource
    referral_date: datetime.date
    consent_given_on: datetime.date
    date_of_birth: datetime.date | None = None
    debt_kinds: list[DebtKind] = Field(default_factory=list, max_length=20)
    debt_amount: Decimal | None = Field(None, ge=0, le=9_999_999, max_digits=9, decimal_places=2)
    circumstances: str = Field("", max_length=4000)
    hopes: str = Field("", max_length=2000)
    interests: str = Field("", max_length=2000)
    preferred_channels: list[ChannelName] = Field(default_factory=list, max_length=4)
    language: str = Field("English", min_length=1, max_length=60)
    availability: str = Field("", max_length=300)
    staff_notes: str = Field("", max_length=4000)


class ClientPatch(Input):
    paragraphs = frozenset({"circumstances", "hopes", "interests", "staff_notes"})
    version: int = Field(..., ge=1, le=2**31, description="The version you read; a stale one is refused with 409.")
    first_name: str | None = Field(None, min_length=1, max_length=80)
    last_name: str | None = Field(None, min_length=1, max_length=80)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=30)
    area: str | None = Field(None, max_length=120)
    programme_id: int | None = Field(None, ge=1, le=2**62)
    referral_source: ReferralSource | None = None
    referral_date: datetime.date | None = None
    consent_given_on: datetime.date | None = None
    date_of_birth: datetime.date | None = None
    debt_kinds: list[DebtKind] | None = Field(None, max_length=20)
    debt_amount: Decimal | None = Field(None, ge=0, le=9_999_999, max_digits=9, decimal_places=2)
    circumstances: str | None = Field(None, max_length=4000)
    hopes: str | None = Field(None, max_length=2000)
    interests: str | None = Field(None, max_length=2000)
    preferred_channels: list[ChannelName] | None = Field(None, max_length=4)
    language: str | None = Field(None, min_length=1, max_length=60)
    availability: str | None = Field(None, max_length=300)
    staff_notes: str | None = Field(None, max_length=4000)


# --- coaches ---------------------------------------------------------------------------------

coaches = Router(tags=["coaches"])


@coaches.get("", response=list[CoachListItem])
@audited_list("people.coach.listed")
@paginate(Pages)
def list_coaches(request: HttpRequest, q: str = Query("", max_length=100), status: str = Query("", max_length=20)):
    return people_selectors.coach_list(user=request.user, search=q, status=status)


@coaches.get("/{int:coach_id}", response=CoachOut)
def get_coach(request: HttpRequest, coach_id: int):
    coach = people_selectors.get_coach_for_user(request.user, coach_id, archived=True)
    people_services.coach_viewed(coach=coach)
    return coach


@coaches.post("", response={201: CoachOut})
def create_coach(request: HttpRequest, payload: CoachIn):
    require(request.user, "coaches.edit")
    form = CoachForm(data=form_data(payload.dict()), organisation=request.user.organisation)
    fields = validated(form)
    return Status(
        201, run_service(lambda: people_services.coach_create(organisation=request.user.organisation, **fields))
    )


@coaches.patch("/{int:coach_id}", response=CoachOut)
def update_coach(request: HttpRequest, coach_id: int, payload: CoachPatch):
    coach = people_selectors.get_coach_for_user(request.user, coach_id, write=True)
    form = patched_form(coach, CoachForm, payload, request.user.organisation)
    fields = validated(form)
    return run_service(lambda: people_services.coach_update(coach=coach, expected_version=payload.version, **fields))


# No DELETE: people are archived (hidden, restorable, audited), never deleted by an ordinary call.
@coaches.post("/{int:coach_id}/archive", response={200: CoachOut, 409: ErrorOut})
def archive_coach(request: HttpRequest, coach_id: int):
    """Archive a coach; 409 with every reason while they have open relationships or alerts."""
    coach = people_selectors.get_coach_for_user(request.user, coach_id, write=True)
    return archive_or_409(lambda: people_services.coach_archive(coach=coach))


@coaches.post("/{int:coach_id}/restore", response={200: CoachOut, 409: ErrorOut})
def restore_coach(request: HttpRequest, coach_id: int):
    coach = people_selectors.get_coach_for_user(request.user, coach_id, write=True, archived=True)
    return archive_or_409(lambda: people_services.coach_restore(coach=coach))


# --- clients ---------------------------------------------------------------------------------

clients = Router(tags=["clients"])


@clients.get("", response=list[ClientListItem])
@audited_list("people.client.listed")
@paginate(Pages)
def list_clients(
    request: HttpRequest,
    q: str = Query("", max_length=100),
    status: str = Query("", max_length=20),
    programme_id: int | None = Query(None, ge=1, le=2**62),
):
    return people_selectors.client_list(user=request.user, search=q, status=status, programme_id=programme_id)


@clients.get("/{int:client_id}", response=ClientOut | ClientForCoach)
def get_client(request: HttpRequest, client_id: int):
    client = people_selectors.get_client_for_user(request.user, client_id, archived=True)
    people_services.client_viewed(client=client)
    if not can(request.user, "clients.view"):
        # A coach (or the client themself) gets the working view, not the full record staff keep.
        return ClientForCoach.from_orm(client)
    return ClientOut.from_orm(client)


@clients.post("", response={201: ClientOut})
def create_client(request: HttpRequest, payload: ClientIn):
    require(request.user, "clients.edit")
    form = ClientForm(data=form_data(payload.dict()), organisation=request.user.organisation)
    fields = validated(form)
    return Status(
        201, run_service(lambda: people_services.client_create(organisation=request.user.organisation, **fields))
    )


@clients.patch("/{int:client_id}", response=ClientOut)
def update_client(request: HttpRequest, client_id: int, payload: ClientPatch):
    client = people_selectors.get_client_for_user(request.user, client_id, write=True)
    form = patched_form(client, ClientForm, payload, request.user.organisation)
    fields = validated(form)
    return run_service(lambda: people_services.client_update(client=client, expected_version=payload.version, **fields))


# No DELETE: a client is archived, and only the erasure process removes anyone.
@clients.post("/{int:client_id}/archive", response={200: ClientOut, 409: ErrorOut})
def archive_client(request: HttpRequest, client_id: int):
    """Archive a client; 409 with every reason while a safeguarding concern is open, a safety
    alert is unresolved or a relationship is still open."""
    client = people_selectors.get_client_for_user(request.user, client_id, write=True)
    return archive_or_409(lambda: people_services.client_archive(client=client))


@clients.post("/{int:client_id}/restore", response={200: ClientOut, 409: ErrorOut})
def restore_client(request: HttpRequest, client_id: int):
    client = people_selectors.get_client_for_user(request.user, client_id, write=True, archived=True)
    return archive_or_409(lambda: people_services.client_restore(client=client))
