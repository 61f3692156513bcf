"""Sheets → an XLSX file (XlsxWriter, row by row in constant memory: a city's workbook takes
a fraction of a second) or the school summary as CSV in UTF-8 with a BOM, so Excel on Chinese
Windows opens it as UTF-8.

Text is always written as text (never as a formula, whatever it starts with; formula-like
text also gets the quote prefix, see quiz/spreadsheets.py), numbers as numbers, empty figures
as blank cells."""

from __future__ import annotations

import io
from numbers import Number

import pandas as pd
import xlsxwriter

from quiz import spreadsheets
from quiz.reports.frames import Sheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
HEADER = {"bold": True, "bg_color": "#F0F4F8", "align": "center", "valign": "vcenter",
          "text_wrap": True, "border": 1}
TOTAL = {"bold": True, "bg_color": "#FFF4E5"}


def _display_width(value: object) -> int:
    text = str(value)
    return len(text) + sum(1 for ch in text if ord(ch) > 0x2E80)  # CJK takes two columns


_plain = spreadsheets.plain


def _widths(sheet: Sheet) -> list[float]:
    widths = []
    for column in sheet.frame.columns:
        values = sheet.frame[column].head(500)  # enough to see the longest names
        longest = max([_display_width(column), *(_display_width(v) for v in values
                                                 if _plain(v) is not None)])
        if sheet.formats.get(column) == "0.0%":
            longest = max(longest, 7)
        widths.append(min(max(longest + 2, 8), 40))
    return widths


class _Formats:
    """One XlsxWriter format per (number format, totals row, quote prefix), made on first use."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.workbook = workbook
        self.cache: dict[tuple[str | None, bool, bool], object] = {}

    def get(self, number_format: str | None, total: bool, quote: bool = False):
        if not number_format and not total and not quote:
            return None
        key = (number_format, total, quote)
        if key not in self.cache:
            properties: dict[str, object] = dict(TOTAL) if total else {}
            if number_format:
                properties["num_format"] = number_format
            if quote:
                properties["quote_prefix"] = True
            self.cache[key] = self.workbook.add_format(properties)
        return self.cache[key]


def _write(ws, row: int, column: int, value: object, formats: _Formats,
           number_format: str | None, total: bool) -> None:
    value = _plain(value)
    cell_format = formats.get(number_format, total, spreadsheets.xlsxwriter_needs_quote(value))
    if value is None or value == "":
        ws.write_blank(row, column, None, cell_format)
    elif isinstance(value, bool):
        ws.write_boolean(row, column, value, cell_format)
    elif isinstance(value, Number):
        ws.write_number(row, column, value, cell_format)
    else:
        ws.write_string(row, column, str(value), cell_format)


def to_xlsx(sheets: list[Sheet], *, title: str = "", description: str = "") -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    workbook.set_properties({"title": title, "comments": description})
    header_format = workbook.add_format(HEADER)
    formats = _Formats(workbook)
    for sheet in sheets:
        ws = workbook.add_worksheet(sheet.name)
        ws.freeze_panes(1, 0)
        for index, width in enumerate(_widths(sheet)):
            ws.set_column(index, index, width)
        for index, name in enumerate(sheet.frame.columns):
            ws.write_string(0, index, str(name), header_format)  # our own headers
        number_formats = [sheet.formats.get(name) for name in sheet.frame.columns]
        last = len(sheet.frame) - 1
        for number, values in enumerate(sheet.frame.itertuples(index=False, name=None)):
            total = sheet.totals and number == last
            for column, (value, fmt) in enumerate(zip(values, number_formats, strict=True)):
                _write(ws, number + 1, column, value, formats, fmt, total)
    workbook.close()
    return buffer.getvalue()


def to_csv(sheet: Sheet) -> bytes:
    """One sheet as CSV; rates as percentages with one decimal (CSV has no cell formats)."""
    frame = sheet.frame.copy()
    for column, fmt in sheet.formats.items():
        if fmt == "0.0%":
            frame[column] = frame[column].map(
                lambda v: "" if v is None or pd.isna(v) else f"{v * 100:.1f}%")
    return spreadsheets.csv_bytes(frame)
