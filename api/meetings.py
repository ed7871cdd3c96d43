"""API for meetings and lone-working check-in/check-out, scoped as the pages are."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from core import audit
from journeys.selectors import get_relationship_for_user
from meetings import selectors, services
from meetings.forms import MeetingForm

from . import schemas
from .api import Pages, _run, _validated
from .reads import audited_list

meetings = Router(tags=["meetings"])
alerts = Router(tags=["safety alerts"])


@meetings.get("/{int:meeting_id}", response=schemas.MeetingOut)
def get_meeting(request: HttpRequest, meeting_id: int):
    meeting = selectors.get_meeting_for_user(request.user, meeting_id)
    audit.viewed(action="meetings.meeting.viewed", obj=meeting)
    return meeting


@meetings.post("/{int:meeting_id}/arrived", response=schemas.MeetingOut)
def arrived(request: HttpRequest, meeting_id: int):
    """The coach has arrived at a face-to-face meeting."""
    meeting = selectors.get_meeting_for_user(request.user, meeting_id, own=True)
    return services.meeting_arrived(meeting=meeting)


@meetings.post("/{int:meeting_id}/left", response=schemas.MeetingOut)
def left(request: HttpRequest, meeting_id: int):
    """ "I've left, I'm safe": stops any escalation."""
    meeting = selectors.get_meeting_for_user(request.user, meeting_id, own=True)
    return services.meeting_left(meeting=meeting)


def relationship_meetings(router) -> None:
    @router.get("/{int:relationship_id}/meetings", response=list[schemas.MeetingOut])
    @audited_list("meetings.meeting.listed")
    @paginate(Pages)
    def list_meetings(request: HttpRequest, relationship_id: int):
        relationship = get_relationship_for_user(request.user, relationship_id)
        return selectors.meetings_visible_to(request.user).filter(relationship=relationship)

    @router.post("/{int:relationship_id}/meetings", response={201: schemas.MeetingOut})
    def create_meeting(request: HttpRequest, relationship_id: int, payload: schemas.MeetingIn):
        relationship = get_relationship_for_user(request.user, relationship_id, write=True, capability="meetings.edit")
        data = payload.dict()
        data["starts_at"] = data["starts_at"].isoformat()
        fields = _validated(MeetingForm(data=data))
        return Status(201, _run(lambda: services.meeting_schedule(relationship=relationship, **fields)))


@alerts.get("", response=list[schemas.AlertOut])
@paginate(Pages)
def list_alerts(request: HttpRequest):
    """Open safety alerts, every step of each escalation."""
    return selectors.open_alerts(request.user)
