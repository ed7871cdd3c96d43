"""API for supervision sessions and their actions, scoped as the pages are (supervision.selectors)
and written by the same services. A coach reads their own sessions' dates and actions; the notes
(wellbeing, caseload, what is going well, worries, development) are only for their supervisor (or
the deputy covering) and coordinators."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from core import audit
from core.access import get_or_404
from core.api import ErrorOut, FormInvalid, Input, Pages, audited_list, errors_from, run_service
from organisations.permissions import can, require

from . import selectors, services
from .models import Session
from .services import MAX_NEW_ACTIONS, SESSION_NOTES

OPERATION_ID_PREFIX = "api_supervision"

Version = Field(..., ge=1, le=2**31, description="The version you read; a stale one is refused with 409.")
Note = Field("", max_length=3000)
# A session is recorded within a few years of it; far dates are a mistake.
EARLIEST = datetime.timedelta(days=3 * 366)


def _recent(value: datetime.date | None) -> datetime.date | None:
    if value is not None and value < timezone.localdate() - EARLIEST:
        raise ValueError("Choose a date within the last three years.")
    return value


def _reads_notes(user) -> bool:
    """Whoever may record a coach's sessions reads their notes; every session a supervisor finds is
    one of their coaches' (selectors.sessions_visible_to), so this is decided once per caller."""
    return can(user, "supervision.supervise") and not can(user, "supervision.own")


class SupervisionActionOut(Schema):
    id: int
    coach_id: int
    agreed_in_session_id: int = Field(..., alias="agreed_in_id")
    text: str
    done: bool
    done_at: datetime.datetime | None
    done_in_session_id: int | None = Field(None, alias="done_in_id")

    @staticmethod
    def resolve_done(obj) -> bool:
        return obj.done_at is not None


def _note(name: str):
    def resolve(obj, context) -> str | None:
        return getattr(obj, name) if _reads_notes(context["request"].user) else None

    return staticmethod(resolve)


class SupervisionSessionOut(Schema):
    id: int
    coach_id: int
    supervisor_id: int
    held_on: datetime.date
    version: int
    wellbeing: str | None = Field(None, description="Only for the supervisor and coordinators.")
    caseload: str | None = Field(None, description="Only for the supervisor and coordinators.")
    going_well: str | None = Field(None, description="Only for the supervisor and coordinators.")
    worries: str | None = Field(None, description="Only for the supervisor and coordinators.")
    development: str | None = Field(None, description="Only for the supervisor and coordinators.")
    actions_agreed: list[SupervisionActionOut]

    resolve_wellbeing = _note("wellbeing")
    resolve_caseload = _note("caseload")
    resolve_going_well = _note("going_well")
    resolve_worries = _note("worries")
    resolve_development = _note("development")

    @staticmethod
    def resolve_actions_agreed(obj) -> list:
        return list(obj.actions_agreed.all())


class SupervisionSessionIn(Input):
    paragraphs = frozenset(SESSION_NOTES)
    coach_id: int = Field(..., ge=1, le=2**62)
    held_on: datetime.date
    wellbeing: str = Note
    caseload: str = Note
    going_well: str = Note
    worries: str = Note
    development: str = Note
    done_action_ids: list[int] = Field([], max_length=100, description="Open actions now done; the rest carry over.")
    new_actions: list[str] = Field([], max_length=MAX_NEW_ACTIONS)

    @field_validator("held_on")
    @classmethod
    def _near(cls, value: datetime.date) -> datetime.date:
        return _recent(value)

    @field_validator("new_actions")
    @classmethod
    def _short(cls, value: list[str]) -> list[str]:
        if any(len(text) > 300 for text in value):
            raise ValueError("Keep each action to 300 characters.")
        return value


class SupervisionSessionPatch(Input):
    paragraphs = frozenset(SESSION_NOTES)
    version: int = Version
    held_on: datetime.date | None = None
    wellbeing: str | None = Field(None, max_length=3000)
    caseload: str | None = Field(None, max_length=3000)
    going_well: str | None = Field(None, max_length=3000)
    worries: str | None = Field(None, max_length=3000)
    development: str | None = Field(None, max_length=3000)

    @field_validator("held_on")
    @classmethod
    def _near(cls, value: datetime.date | None) -> datetime.date | None:
        return _recent(value)


def _reload(session: Session) -> Session:
    return selectors.sessions_of(session.coach).get(pk=session.pk)


sessions = Router(tags=["supervision"])
actions = Router(tags=["supervision"])


def _may_list(user) -> None:
    if not any(can(user, c) for c in ("supervision.view", "supervision.supervise", "supervision.own")):
        require(user, "supervision.view")


@sessions.get("", response=list[SupervisionSessionOut])
@audited_list("supervision.session.listed")
@paginate(Pages)
def list_sessions(request: HttpRequest, coach_id: int | None = None):
    """The sessions the caller may see, newest first: a supervisor's own coaches' (and those they
    cover for), every coach's for coordinators, a coach their own (without the notes)."""
    _may_list(request.user)
    found = selectors.sessions_visible_to(request.user).order_by("-held_on", "-pk")
    if coach_id is not None:
        found = found.filter(coach_id=coach_id)
    return found


@sessions.post("", response={201: SupervisionSessionOut})
def create_session(request: HttpRequest, payload: SupervisionSessionIn):
    """Record a session: the notes, which open actions are now done (the rest carry over to the
    next session) and the new actions agreed."""
    require(request.user, "supervision.supervise")
    coach = get_or_404(selectors.coaches_visible_to(request.user), payload.coach_id)
    if not selectors.supervises(request.user, coach):
        require(request.user, "supervision.manage")
    data = payload.dict()
    session = run_service(
        lambda: services.session_record(
            coach=coach,
            supervisor=request.user,
            held_on=data["held_on"],
            done_actions=data["done_action_ids"],
            new_actions=data["new_actions"],
            **{name: data[name] for name in SESSION_NOTES},
        )
    )
    return Status(201, _reload(session))


@sessions.get("/{int:session_id}", response=SupervisionSessionOut)
def get_session(request: HttpRequest, session_id: int):
    session = selectors.get_session_for_user(request.user, session_id)
    if _reads_notes(request.user):
        audit.viewed(action="supervision.session.viewed", obj=session.coach)
    return _reload(session)


@sessions.patch("/{int:session_id}", response={200: SupervisionSessionOut, 409: ErrorOut})
def update_session(request: HttpRequest, session_id: int, payload: SupervisionSessionPatch):
    """Correct the date or the notes; a `version` older than the stored one is a 409."""
    session = selectors.get_session_for_user(request.user, session_id, write=True)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if any(value is None for value in changes.values()):
        raise FormInvalid(errors_from({k: ["Give a value or leave it out."] for k, v in changes.items() if v is None}))
    run_service(lambda: services.session_update(session=session, expected_version=version, **changes))
    return _reload(session)


@actions.post("/{int:action_id}/done", response=SupervisionActionOut)
def mark_action_done(request: HttpRequest, action_id: int):
    """Mark an agreed action done between sessions (the coach, their supervisor or a coordinator)."""
    action = selectors.get_action_for_user(request.user, action_id)
    return services.action_done(action=action)
