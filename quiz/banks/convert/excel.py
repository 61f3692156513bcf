"""Reading the Excel question template (.xlsx) into Draft questions, with every row's problems.

The layout is the common Chinese one: 题型, 题目, 选项A…选项F, 答案, 解析, 难度 (English headers
type, stem, option_a…, answer, explanation, difficulty also work), plus optional columns that
carry the rest of a bank question so that a bank survives a trip through Excel: 编号, 对话, 标签,
学段, 出处. Cells are read with openpyxl as the teacher sees them (110 stays "110", not
"110.0"); row numbers are Excel's, the header being row 1. Merged cells are refused: only the
first row of a merge holds the value, so the other rows would silently lose it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from quiz import upload_limits
from quiz.banks.convert import ConvertProblem, Draft, Read, repeated_option_messages
from quiz.banks.question_types import (
    LETTERS,
    MAX_OPTIONS,
    MIN_OPTIONS,
    QUESTION_TYPES,
    letter_range,
)
from quiz.banks.validation import ID_PATTERN
from quiz.i18n import _
from quiz.labels import SCHOOL_LEVEL_LABELS, SCHOOL_LEVELS, school_level_list

MAX_ROWS = 5_000  # a compressed sheet can unpack to far more; this bounds the work
# Every column of the template with room for a teacher's own; cells: MAX_ROWS full rows.
SHEET_LIMITS = upload_limits.SheetLimits(max_cells=150_000, max_columns=64)
OPTION_KEYS = tuple(f"option_{c}" for c in "abcdef")[:MAX_OPTIONS]


@dataclass(frozen=True)
class Column:
    """One column of the template: its key, headers and width."""

    key: str
    header: str  # Chinese, as export and the template write it
    aliases: tuple[str, ...]  # other headers accepted on reading
    width: int
    required: bool


COLUMNS: tuple[Column, ...] = (
    Column("type", "题型", ("type", "题目类型"), 8, True),
    Column("stem", "题目", ("stem", "题干", "question"), 50, True),
    *(
        Column(key, f"选项{LETTERS[i]}", (key, LETTERS[i]), 24, False)
        for i, key in enumerate(OPTION_KEYS)
    ),
    Column("answer", "答案", ("answer", "正确答案"), 8, True),
    Column("explanation", "解析", ("explanation", "答案解析"), 50, True),
    Column("difficulty", "难度", ("difficulty",), 6, True),
    Column("id", "编号", ("id",), 22, False),
    Column("dialogue", "对话", ("dialogue",), 40, False),
    Column("tags", "标签", ("tags",), 18, False),
    Column("audience", "学段", ("audience", "适用学段"), 24, False),
    Column("source", "出处", ("source", "来源"), 30, False),
)


REQUIRED = tuple(column.key for column in COLUMNS if column.required)
LABELS = {column.key: column.header for column in COLUMNS}



def type_words() -> dict[str, str]:
    """{word a teacher may type in the 题型 column: type code}, from the registered types."""
    return {
        word.replace(" ", "").casefold(): code
        for code, kind in QUESTION_TYPES.items()
        for word in (kind.short_label, kind.label, *kind.sheet_words, code)
    }


TRUE_WORDS = ("对", "正确", "√", "✓", "✔", "true", "t", "是")
FALSE_WORDS = ("错", "错误", "×", "✗", "✘", "false", "f", "否")
DIFFICULTY_WORDS = {
    "1": 1,
    "2": 2,
    "3": 3,
    "易": 1,
    "中": 2,
    "难": 3,
    "简单": 1,
    "中等": 2,
    "困难": 3,
    "easy": 1,
    "medium": 2,
    "hard": 3,
}
# Words a teacher may type for a level: its name, its code and the usual other names.
LEVEL_WORDS = {
    **{str(label): level for level, label in SCHOOL_LEVEL_LABELS.items()},
    "职校": "vocational",
    "中职": "vocational",
    "大学": "college",
    **{level: level for level in SCHOOL_LEVELS},
}

_HEADER_TO_KEY = {
    _key: column.key
    for column in COLUMNS
    for _key in (re.sub(r"[\s_]", "", name).casefold() for name in (column.header, *column.aliases))
}
_ANSWER_SEPARATORS = re.compile(r"[\s,，、;；/]+")
_LIST_SEPARATORS = re.compile(r"[,，、;；\n]+")
_SPEAKER = re.compile(r"(.+?)\s*[:：]\s*(.+)")
_DECIMALS = re.compile(r"0(?:\.(0+))?(%?)")


def read_xlsx(path: str, data: bytes) -> Read:
    """The first sheet's rows as Drafts; a row with any problem is reported, not returned.

    The file is checked and streamed by quiz.upload_limits (size, unpacked size, cells,
    columns, time) before and while it is read; TooLarge reaches the caller."""
    read = Read()
    try:
        sheet = upload_limits.open_first_sheet(data, SHEET_LIMITS)
    except upload_limits.TooLarge:
        raise
    except Exception as error:  # openpyxl raises many kinds of error for a broken file
        read.problems.append(
            ConvertProblem(
                path,
                0,
                _(
                    "无法作为 Excel 表格打开（%(error)s）：请在 Excel 中“另存为” .xlsx 后再转换。",
                    error=type(error).__name__,
                ),
            )
        )
        return read
    merged = _merged_rows(path, upload_limits.merged_ranges(sheet), read)
    rows = upload_limits.rows(sheet, SHEET_LIMITS, MAX_ROWS)
    header = [cell_text(cell) for cell in next(rows, ())]
    columns = _columns(path, header, read)
    if columns is None:
        return read
    for number, cells in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            read.drafts.clear()
            read.problems[:] = [ConvertProblem(path, 0, _(
                "表格超过 %(max)d 道题的上限（第 1 行是表头，题目最多到第 %(last)d 行）："
                "请分成几个文件。", max=MAX_ROWS, last=MAX_ROWS + 1))]
            return read
        values = {
            key: cell_text(cells[index]) if index < len(cells) else ""
            for key, index in columns.items()
        }
        if number in merged or not any(values.values()):
            continue
        draft = _row(path, number, values, read)
        if draft is not None:
            read.drafts.append(draft)
    read.problems.sort(key=lambda problem: problem.line)
    return read


def cell_text(cell: Any) -> str:
    """A cell's value as Excel displays it, stripped: 110 -> "110", 0.5 as 0% -> "50%"."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _number_text(value, cell.number_format or "General")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _number_text(value: float, number_format: str) -> str:
    """A number as its format shows it: 0.00 and 0% style formats, else General."""
    match = _DECIMALS.fullmatch(number_format)
    if match:
        decimals = len(match.group(1) or "")
        if match.group(2):
            return f"{value * 100:.{decimals}f}%"
        return f"{value:.{decimals}f}"
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    return f"{value:.15g}"  # 0.1 + 0.2 shows as 0.3, as in Excel


