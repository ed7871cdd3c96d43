"""API for reciprocal peer coaching: the pairs, their sessions and each peer's own reflection.
Scoped as the pages are (reciprocal.selectors), validated by the same forms and written by the same
services, so a rule holds in both places. A reflection and wellbeing check are returned only to
the peer who wrote them."""

from __future__ import annotations

import datetime
from typing import Literal

from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from core import audit
from core.api import FormInvalid, Input, Pages, audited_list, errors_from, form_data, require_valid, run_service
from organisations.permissions import can, require

from . import selectors, services
from .forms import ReflectionForm, SessionEditForm, SessionForm
from .models import ReciprocalSession

OPERATION_ID_PREFIX = "api_reciprocal"

# A session is recorded once it has happened, within a few years of now.
EARLIEST = datetime.timedelta(days=5 * 366)

FocusChoice = Literal["wellbeing", "resilience", "goal_setting", "reflection"]


class ReciprocalPairOut(Schema):
    id: int
    programme_id: int
    first_coach_id: int = Field(..., alias="first_id")
    first_name: str
    second_coach_id: int = Field(..., alias="second_id")
    second_name: str
    ended_on: datetime.date | None
    sessions: int
    last_session_on: datetime.date | None
    next_due_on: datetime.date | None = Field(..., description="null once the pair has stopped.")
    overdue: bool

    # Read from the pair as selectors.with_rhythm annotates it, so a page of pairs is one query.
    @staticmethod
    def resolve_first_name(pair) -> str:
        return str(pair.first)

    @staticmethod
    def resolve_second_name(pair) -> str:
        return str(pair.second)

    @staticmethod
    def resolve_sessions(pair) -> int:
        return selectors.rhythm_of(pair).sessions

    @staticmethod
    def resolve_last_session_on(pair) -> datetime.date | None:
        return selectors.rhythm_of(pair).last_on

    @staticmethod
    def resolve_next_due_on(pair) -> datetime.date | None:
        return selectors.rhythm_of(pair).due_on if pair.ended_on is None else None

    @staticmethod
    def resolve_overdue(pair) -> bool:
        return pair.ended_on is None and selectors.rhythm_of(pair).overdue


class ReciprocalReflectionOut(Schema):
    session_id: int
    reflection: str
    wellbeing_start: int | None
    wellbeing_end: int | None
    version: int


class ReciprocalSessionOut(Schema):
    id: int
    pair_id: int
    held_on: datetime.date
    coach_id: int = Field(..., description="The peer who coached this time.")
    coached_id: int = Field(..., description="The peer who was coached.")
    focus: str
    goal: str
    what_helped: str
    version: int

    @staticmethod
    def resolve_coached_id(session) -> int:
        pair = session.pair
        return pair.second_id if session.coach_id == pair.first_id else pair.first_id


class ReciprocalSessionDetailOut(ReciprocalSessionOut):
    my_reflection: ReciprocalReflectionOut | None = Field(
        ..., description="The caller's own reflection, for one of the two peers; never the other's, never to staff."
    )


class ReciprocalSessionCreatedOut(ReciprocalSessionDetailOut):
    warning: str = Field(..., description="A gentle note when the same peer coached last time too; else empty.")


def _date_in_range(value: datetime.date | None) -> datetime.date | None:
    if value is not None and value < timezone.localdate() - EARLIEST:
        raise ValueError("Choose a date within the last five years.")
    return value


class ReciprocalSessionIn(Input):
    paragraphs = frozenset({"what_helped"})
    pair_id: int = Field(..., ge=1, le=2**62)
    held_on: datetime.date
    coach_id: int = Field(..., ge=1, le=2**62, description="The peer who coached this time.")
    focus: FocusChoice
    goal: str = Field("", max_length=300)
    what_helped: str = Field("", max_length=2000)

    _held_on = field_validator("held_on")(_date_in_range)


class ReciprocalSessionPatch(Input):
    paragraphs = frozenset({"what_helped"})
    version: int = Field(..., ge=1, le=2**31)
    held_on: datetime.date | None = None
    coach_id: int | None = Field(None, ge=1, le=2**62)
    focus: FocusChoice | None = None
    goal: str | None = Field(None, max_length=300)
    what_helped: str | None = Field(None, max_length=2000)

    _held_on = field_validator("held_on")(_date_in_range)


