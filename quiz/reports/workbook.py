"""Sheets → an XLSX file (openpyxl, write-only: fast and light for thousands of rows) or the
school summary as CSV in UTF-8 with a BOM, so Excel on Chinese Windows opens it as UTF-8."""

from __future__ import annotations

import io
import math

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from quiz.reports.frames import Sheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
HEADER_FILL = PatternFill("solid", fgColor="F0F4F8")
TOTAL_FILL = PatternFill("solid", fgColor="FFF4E5")
BOLD = Font(bold=True)


def _display_width(value: object) -> int:
    text = str(value)
    return len(text) + sum(1 for ch in text if ord(ch) > 0x2E80)  # CJK takes two columns


def _plain(value: object) -> object:
    """numpy scalars and NaN → what openpyxl writes (a number, text or an empty cell)."""
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


def to_xlsx(sheets: list[Sheet], *, title: str = "", description: str = "") -> bytes:
    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    workbook.properties.description = description
    for sheet in sheets:
        ws = workbook.create_sheet(sheet.name)
        ws.freeze_panes = "A2"
        for index, width in enumerate(_widths(sheet), start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        header = []
        for name in sheet.frame.columns:
            cell = WriteOnlyCell(ws, value=str(name))
            cell.font, cell.fill = BOLD, HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            header.append(cell)
        ws.append(header)
        formats = [sheet.formats.get(name) for name in sheet.frame.columns]
        last = len(sheet.frame) - 1
        for number, values in enumerate(sheet.frame.itertuples(index=False, name=None)):
            is_total = sheet.totals and number == last
            if not is_total and not any(formats):
                ws.append([_plain(v) for v in values])
                continue
            row = []
            for value, fmt in zip(values, formats, strict=True):
                cell = WriteOnlyCell(ws, value=_plain(value))
                if fmt:
                    cell.number_format = fmt
                if is_total:
                    cell.font, cell.fill = BOLD, TOTAL_FILL
                row.append(cell)
            ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv(sheet: Sheet) -> bytes:
    """One sheet as CSV; rates as percentages with one decimal (CSV has no cell formats)."""
    frame = sheet.frame.copy()
    for column, fmt in sheet.formats.items():
        if fmt == "0.0%":
            frame[column] = frame[column].map(
                lambda v: "" if v is None or pd.isna(v) else f"{v * 100:.1f}%")
    return frame.to_csv(index=False).encode("utf-8-sig")
