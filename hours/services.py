"""Writes for hours and absences. Every change to a week goes through one version check (the
timesheet's `version`), so a coach editing on two devices, or a coordinator approving a week the
coach has just changed, is told rather than silently overwritten."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from core import audit
from core.exceptions import StaleEditError
from core.services import create_audited, organisation_settings_save
from meetings.models import Meeting
from people.models import Coach

from . import selectors
from .models import (
    DAY_MINUTES,
    QUARTER,
    Absence,
    HoursAgreement,
    HoursSettings,
    PayPeriod,
    PayrollLine,
    Timesheet,
    TimesheetLine,
    week_start,
)

# --- agreements and settings -----------------------------------------------------------------


def agreement_set(
    *, coach: Coach, weekly_hours: Decimal, starts_on: datetime.date, note: str = "", by=None
) -> HoursAgreement:
    """Agree a coach's weekly hours from a date (a Monday: the week it applies from). An agreement
    already starting that week is replaced, and audited as a change."""
    starts_on = week_start(starts_on)
    if not Decimal("0") <= weekly_hours <= Decimal("60"):
        raise ValidationError({"weekly_hours": "Agree between 0 and 60 hours a week."})
    with transaction.atomic():
        existing = HoursAgreement.objects.select_for_update().filter(coach=coach, starts_on=starts_on).first()
        if existing:
            before = {"weekly_hours": existing.weekly_hours, "note": existing.note}
            existing.weekly_hours, existing.note, existing.agreed_by = weekly_hours, note, by
            existing.full_clean()
            existing.save()
            audit.record(
                action="hours.agreement.changed",
                organisation=coach.organisation,
                obj=coach,
                changes=audit.diff(before, {"weekly_hours": weekly_hours, "note": note}),
            )
            return existing
        agreement = HoursAgreement(
            organisation_id=coach.organisation_id,
            coach=coach,
            weekly_hours=weekly_hours,
            starts_on=starts_on,
            note=note,
            agreed_by=by,
        )
        agreement.full_clean()
        agreement.save()
        audit.record(
            action="hours.agreement.created",
            organisation=coach.organisation,
            obj=coach,
            changes={"weekly_hours": [None, str(weekly_hours)], "starts_on": [None, starts_on.isoformat()]},
        )
        return agreement


def settings_save(*, organisation, values: dict[str, Any]) -> HoursSettings:
    return organisation_settings_save(
        model=HoursSettings, organisation=organisation, values=values, action="hours.settings.changed"
    )


# --- a coach's week --------------------------------------------------------------------------


def timesheet_for_week(*, coach: Coach, week: datetime.date) -> Timesheet:
    """The coach's timesheet for the week containing `week`, started if it was not yet. A week
    more than a week ahead cannot be started: hours are recorded once worked."""
    week = week_start(week)
    if week > week_start(timezone.localdate()):
        raise ValidationError("Hours are recorded for this week or weeks gone by, not weeks to come.")
    found = Timesheet.objects.filter(coach=coach, week_starts=week).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return Timesheet.objects.create(organisation_id=coach.organisation_id, coach=coach, week_starts=week)
    except IntegrityError:
        return Timesheet.objects.get(coach=coach, week_starts=week)


def _claim(timesheet: Timesheet, expected_version: int, *, statuses=None, **changes: Any) -> None:
    """The one version check: bump the version (and apply `changes`) only if nobody saved the week
    since `expected_version` and it is still in one of `statuses`."""
    allowed = statuses or Timesheet.EDITABLE
    updated = Timesheet.objects.filter(pk=timesheet.pk, version=expected_version, status__in=allowed).update(
        version=models.F("version") + 1, updated_at=timezone.now(), **changes
    )
    if updated != 1:
        current = Timesheet.objects.filter(pk=timesheet.pk).values_list("version", "status").first()
        if current and current[0] == expected_version and current[1] not in allowed:
            raise ValidationError(_not_now(current[1]))
        raise StaleEditError()
    timesheet.version = expected_version + 1
    for name, value in changes.items():
        setattr(timesheet, name, value)


def _not_now(status: str) -> str:
    if status in Timesheet.EDITABLE:
        return "This week has not been sent for approval yet."
    if status == Timesheet.Status.SUBMITTED:
        return "This week has been sent for approval, so it cannot be changed now."
    if status == Timesheet.Status.APPROVED:
        return "This week has been approved. Ask a coordinator to reopen it if something needs changing."
    return "This week cannot be changed now."


def _day_total(timesheet: Timesheet, day: datetime.date, coach: Coach) -> int:
    by_hand = sum(
        TimesheetLine.objects.filter(timesheet=timesheet, day=day)
        .exclude(kind=TimesheetLine.Kind.MEETING)
        .values_list("minutes", flat=True)
    )
    meetings = sum(
        selectors.meeting_minutes(m)
        for m in selectors.logged_meetings(coach, timesheet.week_starts)
        if timezone.localtime(m.starts_at).date() == day
    )
    return by_hand + meetings


def _check_minutes(minutes: int) -> None:
    if minutes <= 0:
        raise ValidationError({"minutes": "Enter a time of at least a quarter of an hour."})
    if minutes % QUARTER:
        raise ValidationError({"minutes": "Record time in quarter hours (15, 30 or 45 minutes past the hour)."})
    if minutes > DAY_MINUTES:
        raise ValidationError({"minutes": "A day has 24 hours: enter less than that."})


def line_add(
    *,
    timesheet: Timesheet,
    expected_version: int,
    kind: str,
    day: datetime.date,
    minutes: int,
    note: str = "",
) -> TimesheetLine:
    """Add work done by hand (training, travel, admin, property searches, a group session) to a week
    still being filled in: in quarter hours, on a day of that week not in the future, and never
    more than 24 hours in a day with the meetings."""
    if kind not in TimesheetLine.BY_HAND:
        raise ValidationError({"kind": "Choose what kind of work it was."})
    _check_minutes(minutes)
    if not timesheet.week_starts <= day <= timesheet.week_ends:
        raise ValidationError({"day": f"Choose a day in the week starting {timesheet.week_starts:%-d %B}."})
    if day > timezone.localdate():
        raise ValidationError({"day": "Hours are recorded once worked: choose today or a day before."})
    with transaction.atomic():
        _claim(timesheet, expected_version)
        if _day_total(timesheet, day, timesheet.coach) + minutes > DAY_MINUTES:
            raise ValidationError({"minutes": "That would make more than 24 hours on one day."})
        line = TimesheetLine(
            organisation_id=timesheet.organisation_id,
            timesheet=timesheet,
            kind=kind,
            day=day,
            minutes=minutes,
            note=note,
        )
        line.full_clean()
        line.save()
        audit.record(
            action="hours.line.added",
            organisation=timesheet.organisation,
            obj=timesheet,
            changes={"line": [None, f"{line.get_kind_display()}, {day.isoformat()}, {minutes} minutes"]},
        )
    return line


def line_remove(*, line: TimesheetLine, expected_version: int) -> None:
    timesheet = line.timesheet
    if line.kind == TimesheetLine.Kind.MEETING:
        raise ValidationError("A meeting counts by itself: change the meeting instead.")
    with transaction.atomic():
        _claim(timesheet, expected_version)
        audit.record(
            action="hours.line.removed",
            organisation=timesheet.organisation,
            obj=timesheet,
            changes={"line": [f"{line.get_kind_display()}, {line.day.isoformat()}, {line.minutes} minutes", None]},
        )
        line.delete()


def meeting_travel_set(*, timesheet: Timesheet, expected_version: int, meeting: Meeting, minutes: int) -> None:
    """Travel time to and from one of the week's meetings (0 takes it off), in quarter hours."""
    logged = {m.pk: m for m in selectors.logged_meetings(timesheet.coach, timesheet.week_starts)}
    if meeting.pk not in logged:
        raise ValidationError("Travel can be added only to a meeting of this week that happened.")
    if minutes:
        _check_minutes(minutes)
    day = timezone.localtime(meeting.starts_at).date()
    with transaction.atomic():
        _claim(timesheet, expected_version)
        existing = TimesheetLine.objects.filter(timesheet=timesheet, meeting=meeting, kind=TimesheetLine.Kind.TRAVEL)
        before = existing.values_list("minutes", flat=True).first()
        existing.delete()
        if minutes:
            if _day_total(timesheet, day, timesheet.coach) + minutes > DAY_MINUTES:
                raise ValidationError({"minutes": "That would make more than 24 hours on one day."})
            TimesheetLine.objects.create(
                organisation_id=timesheet.organisation_id,
                timesheet=timesheet,
                kind=TimesheetLine.Kind.TRAVEL,
                day=day,
                minutes=minutes,
                meeting=meeting,
                note="Travel to and from the meeting",
            )
        audit.record(
            action="hours.travel.changed",
            organisation=timesheet.organisation,
            obj=timesheet,
            changes={"travel minutes": [before, minutes or None]},
        )


