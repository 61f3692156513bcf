"""Writing a BankFile as bank YAML text, as the Excel template (.xlsx) or as Moodle GIFT.

YAML is built by hand so that keys come in the order of the format document and the layout
matches the hand-written banks (options one per line, `answer: [A, C]`, a blank line between
questions). Every text goes through `scalar`, which lets PyYAML decide whether it must be
quoted: an option "110", "yes" or "2026-01-01" is written quoted and reads back as text.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable

import openpyxl
import yaml
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from quiz.banks.convert.excel import COLUMNS, OPTION_KEYS
from quiz.banks.question_types import LETTERS, QUESTION_TYPES
from quiz.banks.validation import BankFile, BankQuestion
from quiz.i18n import _
from quiz.labels import school_level_label, school_level_list
from quiz.spreadsheets import write_openpyxl_cell

_LINE_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")  # YAML folds these inside quotes
_FLOW_INDICATORS = ",[]{}"
_GIFT_SPECIAL = "~=#{}:"
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

# --- YAML ---------------------------------------------------------------------------------------


def bank_to_yaml(bank: BankFile) -> str:
    """The bank as a YAML bank file, keys in the format document's order."""
    scam = bank.scam_type
    lines = [
        "scam_type:",
        f"  code: {scalar(scam.code)}",
        f"  name: {scalar(scam.name)}",
        f"  summary: {scalar(scam.summary)}",
    ]
    if scam.warning_signs:
        lines.append("  warning_signs:")
        lines.extend(f"    - {scalar(sign)}" for sign in scam.warning_signs)
    if scam.audience is not None:
        lines.append(f"  audience: {flow(scam.audience)}")
    lines += ["", "questions:"]
    for question in bank.questions:
        lines.extend(_question_yaml(question))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _question_yaml(question: BankQuestion) -> list[str]:
    lines = [
        f"  - id: {scalar(question.id)}",
        f"    type: {question.type}",
        f"    difficulty: {question.difficulty}",
        f"    stem: {scalar(question.stem)}",
    ]
    if question.options:
        lines.append("    options:")
        lines.extend(f"      - {scalar(option)}" for option in question.options)
    lines.append(f"    answer: {_answer_yaml(question)}")
    lines.append(f"    explanation: {scalar(question.explanation)}")
    if question.dialogue:
        lines.append("    dialogue:")
        lines.extend(
            f"      - {{from: {flow_item(who)}, text: {flow_item(said)}}}"
            for who, said in question.dialogue
        )
    if question.tags:
        lines.append(f"    tags: {flow(question.tags)}")
    if question.audience is not None:
        lines.append(f"    audience: {flow(question.audience)}")
    if question.source:
        lines.append(f"    source: {scalar(question.source)}")
    return lines


def _answer_yaml(question: BankQuestion) -> str:
    return QUESTION_TYPES[question.type].yaml_answer(question.answer)


def scalar(text: str) -> str:
    """`text` as a YAML scalar that reads back as this exact string: plain when it can be."""
    if not any(mark in text for mark in _LINE_BREAKS):
        dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000_000)
        dumped = dumped.removesuffix("\n...\n").rstrip("\n")
        if "\n" not in dumped:
            return dumped
    return _double_quoted(text)


def flow_item(text: str) -> str:
    """A scalar that can stand inside `[…]` or `{…}`: quoted if it holds `,` or brackets."""
    written = scalar(text)
    if written == text and any(mark in text for mark in _FLOW_INDICATORS):
        return _double_quoted(text)
    return written


def flow(items: Iterable[str]) -> str:
    return "[" + ", ".join(flow_item(item) for item in items) + "]"


