import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core import pdf, spreadsheets


def test_neutralise_formula_cells_only():
    assert spreadsheets.neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheets.neutralise("+44 7700") == "'+44 7700"
    assert spreadsheets.neutralise("-1") == "'-1"
    assert spreadsheets.neutralise("@SUM") == "'@SUM"
    assert spreadsheets.neutralise("Amira") == "Amira"
    assert spreadsheets.neutralise(-1) == -1
    assert spreadsheets.neutralise(Decimal("-2.50")) == Decimal("-2.50")


def test_csv_streams_with_bom_and_neutralised_cells():
    resp = spreadsheets.response("clients", ["Name", "Note"], [("Amira", "=1+1"), ("Ben", None)])
    text = b"".join(resp.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffName,Note\r\n")
    assert "Amira,'=1+1\r\n" in text
    assert "Ben,\r\n" in text
    assert resp["Content-Disposition"] == 'attachment; filename="clients.csv"'


def test_xlsx_keeps_numbers_and_dates_as_values():
    when = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.UTC)
    resp = spreadsheets.response(
        "pay", ["Coach", "Hours", "Pay", "When"], [("Sam", 7.5, Decimal("95.25"), when)], fmt="xlsx"
    )
    book = load_workbook(io.BytesIO(b"".join(resp.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("Coach", "Hours", "Pay", "When")
    assert rows[1][0] == "Sam" and rows[1][1] == 7.5 and float(rows[1][2]) == 95.25
    assert rows[1][3] == dt.datetime(2026, 6, 1, 10, 30)  # Europe/London in June


def test_unknown_format_refused():
    with pytest.raises(ValueError):
        spreadsheets.response("x", ["a"], [], fmt="ods")


def test_pdf_renders_and_refuses_outside_urls():
    data = pdf.html_to_pdf("<html><body><h1>Report</h1><img src='http://169.254.169.254/x'></body></html>")
    assert data.startswith(b"%PDF")
    with pytest.raises(ValueError):
        pdf._fetcher().fetch("http://169.254.169.254/latest")
    assert pdf._static_file("https://alongside.invalid/static/css/alongside.css") is not None