def timesheet_submit(*, timesheet: Timesheet, expected_version: int) -> Timesheet:
    """Send the week for approval: the meetings logged that week are copied in (so a later change to
    a meeting does not move an approved week), with the agreed hours and the week's total."""
    coach = timesheet.coach
    with transaction.atomic():
        meetings = selectors.logged_meetings(coach, timesheet.week_starts)
        TimesheetLine.objects.filter(timesheet=timesheet, kind=TimesheetLine.Kind.MEETING).delete()
        TimesheetLine.objects.bulk_create(
            TimesheetLine(
                organisation_id=timesheet.organisation_id,
                timesheet=timesheet,
                kind=TimesheetLine.Kind.MEETING,
                day=timezone.localtime(m.starts_at).date(),
                minutes=selectors.meeting_minutes(m),
                meeting=m,
            )
            for m in meetings
        )
        # Travel for a meeting that no longer counts (cancelled since) would be travel for nothing.
        TimesheetLine.objects.filter(
            timesheet=timesheet, kind=TimesheetLine.Kind.TRAVEL, meeting__isnull=False
        ).exclude(meeting__in=[m.pk for m in meetings]).delete()
        total = sum(TimesheetLine.objects.filter(timesheet=timesheet).values_list("minutes", flat=True))
        agreed = selectors.to_minutes(selectors.agreed_hours(coach, timesheet.week_starts))
        was = timesheet.status
        _claim(
            timesheet,
            expected_version,
            status=Timesheet.Status.SUBMITTED,
            total_minutes=total,
            agreed_minutes=agreed,
            submitted_at=timezone.now(),
        )
        audit.record(
            action="hours.timesheet.submitted",
            organisation=timesheet.organisation,
            obj=timesheet,
            changes={"status": [was, "submitted"], "minutes": [None, total]},
        )
    return timesheet