class ReciprocalReflectionIn(Input):
    paragraphs = frozenset({"reflection"})
    reflection: str = Field("", max_length=3000)
    wellbeing_start: int | None = Field(None, ge=1, le=5, description="1 struggling ... 5 really well.")
    wellbeing_end: int | None = Field(None, ge=1, le=5)


def _session_detail(session: ReciprocalSession, user, *, warning: str | None = None) -> ReciprocalSession:
    session.my_reflection = selectors.my_reflection(session, user)
    if warning is not None:
        session.warning = warning
    return session


def _may_see(user) -> None:
    if not can(user, "reciprocal.own"):
        require(user, "reciprocal.view")


def _form_errors(form) -> None:
    require_valid(form, rename={"coach": "coach_id"})


pairs = Router(tags=["reciprocal"])
sessions = Router(tags=["reciprocal"])


@pairs.get("", response=list[ReciprocalPairOut])
@audited_list("reciprocal.pair.listed")
@paginate(Pages)
def list_pairs(request: HttpRequest):
    """The pairs the caller sees (coordinators and supervisors every pair, a peer their own), each
    with its rhythm: sessions so far, the last one, and when the next is due."""
    _may_see(request.user)
    return selectors.with_rhythm(selectors.pairs_visible_to(request.user)).order_by("ended_on", "-created_at", "pk")


@sessions.get("", response=list[ReciprocalSessionOut])
@audited_list("reciprocal.session.listed")
@paginate(Pages)
def list_sessions(request: HttpRequest, pair_id: int | None = Query(None, ge=1, le=2**62)):
    """Sessions the caller sees, latest first; `pair_id` for one pair's."""
    _may_see(request.user)
    found = selectors.sessions_visible_to(request.user).order_by("-held_on", "-pk")
    if pair_id is not None:
        found = found.filter(pair_id=pair_id)
    return found


@sessions.post("", response={201: ReciprocalSessionCreatedOut})
def create_session(request: HttpRequest, payload: ReciprocalSessionIn):
    """Record a session the pair has had: who coached, what it was about. Refused (422) for a date
    in the future or before the pair's previous session, or a coach outside the pair."""
    _may_see(request.user)
    data = payload.dict()
    pair = selectors.get_pair_for_user(request.user, data.pop("pair_id"), write=True)
    data["coach"] = data.pop("coach_id")
    form = SessionForm(data=form_data(data), pair=pair)
    _form_errors(form)
    previous = selectors.previous_session(pair)
    session = run_service(lambda: services.session_record(pair=pair, recorded_by=request.user, **form.cleaned_data))
    warning = services.turn_warning(previous=previous, coach=session.coach)
    return Status(201, _session_detail(session, request.user, warning=warning))


@sessions.get("/{int:session_id}", response=ReciprocalSessionDetailOut)
def get_session(request: HttpRequest, session_id: int):
    session = selectors.get_session_for_user(request.user, session_id)
    audit.viewed(action="reciprocal.session.viewed", obj=session)
    return _session_detail(session, request.user)


@sessions.patch("/{int:session_id}", response=ReciprocalSessionDetailOut)
def update_session(request: HttpRequest, session_id: int, payload: ReciprocalSessionPatch):
    """Correct a session's record. Send the `version` you read; a stale one gets 409."""
    session = selectors.get_session_for_user(request.user, session_id, write=True)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if "coach_id" in changes:
        changes["coach"] = changes.pop("coach_id")
    current = model_to_dict(session, fields=SessionEditForm._meta.fields)
    form = SessionEditForm(
        data=form_data({**current, **changes, "version": version}), instance=session, pair=session.pair
    )
    _form_errors(form)
    run_service(lambda: services.session_update(session=session, expected_version=version, **form.changed_values()))
    session.refresh_from_db()
    return _session_detail(session, request.user)


@sessions.post("/{int:session_id}/reflection", response=ReciprocalReflectionOut)
def save_reflection(request: HttpRequest, session_id: int, payload: ReciprocalReflectionIn):
    """The caller's own reflection and wellbeing check on a session, replacing any they wrote
    before. Only the two peers write one; it is returned to nobody else."""
    require(request.user, "reciprocal.own")
    session = selectors.get_session_for_user(request.user, session_id)
    me = selectors.peer_of(session.pair, request.user)
    if me is None:
        raise FormInvalid(errors_from({"__all__": ["Only the two peers in the pair write a reflection."]}))
    form = ReflectionForm(data=form_data(payload.dict()), instance=selectors.my_reflection(session, request.user))
    _form_errors(form)
    return run_service(lambda: services.reflection_save(session=session, peer=me, **form.cleaned_data))
