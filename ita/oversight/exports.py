"""The filtered dashboard table as CSV and XLSX. Text a spreadsheet could run as a formula
(an agency named '=HYPERLINK(…)') is written with a leading apostrophe, and in XLSX always as a
string cell; scores are numbers with two decimals."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING

from ita.oversight.rules import safe_text

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, int):
        return str(value)
    return safe_text(str(value))


def to_csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read Thai correctly


def to_xlsx(title: str, header: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([safe_text(h) for h in header])
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            if value is None:
                continue
            if isinstance(value, Decimal):
                cell.value = float(value)
                cell.number_format = "0.00"
            elif isinstance(value, int):
                cell.value = value
            else:
                cell.value = safe_text(str(value))
                cell.data_type = TYPE_STRING  # never a formula, whatever it starts with
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
