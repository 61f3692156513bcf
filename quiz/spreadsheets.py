"""The one place that decides how a value becomes a spreadsheet or CSV cell.

Every XLSX and CSV the app writes (class results, participation reports, bank exports) goes
through these functions, so a name a teacher typed, such as `=HYPERLINK("http://x/","点我")`,
never becomes a live formula when a colleague opens the file (OWASP "CSV injection"):

- XLSX: text is always written as a text cell, never a formula; text that a spreadsheet
  would read as a formula once someone edits the cell also gets Excel's quote prefix (the
  invisible apostrophe Excel itself stores when you type '=…), and keeps its exact value, so a
  bank exported to Excel converts back unchanged.
- CSV: there are no cell types, so such text is written with a leading apostrophe, the
  convention Excel, WPS and LibreOffice show as text.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

# What makes Excel, WPS or LibreOffice treat a typed cell as a formula or a DDE command; the
# full-width forms count because WPS and Excel in Chinese input mode accept them too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
CSV_TEXT_MARK = "'"


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula (after leading spaces too)."""
    return text.lstrip(" \u3000").startswith(FORMULA_STARTS) or text.startswith(FORMULA_STARTS)


def plain(value: Any) -> Any:
    """numpy scalars and NaN as a Python number, text or None."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def csv_value(value: Any) -> Any:
    """A value for a CSV cell: formula-like text gets a leading apostrophe, the rest as is."""
    if isinstance(value, str) and looks_like_formula(value):
        return CSV_TEXT_MARK + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as CSV in UTF-8 with a BOM (Excel on Chinese Windows then reads it as UTF-8),
    every text cell and header made inert."""
    safe = frame.copy()
    safe.columns = [csv_value(str(name)) for name in frame.columns]
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):  # object or pandas' string dtype
            safe[column] = safe[column].map(csv_value)
    return safe.to_csv(index=False).encode("utf-8-sig")


def write_openpyxl_cell(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Set one openpyxl cell: numbers as numbers, every text as text (never a formula)."""
    value = plain(value)
    if value == "":
        value = None
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


def xlsxwriter_needs_quote(value: Any) -> bool:
    """Whether an XlsxWriter text cell needs a format with the quote prefix set."""
    return isinstance(value, str) and looks_like_formula(value)
