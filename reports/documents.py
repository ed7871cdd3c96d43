"""A built report's two files: the PDF (core.pdf, WeasyPrint, the dashboard's own SVG charts) and
the XLSX (core.spreadsheets, one sheet per section, numbers kept as numbers, hidden cells as the
text shown on the page). Both are drawn from the figures after suppression, never the raw ones."""

from __future__ import annotations

import io
from typing import Any

from core import pdf, spreadsheets

from .selectors import ShownSection


def pdf_bytes(context: dict[str, Any]) -> bytes:
    return pdf.render_pdf("reports/report_pdf.html", context)


def _sheet_rows(section: ShownSection):
    for table in section.tables:
        yield [table.title]
        yield table.columns
        for row in table.rows:
            # A hidden count is the text people see ("<5", "*"); anything shown is a real number.
            yield [
                cell.value if cell.is_number and not cell.hidden and cell.value is not None else cell.text
                for cell in row
            ]
        if table.note:
            yield [table.note]
        for note in table.notes():
            yield [f"Hidden: {note}."]
        yield []


def xlsx_bytes(*, sections: list[ShownSection], about: list[list[Any]]) -> bytes:
    out = io.BytesIO()
    sheets = [("About this report", ["About this report"], about)]
    sheets += [(section.title, [section.title], _sheet_rows(section)) for section in sections]
    spreadsheets.write_xlsx(sheets, out)
    return out.getvalue()