def timesheet_approve(*, timesheet: Timesheet, expected_version: int, by) -> Timesheet:
    """Approve a submitted week. A week already sent to payroll (reopened and changed since) gets a
    correction line for the difference, for the next export: the period sent stays as it was."""
    with transaction.atomic():
        _claim(
            timesheet,
            expected_version,
            statuses=[Timesheet.Status.SUBMITTED],
            status=Timesheet.Status.APPROVED,
            decided_at=timezone.now(),
            decided_by=by,
        )
        _correct_payroll(timesheet)
        audit.record(
            action="hours.timesheet.approved",
            organisation=timesheet.organisation,
            obj=timesheet,
            changes={"status": ["submitted", "approved"]},
        )
    return timesheet


def _correct_payroll(timesheet: Timesheet) -> None:
    """A week whose pay period has gone to payroll is never sent silently: the difference from what
    was sent (all of it, for a paid coach's week approved only after the period went) waits as a
    correction line for the next export."""
    sent = PayrollLine.objects.filter(timesheet=timesheet)
    if sent.filter(is_correction=False).exists():
        difference = timesheet.total_minutes - sum(sent.values_list("minutes", flat=True))
        reason = timesheet.return_reason or "Changed after it was sent to payroll"
    elif (
        timesheet.coach.employment == Coach.Employment.PAID
        and PayPeriod.objects.filter(starts_on__lte=timesheet.week_starts, ends_on__gte=timesheet.week_starts).exists()
    ):
        difference = timesheet.total_minutes - sum(sent.values_list("minutes", flat=True))
        reason = "Approved after its pay period was sent to payroll"
    else:
        return
    if difference:
        PayrollLine.objects.create(
            organisation_id=timesheet.organisation_id,
            timesheet=timesheet,
            coach_id=timesheet.coach_id,
            minutes=difference,
            is_correction=True,
            reason=reason,
        )


def week_approve(*, organisation, week: datetime.date, by) -> int:
    """Approve every week waiting for approval that starts on `week`, at once. Each is approved as
    it stands now; one a coach has taken back meanwhile is left alone. Returns how many."""
    approved = 0
    with transaction.atomic():
        for timesheet in Timesheet.objects.select_for_update().filter(
            status=Timesheet.Status.SUBMITTED, week_starts=week_start(week)
        ):
            timesheet_approve(timesheet=timesheet, expected_version=timesheet.version, by=by)
            approved += 1
    return approved