def _merged_rows(path: str, ranges: list[Any], read: Read) -> set[int]:
    """Rows covered by merged cells, each merge reported once at its first row."""
    covered: set[int] = set()
    for cells in sorted(ranges, key=lambda r: (r.min_row, r.min_col)):
        first, last = cells.min_row, cells.max_row
        rows = (
            _("第 %(row)d 行", row=first)
            if first == last
            else _("第 %(first)d–%(last)d 行", first=first, last=last)
        )
        read.problems.append(
            ConvertProblem(
                path,
                first,
                _(
                    "单元格 %(range)s 是合并单元格（%(rows)s）：合并后只有第一格有内容，"
                    "请取消合并，并在每一行、每一列都填上完整内容。",
                    range=cells.coord,
                    rows=rows,
                ),
            )
        )
        covered.update(range(first, last + 1))
    return covered


def _columns(path: str, header: list[str], read: Read) -> dict[str, int] | None:
    """Column key -> 0-based index from the header row; None after reporting a broken header."""
    found: dict[str, int] = {}
    unknown: list[str] = []
    ok = True
    for index, text in enumerate(header):
        key = _HEADER_TO_KEY.get(
            re.sub(r"[\s_]", "", unicodedata.normalize("NFKC", text)).casefold()
        )
        if key is None:
            if text:
                unknown.append(text)
        elif key in found:
            read.problems.append(
                ConvertProblem(
                    path, 1, _("表头“%(name)s”出现了两次，请删除多余的一列。", name=text)
                )
            )
            ok = False
        else:
            found[key] = index
    missing = [LABELS[key] for key in REQUIRED if key not in found]
    if missing:
        read.problems.append(
            ConvertProblem(
                path,
                1,
                _(
                    "缺少必填的列：%(missing)s。第 1 行应为表头：题型、题目、选项A…选项F、"
                    "答案、解析、难度（可用 banks template 生成空白模板）。",
                    missing="、".join(missing),
                ),
            )
        )
        ok = False
    if unknown:
        read.notes.append(_("忽略了无法识别的列：%(names)s。", names="、".join(unknown)))
    return found if ok else None


