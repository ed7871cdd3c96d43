"""Coaches' hours and absences.

Each coach has an agreed number of weekly hours, dated so a change applies from a given week. Each
week is a timesheet: the meetings the coach logged count by themselves (with any travel time they
add), other work is added by hand in quarter hours, and the coach submits the week for a
coordinator to approve or return with a reason. Paid coaches' approved hours are exported for
payroll by pay period; an exported period is locked, and a later change to one of its weeks
becomes a correction line in the next export, never a silent edit.

Absences (sickness, leave, a cancelled shift, lateness) are recorded to notice a pattern and offer
support, not to discipline: the organisation sets how many in how many days prompt "a supportive
conversation"."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Mod
from django.db.models.lookups import Exact

from core.models import OrganisationOwned, Versioned

QUARTER = 15
DAY_MINUTES = 24 * 60


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the week `day` is in: every timesheet starts on a Monday."""
    return day - datetime.timedelta(days=day.weekday())


class HoursSettings(OrganisationOwned):
    """How the organisation wants hours and absences noticed (one row per organisation; defaults
    apply until someone saves it)."""

    absences_count = models.PositiveSmallIntegerField(
        "How many absences or late starts", default=3, validators=[MinValueValidator(2), MaxValueValidator(30)]
    )
    absences_days = models.PositiveSmallIntegerField(
        "In how many days", default=60, validators=[MinValueValidator(7), MaxValueValidator(365)]
    )
    over_percent = models.PositiveSmallIntegerField(
        "Flag a week this much over the agreed hours (per cent)",
        default=50,
        validators=[MinValueValidator(10), MaxValueValidator(500)],
    )
    late_after_minutes = models.PositiveSmallIntegerField(
        "Count an arrival as late after (minutes)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )

    class Meta:
        verbose_name_plural = "hours settings"
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="hours_settings_once_per_organisation"),
            models.CheckConstraint(name="hours_settings_count_at_least_two", condition=Q(absences_count__gte=2)),
            models.CheckConstraint(name="hours_settings_days_at_least_a_week", condition=Q(absences_days__gte=7)),
        ]


