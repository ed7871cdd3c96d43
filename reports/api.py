"""API for the dashboard's figures and funder reports. The figures are the dashboard's, through the
same suppression (reports.suppression), so the API shows nothing the page hides; a report is built
by the same service and task as the page's button."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from core import audit
from core.access import get_or_404
from core.api import FormInvalid, Input, errors_from, run_service
from core.figures import Scope
from organisations.permissions import require

from . import selectors, services
from .models import Report

OPERATION_ID_PREFIX = "api_reports"


class CellOut(Schema):
    text: str = Field(..., description="As shown: a hidden count is “<5” (or the threshold), “*” when hidden as well.")
    value: float | int | str | None = Field(..., description="The number, or None when hidden.")
    kind: str
    hidden: str = Field(..., description="Empty, or why it is hidden: small, secondary, few_people.")


class TableOut(Schema):
    title: str
    columns: list[str]
    rows: list[list[CellOut]]
    total_row: bool
    note: str
    hidden: list[str]


class SectionOut(Schema):
    key: str
    title: str
    method: str
    tables: list[TableOut]


class FiguresOut(Schema):
    programme_id: int
    coach_id: int | None
    start: datetime.date
    end: datetime.date
    threshold: int
    sections: list[SectionOut]


class PeriodQuery(Schema):
    start: datetime.date
    end: datetime.date
    coach_id: int | None = Field(None, ge=1, le=2**62)


class ReportIn(Input):
    start: datetime.date
    end: datetime.date
    coach_id: int | None = Field(None, ge=1, le=2**62)


class ReportOut(Schema):
    id: int
    programme_id: int
    coach_id: int | None
    start: datetime.date
    end: datetime.date
    threshold: int
    status: str
    progress: int
    message: str
    fingerprint: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    downloads: dict[str, str] = Field(..., description="Links to the PDF and the XLSX once built (signed-in pages).")


def _period(start: datetime.date, end: datetime.date, where: str) -> None:
    if end < start:
        raise FormInvalid(errors_from({"end": ["The end of the period must be on or after its start."]}))
    if end - start > selectors.LONGEST_PERIOD:
        raise FormInvalid(errors_from({"end": ["Choose a period of three years or less."]}))


def _coach(coach_id: int | None):
    return get_or_404(selectors.coaches(), coach_id) if coach_id is not None else None


def _figures_out(scope: Scope, threshold: int) -> dict:
    found = selectors.figures(scope, threshold)
    return {
        "programme_id": scope.programme.pk,
        "coach_id": scope.coach.pk if scope.coach is not None else None,
        "start": scope.start,
        "end": scope.end,
        "threshold": threshold,
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "method": s.method,
                "tables": [
                    {
                        "title": t.title,
                        "columns": t.columns,
                        "rows": [
                            [{"text": c.text, "value": c.value, "kind": c.kind, "hidden": c.hidden} for c in row]
                            for row in t.rows
                        ],
                        "total_row": t.total_row,
                        "note": t.note,
                        "hidden": t.notes(),
                    }
                    for t in s.tables
                ],
            }
            for s in found
        ],
    }


def _report_out(report: Report, files: list[str]) -> dict:
    return {
        "id": report.pk,
        "programme_id": report.programme_id,
        "coach_id": report.coach_id,
        "start": report.starts_on,
        "end": report.ends_on,
        "threshold": report.threshold,
        "status": report.status,
        "progress": report.progress,
        "message": report.message,
        "fingerprint": report.fingerprint,
        "created_at": report.created_at,
        "finished_at": report.finished_at,
        "downloads": {kind: reverse("reports:report_download", args=[report.pk, kind]) for kind in files},
    }


def programme_reports(router: Router) -> None:
    @router.get("/{int:programme_id}/figures", response=FiguresOut, tags=["reports"])
    def programme_figures(request: HttpRequest, programme_id: int, period: Query[PeriodQuery]):
        """The dashboard's figures for the programme and period (both days included), suppressed
        as in the dashboard and the reports."""
        programme = selectors.get_programme_for_user(request.user, programme_id)
        _period(period.start, period.end, "query")
        scope = Scope(request.user.organisation, period.start, period.end, programme, _coach(period.coach_id))
        audit.viewed(action="reports.figures.read", obj=programme)
        return _figures_out(scope, selectors.threshold_for(request.user.organisation_id))

    @router.post("/{int:programme_id}/reports", response={202: ReportOut}, tags=["reports"])
    def start_report(request: HttpRequest, programme_id: int, payload: ReportIn):
        """Build a funder report (PDF and XLSX) in the task worker. Poll the report for progress."""
        require(request.user, "reports.build")
        programme = selectors.get_programme_for_user(request.user, programme_id)
        _period(payload.start, payload.end, "body")
        coach = _coach(payload.coach_id)
        report = run_service(
            lambda: services.report_start(
                programme=programme, starts_on=payload.start, ends_on=payload.end, coach=coach, by=request.user
            )
        )
        report.refresh_from_db()
        return Status(202, _report_out(report, selectors.files_of(report)))


reports = Router(tags=["reports"])


@reports.get("/{int:report_id}", response=ReportOut)
def get_report(request: HttpRequest, report_id: int):
    """A report's status, progress and, once built, its download links."""
    report = selectors.get_report_for_user(request.user, report_id)
    return _report_out(report, selectors.files_of(report))
