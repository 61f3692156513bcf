"""Reading a class roster (CSV or XLSX) into checked rows, or a list of every problem in it.

Pure: bytes in, dataclasses out; no Flask, no database. Row numbers are the ones the teacher
sees in Excel (the header is row 1), so blank lines are kept while reading and skipped after.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd

from quiz import upload_limits
from quiz.i18n import _

MAX_STUDENT_NO = 32
MAX_NAME = 50
MAX_CLASS_NAME = 50
MIN_PASSWORD = 6
MAX_PASSWORD = 64
MAX_GRADE = 12
# Lines read at most (header and blank lines included): a large school, with room to spare.
# A compressed .xlsx can unpack to far more than the upload limit, so this bounds the work.
MAX_LINES = 20_000
# A roster has five columns: room for MAX_LINES rows of ten (a school's own columns too).
SHEET_LIMITS = upload_limits.SheetLimits(max_cells=200_000, max_columns=64)

# Canonical column key -> the headers accepted for it (compared after strip + casefold).
COLUMNS: dict[str, tuple[str, ...]] = {
    "student_no": ("学号", "student_no"),
    "name": ("姓名", "name"),
    "grade": ("年级", "grade"),
    "class": ("班级", "class"),
    "password": ("初始密码", "password"),
}
REQUIRED = ("student_no", "name", "grade", "class")
# The Chinese name of each column, used in messages whatever the file's header says.
LABELS = {"student_no": "学号", "name": "姓名", "grade": "年级", "class": "班级",
          "password": "初始密码"}
_HEADER_TO_KEY = {alias.casefold(): key for key, aliases in COLUMNS.items() for alias in aliases}

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and password-protected .xlsx
_STUDENT_NO = re.compile(r"[0-9A-Za-z-]+")
_CN_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
               "十": 10, "十一": 11, "十二": 12}
_STAGES = {"初一": 7, "初二": 8, "初三": 9, "高一": 10, "高二": 11, "高三": 12}
_GRADE_PREFIX = re.compile(
    r"(初[一二三]|高[一二三]|[0-9]{1,2}年级|[一二三四五六七八九十]{1,3}年级)\s*(.+)"
)
_BARE_CLASS = re.compile(r"0*([0-9]+)\s*班?")


@dataclass(frozen=True)
class RosterRow:
    """One checked student row; `grade` is 1–12 and `class_name` normalised (e.g. 「2班」)."""

    row_number: int
    student_no: str
    name: str
    grade: int
    class_name: str
    password: str | None


@dataclass(frozen=True)
class RosterProblem:
    """Something wrong with the file (`row_number` None) or with one of its rows."""

    row_number: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row_number is None:
            return self.message
        return _("第 %(row)s 行：%(message)s", row=self.row_number, message=self.message)


@dataclass(frozen=True)
class RosterParseResult:
    rows: tuple[RosterRow, ...]
    problems: tuple[RosterProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


class _Unreadable(Exception):
    """The bytes are not a roster we can read; the message says why, for a person."""


def read_roster(filename: str, data: bytes) -> RosterParseResult:
    """Parse a roster file and report every problem.

    `rows` holds the rows that passed their own checks; import only when `problems` is empty.
    """
    try:
        with upload_limits.time_limit():
            upload_limits.check_file_size(data)
            table = _read_table(filename, data)
            return _check_table(table)
    except (_Unreadable, upload_limits.TooLarge) as unreadable:
        return _failed([RosterProblem(None, None, str(unreadable))])


def parse_grade(text: str) -> int | None:
    """1–12 from 「7」「07」「7年级」「七年级」「初一」「高三」…; None for anything else."""
    value = unicodedata.normalize("NFKC", text).replace(" ", "")
    if value in _STAGES:
        return _STAGES[value]
    if value.endswith("年级"):
        value = value[:-2]
        number = _CN_NUMBERS.get(value)
        if number is not None:
            return number
    if re.fullmatch(r"[0-9]{1,2}", value) and 1 <= int(value) <= MAX_GRADE:
        return int(value)
    return None


def class_label(grade: int, class_name: str) -> str:
    """A class as people write it, e.g. 「7年级 2班」 (the same as SchoolClass.label)."""
    return _("%(grade)s年级 %(name)s", grade=grade, name=class_name)


def accepted_columns_text() -> str:
    chinese = "、".join(LABELS[key] for key in COLUMNS)
    english = ", ".join(aliases[1] for aliases in COLUMNS.values())
    return _("可用的列：%(chinese)s（或 %(english)s），其中初始密码可以不填",
             chinese=chinese, english=english)


# --- reading bytes into a table of strings -------------------------------------------------


def _read_table(filename: str, data: bytes) -> list[list[str]]:
    """The file as rows of stripped strings; index i is spreadsheet row i + 1."""
    suffix = PurePath(filename or "").suffix.lower()
    if not data.strip():
        raise _Unreadable(_("文件是空的。"))
    if data.startswith(_OLE_MAGIC):
        raise _Unreadable(_("不支持旧版 .xls 或加密的 Excel 文件，请在 Excel 中“另存为” .xlsx "
                            "或 CSV 文件后再上传。"))
    if data.startswith(_ZIP_MAGIC):
        return _read_xlsx(data)
    if suffix in (".xlsx", ".xlsm"):
        raise _Unreadable(_("文件名是 %(suffix)s，但内容不是 Excel 文件（可能只是改了扩展名）。"
                            "请在 Excel 中“另存为” .xlsx 或 CSV 文件后再上传。", suffix=suffix))
    if suffix != ".csv":
        raise _Unreadable(_("只能导入 .csv 或 .xlsx 文件。"))
    return _read_csv(_decode(data))


def _decode(data: bytes) -> str:
    """Excel on Chinese Windows writes GBK; newer Excel and WPS write UTF-8, often with a BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: Iterable[str] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(text):
            return text
    raise _Unreadable(_("无法读取文件：它不是 UTF-8 或 GBK 编码的 CSV 文本文件。"
                        "请在 Excel 中“另存为” CSV 或 .xlsx 文件后再上传。"))


