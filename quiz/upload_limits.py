"""Bounds on the work an uploaded file may cause: size, unpacked size, cells, columns, time.

Every import (roster upload and `roster import`, bank upload, `banks convert`) reads its file
through these checks, so a small file cannot tie up a server:

- An XLSX is a zip: before anything is parsed its directory is checked (members, unpacked
  total, compression ratio of the large members; Python's zipfile never inflates a member past
  its declared size), then the first sheet's XML is scanned as a stream for how many cells,
  shared strings and columns it really holds. Only then is it read, with openpyxl's read-only
  streaming mode and at most `max_columns` cells a row, so memory follows the rows in use,
  not what the file claims.
- A time limit (`time_limit`) covers the whole check; the readers' loops call `check_time()`.

Every refusal is a `TooLarge` whose message, in Chinese, starts with 文件太大 or 处理超时 and
names the limit. Refusals happen before anything is written: nothing is half-imported.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from quiz.i18n import _

MIB = 1024 * 1024
MAX_FILE_BYTES = 8 * MIB  # the same as MAX_CONTENT_LENGTH: the CLI gets the web's limit
MAX_UNPACKED_BYTES = 32 * MIB  # a 20,000-pupil roster unpacks to about 6 MiB
MAX_MEMBERS = 1_000
MAX_RATIO = 100  # XML compresses about 5-20 times; bombs compress hundreds of times
RATIO_FROM_BYTES = 1 * MIB  # small members may compress well; their size is bounded anyway
DEFAULT_SECONDS = 30.0

_CELL = re.compile(rb"<(?:[A-Za-z0-9_]{1,16}:)?c[\s>/]")
_FILLED_CELL = re.compile(
    rb'<(?:[A-Za-z0-9_]{1,16}:)?c\s[^<>]{0,400}?\br="([A-Z]{1,3})[0-9]+"[^<>]{0,400}?(/?)>')
_SHARED = re.compile(rb"<(?:[A-Za-z0-9_]{1,16}:)?si[\s>/]")
_MERGE = re.compile(
    rb'<(?:[A-Za-z0-9_]{1,16}:)?mergeCell\s[^<>]{0,400}?\bref="([A-Z]{1,3}[0-9]{1,7}'
    rb'(?::[A-Z]{1,3}[0-9]{1,7})?)"')
_OVERLAP = 1024  # longer than any tag the patterns match, so none is split between chunks
_deadline: ContextVar[tuple[float, float] | None] = ContextVar("upload_deadline", default=None)


class TooLarge(Exception):
    """The file would take too much memory or time; str() is the message for the user."""


@dataclass(frozen=True)
class SheetLimits:
    """What one import allows in its first sheet."""

    max_cells: int
    max_columns: int


def _mib(size: int) -> str:
    return f"{size / MIB:.0f} MiB"


def check_file_size(data: bytes, limit: int = MAX_FILE_BYTES) -> None:
    if len(data) > limit:
        raise TooLarge(_("文件太大：%(size)s，上限是 %(limit)s。请拆分成几个文件。",
                         size=_mib(len(data)), limit=_mib(limit)))


def check_zip(data: bytes) -> zipfile.ZipFile:
    """The XLSX's zip directory, refused when unpacking it would be too big."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ValueError(str(error)) from error
    if len(members) > MAX_MEMBERS:
        raise TooLarge(_("文件太大：Excel 文件内部有 %(n)s 个部件，上限是 %(limit)s 个。",
                         n=len(members), limit=MAX_MEMBERS))
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_BYTES:
        raise TooLarge(_("文件太大：Excel 文件解压后有 %(size)s，上限是 %(limit)s。"
                         "请删除多余的工作表、行和列，或拆分成几个文件。",
                         size=_mib(total), limit=_mib(MAX_UNPACKED_BYTES)))
    for member in members:
        if member.file_size > RATIO_FROM_BYTES and (
                member.file_size > MAX_RATIO * max(member.compress_size, 1)):
            raise TooLarge(_("文件太大：Excel 文件中的 %(name)s 压缩了 %(ratio)s 倍（上限 "
                             "%(limit)s 倍），解压后过大，不像正常的表格。请在 Excel 中"
                             "“另存为”新的 .xlsx 文件后再上传。", name=member.filename[:60],
                             ratio=member.file_size // max(member.compress_size, 1),
                             limit=MAX_RATIO))
    return archive


