"""Reads for the dashboard and the reports: the sections' figures for a scope (raw, and as they may
be shown), the fingerprint of the raw figures, the threshold, and who may see which report."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from core import registry
from core.access import get_or_404
from core.figures import REPORT_SECTIONS, Amount, Count, Mean, ReportSection, Scope, Table
from organisations.models import Programme
from organisations.permissions import require
from people.models import Coach

from .charts import bar_chart
from .models import DEFAULT_THRESHOLD, Report, ReportFile, ReportSettings
from .suppression import ShownTable, suppress_table

# A period longer than this is refused: the figures would mean little, and the reads grow with it.
LONGEST_PERIOD = datetime.timedelta(days=3 * 366)


def report_settings(organisation) -> ReportSettings:
    found = ReportSettings.objects.filter(organisation=organisation).first()
    return found or ReportSettings(organisation=organisation)


def threshold_for(organisation) -> int:
    found = ReportSettings.objects.filter(organisation=organisation).values_list("threshold", flat=True).first()
    return max(found or DEFAULT_THRESHOLD, DEFAULT_THRESHOLD)


def sections() -> list[ReportSection]:
    """Every registered section: ours (reports.sections) and other apps' (outcomes...)."""
    return registry.contributions(REPORT_SECTIONS)


@dataclass
class ShownSection:
    key: str
    title: str
    method: str
    tables: list[ShownTable]
    extra: dict = field(default_factory=dict)

    def notes(self) -> list[str]:
        return [f"{table.title}: {note}" for table in self.tables for note in table.notes()]


def raw_figures(scope: Scope, *, progress=None) -> list[tuple[ReportSection, list[Table]]]:
    """Each section's raw tables for the scope, in the registry's order. `progress(done, of)` is
    told after each section (the report's progress bar)."""
    found = []
    every = sections()
    for index, section in enumerate(every):
        found.append((section, section.build(scope)))
        if progress:
            progress(index + 1, len(every))
    return found


def shown(raw: list[tuple[ReportSection, list[Table]]], threshold: int) -> list[ShownSection]:
    """The figures as they may be shown: every table through the one suppression."""
    return [
        ShownSection(
            section.key, section.title, section.method, [suppress_table(t, threshold) for t in tables], section.extra
        )
        for section, tables in raw
    ]


def figures(scope: Scope, threshold: int) -> list[ShownSection]:
    return shown(raw_figures(scope), threshold)


def with_charts(found: list[ShownSection]) -> list[ShownSection]:
    for section in found:
        for table in section.tables:
            table.drawn = bar_chart(table)
    return found


def _raw_cell(cell):
    if isinstance(cell, Count):
        return {"count": cell.value}
    if isinstance(cell, Mean):
        return {"mean": None if cell.value is None else str(round(Decimal(str(cell.value)), 4)), "n": cell.n}
    if isinstance(cell, Amount):
        return {"amount": None if cell.value is None else str(round(Decimal(str(cell.value)), 4)), "unit": cell.unit}
    return str(cell)


def parameters(scope: Scope, threshold: int) -> dict:
    return {
        "programme": scope.programme.pk if scope.programme is not None else None,
        "coach": scope.coach.pk if scope.coach is not None else None,
        "start": scope.start.isoformat(),
        "end": scope.end.isoformat(),
        "threshold": threshold,
    }


def fingerprint(raw: list[tuple[ReportSection, list[Table]]], params: dict) -> str:
    """sha256 of the raw, unsuppressed figures and the parameters: the same records and the same
    parameters always give the same fingerprint, and any change to a figure changes it."""
    body = {
        "parameters": params,
        "sections": [
            {
                "key": section.key,
                "tables": [
                    {"title": t.title, "columns": t.columns, "rows": [[_raw_cell(c) for c in row] for row in t.rows]}
                    for t in tables
                ],
            }
            for section, tables in raw
        ],
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def scope_of(report: Report) -> Scope:
    return Scope(
        organisation=report.organisation,
        start=report.starts_on,
        end=report.ends_on,
        programme=report.programme,
        coach=report.coach,
    )


def same_data(report: Report) -> bool:
    """Whether the records give the same raw figures now as when the report was built."""
    raw = raw_figures(scope_of(report))
    return fingerprint(raw, parameters(scope_of(report), report.threshold)) == report.fingerprint


# --- who sees what ---------------------------------------------------------------------------


def programmes() -> QuerySet[Programme]:
    return Programme.objects.order_by("name")


def coaches() -> QuerySet[Coach]:
    return Coach.with_archived.order_by("last_name", "first_name", "pk")


def get_programme_for_user(user, programme_id) -> Programme:
    require(user, "reports.view")
    return get_or_404(Programme.with_archived.all(), programme_id)


def reports_visible_to(user) -> QuerySet[Report]:
    require(user, "reports.view")
    return Report.objects.select_related("programme", "coach", "created_by").order_by("-created_at", "-pk")


def get_report_for_user(user, report_id) -> Report:
    return get_or_404(reports_visible_to(user), report_id)


def get_file_for_user(user, report_id, kind: str) -> ReportFile:
    """A built report's file, for someone who may see reports; anything else is a 404."""
    report = get_report_for_user(user, report_id)
    found = ReportFile.objects.filter(report=report, kind=kind).select_related("report__programme").first()
    if found is None:
        raise Http404("No such file.")
    return found


def files_of(report: Report) -> list[str]:
    return list(ReportFile.objects.filter(report=report).order_by("kind").values_list("kind", flat=True))
