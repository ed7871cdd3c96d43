"""Reads for hours and absences. Who sees what: a coach their own timesheets and absences; staff
with `hours.view` everyone's in their organisation; nobody else (another coach's or another
organisation's record is a 404, as it does not exist for them)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.access import get_or_404
from meetings.models import Meeting, MeetingParticipant
from organisations.permissions import can, require
from people.models import Coach

from .models import Absence, HoursAgreement, HoursSettings, PayPeriod, PayrollLine, Timesheet, TimesheetLine, week_start

# --- who sees what ---------------------------------------------------------------------------


def own_coach(user) -> Coach | None:
    """The signed-in coach's own record, or None for anyone who is not a coach."""
    if not can(user, "hours.own"):
        return None
    return Coach.objects.filter(user=user).first()


def require_own_coach(user) -> Coach:
    require(user, "hours.own")
    coach = own_coach(user)
    if coach is None:
        raise Http404("No coach record for this sign-in.")
    return coach


def coaches_visible_to(user) -> QuerySet[Coach]:
    if can(user, "hours.view"):
        return Coach.objects.all()
    if can(user, "hours.own"):
        return Coach.objects.filter(user=user)
    return Coach.objects.none()


def get_coach_for_user(user, coach_id) -> Coach:
    if not (can(user, "hours.view") or can(user, "hours.own")):
        require(user, "hours.view")
    return get_or_404(coaches_visible_to(user), coach_id)


def timesheets_visible_to(user) -> QuerySet[Timesheet]:
    timesheets = Timesheet.objects.select_related("coach")
    if can(user, "hours.view"):
        return timesheets
    if can(user, "hours.own"):
        return timesheets.filter(coach__user=user)
    return timesheets.none()


def get_timesheet_for_user(user, timesheet_id, *, capability: str | None = None) -> Timesheet:
    """`capability`: the write about to be made. A coach writes only their own week
    (`hours.own`); approving and returning is `hours.approve`."""
    if not (can(user, "hours.view") or can(user, "hours.own")):
        require(user, "hours.view")
    timesheet = get_or_404(timesheets_visible_to(user), timesheet_id)
    if capability:
        require(user, capability)
        if capability == "hours.own" and timesheet.coach.user_id != user.pk:
            raise Http404("Not your timesheet.")
    return timesheet


def absences_visible_to(user) -> QuerySet[Absence]:
    absences = Absence.objects.select_related("coach")
    if can(user, "hours.view"):
        return absences
    if can(user, "hours.own"):
        return absences.filter(coach__user=user)
    return absences.none()


# --- settings and agreements -----------------------------------------------------------------


def hours_settings(organisation) -> HoursSettings:
    """The organisation's settings, or the defaults (unsaved) until someone saves them."""
    found = HoursSettings.objects.filter(organisation=organisation).first()
    return found or HoursSettings(organisation=organisation)


def agreements(coach: Coach) -> list[HoursAgreement]:
    return list(HoursAgreement.objects.filter(coach=coach).select_related("agreed_by").order_by("-starts_on"))


def agreed_hours(coach: Coach, week: datetime.date) -> Decimal:
    """The hours agreed for the week starting `week`: the latest agreement begun by its last day, or
    the coach record's figure when no agreement has been dated yet."""
    found = (
        HoursAgreement.objects.filter(coach=coach, starts_on__lte=week + datetime.timedelta(days=6))
        .order_by("-starts_on")
        .values_list("weekly_hours", flat=True)
        .first()
    )
    return found if found is not None else coach.agreed_weekly_hours


def to_minutes(hours: Decimal) -> int:
    return int(hours * 60)


# --- a coach's week --------------------------------------------------------------------------


