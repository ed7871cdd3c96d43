"""API for meetings and lone-working check-in/check-out, scoped as the pages are."""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from core import audit
from core.api import (
    Input,
    Pages,
    audited_list,
    run_service,
    validated,
)
from journeys.selectors import get_relationship_for_user
from meetings import selectors, services
from meetings.forms import MeetingForm

# Operation ids as they were when these routes lived in the api app, so clients generated from the
# OpenAPI document keep working (api/api.py reads this).
OPERATION_ID_PREFIX = "api_meetings"

# --- schemas -----------------------------------------------------------------------------------


class MeetingParticipantOut(Schema):
    coach_id: int | None
    client_id: int | None
    user_id: int | None
    part: str = Field(..., description="What they were there as: lone_worker, attendee or facilitator")
    attended: str = Field(..., description="yes, no or unknown")


class MeetingOut(Schema):
    id: int
    owner_kind: str = Field(..., description="What the meeting belongs to: relationship today")
    relationship_id: int | None
    programme_id: int | None
    participants: list[MeetingParticipantOut]
    starts_at: datetime.datetime
    expected_minutes: int
    channel: str
    place_kind: str
    place: str
    outcome: str
    arrived_at: datetime.datetime | None
    left_at: datetime.datetime | None
    checkout_due_at: datetime.datetime | None
    version: int


class MeetingIn(Input):
    starts_at: datetime.datetime
    expected_minutes: int = Field(60, ge=5, le=600)
    channel: Literal["face_to_face", "phone", "video", "message"] = "face_to_face"
    place_kind: Literal["public", "home", "office", "other", ""] = ""
    place: str = Field("", max_length=200)


class AlertOut(Schema):
    id: int
    meeting_id: int
    kind: str
    level: int
    recipient_id: int | None
    location: str
    raised_at: datetime.datetime
    # Raised well after it fell due (the safety sweep was not running), so it waited.
    raised_late: bool
    due_at: datetime.datetime | None
    # When every channel (email, text message) was delivered; empty while it is still being sent.
    delivered_at: datetime.datetime | None
    acknowledged_at: datetime.datetime | None
    resolved_at: datetime.datetime | None


meetings = Router(tags=["meetings"])
alerts = Router(tags=["safety alerts"])


@meetings.get("/{int:meeting_id}", response=MeetingOut)
def get_meeting(request: HttpRequest, meeting_id: int):
    meeting = selectors.get_meeting_for_user(request.user, meeting_id)
    audit.viewed(action="meetings.meeting.viewed", obj=meeting)
    return meeting


@meetings.post("/{int:meeting_id}/arrived", response=MeetingOut)
def arrived(request: HttpRequest, meeting_id: int):
    """The coach has arrived at a face-to-face meeting."""
    meeting = selectors.get_meeting_for_user(request.user, meeting_id, own=True)
    return services.meeting_arrived(meeting=meeting)


@meetings.post("/{int:meeting_id}/left", response=MeetingOut)
def left(request: HttpRequest, meeting_id: int):
    """ "I've left, I'm safe": stops any escalation."""
    meeting = selectors.get_meeting_for_user(request.user, meeting_id, own=True)
    return services.meeting_left(meeting=meeting)


def relationship_meetings(router) -> None:
    @router.get("/{int:relationship_id}/meetings", response=list[MeetingOut])
    @audited_list("meetings.meeting.listed")
    @paginate(Pages)
    def list_meetings(request: HttpRequest, relationship_id: int):
        relationship = get_relationship_for_user(request.user, relationship_id)
        return selectors.meetings_visible_to(request.user).filter(relationship=relationship)

    @router.post("/{int:relationship_id}/meetings", response={201: MeetingOut})
    def create_meeting(request: HttpRequest, relationship_id: int, payload: MeetingIn):
        relationship = get_relationship_for_user(request.user, relationship_id, write=True, capability="meetings.edit")
        data = payload.dict()
        data["starts_at"] = data["starts_at"].isoformat()
        fields = validated(MeetingForm(data=data))
        return Status(201, run_service(lambda: services.meeting_schedule(relationship=relationship, **fields)))


@alerts.get("", response=list[AlertOut])
@paginate(Pages)
def list_alerts(request: HttpRequest):
    """Open safety alerts, every step of each escalation."""
    return selectors.open_alerts(request.user)
