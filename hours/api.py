"""API for coaches' hours and absences: timesheets (a coach's own weeks; every coach's for staff
who look after coaches), the work added by hand, submitting, approving and returning a week, and
absences. Scoped as the pages are (hours.selectors) and written by the same services, so the
version check, the quarter hours and the 24-hour day hold in both places."""

import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from core import audit
from core.api import FormInvalid, Input, Pages, audited_list, errors_from, run_service
from organisations.permissions import can, require

from . import selectors, services
from .models import Absence, Timesheet, week_start

OPERATION_ID_PREFIX = "api_hours"

# Hours are for weeks gone by or this one; a year back is as far as anyone corrects.
EARLIEST = datetime.timedelta(days=366)

LineKind = Literal["travel", "training", "admin", "property_search", "group_session"]
AbsenceKind = Literal["sickness", "leave", "cancelled_shift", "lateness"]
TimesheetStatus = Literal["open", "submitted", "approved", "returned"]


class TimesheetLineOut(Schema):
    id: int
    kind: str
    day: datetime.date
    minutes: int
    meeting_id: int | None
    note: str


class TimesheetMeetingOut(Schema):
    meeting_id: int
    starts_at: datetime.datetime
    minutes: int
    travel_minutes: int


class TimesheetOut(Schema):
    id: int
    coach_id: int
    coach_name: str
    week_starts: datetime.date
    status: str
    version: int
    total_minutes: int = Field(..., description="As it stood when last submitted.")
    agreed_minutes: int | None
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    return_reason: str


class TimesheetDetailOut(TimesheetOut):
    recorded_minutes: int = Field(..., description="The week's time now: live while it is being filled in.")
    well_over: bool = Field(..., description="Doing much more than agreed: worth a chat.")
    meetings: list[TimesheetMeetingOut]
    lines: list[TimesheetLineOut] = Field(..., description="Work added by hand (travel for a meeting is on it).")


class TimesheetStartIn(Input):
    week_starts: datetime.date = Field(..., description="Any day of the week; the week starts on its Monday.")


class VersionIn(Input):
    version: int = Field(..., ge=1, le=2**31)


class TimesheetReturnIn(VersionIn):
    reason: str = Field(..., min_length=1, max_length=500)


class TimesheetLineIn(VersionIn):
    kind: LineKind
    day: datetime.date
    minutes: int = Field(..., ge=15, le=24 * 60, description="In quarter hours.")
    note: str = Field("", max_length=200)


class AbsenceOut(Schema):
    id: int
    coach_id: int
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    minutes_late: int | None
    reason: str


class AbsenceIn(Input):
    coach_id: int | None = Field(None, ge=1, le=2**62, description="Staff name the coach; a coach records their own.")
    kind: AbsenceKind
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    minutes_late: int | None = Field(None, ge=1, le=600)
    reason: str = Field("", max_length=500)


def _near(day: datetime.date, name: str) -> None:
    today = timezone.localdate()
    if not today - EARLIEST <= day <= today + EARLIEST:
        raise FormInvalid(errors_from({name: ["Choose a date within a year of today."]}))


def _timesheet(t: Timesheet) -> dict:
    return {
        "id": t.pk,
        "coach_id": t.coach_id,
        "coach_name": str(t.coach),
        "week_starts": t.week_starts,
        "status": t.status,
        "version": t.version,
        "total_minutes": t.total_minutes,
        "agreed_minutes": t.agreed_minutes,
        "submitted_at": t.submitted_at,
        "decided_at": t.decided_at,
        "return_reason": t.return_reason,
    }


def _detail(timesheet: Timesheet) -> dict:
    timesheet.refresh_from_db()
    week = selectors.week_for(timesheet.coach, timesheet.week_starts)
    over = selectors.hours_settings(timesheet.organisation).over_percent
    return {
        **_timesheet(week.timesheet),
        "recorded_minutes": week.total_minutes,
        "well_over": selectors.is_well_over(week.total_minutes, week.agreed_minutes, over),
        "meetings": [
            {
                "meeting_id": row.meeting.pk,
                "starts_at": row.meeting.starts_at,
                "minutes": row.minutes,
                "travel_minutes": row.travel.minutes if row.travel else 0,
            }
            for row in week.meetings
        ],
        "lines": [
            {
                "id": li.pk,
                "kind": li.kind,
                "day": li.day,
                "minutes": li.minutes,
                "meeting_id": li.meeting_id,
                "note": li.note,
            }
            for li in week.lines
        ],
    }


timesheets = Router(tags=["hours"])
absences = Router(tags=["hours"])