def _double_quoted(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars
    for mark in _LINE_BREAKS[2:]:
        quoted = quoted.replace(mark, f"\\u{ord(mark):04x}")
    return quoted


# --- Excel --------------------------------------------------------------------------------------


def bank_to_xlsx(bank: BankFile) -> bytes:
    """The bank's questions as the Excel template: one row per question under the header."""
    workbook = openpyxl.Workbook()
    sheet = _question_sheet(workbook)
    for row, question in enumerate(bank.questions, start=2):
        _write_row(sheet, row, question_row(question))
    return _save(workbook)


def template_xlsx() -> bytes:
    """A blank template: the header, one example row, and a 说明 sheet about each column."""
    workbook = openpyxl.Workbook()
    sheet = _question_sheet(workbook)
    _write_row(sheet, 2, question_row(example_question()))
    notes = workbook.create_sheet(_("说明"))
    for line in _template_notes():
        notes.append([line])
    notes.append([])
    start = notes.max_row + 1
    _write_row(notes, start, [_("列名"), _("是否必填"), _("填写说明")], bold=True)
    help_texts = column_help()
    for offset, column in enumerate(COLUMNS, start=1):
        required = _("必填") if column.required else _("可不填")
        _write_row(notes, start + offset, [column.header, required, help_texts[column.key]])
    for letter_, width in zip("ABC", (12, 10, 90), strict=True):
        notes.column_dimensions[letter_].width = width
    for row in notes.iter_rows(min_row=start):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return _save(workbook)


def column_help() -> dict[str, str]:
    """What each column holds, for the template's 说明 sheet (translated when called)."""
    options = {
        key: _(
            "选项 %(letter)s 的内容。单选、多选题从选项A起连续填写 2 到 6 个，不能重复；"
            "判断题不填。",
            letter=LETTERS[i],
        )
        for i, key in enumerate(OPTION_KEYS)
    }
    return {
        "type": _("必填：单选、多选 或 判断（也可写 单选题、多选题、判断题）。"),
        "stem": _("必填：题干；单元格内可以换行。"),
        **options,
        "answer": _(
            "必填：单选填一个字母，如 B；多选填两个以上字母，如 AC、A,C 或 A C；"
            "判断填 对 或 错（也可写 正确/错误、√/×、true/false）。"
        ),
        "explanation": _("必填：为什么这样选，答题后给学生看。"),
        "difficulty": _("必填：1、2、3，或 易、中、难（简单、中等、困难）。"),
        "id": _(
            "可不填：不填时按诈骗类型自动编号（如 fake-refund-001）。已导入过的题目请保留"
            "原编号，编号一经使用不能更改。"
        ),
        "dialogue": _("可不填：题干上方显示的聊天记录，每句一行，写成“说话人：内容”。"),
        "tags": _("可不填：标签，用逗号分隔，如 parcel, family。"),
        "audience": _(
            "可不填（默认所有学段）：%(levels)s 中的一个或几个，用逗号分隔。",
            levels=school_level_list(),
        ),
        "source": _("可不填：题目依据的法律、文件或案例。"),
    }


def _template_notes() -> list[str]:
    return [
        _("反诈题库 Excel 模板：每行一道题，第 1 行是表头，请不要修改表头。"),
        _("第 2 行是示例，可以照着填写，转换前请删除或改成自己的题目。"),
        _("不要合并单元格；选项从 选项A 起连续填写；每道题都要有解析和难度。"),
        _("转换命令：flask --app quiz banks convert 题目.xlsx -o 题库.yaml --scam-type 类型代码"),
    ]


def example_question() -> BankQuestion:
    """The template's example row: a complete single-choice question."""
    return BankQuestion(
        id="",
        type="single",
        difficulty=1,
        stem=_("接到自称“快递客服”的电话，说快递丢了要双倍理赔，让你扫码领钱。应该怎么做？"),
        options=(
            _("扫码领取赔偿"),
            _("挂断电话，自己在购物App里查订单"),
            _("把银行卡号告诉对方"),
            _("按对方说的下载会议软件"),
        ),
        answer=(1,),
        explanation=_("真正的理赔在官方App里办理，不需要扫陌生人的二维码或提供银行卡号。"),
    )


def question_row(question: BankQuestion) -> list[str | int | None]:
    """One question's cells in COLUMNS order, as a teacher would type them."""
    kind = QUESTION_TYPES[question.type]
    values: dict[str, str | int | None] = {
        "type": kind.short_label,
        "stem": question.stem,
        **dict(zip(OPTION_KEYS, question.options, strict=False)),
        "answer": kind.sheet_answer(question.answer),
        "explanation": question.explanation,
        "difficulty": question.difficulty,
        "id": question.id or None,
        "dialogue": "\n".join(f"{who}：{said}" for who, said in question.dialogue) or None,
        "tags": ", ".join(question.tags) or None,
        "audience": "、".join(map(school_level_label, question.audience or ())) or None,
        "source": question.source,
    }
    return [values.get(column.key) for column in COLUMNS]


def _question_sheet(workbook: openpyxl.Workbook) -> Worksheet:
    sheet = workbook.active
    sheet.title = _("题目")
    _write_row(sheet, 1, [column.header for column in COLUMNS], bold=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    return sheet


def _write_row(sheet: Worksheet, row: int, values: list, bold: bool = False) -> None:
    for index, value in enumerate(values, start=1):
        cell = write_openpyxl_cell(sheet, row, index, value)  # "=5" stays text, not a formula
        if isinstance(value, str):
            cell.number_format = "@"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL


def _save(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- GIFT ---------------------------------------------------------------------------------------


def bank_to_gift(bank: BankFile) -> str:
    """The bank as Moodle GIFT; the id and difficulty ride in the title: `::ID [难度2]::`."""
    scam = bank.scam_type
    lines = [
        f"// {_one_line(scam.name)} ({scam.code})",
        "// "
        + _(
            "由 flask --app quiz banks export 生成；标题中的 [难度1] [难度2] [难度3] "
            "表示简单、中等、困难，转换回题库时会读取。"
        ),
        f"$CATEGORY: 反诈/{scam.code}",  # a Moodle category path, not a message
        "",
    ]
    for question in bank.questions:
        lines.extend(_question_gift(question))
        lines.append("")
    return "\n".join(lines)


def _question_gift(question: BankQuestion) -> list[str]:
    said = [f"{escape(who)}：{escape(text)}" for who, text in question.dialogue]
    text = "\n".join([*said, escape(question.stem)])
    head = f"::{question.id} [难度{question.difficulty}]::{text}"
    explanation = f"####{escape(question.explanation)}"
    return QUESTION_TYPES[question.type].gift_lines(
        head, question.options, question.answer, explanation, escape
    )


def escape(text: str) -> str:
    """A text for GIFT: backslash before its special characters, line breaks as `\\n`."""
    text = text.replace("\\", "\\\\")
    for char in _GIFT_SPECIAL:
        text = text.replace(char, "\\" + char)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _one_line(text: str) -> str:
    return " ".join(text.split())