def timesheet_return(*, timesheet: Timesheet, expected_version: int, reason: str, by) -> Timesheet:
    """Send a submitted week back to the coach with a reason (they can change it and send it again).
    An approved week can be reopened the same way; if it was already sent to payroll its new total
    becomes a correction line when approved again."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say what needs looking at, so the coach knows what to change."})
    with transaction.atomic():
        was = timesheet.status
        _claim(
            timesheet,
            expected_version,
            statuses=[Timesheet.Status.SUBMITTED, Timesheet.Status.APPROVED],
            status=Timesheet.Status.RETURNED,
            return_reason=reason[:500],
            decided_at=timezone.now(),
            decided_by=by,
        )
        audit.record(
            action="hours.timesheet.returned",
            organisation=timesheet.organisation,
            obj=timesheet,
            changes={"status": [was, "returned"], "reason": [None, reason[:500]]},
        )
    return timesheet


# --- payroll ---------------------------------------------------------------------------------


def payroll_export(*, organisation, starts_on: datetime.date, ends_on: datetime.date, by) -> PayPeriod:
    """Send a pay period's approved hours (paid coaches only) to payroll and lock it: its lines are
    written once and never changed. Corrections waiting from earlier periods go with it."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The last day must be on or after the first day."})
    if (ends_on - starts_on).days > 62:
        raise ValidationError({"ends_on": "A pay period is at most two months."})
    if starts_on > timezone.localdate():
        raise ValidationError({"starts_on": "Choose a period that has already started."})
    with transaction.atomic():
        overlapping = PayPeriod.objects.select_for_update().filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
        if overlapping.exists():
            raise ValidationError(
                {"starts_on": f"Part of this period was already sent to payroll ({overlapping.first()})."}
            )
        period = PayPeriod.objects.create(
            organisation=organisation, starts_on=starts_on, ends_on=ends_on, exported_at=timezone.now(), exported_by=by
        )
        weeks = selectors.payroll_waiting(starts_on, ends_on)
        PayrollLine.objects.bulk_create(
            PayrollLine(
                organisation=organisation,
                pay_period=period,
                timesheet=t,
                coach_id=t.coach_id,
                minutes=t.total_minutes,
            )
            for t in weeks
        )
        corrections = PayrollLine.objects.filter(pay_period__isnull=True).update(pay_period=period)
        audit.record(
            action="hours.payroll.exported",
            organisation=organisation,
            obj=period,
            changes={"weeks": [None, len(weeks)], "corrections": [None, corrections]},
        )
    return period


# --- absences --------------------------------------------------------------------------------


def absence_record(
    *,
    coach: Coach,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    minutes_late: int | None = None,
    reason: str = "",
    by=None,
) -> Absence:
    """Record an absence or a late start. A reason only if the coach wants to give one."""
    if kind not in Absence.Kind.values:
        raise ValidationError({"kind": "Choose what kind of absence it was."})
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": "The last day must be on or after the first day."})
    if kind == Absence.Kind.LATENESS:
        if ends_on and ends_on != starts_on:
            raise ValidationError({"ends_on": "A late start is on one day."})
        ends_on = None
        if minutes_late is not None and not 1 <= minutes_late <= 600:
            raise ValidationError({"minutes_late": "Enter between 1 and 600 minutes."})
    else:
        minutes_late = None
    today = timezone.localdate()
    if kind != Absence.Kind.LEAVE and starts_on > today:
        raise ValidationError({"starts_on": "Only planned leave can be recorded ahead: choose today or a day before."})
    if starts_on < today - datetime.timedelta(days=366):
        raise ValidationError({"starts_on": "Choose a date within the last year."})
    if ends_on and (ends_on - starts_on).days > 366:
        raise ValidationError({"ends_on": "An absence of more than a year is a break: talk to a coordinator."})
    absence = Absence(
        organisation_id=coach.organisation_id,
        coach=coach,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        minutes_late=minutes_late,
        reason=reason.strip(),
        recorded_by=by,
    )
    return create_audited(
        instance=absence, action="hours.absence.created", audit_fields=["kind", "starts_on", "ends_on"]
    )
