"""Converting question banks between the YAML bank format, Excel sheets and Moodle GIFT.

Teachers keep questions in Excel and colleges export them from Moodle; these modules turn either
into a bank file that passes `quiz.banks.validation`, and a bank back into either. Pure: bytes
or text in, dataclasses and problems out, no Flask (the commands are in `cli`).

    excel.py   .xlsx rows  -> Draft questions      (and the column layout)
    gift.py    GIFT text   -> Draft questions      (skipping question kinds a bank cannot hold)
    writer.py  BankFile    -> YAML text, .xlsx bytes, GIFT text
    this file  the shared dataclasses, and `convert_source`: detect the input, read it, give the
               questions ids, write YAML and check it with the bank validator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from quiz import upload_limits
from quiz.banks.question_types import LETTERS, QUESTION_TYPES
from quiz.banks.validation import (
    CODE_PATTERN,
    ID_PATTERN,
    BankFile,
    BankQuestion,
    BankScamType,
    Problem,
    parse_bank,
)
from quiz.i18n import _

__all__ = [
    "DEFAULT_DIFFICULTY",
    "ConvertProblem",
    "Conversion",
    "Draft",
    "Read",
    "Skipped",
    "convert_source",
    "detect_format",
    "repeated_option_messages",
    "repeated_options",
]

DEFAULT_DIFFICULTY = 2
YAML_SUFFIXES = (".yaml", ".yml")
GIFT_SUFFIXES = (".gift",)
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls/.doc, and encrypted .xlsx

# Unicode's Cc characters but tab, CR and LF: the marks of a binary file. (One regex pass, not
# a Python step per character: 8 MiB decide in milliseconds.)
_CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]")
_COLON = re.compile(r"[ \t]*:")


@dataclass(frozen=True)
class ConvertProblem:
    """Something that stops a conversion, at a spreadsheet row or a text line (0: the file)."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line > 0 else self.file
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Skipped:
    """A question of a kind a bank cannot hold (essay, matching…), left out on purpose."""

    file: str
    line: int
    kind: str
    title: str | None = None

    def __str__(self) -> str:
        name = f"“{self.title}”" if self.title else ""
        kinds = [kind.short_label for kind in QUESTION_TYPES.values()]
        return f"{self.file}:{self.line}: " + _(
            "跳过%(kind)s%(name)s：题库只支持%(kinds)s题。",
            kind=self.kind,
            name=name,
            kinds=_("%(some)s和%(last)s", some="、".join(kinds[:-1]), last=kinds[-1]),
        )


@dataclass(frozen=True)
class Draft:
    """One question read from a spreadsheet row or a GIFT question, before it has its id.

    `id` is an id the source gave explicitly (the Excel 编号 column); `title` is a GIFT title,
    kept as the id only when it already looks like one of this scam type's ids. `difficulty`
    None means the source had none (GIFT), and the default is used.
    """

    line: int
    type: str
    stem: str
    options: tuple[str, ...]
    answer: tuple[int, ...]
    explanation: str
    difficulty: int | None = None
    id: str | None = None
    title: str | None = None
    category: str | None = None  # a scam type code from a GIFT $CATEGORY line
    dialogue: tuple[tuple[str, str], ...] = ()
    tags: tuple[str, ...] = ()
    audience: tuple[str, ...] | None = None
    source: str | None = None


