"""Demo: weeks of hours for the paid coach (approved, one week waiting, this week under way, a
period already sent to payroll), a volunteer doing far more than agreed (flagged, kindly), and a
coach whose absences and late starts have prompted a supportive conversation."""

from __future__ import annotations

import datetime
from decimal import Decimal

from core.demo import Demo
from organisations.models import Role, User

from . import services
from .models import Absence, Timesheet, week_start


def _week(coach, monday: datetime.date, work: list[tuple[str, int, int, str]], *, submit: bool, approve_by=None):
    timesheet = services.timesheet_for_week(coach=coach, week=monday)
    for kind, weekday, minutes, note in work:
        timesheet = Timesheet.objects.get(pk=timesheet.pk)
        services.line_add(
            timesheet=timesheet,
            expected_version=timesheet.version,
            kind=kind,
            day=monday + datetime.timedelta(days=weekday),
            minutes=minutes,
            note=note,
        )
    timesheet = Timesheet.objects.get(pk=timesheet.pk)
    if submit:
        services.timesheet_submit(timesheet=timesheet, expected_version=timesheet.version)
    if approve_by is not None:
        services.timesheet_approve(timesheet=timesheet, expected_version=timesheet.version, by=approve_by)
    return timesheet


def step(demo: Demo) -> None:
    org, today = demo.organisation, demo.today
    if Timesheet.objects.filter(organisation=org).exists():
        return
    active = demo.active_coaches
    if len(active) < 3:
        return
    coordinator = User.objects.filter(organisation=org, role=Role.COORDINATOR).order_by("pk").first()
    this_week = week_start(today)
    paid = next((c for c in active if c.employment == "paid" and c.user_id), active[0])
    volunteer = next(c for c in active if c.pk != paid.pk and c.employment == "volunteer")
    supported = next(c for c in active if c.pk not in (paid.pk, volunteer.pk))

    services.agreement_set(
        coach=paid,
        weekly_hours=Decimal("14"),
        starts_on=this_week - datetime.timedelta(weeks=12),
        note="Two days a week while settling in",
        by=coordinator,
    )
    services.agreement_set(
        coach=paid,
        weekly_hours=Decimal("16"),
        starts_on=this_week - datetime.timedelta(weeks=4),
        note="Up to 16 hours with the new property-search work",
        by=coordinator,
    )
    usual = [
        ("training", 0, 180, "Trauma-informed practice, module 2"),
        ("admin", 1, 90, "Case notes and referrals"),
        ("property_search", 2, 240, "Viewings with the housing team"),
        ("travel", 2, 60, "Between viewings"),
        ("group_session", 3, 120, "Peer support group"),
        ("admin", 4, 60, "Supervision prep"),
    ]
    for weeks_ago in range(6, 1, -1):
        _week(paid, this_week - datetime.timedelta(weeks=weeks_ago), usual, submit=True, approve_by=coordinator)
    # The oldest weeks have gone to payroll: that period is locked.
    first = this_week - datetime.timedelta(weeks=6)
    services.payroll_export(
        organisation=org, starts_on=first, ends_on=first + datetime.timedelta(days=13), by=coordinator
    )
    _week(paid, this_week - datetime.timedelta(weeks=1), usual[:4], submit=True)
    if today.weekday() >= 1:
        _week(paid, this_week, [("admin", 0, 45, "Emails and diary")], submit=False)

    # A volunteer agreed four hours a week who is doing far more: worth a chat.
    _week(
        volunteer,
        this_week - datetime.timedelta(weeks=1),
        [
            ("property_search", 0, 300, "Flat hunting with a client"),
            ("travel", 0, 90, ""),
            ("admin", 2, 180, "Forms for a client's grant"),
            ("property_search", 4, 240, "Viewings"),
        ],
        submit=True,
    )

    # Two sick days and a late start in a few weeks: the home page suggests a supportive conversation.
    for days_ago, kind, reason, late in (
        (40, Absence.Kind.SICKNESS, "Migraine", None),
        (22, Absence.Kind.LATENESS, "Bus did not come", 25),
        (9, Absence.Kind.SICKNESS, "", None),
    ):
        services.absence_record(
            coach=supported,
            kind=kind,
            starts_on=today - datetime.timedelta(days=days_ago),
            minutes_late=late,
            reason=reason,
            by=coordinator,
        )
    services.absence_record(
        coach=paid,
        kind=Absence.Kind.LEAVE,
        starts_on=today + datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=14),
        reason="Family holiday",
        by=paid.user,
    )
