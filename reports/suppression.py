"""Small-number suppression: the one place where figures become what people may see.

Every table from every section (core.figures) passes through `suppress_table` before it is drawn,
whether on the dashboard, in the API, the PDF or the XLSX, so no route shows a figure this module
has not checked; narrowing the filters to one coach only makes more counts small, and small counts
are hidden whatever the filter.

The rules, with `t` the organisation's threshold (5 unless raised):
- a Count from 1 to t-1 is hidden and shown as "<t" (primary suppression); zero is shown as 0;
- in a table whose last row is the total of the rows above, a column with hidden counts must not
  let anyone work a hidden count out by subtracting the visible ones from the total: while any
  hidden cell of the column could only have one value, the next smallest visible non-zero count is
  hidden as well (shown as "*": secondary suppression), and when none is left the total itself;
- a Mean over fewer than t people is not shown;
- an Amount (hours, pounds, days) identifies nobody and is always shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from core.figures import Amount, Cell, Count, Mean, Table

SMALL, SECONDARY, FEW_PEOPLE = "small", "secondary", "few_people"
SECONDARY_TEXT = "*"


@dataclass
class Shown:
    """One cell as it may be shown: `text` for people, `value` for a spreadsheet (a real number,
    or None when hidden or empty), and why it is hidden if it is."""

    text: str
    value: Any
    kind: str  # "label", "count", "mean", "amount", "text"
    hidden: str = ""
    unit: str = ""

    @property
    def is_number(self) -> bool:
        return self.kind in ("count", "mean", "amount")


@dataclass
class ShownTable:
    title: str
    columns: list[str]
    rows: list[list[Shown]]
    total_row: bool = False
    chart: str = "bar"
    note: str = ""
    threshold: int = 5
    hidden: dict[str, int] = field(default_factory=dict)

    @property
    def body(self) -> list[list[Shown]]:
        return self.rows[:-1] if self.total_row and self.rows else self.rows

    def notes(self) -> list[str]:
        """What was hidden in this table, and why, in plain words."""
        t = self.threshold
        said = []
        if self.hidden.get(SMALL):
            said.append(
                f"{self.hidden[SMALL]} count{'s' if self.hidden[SMALL] != 1 else ''} from 1 to {t - 1} shown as “<{t}”"
            )
        if self.hidden.get(SECONDARY):
            n = self.hidden[SECONDARY]
            said.append(
                f"{n} other figure{'s' if n != 1 else ''} hidden (“{SECONDARY_TEXT}”) so a small count "
                "cannot be worked out from the total"
            )
        if self.hidden.get(FEW_PEOPLE):
            n = self.hidden[FEW_PEOPLE]
            said.append(f"{n} average{'s' if n != 1 else ''} not shown: fewer than {t} people")
        return said


def _number(value: Decimal | float | int | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    rounded = round(float(value), 1)
    return f"{rounded:,.0f}" if rounded == int(rounded) else f"{rounded:,.1f}"


def _plain(value: Decimal | float | int | None) -> float | int | None:
    """A number a spreadsheet keeps as a number (Decimal and float to one decimal place)."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return round(float(value), 1)


def _with_unit(text: str, unit: str) -> str:
    if not unit or text == "–":
        return text
    return f"£{text}" if unit == "£" else f"{text} {unit}"


def _first(cell: Cell, threshold: int) -> Shown:
    """A cell by itself: primary suppression and the averages."""
    if isinstance(cell, Count):
        if 1 <= cell.value < threshold:
            return Shown(f"<{threshold}", None, "count", SMALL)
        return Shown(_number(cell.value), cell.value, "count")
    if isinstance(cell, Mean):
        if cell.n < threshold or cell.value is None:
            text = f"not shown: fewer than {threshold} people" if cell.n < threshold else "–"
            return Shown(text, None, "mean", FEW_PEOPLE if cell.n < threshold else "")
        return Shown(_number(cell.value), _plain(cell.value), "mean")
    if isinstance(cell, Amount):
        return Shown(_with_unit(_number(cell.value), cell.unit), _plain(cell.value), "amount", unit=cell.unit)
    return Shown(str(cell), str(cell), "text")


def _bounds(cell: Shown, threshold: int) -> tuple[int, float]:
    """What someone looking at the table knows about a hidden count."""
    return (1, threshold - 1) if cell.hidden == SMALL else (1, math.inf)


def recoverable(hidden: list[Shown], remainder: int, threshold: int) -> bool:
    """Whether any of the hidden counts, known to add up to `remainder`, can only have one value.
    Each lies in its bounds (a "<t" count from 1 to t-1, a "*" one from 1 up), and the others' sum
    can be anything between their least and greatest, so a cell's possible values run from
    max(low, remainder - others' greatest) to min(high, remainder - others' least)."""
    bounds = [_bounds(cell, threshold) for cell in hidden]
    low_total = sum(low for low, _ in bounds)
    high_total = sum(high for _, high in bounds)
    for low, high in bounds:
        least = max(low, remainder - (high_total - high))
        most = min(high, remainder - (low_total - low))
        if least == most:
            return True
    return False


def _hide_secondary(shown: Shown) -> None:
    shown.text, shown.hidden = SECONDARY_TEXT, SECONDARY


def _protect_column(body: list[list[Shown]], raw: list[list[Cell]], total: Shown, raw_total: Count, col: int, t: int):
    cells = [
        (row[col], raw_row[col]) for row, raw_row in zip(body, raw, strict=True) if isinstance(raw_row[col], Count)
    ]
    while not total.hidden:
        hidden = [shown for shown, _ in cells if shown.hidden]
        if not hidden:
            return
        remainder = raw_total.value - sum(cell.value for shown, cell in cells if not shown.hidden)
        if not recoverable(hidden, remainder, t):
            return
        visible = sorted(
            ((cell.value, i) for i, (shown, cell) in enumerate(cells) if not shown.hidden and cell.value > 0),
        )
        if visible:
            _hide_secondary(cells[visible[0][1]][0])
        else:
            _hide_secondary(total)


def suppress_table(table: Table, threshold: int) -> ShownTable:
    """The table as it may be shown (see the module's rules)."""
    rows: list[list[Shown]] = []
    for raw_row in table.rows:
        shown_row = [Shown(str(raw_row[0]), str(raw_row[0]), "label")] if raw_row else []
        shown_row += [_first(cell, threshold) for cell in raw_row[1:]]
        rows.append(shown_row)
    if table.total_row and len(rows) >= 2:
        body, raw_body = rows[:-1], table.rows[:-1]
        total, raw_total = rows[-1], table.rows[-1]
        for col in range(1, len(raw_total)):
            if isinstance(raw_total[col], Count) and all(len(r) > col for r in raw_body):
                _protect_column(body, raw_body, total[col], raw_total[col], col, threshold)
    hidden: dict[str, int] = {}
    for row in rows:
        for cell in row:
            if cell.hidden:
                hidden[cell.hidden] = hidden.get(cell.hidden, 0) + 1
    return ShownTable(
        title=table.title,
        columns=list(table.columns),
        rows=rows,
        total_row=table.total_row,
        chart=table.chart,
        note=table.note,
        threshold=threshold,
        hidden=hidden,
    )