@dataclass
class Read:
    """What a reader made of one file: questions, or problems, and what it left out."""

    drafts: list[Draft] = field(default_factory=list)
    problems: list[ConvertProblem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Conversion:
    """The result of `convert_source`: the YAML to write, or the problems that stop it."""

    bank: BankFile | None = None
    yaml_text: str = ""
    problems: list[ConvertProblem | Problem] = field(default_factory=list)  # Problem: YAML input
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def repeated_options(texts: list[str]) -> list[tuple[int, int]]:
    """(index, index of its first occurrence) for each non-empty option that repeats an earlier
    one: both readers refuse a question with two identical options, each in its own words."""
    first: dict[str, int] = {}
    repeats = []
    for index, text in enumerate(texts):
        if text and text in first:
            repeats.append((index, first[text]))
        first.setdefault(text, index)
    return repeats


def repeated_option_messages(texts: list[str], message: str) -> list[str]:
    """One message per repeated option; `message` is the reader's own wording, a translated
    string with %(this)s, %(first)s (option letters) and %(value)s."""
    return [message % {"this": LETTERS[index], "first": LETTERS[first], "value": texts[index]}
            for index, first in repeated_options(texts)]


def detect_format(path: str, data: bytes) -> tuple[str | None, str]:
    """("xlsx" | "yaml" | "gift", "") by content and extension, or (None, why not)."""
    suffix = PurePath(path).suffix.lower()
    if data.startswith(ZIP_MAGIC):
        return "xlsx", ""
    if data.startswith(OLE_MAGIC):
        return None, _(
            "这是旧版 .xls（或加密的）Office 文件：请在 Excel 中“另存为” .xlsx 后再转换。"
        )
    if suffix in (".xlsx", ".xlsm"):
        return None, _(
            "文件名是 %(suffix)s，但内容不是 Excel 文件（可能只是改了扩展名）："
            "请在 Excel 中“另存为” .xlsx 后再转换。",
            suffix=suffix,
        )
    if suffix in YAML_SUFFIXES:
        return "yaml", ""
    text = decode_text(data)
    if text is None:
        return None, _(
            "无法识别的文件：它既不是 Excel (.xlsx)，也不是 UTF-8 或 GBK 编码的文本。"
            "请提供 .xlsx 表格、GIFT 文件（.gift/.txt）或 YAML 题库文件。"
        )
    if suffix in GIFT_SUFFIXES:
        return "gift", ""
    if looks_like_yaml_bank(text):
        return "yaml", ""
    if looks_like_gift(text):
        return "gift", ""
    return None, _(
        "无法识别的文件：内容既不是 Excel 表格，也不是 GIFT 题目（没有“{…}”答案）"
        "或 YAML 题库（没有 scam_type: 和 questions:）。"
    )


def looks_like_yaml_bank(text: str) -> bool:
    """A line that starts with `scam_type:` or `questions:`."""
    return any(_starts_a_line(text, key, indented=False, then=_COLON)
               for key in ("scam_type", "questions"))


def looks_like_gift(text: str) -> bool:
    """A line starting with `$CATEGORY:` or `::` (after spaces), or an unescaped `{…}`.

    Linear time, by jumping with `str.find` (the `^\\s*` under MULTILINE this replaces let
    every line start rescan all the blank lines after it: 8 MiB of newlines took hours).
    """
    return (_starts_a_line(text, "$CATEGORY:", indented=True)
            or _starts_a_line(text, "::", indented=True) or _has_answer_block(text))


def _starts_a_line(text: str, marker: str, *, indented: bool,
                   then: re.Pattern[str] | None = None) -> bool:
    """Whether `marker` begins some line (after spaces if `indented`), followed by `then`.
    Each line is looked at once at most: after a miss the search goes on from its end."""
    at = text.find(marker)
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        before = text[start:at]
        if (not before.strip() if indented else not before) and (
                then is None or then.match(text, at + len(marker))):
            return True
        end = text.find("\n", at)
        if end == -1:
            return False
        at = text.find(marker, end)
    return False


def _has_answer_block(text: str) -> bool:
    """An unescaped `{` and the next unescaped `}` with no brace between them."""
    def escaped(at: int) -> bool:
        return at > 0 and text[at - 1] == "\\"

    start = text.find("{")
    while start != -1 and (close := text.find("}", start)) != -1:
        opening = text.rfind("{", start, close)
        if opening != -1 and not escaped(opening) and not escaped(close):
            return True
        start = text.find("{", close + 1)
    return False


def decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else GBK as Notepad on Chinese Windows saves; None if binary."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text) is None:
            return text
    return None


def convert_source(
    path: str,
    data: bytes,
    *,
    code: str | None = None,
    name: str | None = None,
    summary: str | None = None,
    existing: BankScamType | None = None,
) -> Conversion:
    """Read `data` (xlsx, GIFT or YAML), and build the bank file's YAML text, checked.

    `code` is --scam-type (a GIFT $CATEGORY can stand in for it); `name` and `summary`
    override the scam type's; `existing` is the scam type of the bank being replaced, kept so
    that re-converting a sheet does not lose its name, summary and warning signs.
    """
    try:
        with upload_limits.time_limit():
            upload_limits.check_file_size(data)
            return _convert(path, data, code, name, summary, existing)
    except upload_limits.TooLarge as refused:
        return Conversion(problems=[ConvertProblem(path, 0, str(refused))])


def _convert(
    path: str,
    data: bytes,
    code: str | None,
    name: str | None,
    summary: str | None,
    existing: BankScamType | None,
) -> Conversion:
    kind, why = detect_format(path, data)
    if kind is None:
        return Conversion(problems=[ConvertProblem(path, 0, why)])
    if kind == "yaml":
        return _convert_yaml(path, data, code, name, summary)
    # Imported here: the readers import this package's dataclasses, so they cannot load first.
    if kind == "xlsx":
        from quiz.banks.convert.excel import read_xlsx

        read = read_xlsx(path, data)
    else:
        from quiz.banks.convert.gift import read_gift

        read = read_gift(path, decode_text(data) or "")
    conversion = Conversion(problems=read.problems, skipped=read.skipped, notes=read.notes)
    if not read.drafts and not read.problems:
        conversion.problems.append(ConvertProblem(path, 0, _("文件里没有可以转换的题目。")))
    if conversion.problems:
        return conversion
    code = _scam_type_code(path, read.drafts, code, conversion)
    if code is None:
        return conversion
    scam_type = _scam_type(code, name, summary, existing, conversion.notes)
    questions = _with_ids(path, read.drafts, code, conversion)
    if conversion.problems:
        return conversion
    missing = sum(1 for draft in read.drafts if draft.difficulty is None)
    if missing:
        conversion.notes.append(
            _(
                "%(n)d 道题没有标注难度（GIFT 不记录难度），已按 %(d)d（中等）写入；"
                "可在 YAML 中改 difficulty，或在 GIFT 标题中写成 ::编号 [难度1]::。",
                n=missing,
                d=DEFAULT_DIFFICULTY,
            )
        )
    lines = {question.id: question.line for question in questions}
    return _checked(path, BankFile(path, scam_type, tuple(questions)), lines, conversion)


def _convert_yaml(
    path: str, data: bytes, code: str | None, name: str | None, summary: str | None
) -> Conversion:
    bank, problems = parse_bank(path, data)
    if bank is None:
        return Conversion(problems=list(problems))
    if code and code != bank.scam_type.code:
        message = _(
            "文件中的 code 是 %(file)s，与 --scam-type %(given)s 不同：YAML 题库的 code "
            "以文件为准，请去掉 --scam-type 或改文件。",
            file=bank.scam_type.code,
            given=code,
        )
        return Conversion(problems=[ConvertProblem(path, 0, message)])
    scam_type = replace(
        bank.scam_type, name=name or bank.scam_type.name, summary=summary or bank.scam_type.summary
    )
    bank = replace(bank, scam_type=scam_type)
    lines = {question.id: question.line for question in bank.questions}
    return _checked(path, bank, lines, Conversion())


def _checked(
    path: str, bank: BankFile, lines: dict[str, int], conversion: Conversion
) -> Conversion:
    """Write the YAML and run the bank validator on it: what is written is what imports."""
    from quiz.banks.convert.writer import bank_to_yaml

    text = bank_to_yaml(bank)
    parsed, problems = parse_bank(path, text.encode("utf-8"))
    for problem in problems:
        where = lines.get(problem.question_id or "", 0)
        label = f"question {problem.question_id}: " if problem.question_id else ""
        conversion.problems.append(
            ConvertProblem(
                path,
                where,
                label + _("转换结果未通过题库校验：%(message)s", message=problem.message),
            )
        )
    if parsed is not None and not problems:
        conversion.bank = parsed
        conversion.yaml_text = text
    return conversion


def _scam_type_code(
    path: str, drafts: list[Draft], given: str | None, conversion: Conversion
) -> str | None:
    """--scam-type if given, else the one code the GIFT categories name; None after a problem."""
    if given is not None:
        given = given.strip()
        if CODE_PATTERN.fullmatch(given):
            return given
        message = _(
            "--scam-type 只能用小写字母、数字和连字符“-”，如 fake-refund；现在是“%(code)s”。",
            code=given,
        )
    else:
        codes = sorted({draft.category for draft in drafts if draft.category})
        if len(codes) == 1:
            return codes[0]
        if codes:
            message = _(
                "文件中的题目属于多个分类（%(codes)s）：请用 --scam-type 指定题库，"
                "或把文件拆开分别转换。",
                codes="、".join(codes),
            )
        else:
            message = _(
                "请用 --scam-type 指定诈骗类型的 code，如 --scam-type fake-refund"
                "（题目编号将是 fake-refund-001、fake-refund-002…）。"
            )
    conversion.problems.append(ConvertProblem(path, 0, message))
    return None


def _scam_type(
    code: str,
    name: str | None,
    summary: str | None,
    existing: BankScamType | None,
    notes: list[str],
) -> BankScamType:
    if existing is not None and existing.code == code:
        notes.append(_("沿用输出文件中已有的 scam_type（name、summary、warning_signs 等）。"))
        return replace(existing, name=name or existing.name, summary=summary or existing.summary)
    if not name or not summary:
        notes.append(
            _(
                "没有给出 --name 或 --summary：scam_type 的 name 暂用 code，summary 是占位文字，"
                "导入前请在生成的 YAML 中改好。"
            )
        )
    return BankScamType(
        code=code,
        name=name or code,
        summary=summary or _("（待补充：请写这类诈骗的常见手法和特点）"),
    )


def _with_ids(
    path: str, drafts: list[Draft], code: str, conversion: Conversion
) -> list[BankQuestion]:
    """Questions with ids: the source's where it gave one, else CODE-001, CODE-002… unused."""
    chosen: list[str | None] = []
    used: dict[str, int] = {}
    for draft in drafts:
        qid = draft.id or (_title_id(draft.title, code))
        if qid is not None and qid in used:
            conversion.problems.append(
                ConvertProblem(
                    path,
                    draft.line,
                    _(
                        "编号 %(id)s 与第 %(first)d 行的题目重复：每道题的编号必须唯一。",
                        id=qid,
                        first=used[qid],
                    ),
                )
            )
        elif qid is not None:
            used[qid] = draft.line
        chosen.append(qid)
    counter = 0
    questions = []
    for draft, qid in zip(drafts, chosen, strict=True):
        if qid is None:
            counter += 1
            while f"{code}-{counter:03d}" in used:
                counter += 1
            qid = f"{code}-{counter:03d}"
        questions.append(
            BankQuestion(
                id=qid,
                type=draft.type,
                difficulty=draft.difficulty or DEFAULT_DIFFICULTY,
                stem=draft.stem,
                options=draft.options,
                answer=draft.answer,
                explanation=draft.explanation,
                dialogue=draft.dialogue,
                tags=draft.tags,
                audience=draft.audience,
                source=draft.source,
                line=draft.line,
            )
        )
    return questions


def _title_id(title: str | None, code: str) -> str | None:
    """A GIFT title is kept as the id only when it is one of this scam type's ids."""
    if title and title.startswith(f"{code}-") and ID_PATTERN.fullmatch(title):
        return title
    return None
