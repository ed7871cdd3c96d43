"""The figures a programme reports: what an area contributes to the dashboard and the funder report.

The dashboard and the funder report (the `reports` app) are drawn from sections that several apps
contribute at the point `REPORT_SECTIONS` (core.registry): journeys' referrals and endings, hours'
hours given, outcomes' measures and life outcomes... An app that knows a figure registers a
`ReportSection` whose `build(scope)` reads it, aggregated in the database, for the scope asked.

Sections return raw numbers; they never suppress. Suppression of small numbers (counts from 1 to
threshold-1 shown as "<N", secondary suppression so a hidden count cannot be worked out from a total,
no average of fewer people than the threshold) is done in one place, by the reports app, from the
kinds of cell below: a section only says which cells are counts of people and which are averages
over how many people.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

REPORT_SECTIONS = "reports.sections"


@dataclass(frozen=True)
class Scope:
    """What a section is asked for: one organisation, optionally one programme and one coach, and a
    period (both dates inclusive). `programme` and `coach` are model instances or None (all)."""

    organisation: Any
    start: datetime.date
    end: datetime.date
    programme: Any = None
    coach: Any = None


@dataclass(frozen=True)
class Count:
    """A number of people (or of relationships, meetings...) that could identify someone when small:
    suppressed below the threshold."""

    value: int


@dataclass(frozen=True)
class Mean:
    """An average over `n` people: not shown when `n` is below the threshold."""

    value: Decimal | float | None
    n: int


@dataclass(frozen=True)
class Amount:
    """A quantity that identifies nobody however small (hours given, pounds, days to match): never
    suppressed. `unit` is shown beside it ("hours", "days", "£")."""

    value: Decimal | float | int | None
    unit: str = ""


Cell = Count | Mean | Amount | str


@dataclass(frozen=True)
class Table:
    """One table of figures: a header row and rows whose first cell is the row's label. When
    `total_row` is True the last row is the total of the rows above (column by column), which the
    suppression uses to stop a hidden count being worked out by subtraction. `chart` names how the
    dashboard and the PDF draw it ("bar", "line", "none"), from the first numeric column onwards."""

    title: str
    columns: list[str]
    rows: list[list[Cell]]
    total_row: bool = False
    chart: str = "bar"
    note: str = ""


@dataclass(frozen=True)
class ReportSection:
    """A contribution at REPORT_SECTIONS. `key` is stable (it names the section in a saved report and
    an XLSX sheet, at most 31 characters); `build(scope)` returns the section's tables."""

    key: str
    title: str
    build: Callable[[Scope], list[Table]]
    # Shown under the title in the PDF's method note: where the figures come from.
    method: str = ""
    extra: dict = field(default_factory=dict)