def _row(path: str, number: int, values: dict[str, str], read: Read) -> Draft | None:
    messages: list[str] = []
    qtype = _type(values["type"], messages)
    stem = values["stem"]
    if not stem:
        messages.append(_("题目为空：请填写题干。"))
    explanation = values["explanation"]
    if not explanation:
        messages.append(_("解析为空：每道题都要写解析，告诉学生为什么这样选。"))
    difficulty = _difficulty(values["difficulty"], messages)
    choices = _choices(qtype, values, messages) if qtype else None
    qid = _id(values.get("id", ""), messages)
    dialogue = _dialogue(values.get("dialogue", ""), messages)
    audience = _audience(values.get("audience", ""), messages)
    read.problems.extend(ConvertProblem(path, number, message) for message in messages)
    if messages or qtype is None or choices is None:
        return None
    options, answer = choices
    return Draft(
        line=number,
        type=qtype,
        stem=stem,
        options=options,
        answer=answer,
        explanation=explanation,
        difficulty=difficulty,
        id=qid,
        dialogue=dialogue,
        tags=split_list(values.get("tags", "")),
        audience=audience,
        source=values.get("source") or None,
    )


def _type(text: str, messages: list[str]) -> str | None:
    qtype = type_words().get(text.replace(" ", "").casefold())
    if qtype is None:
        current = _("为空") if not text else _("“%(value)s”无法识别", value=text)
        names = [kind.short_label for kind in QUESTION_TYPES.values()]
        choices = _("%(some)s 或 %(last)s", some="、".join(names[:-1]), last=names[-1])
        messages.append(
            _("题型%(current)s：请填写 %(choices)s。", current=current, choices=choices)
        )
    return qtype


def _difficulty(text: str, messages: list[str]) -> int | None:
    difficulty = DIFFICULTY_WORDS.get(text.casefold())
    if difficulty is None:
        current = _("为空") if not text else _("“%(value)s”无法识别", value=text)
        messages.append(
            _(
                "难度%(current)s：请填写 1、2、3（或 易、中、难；简单、中等、困难）。",
                current=current,
            )
        )
    return difficulty


def _choices(
    qtype: str, values: dict[str, str], messages: list[str]
) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
    texts = [values.get(key, "") for key in OPTION_KEYS]
    return QUESTION_TYPES[qtype].read_sheet(texts, values["answer"], _Row(messages))


@dataclass
class _Row:
    """The spreadsheet reader's side of `SheetReader`: generic cell rules, problems collected."""

    messages: list[str]

    def report(self, message: str) -> None:
        self.messages.append(message)

    def options(self, texts: list[str], label: str) -> tuple[str, ...] | None:
        return _options(texts, label, self.messages)

    def letters(self, text: str, count: int) -> tuple[tuple[int, ...], bool] | None:
        return _letters(text, count, self.messages)

    def truth(self, text: str) -> tuple[int, ...] | None:
        return _true_false(text, self.messages)

    def is_truth_word(self, text: str) -> bool:
        return text.casefold() in (*TRUE_WORDS, *FALSE_WORDS)


def _options(texts: list[str], label: str, messages: list[str]) -> tuple[str, ...] | None:
    """The options A, B… as filled; gaps, duplicates and too few are problems."""
    last = max((index for index, text in enumerate(texts) if text), default=-1)
    ok = True
    for index in range(last):
        if not texts[index]:
            messages.append(
                _(
                    "选项%(empty)s 为空，但后面的 选项%(later)s 有内容：选项要从 A 开始连续填写，"
                    "请补上选项%(empty)s 或把后面的选项前移。",
                    empty=LETTERS[index],
                    later=LETTERS[last],
                )
            )
            ok = False
    filled = texts[: last + 1]
    if len(filled) < MIN_OPTIONS:
        messages.append(
            _(
                "%(label)s题至少要有 %(min)d 个选项（选项A、选项B），现在有 %(count)d 个。",
                label=label,
                min=MIN_OPTIONS,
                count=len(filled),
            )
        )
        ok = False
    repeated = repeated_option_messages(
        filled, _("选项%(this)s 与 选项%(first)s 相同（“%(value)s”）：请修改或删除其中一个。"))
    messages += repeated
    ok = ok and not repeated
    return tuple(filled) if ok else None