@timesheets.get("", response=list[TimesheetOut])
@audited_list("hours.timesheet.listed")
@paginate(Pages)
def list_timesheets(
    request: HttpRequest,
    status: TimesheetStatus | None = None,
    week: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="A day of the week (YYYY-MM-DD)."),
):
    """A coach's own weeks; every coach's for staff who look after coaches. Newest week first."""
    if not (can(request.user, "hours.view") or can(request.user, "hours.own")):
        require(request.user, "hours.view")
    found = selectors.timesheets_visible_to(request.user).order_by("-week_starts", "coach__last_name", "pk")
    if status:
        found = found.filter(status=status)
    if week:
        try:
            day = datetime.date.fromisoformat(week)
        except ValueError:
            raise FormInvalid(errors_from({"week": ["Give a date as YYYY-MM-DD."]})) from None
        found = found.filter(week_starts=week_start(day))
    return [_timesheet(t) for t in found]


@timesheets.post("", response={201: TimesheetDetailOut})
def start_timesheet(request: HttpRequest, payload: TimesheetStartIn):
    """A coach's timesheet for a week (started if it was not yet): this week or one gone by."""
    coach = selectors.require_own_coach(request.user)
    _near(payload.week_starts, "week_starts")
    timesheet = run_service(lambda: services.timesheet_for_week(coach=coach, week=payload.week_starts))
    return Status(201, _detail(timesheet))


@timesheets.get("/{int:timesheet_id}", response=TimesheetDetailOut)
def get_timesheet(request: HttpRequest, timesheet_id: int):
    timesheet = selectors.get_timesheet_for_user(request.user, timesheet_id)
    audit.viewed(action="hours.timesheet.viewed", obj=timesheet)
    return _detail(timesheet)


@timesheets.post("/{int:timesheet_id}/lines", response={201: TimesheetDetailOut})
def add_line(request: HttpRequest, timesheet_id: int, payload: TimesheetLineIn):
    """Add work done by hand to the coach's own week while it is being filled in."""
    timesheet = selectors.get_timesheet_for_user(request.user, timesheet_id, capability="hours.own")
    _near(payload.day, "day")
    run_service(
        lambda: services.line_add(
            timesheet=timesheet,
            expected_version=payload.version,
            kind=payload.kind,
            day=payload.day,
            minutes=payload.minutes,
            note=payload.note,
        )
    )
    return Status(201, _detail(timesheet))


@timesheets.post("/{int:timesheet_id}/submit", response=TimesheetDetailOut)
def submit_timesheet(request: HttpRequest, timesheet_id: int, payload: VersionIn):
    timesheet = selectors.get_timesheet_for_user(request.user, timesheet_id, capability="hours.own")
    run_service(lambda: services.timesheet_submit(timesheet=timesheet, expected_version=payload.version))
    return _detail(timesheet)


@timesheets.post("/{int:timesheet_id}/approve", response=TimesheetDetailOut)
def approve_timesheet(request: HttpRequest, timesheet_id: int, payload: VersionIn):
    timesheet = selectors.get_timesheet_for_user(request.user, timesheet_id, capability="hours.approve")
    run_service(
        lambda: services.timesheet_approve(timesheet=timesheet, expected_version=payload.version, by=request.user)
    )
    return _detail(timesheet)


@timesheets.post("/{int:timesheet_id}/return", response=TimesheetDetailOut)
def return_timesheet(request: HttpRequest, timesheet_id: int, payload: TimesheetReturnIn):
    """Send a submitted week back with a reason, or reopen an approved one."""
    timesheet = selectors.get_timesheet_for_user(request.user, timesheet_id, capability="hours.approve")
    run_service(
        lambda: services.timesheet_return(
            timesheet=timesheet, expected_version=payload.version, reason=payload.reason, by=request.user
        )
    )
    return _detail(timesheet)


@absences.get("", response=list[AbsenceOut])
@audited_list("hours.absence.listed")
@paginate(Pages)
def list_absences(request: HttpRequest, coach_id: int | None = None):
    """A coach's own absences; every coach's for staff who look after coaches. Newest first."""
    if not (can(request.user, "hours.view") or can(request.user, "hours.own")):
        require(request.user, "hours.view")
    found = selectors.absences_visible_to(request.user)
    if coach_id:
        found = found.filter(coach_id=coach_id)
    return found.order_by("-starts_on", "-pk")


@absences.post("", response={201: AbsenceOut})
def record_absence(request: HttpRequest, payload: AbsenceIn):
    """Record an absence or a late start: a coach their own; a coordinator for a coach (`coach_id`)."""
    if can(request.user, "hours.own"):
        coach = selectors.require_own_coach(request.user)
    else:
        require(request.user, "hours.approve")
        if payload.coach_id is None:
            raise FormInvalid(errors_from({"coach_id": ["Say which coach this is for."]}))
        coach = selectors.get_coach_for_user(request.user, payload.coach_id)
    _near(payload.starts_on, "starts_on")
    if payload.ends_on:
        _near(payload.ends_on, "ends_on")
    absence: Absence = run_service(
        lambda: services.absence_record(
            coach=coach,
            kind=payload.kind,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            minutes_late=payload.minutes_late,
            reason=payload.reason,
            by=request.user,
        )
    )
    return Status(201, absence)