def _scan(archive: zipfile.ZipFile, name: str, pattern: re.Pattern[bytes]
          ) -> Iterator[re.Match[bytes]]:
    """Every match of `pattern` in one member, inflated a chunk at a time (constant memory)."""
    with archive.open(name) as stream:
        pending = b""
        while True:
            chunk = stream.read(MIB)
            buffer = pending + chunk
            cut = len(buffer) if not chunk else max(len(buffer) - _OVERLAP, 0)
            end = 0
            for match in pattern.finditer(buffer):
                if match.start() >= cut:
                    break
                end = match.end()
                yield match
            if not chunk:
                return
            pending = buffer[max(cut, end):]
            check_time()


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _count(archive: zipfile.ZipFile, name: str, pattern: re.Pattern[bytes], limit: int) -> int:
    """How many times `pattern` occurs in a member, counting no further than limit + 1."""
    found = 0
    for _match in _scan(archive, name, pattern):
        found += 1
        if found > limit:
            break
    return found


def check_cells(archive: zipfile.ZipFile, limits: SheetLimits) -> None:
    """Refuse a workbook whose sheets hold more cells (all sheets together) or texts than
    allowed. Loading a workbook, even read-only, reads every sheet's stored size, and a sheet
    without one is parsed whole for it: so every member is counted before anything loads."""
    too_many = _("文件太大：表格超过 %(limit)s 个单元格的上限（所有工作表合计）。请删除多余的"
                 "行、列和工作表，或拆分成几个文件。", limit=f"{limits.max_cells:,}")
    left = limits.max_cells
    for member in archive.infolist():
        if not member.filename.endswith(".xml") or member.filename.endswith("sharedStrings.xml"):
            continue
        left -= _count(archive, member.filename, _CELL, left)
        if left < 0:
            raise TooLarge(too_many)
    for member in archive.infolist():
        if member.filename.endswith("sharedStrings.xml") and _count(
                archive, member.filename, _SHARED, limits.max_cells) > limits.max_cells:
            raise TooLarge(too_many)  # every text is in some cell: more texts is a bomb


def check_columns(archive: zipfile.ZipFile, sheet_path: str, limits: SheetLimits) -> None:
    """Refuse a sheet with content beyond the allowed columns (the reader stops there)."""
    for match in _scan(archive, sheet_path, _FILLED_CELL):
        if not match.group(2) and _column_number(match.group(1)) > limits.max_columns:
            raise TooLarge(_("文件太大：表格第 %(limit)s 列之后还有内容（%(column)s 列），"
                             "上限是 %(limit)s 列。请删除多余的列。", limit=limits.max_columns,
                             column=match.group(1).decode("ascii")))


def merged_ranges(sheet: Any) -> list[Any]:
    """The merged cell ranges of a read-only sheet (openpyxl keeps them only in full mode),
    read from its XML as a stream."""
    from openpyxl.worksheet.cell_range import CellRange  # noqa: PLC0415

    found = []
    for match in _scan(sheet.parent._archive, sheet._worksheet_path, _MERGE):
        found.append(CellRange(match.group(1).decode("ascii")))
    return found


def open_first_sheet(data: bytes, limits: SheetLimits) -> Any:
    """The first worksheet of a checked XLSX, opened for streaming (openpyxl read-only).

    Raises TooLarge for a file over the limits, ValueError (or openpyxl's errors) for one that
    is not a readable workbook.
    """
    import openpyxl  # noqa: PLC0415 (only imports that read spreadsheets pay for it)

    check_file_size(data)
    with check_zip(data) as archive:
        check_cells(archive, limits)
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                      keep_links=False)
    if not workbook.worksheets:
        raise ValueError("no worksheet")
    sheet = workbook.worksheets[0]
    path = getattr(sheet, "_worksheet_path", None)
    if path is not None:
        check_columns(workbook._archive, path, limits)
    else:  # a chartsheet or similar first: nothing to read, the caller reports it
        raise ValueError("first sheet is not a worksheet")
    sheet.reset_dimensions()  # the stored size may lie; rows are read as they come
    return sheet


def rows(sheet: Any, limits: SheetLimits, max_rows: int) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows (ReadOnlyCell tuples, at most `max_columns` wide), at most
    `max_rows + 1` of them (so the caller can tell the file has too many), checking the time."""
    for number, row in enumerate(sheet.iter_rows(max_col=limits.max_columns), start=1):
        if number > max_rows + 1:
            return
        if number % 256 == 0:
            check_time()
        yield row


# --- time -----------------------------------------------------------------------------------


@contextmanager
def time_limit(seconds: float = DEFAULT_SECONDS) -> Iterator[None]:
    """Within the block, `check_time()` raises TooLarge once `seconds` have passed. Inside an
    outer limit the earlier deadline holds, so one import's steps share one budget."""
    outer = _deadline.get()
    limit = (time.monotonic() + seconds, seconds)
    token = _deadline.set(limit if outer is None or limit[0] < outer[0] else outer)
    try:
        yield
    finally:
        _deadline.reset(token)


def check_time() -> None:
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline[0]:
        raise TooLarge(_("处理超时：文件太大或太复杂，%(n)s 秒内没有检查完。请拆分成几个文件"
                         "后再导入。", n=f"{deadline[1]:g}"))