def _looks_binary(text: str) -> bool:
    """Unicode's Cc characters but tab, CR and LF (one regex pass, not a step per character)."""
    return _CONTROL.search(text) is not None


def _read_csv(text: str) -> list[list[str]]:
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count) if first_line else ","
    _refuse_wide_lines(text, delimiter)
    # pandas needs the widest row up front, or it stops at the first row longer than the header.
    try:
        records = itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter),
                                   MAX_LINES + 1)
        width = 0
        for number, fields in enumerate(records):
            width = max(width, len(fields))
            if width > SHEET_LIMITS.max_columns:
                raise upload_limits.TooLarge(_(
                    "文件太大：第 %(row)s 行有 %(n)s 列，上限是 %(limit)s 列。",
                    row=number + 1, n=width, limit=SHEET_LIMITS.max_columns))
            if number % 256 == 0:
                upload_limits.check_time()
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, header=None, names=range(max(width, 1)),
            dtype=str, keep_default_na=False, na_filter=False, skip_blank_lines=False,
            engine="python", nrows=MAX_LINES + 1,
        )
    except (csv.Error, ValueError, pd.errors.ParserError) as error:
        raise _Unreadable(_("无法读取 CSV 文件：%(error)s", error=str(error))) from error
    return _frame_rows(frame)


def _refuse_wide_lines(text: str, delimiter: str) -> None:
    """A line of millions of delimiters would become millions of fields before the exact
    width is known: refuse it by a count (generous, for delimiters inside quotes) first."""
    for number, line in enumerate(itertools.islice(io.StringIO(text), MAX_LINES + 1), start=1):
        if line.count(delimiter) > 4 * SHEET_LIMITS.max_columns:
            raise upload_limits.TooLarge(_(
                "文件太大：第 %(row)s 行有 %(n)s 列，上限是 %(limit)s 列。", row=number,
                n=line.count(delimiter) + 1, limit=SHEET_LIMITS.max_columns))