def _local_bounds(week: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(week, datetime.time.min, tzinfo=tz)
    return start, start + datetime.timedelta(days=7)


def meeting_minutes(meeting: Meeting) -> int:
    """How long a meeting counts for: from "I've arrived" to "I've left" when both were tapped (at
    least 5 minutes, at most a day), otherwise as long as it was planned."""
    if meeting.arrived_at and meeting.left_at and meeting.left_at > meeting.arrived_at:
        took = int((meeting.left_at - meeting.arrived_at).total_seconds() // 60)
        return max(5, min(took, 24 * 60))
    return meeting.expected_minutes


def logged_meetings(coach: Coach, week: datetime.date) -> list[Meeting]:
    """The meetings the coach was in that week and recorded as having happened."""
    start, end = _local_bounds(week)
    return list(
        Meeting.objects.filter(
            participants__coach=coach, starts_at__gte=start, starts_at__lt=end, outcome__in=Meeting.HAPPENED
        ).order_by("starts_at", "pk")
    )


@dataclass
class MeetingRow:
    meeting: Meeting
    minutes: int
    travel: TimesheetLine | None


@dataclass
class Week:
    coach: Coach
    week_starts: datetime.date
    timesheet: Timesheet | None
    agreed_minutes: int
    meetings: list[MeetingRow]
    lines: list[TimesheetLine] = field(default_factory=list)

    @property
    def week_ends(self) -> datetime.date:
        return self.week_starts + datetime.timedelta(days=6)

    @property
    def total_minutes(self) -> int:
        return sum(row.minutes + (row.travel.minutes if row.travel else 0) for row in self.meetings) + sum(
            line.minutes for line in self.lines
        )

    @property
    def editable(self) -> bool:
        return self.timesheet is None or self.timesheet.editable

    @property
    def status_label(self) -> str:
        return self.timesheet.get_status_display() if self.timesheet else "Not started"

    def days(self) -> list[dict]:
        totals: Counter = Counter()
        for row in self.meetings:
            day = timezone.localtime(row.meeting.starts_at).date()
            totals[day] += row.minutes + (row.travel.minutes if row.travel else 0)
        for line in self.lines:
            totals[line.day] += line.minutes
        return [
            {
                "day": self.week_starts + datetime.timedelta(days=i),
                "minutes": totals[self.week_starts + datetime.timedelta(days=i)],
            }
            for i in range(7)
        ]


def week_for(coach: Coach, week: datetime.date) -> Week:
    """A coach's week as their timesheet shows it. While the week is being filled in the meetings
    are read live; once submitted, the copy made then (so a meeting changed later does not move
    an approved total)."""
    week = week_start(week)
    timesheet = (
        Timesheet.objects.filter(coach=coach, week_starts=week)
        .select_related("coach", "decided_by")
        .prefetch_related(Prefetch("lines", TimesheetLine.objects.select_related("meeting")))
        .first()
    )
    lines = list(timesheet.lines.all()) if timesheet else []
    travel = {line.meeting_id: line for line in lines if line.kind == TimesheetLine.Kind.TRAVEL and line.meeting_id}
    if timesheet and not timesheet.editable:
        meetings = [
            MeetingRow(line.meeting, line.minutes, travel.get(line.meeting_id))
            for line in lines
            if line.kind == TimesheetLine.Kind.MEETING
        ]
    else:
        meetings = [MeetingRow(m, meeting_minutes(m), travel.get(m.pk)) for m in logged_meetings(coach, week)]
    shown = {row.meeting.pk for row in meetings}
    # Travel for a meeting sits on the meeting's row; travel for one no longer counted stays visible.
    by_hand = [
        line
        for line in lines
        if line.kind != TimesheetLine.Kind.MEETING
        and not (line.kind == TimesheetLine.Kind.TRAVEL and line.meeting_id in shown)
    ]
    if timesheet and timesheet.agreed_minutes is not None and not timesheet.editable:
        agreed = timesheet.agreed_minutes
    else:
        agreed = to_minutes(agreed_hours(coach, week))
    return Week(
        coach=coach, week_starts=week, timesheet=timesheet, agreed_minutes=agreed, meetings=meetings, lines=by_hand
    )


def recent_weeks(coach: Coach, *, count: int = 8) -> list[Timesheet]:
    return list(Timesheet.objects.filter(coach=coach).order_by("-week_starts")[:count])


# --- the coordinators' queue -----------------------------------------------------------------


def is_well_over(total_minutes: int, agreed_minutes: int | None, over_percent: int) -> bool:
    """Doing much more than agreed: worth a chat (a volunteer with nothing agreed, over 8 hours)."""
    if not agreed_minutes:
        return total_minutes > 8 * 60
    return total_minutes * 100 > agreed_minutes * (100 + over_percent)


def queue(organisation) -> list[Timesheet]:
    """Every submitted week waiting for approval, oldest week first, with its kind flag. One query
    for the weeks (the setting is read once)."""
    over_percent = hours_settings(organisation).over_percent
    waiting = list(
        Timesheet.objects.filter(status=Timesheet.Status.SUBMITTED)
        .select_related("coach")
        .order_by("week_starts", "coach__last_name", "coach__first_name", "pk")
    )
    for timesheet in waiting:
        timesheet.well_over = is_well_over(timesheet.total_minutes, timesheet.agreed_minutes, over_percent)
    return waiting


def nothing_recorded(week: datetime.date) -> list[Coach]:
    """Active coaches with a sign-in who keep hours here (they have agreed hours dated, or recorded
    a week in the two months before) and sent in nothing for the week: no timesheet submitted, or
    one with no time on it. A prompt to check they are all right, not a reprimand. One query."""
    sent = Timesheet.objects.filter(
        coach=OuterRef("pk"),
        week_starts=week,
        status__in=[Timesheet.Status.SUBMITTED, Timesheet.Status.APPROVED],
        total_minutes__gt=0,
    )
    keeps_hours = Q(
        Exists(
            Timesheet.objects.filter(
                coach=OuterRef("pk"), week_starts__lt=week, week_starts__gte=week - datetime.timedelta(weeks=9)
            )
        )
    ) | Q(Exists(HoursAgreement.objects.filter(coach=OuterRef("pk"), starts_on__lte=week)))
    return list(
        Coach.objects.filter(status=Coach.Status.ACTIVE, user__isnull=False)
        .filter(keeps_hours)
        .filter(~Exists(sent))
        .order_by("last_name", "first_name", "pk")
    )


def previous_week(today: datetime.date | None = None) -> datetime.date:
    return week_start(today or timezone.localdate()) - datetime.timedelta(days=7)


# --- payroll ---------------------------------------------------------------------------------


def payroll_waiting(starts_on: datetime.date, ends_on: datetime.date) -> list[Timesheet]:
    """Paid coaches' approved weeks starting in the period and not yet sent to payroll."""
    return list(
        Timesheet.objects.filter(
            status=Timesheet.Status.APPROVED,
            coach__employment=Coach.Employment.PAID,
            week_starts__gte=starts_on,
            week_starts__lte=ends_on,
        )
        .exclude(payroll_lines__is_correction=False)
        .select_related("coach")
        .order_by("coach__last_name", "coach__first_name", "week_starts", "pk")
    )


def corrections_waiting() -> list[PayrollLine]:
    return list(
        PayrollLine.objects.filter(pay_period__isnull=True)
        .select_related("coach", "timesheet")
        .order_by("coach__last_name", "timesheet__week_starts", "pk")
    )


def pay_periods() -> QuerySet[PayPeriod]:
    return PayPeriod.objects.select_related("exported_by").order_by("-starts_on")


def payroll_rows(period: PayPeriod):
    """What went to payroll for a period, as the export's rows (one query, streamed)."""
    lines = (
        PayrollLine.objects.filter(pay_period=period)
        .select_related("coach", "timesheet")
        .order_by("coach__last_name", "coach__first_name", "timesheet__week_starts", "is_correction", "pk")
    )
    for line in lines.iterator(chunk_size=500):
        yield [
            line.coach_id,
            str(line.coach),
            line.timesheet.week_starts,
            Decimal(line.minutes) / 60,
            "Correction" if line.is_correction else "Hours",
            line.reason,
        ]


PAYROLL_HEADERS = ["Coach id", "Coach", "Week starting", "Hours", "Line", "Reason for the correction"]


# --- absences and lateness -------------------------------------------------------------------


@dataclass
class Occasion:
    """An absence recorded, or a late arrival seen from the lone-working "I've arrived" tap."""

    day: datetime.date
    kind: str
    label: str
    minutes_late: int | None = None
    reason: str = ""
    from_check_in: bool = False


def late_arrivals(since: datetime.date, *, coach: Coach | None = None, late_after: int = 10) -> QuerySet:
    """Meetings a coach (the lone worker) arrived at more than `late_after` minutes after the start."""
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=timezone.get_current_timezone())
    found = MeetingParticipant.objects.filter(
        coach__isnull=False,
        part=MeetingParticipant.Part.LONE_WORKER,
        meeting__starts_at__gte=start,
        meeting__arrived_at__gt=F("meeting__starts_at") + datetime.timedelta(minutes=late_after),
    )
    return found.filter(coach=coach) if coach is not None else found


def occasions(coach: Coach, *, since: datetime.date) -> list[Occasion]:
    """A coach's absences and late starts since a date, newest first."""
    late_after = hours_settings(coach.organisation).late_after_minutes
    found = [
        Occasion(
            day=a.starts_on,
            kind=a.kind,
            label=a.get_kind_display(),
            minutes_late=a.minutes_late,
            reason=a.reason,
        )
        for a in Absence.objects.filter(coach=coach, starts_on__gte=since)
    ]
    for participant in late_arrivals(since, coach=coach, late_after=late_after).select_related("meeting"):
        meeting = participant.meeting
        found.append(
            Occasion(
                day=timezone.localtime(meeting.starts_at).date(),
                kind=Absence.Kind.LATENESS,
                label="Late to a meeting",
                minutes_late=int((meeting.arrived_at - meeting.starts_at).total_seconds() // 60),
                from_check_in=True,
            )
        )
    return sorted(found, key=lambda o: o.day, reverse=True)


CHART_KINDS = [
    (Absence.Kind.SICKNESS, "Sickness"),
    (Absence.Kind.LEAVE, "Planned leave"),
    (Absence.Kind.CANCELLED_SHIFT, "Cancelled shift"),
    (Absence.Kind.LATENESS, "Late start"),
]


def pattern(coach: Coach, *, months: int = 6, today: datetime.date | None = None) -> dict:
    """The last `months` months' absences and late starts, counted by month and kind, as the
    coach's page draws them (an SVG of stacked bars, with the same figures as a table)."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    starts = []
    for _ in range(months):
        starts.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    starts.reverse()
    found = occasions(coach, since=starts[0])
    counts = Counter((o.day.replace(day=1), o.kind) for o in found)
    bar_width, gap, height = 36, 14, 120
    peak = max([sum(counts[(m, k)] for k, _ in CHART_KINDS) for m in starts] + [4])
    bars = []
    for index, month in enumerate(starts):
        y = height
        parts = []
        for kind, label in CHART_KINDS:
            n = counts[(month, kind)]
            if n:
                h = round(n * height / peak)
                y -= h
                parts.append({"kind": kind, "label": label, "count": n, "y": y, "height": h})
        bars.append(
            {
                "month": month,
                "x": 30 + index * (bar_width + gap),
                "parts": parts,
                "total": sum(p["count"] for p in parts),
            }
        )
    return {
        "bars": bars,
        "kinds": CHART_KINDS,
        "width": 30 + months * (bar_width + gap),
        "height": height,
        "bar_width": bar_width,
        "peak": peak,
        "rows": [{"month": b["month"], "counts": [counts[(b["month"], k)] for k, _ in CHART_KINDS]} for b in bars],
        "recent": found[:10],
    }


def supportive_conversations(organisation, *, today: datetime.date | None = None) -> list[dict]:
    """Coaches with at least the organisation's number of absences and late starts in its number of
    days: worth a supportive conversation. Two queries however many coaches: the setting, then the
    absences and late arrivals together (UNION ALL, so two on one coach both count)."""
    today = today or timezone.localdate()
    setting = hours_settings(organisation)
    since = today - datetime.timedelta(days=setting.absences_days)
    person = ("coach_id", "coach__first_name", "coach__last_name")
    recorded = Absence.objects.filter(starts_on__gte=since, starts_on__lte=today).order_by().values_list(*person)
    late = late_arrivals(since, late_after=setting.late_after_minutes).order_by().values_list(*person)
    counts: Counter = Counter()
    names: dict[int, str] = {}
    for coach_id, first, last in recorded.union(late, all=True):
        counts[coach_id] += 1
        names[coach_id] = f"{first} {last}"
    return [
        {"coach_id": coach_id, "name": names[coach_id], "count": n, "days": setting.absences_days}
        for coach_id, n in sorted(counts.items(), key=lambda item: (-item[1], names[item[0]]))
        if n >= setting.absences_count
    ]


BREAK_DAYS = 7


def is_a_break(absence: Absence) -> bool:
    """Sickness or leave of a week or more that has begun and is not over: time for the coach's
    relationships to be paused (or handed over) until they are back, not only an absence on record."""
    today = timezone.localdate()
    return (
        absence.kind in (Absence.Kind.SICKNESS, Absence.Kind.LEAVE)
        and absence.ends_on is not None
        and (absence.ends_on - absence.starts_on).days + 1 >= BREAK_DAYS
        and absence.starts_on <= today <= absence.ends_on
        and absence.coach.status == absence.coach.Status.ACTIVE
    )
