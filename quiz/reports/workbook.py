"""Sheets → an XLSX file (XlsxWriter, row by row in constant memory: a city's workbook takes
a fraction of a second) or the school summary as CSV in UTF-8 with a BOM, so Excel on Chinese
Windows opens it as UTF-8.

Text is always written as text (never as a formula, whatever it starts with), numbers as
numbers, empty figures as blank cells."""

from __future__ import annotations

import io
import math
from numbers import Number

import pandas as pd
import xlsxwriter

from quiz.reports.frames import Sheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
HEADER = {"bold": True, "bg_color": "#F0F4F8", "align": "center", "valign": "vcenter",
          "text_wrap": True, "border": 1}
TOTAL = {"bold": True, "bg_color": "#FFF4E5"}


def _display_width(value: object) -> int:
    text = str(value)
    return len(text) + sum(1 for ch in text if ord(ch) > 0x2E80)  # CJK takes two columns


def _plain(value: object) -> object:
    """numpy scalars and NaN → a Python number, text or None."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


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
    """One XlsxWriter format per (number format, totals row) pair, made on first use."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.workbook = workbook
        self.cache: dict[tuple[str | None, bool], object] = {}

    def get(self, number_format: str | None, total: bool):
        if not number_format and not total:
            return None
        key = (number_format, total)
        if key not in self.cache:
            properties = dict(TOTAL) if total else {}
            if number_format:
                properties["num_format"] = number_format
            self.cache[key] = self.workbook.add_format(properties)
        return self.cache[key]


def _write(ws, row: int, column: int, value: object, cell_format) -> None:
    value = _plain(value)
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
            ws.write_string(0, index, str(name), header_format)
        number_formats = [sheet.formats.get(name) for name in sheet.frame.columns]
        last = len(sheet.frame) - 1
        for number, values in enumerate(sheet.frame.itertuples(index=False, name=None)):
            total = sheet.totals and number == last
            for column, (value, fmt) in enumerate(zip(values, number_formats, strict=True)):
                _write(ws, number + 1, column, value, formats.get(fmt, total))
    workbook.close()
    return buffer.getvalue()


def to_csv(sheet: Sheet) -> bytes:
    """One sheet as CSV; rates as percentages with one decimal (CSV has no cell formats)."""
    frame = sheet.frame.copy()
    for column, fmt in sheet.formats.items():
        if fmt == "0.0%":
            frame[column] = frame[column].map(
                lambda v: "" if v is None or pd.isna(v) else f"{v * 100:.1f}%")
    return frame.to_csv(index=False).encode("utf-8-sig")