def _read_xlsx(data: bytes) -> list[list[str]]:
    """The first sheet, checked and streamed by quiz.upload_limits (TooLarge reaches
    read_roster), cells as text the way pandas' reader gave them."""
    try:
        sheet = upload_limits.open_first_sheet(data, SHEET_LIMITS)
        table = [[_cell_text(cell.value) for cell in row]
                 for row in upload_limits.rows(sheet, SHEET_LIMITS, MAX_LINES)]
    except upload_limits.TooLarge:
        raise
    except Exception as error:  # openpyxl and zipfile raise many kinds for a damaged file
        raise _Unreadable(_("无法读取 Excel 文件，文件可能已损坏或不是 .xlsx 格式。"
                            "请在 Excel 中重新“另存为” .xlsx 或 CSV 文件后再上传。")) from error
    if len(table) > MAX_LINES:
        raise _Unreadable(_("文件超过 %(n)s 行，请按年级或班级拆分成几个文件分别导入。",
                            n=MAX_LINES))
    while table and not any(table[-1]):  # the padding rows of a sheet's stored size
        table.pop()
    return [_trimmed(row) for row in table]


def _cell_text(value: object) -> str:
    """A cell as text: 7.0 → "7" (a whole number typed in Excel), dates as pandas wrote them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _trimmed(row: list[str]) -> list[str]:
    """A row without its empty cells at the end (the reader pads every row to the limit)."""
    end = len(row)
    while end and not row[end - 1]:
        end -= 1
    return row[:end]


def _frame_rows(frame: pd.DataFrame) -> list[list[str]]:
    if len(frame) > MAX_LINES:
        raise _Unreadable(_("文件超过 %(n)s 行，请按年级或班级拆分成几个文件分别导入。",
                            n=MAX_LINES))
    # Short rows are padded with NaN even with na_filter off; those cells are simply empty.
    return [["" if pd.isna(cell) else str(cell).strip() for cell in record]
            for record in frame.itertuples(index=False, name=None)]


# --- checking the table --------------------------------------------------------------------


@dataclass
class _Header:
    row_number: int
    columns: dict[str, int]  # canonical key -> column index
    titles: dict[str, str]  # canonical key -> the header as written in the file


def _check_table(table: list[list[str]]) -> RosterParseResult:
    start = next((i for i, cells in enumerate(table) if any(cells)), None)
    if start is None:
        return _failed([RosterProblem(None, None, _("文件是空的。"))])
    header, problems = _check_header(table[start], start + 1)
    if header is None:
        return _failed(problems)
    width = len(table[start])
    data_rows = [(i + 1, cells) for i, cells in enumerate(table[start + 1:], start=start + 1)
                 if any(cells)]
    if not data_rows:
        return _failed([*problems, RosterProblem(None, None, _("文件中没有学生数据，只有表头。"))])
    problems.extend(_unnamed_columns(table[start], data_rows))
    rows: list[RosterRow] = []
    seen: dict[str, int] = {}
    for row_number, cells in data_rows:
        if row_number % 256 == 0:
            upload_limits.check_time()
        cells = cells + [""] * (width - len(cells))
        row, row_problems = _check_row(row_number, cells, header, seen)
        problems.extend(row_problems)
        if row is not None:
            rows.append(row)
    # Rows that passed their own checks are kept even when others failed, so the importer can
    # add its own problems (classes, permissions) and the teacher sees every problem at once.
    return RosterParseResult(rows=tuple(rows), problems=_ordered(problems))


def _check_header(cells: list[str], row_number: int) -> tuple[_Header | None, list[RosterProblem]]:
    columns: dict[str, int] = {}
    titles: dict[str, str] = {}
    problems: list[RosterProblem] = []
    for index, title in enumerate(cells):
        if not title:
            continue
        key = _HEADER_TO_KEY.get(unicodedata.normalize("NFKC", title).strip().casefold())
        if key is None:
            problems.append(RosterProblem(None, title, _(
                "不认识的列「%(column)s」。%(accepted)s。", column=title,
                accepted=accepted_columns_text())))
        elif key in columns:
            problems.append(RosterProblem(None, title, _(
                "「%(column)s」列出现了不止一次（与「%(first)s」重复）。",
                column=title, first=titles[key])))
        else:
            columns[key] = index
            titles[key] = title
    if not columns:
        return None, [RosterProblem(None, None, _(
            "第 %(row)s 行应是表头，但其中没有可识别的列名。%(accepted)s。",
            row=row_number, accepted=accepted_columns_text()))]
    for key in REQUIRED:
        if key not in columns:
            problems.append(RosterProblem(None, LABELS[key], _(
                "缺少「%(column)s」列（也可写作 %(english)s）。",
                column=LABELS[key], english=COLUMNS[key][1])))
    return _Header(row_number, columns, titles), problems


def _unnamed_columns(header: list[str], data_rows: list[tuple[int, list[str]]]
                     ) -> list[RosterProblem]:
    """Values in a column without a header would be silently dropped: say so instead."""
    width = max(len(cells) for _row, cells in data_rows)
    unnamed = [i for i in range(width) if i >= len(header) or not header[i]]
    problems = []
    for index in unnamed:
        if any(index < len(cells) and cells[index] for _row, cells in data_rows):
            problems.append(RosterProblem(None, None, _(
                "%(column)s 列有内容，但没有列名；请删除这一列或填写列名。",
                column=_column_letter(index))))
    return problems


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _check_row(row_number: int, cells: list[str], header: _Header, seen: dict[str, int]
               ) -> tuple[RosterRow | None, list[RosterProblem]]:
    values = {key: cells[index] for key, index in header.columns.items()}
    problems: list[RosterProblem] = []

    def problem(key: str, message: str) -> None:
        problems.append(RosterProblem(row_number, header.titles.get(key, LABELS[key]), message))

    for key in REQUIRED:
        if key in values and not values[key]:
            problem(key, _("缺少%(column)s。", column=LABELS[key]))
    student_no = unicodedata.normalize("NFKC", values.get("student_no", "")).strip()
    name = values.get("name", "")
    password = values.get("password", "") or None
    for key, message in _student_no_problems(student_no, seen, row_number):
        problem(key, message)
    if len(name) > MAX_NAME:
        problem("name", _("姓名不能超过 %(n)s 个字。", n=MAX_NAME))
    if password is not None and not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        problem("password", _("初始密码应为 %(min)s 到 %(max)s 位。",
                              min=MIN_PASSWORD, max=MAX_PASSWORD))
    grade = parse_grade(values["grade"]) if values.get("grade") else None
    if values.get("grade") and grade is None:
        problem("grade", _("年级「%(value)s」无法识别，请填写 1 到 12 的数字，或“七年级”“初一”"
                           "“高二”等写法。", value=values["grade"]))
    class_name, class_problem = _normalise_class(values.get("class", ""), grade)
    if class_problem:
        problem("class", class_problem)
    if problems or grade is None or not class_name or not name or not student_no:
        return None, problems
    return RosterRow(row_number, student_no, name, grade, class_name, password), problems


def _student_no_problems(student_no: str, seen: dict[str, int], row_number: int
                         ) -> list[tuple[str, str]]:
    if not student_no:
        return []
    found = []
    if len(student_no) > MAX_STUDENT_NO:
        found.append(("student_no", _("学号不能超过 %(n)s 个字符。", n=MAX_STUDENT_NO)))
    if not _STUDENT_NO.fullmatch(student_no):
        found.append(("student_no", _("学号「%(value)s」只能包含数字、字母和短横线。",
                                      value=student_no)))
    if student_no in seen:
        found.append(("student_no", _("学号 %(value)s 与第 %(other)s 行重复。",
                                      value=student_no, other=seen[student_no])))
    else:
        seen[student_no] = row_number
    return found


def _normalise_class(text: str, grade: int | None) -> tuple[str, str | None]:
    """「2」→「2班」; 「7年级2班」 in a grade-7 row →「2班」; a different grade is a problem."""
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return "", None
    prefixed = _GRADE_PREFIX.fullmatch(value)
    if prefixed and parse_grade(prefixed.group(1)) is not None:
        if grade is not None and parse_grade(prefixed.group(1)) != grade:
            return "", _("班级「%(value)s」与年级 %(grade)s 不一致。", value=value, grade=grade)
        value = prefixed.group(2).strip()
    bare = _BARE_CLASS.fullmatch(value)
    if bare:
        value = f"{int(bare.group(1))}班"
    if len(value) > MAX_CLASS_NAME:
        return "", _("班级名称不能超过 %(n)s 个字。", n=MAX_CLASS_NAME)
    return value, None


def _ordered(problems: Iterable[RosterProblem]) -> tuple[RosterProblem, ...]:
    """File-level problems first, then by row."""
    return tuple(sorted(problems, key=lambda p: (p.row_number is not None, p.row_number or 0)))


def _failed(problems: list[RosterProblem]) -> RosterParseResult:
    return RosterParseResult(rows=(), problems=_ordered(problems))
