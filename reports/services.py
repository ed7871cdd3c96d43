"""Writes for reports: the small-number threshold, starting a report and building it."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from core.figures import Scope
from core.services import organisation_settings_save
from journeys import selectors as journeys_selectors

from . import documents, selectors
from .models import Report, ReportFile, ReportSettings

log = logging.getLogger(__name__)


def settings_save(*, organisation, values: dict[str, Any]) -> ReportSettings:
    return organisation_settings_save(
        model=ReportSettings, organisation=organisation, values=values, action="reports.settings.changed"
    )


def report_start(*, programme, starts_on: datetime.date, ends_on: datetime.date, coach=None, by=None) -> Report:
    """Queue a report for the programme and period: the row is written (with the threshold in force
    now) and the build runs in the worker once the transaction commits."""
    from .tasks import build_report

    with transaction.atomic():
        report = report_create(programme=programme, starts_on=starts_on, ends_on=ends_on, coach=coach, by=by)
        transaction.on_commit(lambda: build_report.enqueue(organisation_id=report.organisation_id, report_id=report.pk))
    return report


def report_create(*, programme, starts_on: datetime.date, ends_on: datetime.date, coach=None, by=None) -> Report:
    """The report's row, queued and not yet built (report_start hands it to the worker)."""
    if ends_on < starts_on:
        raise ValidationError({"end": "The end of the period must be on or after its start."})
    if ends_on - starts_on > selectors.LONGEST_PERIOD:
        raise ValidationError({"end": "Choose a period of three years or less."})
    with transaction.atomic():
        report = Report.objects.create(
            organisation_id=programme.organisation_id,
            programme=programme,
            coach=coach,
            starts_on=starts_on,
            ends_on=ends_on,
            threshold=selectors.threshold_for(programme.organisation_id),
            created_by=by,
        )
        audit.record(action="reports.report.started", organisation=programme.organisation_id, obj=report)
    return report


def _progress(report: Report, percent: int, message: str) -> None:
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING, progress=percent, message=message)


def case_studies_for(scope: Scope):
    """The case studies a report may print: consent recorded, and reviewed by a coordinator
    (journeys keeps both); their relationship ended in the period, in the programme."""
    found = journeys_selectors.case_studies().filter(ended_on__gte=scope.start, ended_on__lte=scope.end)
    if scope.programme is not None:
        found = found.filter(relationship__programme=scope.programme)
    if scope.coach is not None:
        found = found.filter(relationship__coach=scope.coach)
    return list(found[:20])


def report_build(*, report_id: int) -> Report:
    """The background work. Reads the raw figures once, keeps their fingerprint, and draws both
    files from the suppressed figures; a failure is kept on the row with a plain message, and the
    files are saved with the finished status in one transaction, so a report is never half done."""
    report = Report.objects.select_related("programme", "coach", "organisation").get(pk=report_id)
    try:
        _progress(report, 2, "Reading the figures")
        scope = selectors.scope_of(report)
        raw = selectors.raw_figures(
            scope, progress=lambda done, of: _progress(report, 5 + 60 * done // max(of, 1), "Reading the figures")
        )
        fingerprint = selectors.fingerprint(raw, selectors.parameters(scope, report.threshold))
        sections = selectors.with_charts(selectors.shown(raw, report.threshold))
        case_studies = case_studies_for(scope)
        notes = [{"section": s.title, "notes": s.notes()} for s in sections if s.notes()]
        _progress(report, 70, "Drawing the PDF")
        context = {
            "report": report,
            "sections": sections,
            "case_studies": case_studies,
            "notes": notes,
            "threshold": report.threshold,
            "fingerprint": fingerprint,
            "built_at": timezone.now(),
        }
        pdf = documents.pdf_bytes(context)
        _progress(report, 90, "Writing the spreadsheet")
        xlsx = documents.xlsx_bytes(sections=sections, about=_about(report, notes, len(case_studies)))
        with transaction.atomic():
            for kind, data in ((ReportFile.Kind.PDF, pdf), (ReportFile.Kind.XLSX, xlsx)):
                ReportFile.objects.update_or_create(
                    organisation_id=report.organisation_id,
                    report=report,
                    kind=kind,
                    defaults={"data": data, "size": len(data)},
                )
            Report.objects.filter(pk=report.pk).update(
                status=Report.Status.DONE,
                progress=100,
                message="Ready",
                fingerprint=fingerprint,
                suppressed=notes,
                finished_at=timezone.now(),
            )
            audit.record(
                action="reports.report.built",
                organisation=report.organisation_id,
                obj=report,
                actor=report.created_by,
            )
    except Exception:
        log.exception("report %s failed", report_id)
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.FAILED, message="Something went wrong while building it. Please try again."
        )
    report.refresh_from_db()
    return report


def _about(report: Report, notes: list[dict], case_studies: int) -> list[list[Any]]:
    rows: list[list[Any]] = [
        ["Programme", report.programme.name],
        ["From", report.starts_on],
        ["To", report.ends_on],
        ["Coach", f"{report.coach.first_name} {report.coach.last_name}" if report.coach else "All coaches"],
        ["Counts hidden below", report.threshold],
        ["Case studies in the PDF", case_studies],
        [],
        [
            f"Counts from 1 to {report.threshold - 1} are shown as “<{report.threshold}”; “*” marks a figure "
            "hidden so a small count cannot be worked out from a total; averages over fewer people are not shown."
        ],
    ]
    for note in notes:
        rows += [[note["section"], line] for line in note["notes"]]
    return rows