def _letters(
    text: str, count: int, messages: list[str]
) -> tuple[tuple[int, ...], bool] | None:
    """Answer letters such as B, AC, A,C or A C as sorted distinct 0-based indices, and whether
    they were all fine; how many a type allows is the type's rule (`read_sheet`)."""
    cleaned = _ANSWER_SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()
    if not cleaned:
        messages.append(_("答案为空：请填写正确选项的字母，如 B（多选如 AC）。"))
        return None
    if not re.fullmatch(r"[A-Z]+", cleaned):
        messages.append(_("答案“%(value)s”无法识别：请填写选项字母，如 B 或 AC。", value=text))
        return None
    ok = True
    for repeated in sorted({c for c in cleaned if cleaned.count(c) > 1}):
        messages.append(_("答案中的字母 %(letter)s 写了两次，请删除一个。", letter=repeated))
        ok = False
    missing = {c for c in cleaned if LETTERS.index(c) >= count} if count >= MIN_OPTIONS else set()
    for beyond in sorted(missing):
        messages.append(
            _(
                "答案 %(letter)s 没有对应的选项：本题只填了 %(count)d 个选项（%(letters)s）。",
                letter=beyond,
                count=count,
                letters=letter_range(count),
            )
        )
        ok = False
    return tuple(sorted(LETTERS.index(c) for c in set(cleaned))), ok


def _true_false(text: str, messages: list[str]) -> tuple[int, ...] | None:
    word = unicodedata.normalize("NFKC", text).strip().casefold()
    if word in TRUE_WORDS:
        return (0,)
    if word in FALSE_WORDS:
        return (1,)
    current = _("为空") if not text else _("“%(value)s”无法识别", value=text)
    messages.append(_("判断题的答案%(current)s：请填写 对 或 错。", current=current))
    return None


def _id(text: str, messages: list[str]) -> str | None:
    """An explicit id; a bare number is a row count, not an id unique across every bank."""
    if text and (not ID_PATTERN.fullmatch(text) or text.isdigit()):
        messages.append(
            _(
                "编号“%(value)s”不是题目编号：编号用小写字母、数字和连字符“-”写成，"
                "如 fake-refund-001；不确定时请留空，会自动编号。",
                value=text,
            )
        )
        return None
    return text or None


def _dialogue(text: str, messages: list[str]) -> tuple[tuple[str, str], ...]:
    lines: list[tuple[str, str]] = []
    for number, line in enumerate((ln.strip() for ln in text.splitlines() if ln.strip()), 1):
        match = _SPEAKER.fullmatch(line)
        if match is None:
            messages.append(
                _("对话第 %(n)d 句“%(line)s”应写成“说话人：内容”，每句一行。", n=number, line=line)
            )
            continue
        lines.append((match.group(1), match.group(2)))
    return tuple(lines)


def _audience(text: str, messages: list[str]) -> tuple[str, ...] | None:
    words = split_list(text)
    if not words:
        return None
    unknown = [word for word in words if word.casefold() not in LEVEL_WORDS]
    if unknown:
        messages.append(
            _(
                "学段“%(words)s”无法识别：请填写 %(levels)s 中的一个或几个，"
                "用逗号分隔；适用于所有学段时留空。",
                words="、".join(unknown),
                levels=school_level_list(),
            )
        )
        return None
    found = {LEVEL_WORDS[word.casefold()] for word in words}
    return tuple(level for level in SCHOOL_LEVELS if level in found)


def split_list(text: str) -> tuple[str, ...]:
    """Items of a cell such as 「parcel, family」 or 「初中、高中」."""
    return tuple(item.strip() for item in _LIST_SEPARATORS.split(text) if item.strip())