class HoursAgreement(OrganisationOwned):
    """The weekly hours agreed with a coach from `starts_on` until the next agreement starts."""

    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="hours_agreements")
    weekly_hours = models.DecimalField(
        "Agreed hours a week",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    starts_on = models.DateField("From")
    note = models.CharField("What was agreed, in a line", max_length=300, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["coach", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["coach", "starts_on"], name="hours_agreement_once_per_start"),
            models.CheckConstraint(
                name="hours_agreement_in_range", condition=Q(weekly_hours__gte=0) & Q(weekly_hours__lte=60)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weekly_hours} hours a week from {self.starts_on:%-d %B %Y}"


class Timesheet(OrganisationOwned, Versioned):
    class Status(models.TextChoices):
        OPEN = "open", "Being filled in"
        SUBMITTED = "submitted", "Waiting for approval"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned to the coach"

    EDITABLE = (Status.OPEN, Status.RETURNED)

    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="timesheets")
    week_starts = models.DateField("Week starting")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # What was agreed for this week, and the week's total, as they stood when it was last submitted.
    agreed_minutes = models.PositiveIntegerField(null=True, blank=True)
    total_minutes = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.CharField("Why it is being returned", max_length=500, blank=True)

    class Meta:
        ordering = ["-week_starts", "coach"]
        constraints = [
            models.UniqueConstraint(fields=["coach", "week_starts"], name="timesheet_once_per_week"),
            models.CheckConstraint(
                name="timesheet_decided_has_a_time",
                condition=~Q(status__in=["approved", "returned"]) | Q(decided_at__isnull=False),
            ),
            models.CheckConstraint(
                name="timesheet_returned_has_a_reason", condition=~Q(status="returned") | ~Q(return_reason="")
            ),
            models.CheckConstraint(
                name="timesheet_total_within_a_week", condition=Q(total_minutes__lte=7 * DAY_MINUTES)
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status", "week_starts"], name="timesheet_queue")]

    def __str__(self) -> str:
        return f"Week starting {self.week_starts:%-d %B %Y}"

    @property
    def week_ends(self) -> datetime.date:
        return self.week_starts + datetime.timedelta(days=6)

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE


class TimesheetLine(OrganisationOwned):
    """One piece of work in a week. Meeting lines are copied from the meetings the coach logged
    when the week is submitted; a travel line may name the meeting it was travel for."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting with a client"
        TRAVEL = "travel", "Travel"
        TRAINING = "training", "Training"
        ADMIN = "admin", "Admin"
        PROPERTY_SEARCH = "property_search", "Property searches"
        GROUP_SESSION = "group_session", "Group session"

    BY_HAND = (Kind.TRAVEL, Kind.TRAINING, Kind.ADMIN, Kind.PROPERTY_SEARCH, Kind.GROUP_SESSION)

    timesheet = models.ForeignKey(Timesheet, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    day = models.DateField()
    minutes = models.PositiveIntegerField()
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField("What it was", max_length=200, blank=True)

    class Meta:
        ordering = ["day", "pk"]
        constraints = [
            models.CheckConstraint(
                name="line_minutes_in_a_day", condition=Q(minutes__gt=0) & Q(minutes__lte=DAY_MINUTES)
            ),
            # Work added by hand is in quarter hours; a meeting counts as long as it was.
            models.CheckConstraint(
                name="line_by_hand_in_quarter_hours",
                condition=Q(kind="meeting") | Q(Exact(Mod(F("minutes"), QUARTER), 0)),
            ),
            models.CheckConstraint(
                name="line_meeting_names_a_meeting", condition=~Q(kind="meeting") | Q(meeting__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["timesheet", "meeting", "kind"],
                condition=Q(meeting__isnull=False),
                name="line_once_per_meeting_and_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.day:%a %-d %b}: {self.minutes} minutes"


class PayPeriod(OrganisationOwned):
    """A pay period whose approved hours went to payroll. Once exported it is locked: what was sent
    is kept as its lines, and a later change to one of its weeks is a correction line in the next
    export."""

    starts_on = models.DateField("First day")
    ends_on = models.DateField("Last day")
    exported_at = models.DateTimeField()
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "starts_on"], name="pay_period_once_per_start"),
            models.CheckConstraint(name="pay_period_ends_after_it_starts", condition=Q(ends_on__gte=F("starts_on"))),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%-d %b %Y} to {self.ends_on:%-d %b %Y}"


class PayrollLine(OrganisationOwned):
    """Hours sent to payroll for one coach's week, or a correction to a week already sent
    (`pay_period` empty until the next export takes it). Never changed once written."""

    pay_period = models.ForeignKey(PayPeriod, null=True, blank=True, on_delete=models.PROTECT, related_name="lines")
    timesheet = models.ForeignKey(Timesheet, on_delete=models.PROTECT, related_name="payroll_lines")
    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="+")
    minutes = models.IntegerField()
    is_correction = models.BooleanField(default=False)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["coach", "timesheet__week_starts", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["timesheet"], condition=Q(is_correction=False), name="payroll_week_sent_once"
            ),
            models.CheckConstraint(
                name="payroll_line_not_a_correction_is_in_a_period",
                condition=Q(is_correction=True) | Q(pay_period__isnull=False),
            ),
            models.CheckConstraint(
                name="payroll_correction_has_a_reason", condition=Q(is_correction=False) | ~Q(reason="")
            ),
        ]


class Absence(OrganisationOwned):
    class Kind(models.TextChoices):
        SICKNESS = "sickness", "Sickness"
        LEAVE = "leave", "Planned leave"
        CANCELLED_SHIFT = "cancelled_shift", "Cancelled shift"
        LATENESS = "lateness", "Late start"

    coach = models.ForeignKey("people.Coach", on_delete=models.PROTECT, related_name="absences")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    starts_on = models.DateField("From")
    ends_on = models.DateField("Until (for more than one day)", null=True, blank=True)
    minutes_late = models.PositiveSmallIntegerField("How many minutes late", null=True, blank=True)
    reason = models.CharField("Reason (only if they want to give one)", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="absence_ends_after_it_starts", condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on"))
            ),
            models.CheckConstraint(
                name="absence_minutes_late_only_for_lateness",
                condition=Q(kind="lateness") | Q(minutes_late__isnull=True),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "starts_on"], name="absence_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.starts_on:%-d %B %Y}"
