"""API for safeguarding concerns. Anyone working with a client can raise one (and gets back only a
receipt); only those who read concerns on the pages (the safeguarding leads and coordinators)
can list, read, add actions to or close them. The same rules and services as the pages."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from core.api import FormInvalid, Input, Pages, errors_from, run_service
from meetings import safeguarding
from meetings.forms import ConcernActionForm, ConcernCloseForm, ConcernForm
from meetings.selectors import meetings_visible_to
from organisations.permissions import can
from people.selectors import get_client_for_user

# Operation ids as they were when these routes lived in the api app, so clients generated from the
# OpenAPI document keep working (api/api.py reads this).
OPERATION_ID_PREFIX = "api_safeguarding"


Severity = Literal["low", "medium", "high", "urgent"]

# --- schemas ---------------------------------------------------------------------------------


class ConcernReceipt(Schema):
    """What the person who raised a concern gets back: that it was received, not what it says."""

    id: int
    client_id: int
    severity: str
    raised_at: datetime.datetime


class ConcernActionOut(Schema):
    text: str
    by: str | None
    at: datetime.datetime


class ConcernListItem(ConcernReceipt):
    meeting_id: int | None
    raised_by: str | None
    closed_at: datetime.datetime | None


class ConcernOut(ConcernListItem):
    description: str
    closed_by: str | None
    closure: str
    actions: list[ConcernActionOut]


class ConcernIn(Input):
    paragraphs = frozenset({"description"})

    severity: Severity
    description: str = Field(..., min_length=1, max_length=5000)
    meeting_id: int | None = Field(None, ge=1, le=2**62, description="The meeting it came up in, if any.")


class ConcernActionIn(Input):
    paragraphs = frozenset({"text"})

    text: str = Field(..., min_length=1, max_length=3000)


class ConcernCloseIn(Input):
    paragraphs = frozenset({"closure"})

    closure: str = Field(..., min_length=1, max_length=3000, description="How it was closed.")


concerns = Router(tags=["safeguarding"])


def _name(user) -> str | None:
    return user.display_name() if user else None


def _list_item(concern) -> dict[str, Any]:
    return {
        "id": concern.pk,
        "client_id": concern.client_id,
        "severity": concern.severity,
        "raised_at": concern.created_at,
        "meeting_id": concern.meeting_id,
        "raised_by": _name(concern.raised_by),
        "closed_at": concern.closed_at,
    }


def _concern_out(concern) -> dict[str, Any]:
    return {
        **_list_item(concern),
        "description": concern.description,
        "closed_by": _name(concern.closed_by),
        "closure": concern.closure,
        "actions": [{"text": a.text, "by": _name(a.by), "at": a.created_at} for a in concern.actions.all()],
    }


def _cleaned(form) -> dict[str, Any]:
    """The form's cleaned data, or a 422 naming each field it refused."""
    if not form.is_valid():
        raise FormInvalid(errors_from({k: [str(m) for m in v] for k, v in form.errors.items()}))
    return form.cleaned_data


def _readable(user, concern_id: int):
    concern = safeguarding.get_concern_for_user(user, concern_id)
    # Load again with who acted, so the detail costs a fixed number of queries.
    return (
        safeguarding.concerns_for(user).select_related("closed_by").prefetch_related("actions__by").get(pk=concern.pk)
    )


@concerns.get("", response=list[ConcernListItem])
@paginate(Pages)
def list_concerns(request: HttpRequest):
    """Open concerns first, newest first. Only for the safeguarding leads and coordinators."""
    return [_list_item(c) for c in safeguarding.concerns_for(request.user)]


@concerns.get("/{int:concern_id}", response=ConcernOut)
def get_concern(request: HttpRequest, concern_id: int):
    return _concern_out(_readable(request.user, concern_id))


@concerns.post("/{int:concern_id}/actions", response={201: ConcernOut})
def add_action(request: HttpRequest, concern_id: int, payload: ConcernActionIn):
    """Record an action taken on a concern. A closed concern takes no more (422)."""
    concern = _readable(request.user, concern_id)
    fields = _cleaned(ConcernActionForm(data=payload.dict()))
    run_service(lambda: safeguarding.concern_act(concern=concern, **fields))
    return Status(201, _concern_out(_readable(request.user, concern_id)))


@concerns.post("/{int:concern_id}/close", response=ConcernOut)
def close_concern(request: HttpRequest, concern_id: int, payload: ConcernCloseIn):
    """Close a concern, saying how it was closed."""
    concern = _readable(request.user, concern_id)
    fields = _cleaned(ConcernCloseForm(data=payload.dict()))
    run_service(lambda: safeguarding.concern_close(concern=concern, **fields))
    return _concern_out(_readable(request.user, concern_id))


def client_concerns(router) -> None:
    @router.post("/{int:client_id}/concerns", response={201: ConcernReceipt}, tags=["safeguarding"])
    def raise_concern(request: HttpRequest, client_id: int, payload: ConcernIn):
        """Raise a safeguarding concern about a client you work with. The leads are told at once."""
        if not can(request.user, "safeguarding.raise"):
            raise PermissionDenied("safeguarding.raise")
        client = get_client_for_user(request.user, client_id)
        meeting = None
        if payload.meeting_id is not None:
            meetings = meetings_visible_to(request.user).filter(relationship__client=client)
            meeting = meetings.filter(pk=payload.meeting_id).first()
            if meeting is None:
                raise FormInvalid(errors_from({"meeting_id": ["No such meeting with this client."]}))
        form = ConcernForm(data={"severity": payload.severity, "description": payload.description})
        concern = run_service(lambda: safeguarding.concern_raise(client=client, meeting=meeting, **_cleaned(form)))
        return Status(
            201,
            {"id": concern.pk, "client_id": client.pk, "severity": concern.severity, "raised_at": concern.created_at},
        )
