"""Funder reports and the small-number threshold.

A report is built in the background for one programme and period (and optionally one coach): its
exact parameters are kept, with a fingerprint of the raw figures it was built from, so anyone can
later see whether the records have changed since. Its PDF and XLSX are kept in the database beside
it (as training keeps signed copies), so they are scoped like every other record and served only
through a page that checks who is asking."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from core.models import OrganisationOwned

DEFAULT_THRESHOLD = 5


class ReportSettings(OrganisationOwned):
    """How small a count is hidden: 5 by default; an NHS commissioner may ask for 10."""

    threshold = models.PositiveSmallIntegerField(
        "Hide counts smaller than",
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(DEFAULT_THRESHOLD), MaxValueValidator(50)],
        help_text="Counts from 1 up to one less than this are shown as “<5” (or your number), so nobody can be "
        "recognised from a small number. It can be raised, never lowered below 5.",
    )

    class Meta:
        verbose_name_plural = "report settings"
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="report_settings_once_per_organisation"),
            models.CheckConstraint(
                name="report_threshold_at_least_five", condition=Q(threshold__gte=DEFAULT_THRESHOLD)
            ),
        ]


class Report(OrganisationOwned):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being built"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    programme = models.ForeignKey("organisations.Programme", on_delete=models.PROTECT, related_name="+")
    coach = models.ForeignKey("people.Coach", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField("From")
    ends_on = models.DateField("To")
    # The threshold in force when it was built: the same figures are hidden again on a rebuild.
    threshold = models.PositiveSmallIntegerField(default=DEFAULT_THRESHOLD)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    # sha256 of the raw (unsuppressed) figures and the parameters; empty until built.
    fingerprint = models.CharField(max_length=64, blank=True)
    # What was hidden and why, for the method note and the report's page ({section: [notes]}).
    suppressed = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="report_ends_after_it_starts", condition=Q(ends_on__gte=F("starts_on"))),
            models.CheckConstraint(name="report_progress_a_percentage", condition=Q(progress__lte=100)),
        ]
        indexes = [models.Index(fields=["organisation", "programme", "-created_at"], name="report_recent")]

    def __str__(self) -> str:
        return f"{self.programme}: {self.starts_on:%-d %b %Y} to {self.ends_on:%-d %b %Y}"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class ReportFile(OrganisationOwned):
    """A built report's PDF or XLSX. Kept apart from the report so lists of reports never load it."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Spreadsheet (XLSX)"

    TYPES = {
        Kind.PDF: "application/pdf",
        Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    data = models.BinaryField()
    size = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "kind"], name="report_file_once_per_kind")]

    @property
    def content_type(self) -> str:
        return self.TYPES[self.kind]

    def filename(self) -> str:
        report = self.report
        return f"report-{report.programme_id}-{report.starts_on}-{report.ends_on}.{self.kind}"
