"""Rows out as CSV and XLSX, for every area that exports (payroll, finance, reports, list exports).

One place so every export neutralises formulas the same way and streams the same way: a CSV is
written row by row to the response, an XLSX through openpyxl's write-only mode into a spooled
temporary file, so a long list never sits in memory as cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A text cell starting with one of these is run as a formula by Excel, LibreOffice and Google
# Sheets (OWASP "CSV injection"); tab and carriage return too, as some of them strip those first.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    """Numbers, dates and decimals stay real values (for XLSX); text is neutralised."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        # Spreadsheets have no time zones: write the organisation's local wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return neutralise(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterable[str]:
    """The CSV text line by line, with a byte order mark first so Excel reads it as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        yield writer.writerow([_csv_text(_cell(v)) for v in row])


def _csv_text(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def write_xlsx(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]], out) -> None:
    """Write one sheet per (title, headers, rows) to the binary file `out`, in write-only mode."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=_sheet_title(title))
        sheet.append([neutralise(h) for h in headers])
        for row in rows:
            sheet.append([_cell(v) for v in row])
    book.save(out)


def _sheet_title(title: str) -> str:
    # Excel refuses these characters and more than 31 characters in a sheet's name.
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    return title[:31] or "Sheet"


def response(filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str = CSV, title: str = ""):
    """A download of the rows as CSV (streamed) or XLSX (spooled to disk past 8 MB). `filename` has no extension."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}")
    if fmt == CSV:
        resp = StreamingHttpResponse(csv_rows(headers, rows), content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return resp
    return workbook_response(filename, [(title or filename, headers, rows)])


def workbook_response(filename: str, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]):
    """A download of several sheets as one XLSX workbook."""
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    write_xlsx(sheets, out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)
