"""Hours in the test world: the world's coach has last week submitted (an hour of admin on its
Monday) and this week open; a pay period long ago has been sent to payroll."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_scopes import scope

from hours import services
from hours.models import PayPeriod, Timesheet, week_start


def this_week() -> datetime.date:
    return week_start(timezone.localdate())


def last_week() -> datetime.date:
    return this_week() - datetime.timedelta(days=7)


def submitted_in(w) -> Timesheet:
    with scope(organisation=w.org):
        found = Timesheet.objects.filter(coach=w.coach, week_starts=last_week()).first()
        if found and found.status == Timesheet.Status.SUBMITTED:
            return found
        timesheet = services.timesheet_for_week(coach=w.coach, week=last_week())
        services.line_add(
            timesheet=timesheet, expected_version=timesheet.version, kind="admin", day=last_week(), minutes=60
        )
        timesheet.refresh_from_db()
        return services.timesheet_submit(timesheet=timesheet, expected_version=timesheet.version)


def open_in(w) -> Timesheet:
    with scope(organisation=w.org):
        return services.timesheet_for_week(coach=w.coach, week=this_week())


def period_in(w) -> PayPeriod:
    with scope(organisation=w.org):
        found = PayPeriod.objects.filter(organisation=w.org).first()
        if found:
            return found
        start = timezone.localdate() - datetime.timedelta(days=300)
        return services.payroll_export(
            organisation=w.org, starts_on=start, ends_on=start + datetime.timedelta(days=27), by=w.coordinator
        )


def week_kwargs(w) -> dict:
    return {"week": this_week().isoformat()}


def submitted_kwargs(w) -> dict:
    return {"timesheet_id": submitted_in(w).pk}


def line_kwargs(w) -> dict:
    timesheet = open_in(w)
    with scope(organisation=w.org):
        line = timesheet.lines.first() or services.line_add(
            timesheet=timesheet, expected_version=timesheet.version, kind="admin", day=this_week(), minutes=15
        )
    return {"line_id": line.pk}


def travel_kwargs(w) -> dict:
    return {"week": this_week().isoformat(), "meeting_id": w.meeting.pk}


def coach_kwargs(w) -> dict:
    return {"coach_id": w.coach.pk}


def period_kwargs(w) -> dict:
    return {"period_id": period_in(w).pk}


def line_body(w) -> dict:
    timesheet = open_in(w)
    return {"version": timesheet.version, "kind": "admin", "day": this_week().isoformat(), "minutes": 30, "note": ""}


def version_body(timesheet_of):
    def body(w) -> dict:
        return {"version": timesheet_of(w).version}

    return body


def return_body(w) -> dict:
    return {"version": submitted_in(w).version, "reason": "Tuesday's training was a half day, not a full one."}


def absence_body(w) -> dict:
    return {"coach_id": w.coach.pk, "kind": "sickness", "starts_on": timezone.localdate().isoformat(), "reason": ""}
