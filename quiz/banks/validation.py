"""Validate question bank YAML files and turn them into plain dataclasses.

Teachers edit banks by hand, so every rule of the bank format (docs: question-bank-format.md)
becomes a Problem naming the file, the line and the question, and saying what to change. Files
are read through PyYAML's node API rather than `safe_load`: nodes keep their line numbers and
their raw text, so an option written `110`, `yes` or `2026-01-01` stays that text instead of
becoming a number, a bool or a date, and duplicate keys (which YAML silently merges) are caught.
Every problem in a file is reported in one pass, and no input makes the validator raise.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from quiz.banks.question_types import QUESTION_TYPES, Field, QuestionType, describe, node_line
from quiz.banks.yaml_reader import Checker, Problem, compose, did_you_mean
from quiz.i18n import _
from quiz.labels import SCHOOL_LEVELS

__all__ = [
    "SCHOOL_LEVELS", "BankFile", "BankQuestion", "BankScamType", "Problem", "expand_paths",
    "parse_bank", "validate_paths",
]

TOP_KEYS = ("scam_type", "questions")
SCAM_TYPE_KEYS = ("code", "name", "summary", "warning_signs", "audience")
SCAM_TYPE_REQUIRED = ("code", "name", "summary")
QUESTION_KEYS = (
    "id", "type", "difficulty", "stem", "options", "answer", "explanation",
    "dialogue", "tags", "audience", "source",
)  # fmt: skip
QUESTION_REQUIRED = ("id", "type", "difficulty", "stem", "answer", "explanation")
DIALOGUE_KEYS = ("from", "text")
BANK_SUFFIXES = (".yaml", ".yml")

CODE_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
ID_PATTERN = re.compile(r"[a-z0-9-]+")
INT_TAG = "tag:yaml.org,2002:int"


@dataclass(frozen=True)
class BankQuestion:
    id: str
    type: str
    difficulty: int
    stem: str
    options: tuple[str, ...]  # as written; () for true_false
    answer: tuple[int, ...]  # sorted 0-based indices into the type's display options
    explanation: str
    dialogue: tuple[tuple[str, str], ...] = ()  # (from, text)
    tags: tuple[str, ...] = ()
    audience: tuple[str, ...] | None = None  # None = the scam type's audience
    source: str | None = None
    line: int = 0

    def content(self) -> dict[str, Any]:
        """Everything the author wrote, JSON-able and in a fixed key order, to detect edits."""
        return {
            "id": self.id,
            "type": self.type,
            "difficulty": self.difficulty,
            "stem": self.stem,
            "options": list(self.options),
            "answer": list(self.answer),
            "explanation": self.explanation,
            "dialogue": [{"from": who, "text": text} for who, text in self.dialogue],
            "tags": list(self.tags),
            "audience": None if self.audience is None else list(self.audience),
            "source": self.source,
        }


@dataclass(frozen=True)
class BankScamType:
    code: str
    name: str
    summary: str
    warning_signs: tuple[str, ...] = ()
    audience: tuple[str, ...] | None = None  # None = all school levels


@dataclass(frozen=True)
class BankFile:
    path: str
    scam_type: BankScamType
    questions: tuple[BankQuestion, ...]


# --- values shared by the scam type and the questions -----------------------------------------

_Parser = Callable[[Field, Checker], Any]


def _text(label: str) -> _Parser:
    return lambda field_, checker: checker.text(field_.value, label)


def _text_list(example: str) -> _Parser:
    """A parser for a list of non-empty texts, e.g. warning_signs or tags."""

    def parse(field_: Field, checker: Checker) -> tuple[str, ...] | None:
        name = field_.key.value
        if not isinstance(field_.value, yaml.SequenceNode):
            checker.report(
                field_.line,
                _(
                    "%(name)s 应为列表，如 %(example)s；不需要就删除这一行。",
                    name=name,
                    example=example,
                ),
            )
            return None
        items = field_.value.value
        texts = [
            text
            for number, item in enumerate(items, start=1)
            if (text := checker.text(item, _("%(name)s 第 %(n)d 项", name=name, n=number)))
        ]
        return tuple(texts) if len(texts) == len(items) else None

    return parse


def _parse_audience(field_: Field, checker: Checker) -> tuple[str, ...] | None:
    """A non-empty list of school levels, returned in SCHOOL_LEVELS order."""
    levels = "、".join(SCHOOL_LEVELS)
    node = field_.value
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        checker.report(
            field_.line,
            _(
                "audience 应为学段列表（可选 %(levels)s），如 [senior, college]，"
                "现在是%(current)s；适用于所有学段时请删除 audience。",
                levels=levels,
                current=_("空列表") if isinstance(node, yaml.SequenceNode) else describe(node),
            ),
        )
        return None
    found: list[str] = []
    for item in node.value:
        value = item.value.strip() if isinstance(item, yaml.ScalarNode) else ""
        if value in found:
            message = _("audience 中的 %(value)s 写了两次，请删除一个。", value=value)
        elif value not in SCHOOL_LEVELS:
            message = _(
                "audience 中的 %(current)s 不是学段，可选：%(levels)s。",
                current=describe(item),
                levels=levels,
            ) + did_you_mean(value, SCHOOL_LEVELS)
        else:
            found.append(value)
            continue
        checker.report(node_line(item), message)
    if len(found) < len(node.value):
        return None
    return tuple(level for level in SCHOOL_LEVELS if level in found)


def _parse_values(
    fields: dict[str, Field], parsers: dict[str, _Parser], checker: Checker
) -> dict[str, Any]:
    """Run the parser of every key present; a value is None when its parser reported."""
    return {key: parse(fields[key], checker) for key, parse in parsers.items() if key in fields}


# --- scam type ---------------------------------------------------------------------------------


def _parse_name(field_: Field, checker: Checker, key: str, pattern: re.Pattern[str],
                message: str) -> str | None:
    """A code or an id: text matching `pattern`, else `message` (with %(value)s) reported."""
    value = checker.text(field_.value, key)
    if value is None or pattern.fullmatch(value):
        return value
    checker.report(field_.line, message % {"value": value})
    return None


def _parse_code(field_: Field, checker: Checker) -> str | None:
    return _parse_name(field_, checker, "code", CODE_PATTERN, _(
        "code 只能用小写字母、数字和连字符“-”（不能以“-”开头或结尾，不能连写“--”），"
        "如 order-brushing；现在是“%(value)s”。"))


_SCAM_TYPE_PARSERS: dict[str, _Parser] = {
    "code": _parse_code,
    "name": _text("name"),
    "summary": _text("summary"),
    "warning_signs": _text_list("[要求先垫付资金, 引导下载陌生 App]"),
    "audience": _parse_audience,
}


def _parse_scam_type(field_: Field, checker: Checker, parsed: _Parsed) -> BankScamType | None:
    with checker.within("scam_type"):
        if not isinstance(field_.value, yaml.MappingNode):
            checker.report(
                field_.line,
                _(
                    "scam_type 应为键值对（code、name、summary…），现在是%(current)s，请检查缩进。",
                    current=describe(field_.value),
                ),
            )
            return None
        before = len(checker.problems)
        fields = checker.fields(field_.value, SCAM_TYPE_KEYS, SCAM_TYPE_REQUIRED)
        values = _parse_values(fields, _SCAM_TYPE_PARSERS, checker)
        if values.get("code") is not None:
            parsed.code = (values["code"], fields["code"].line)
        if len(checker.problems) > before:
            return None
        return BankScamType(**values)


# --- questions ---------------------------------------------------------------------------------


def _peek_id(node: yaml.MappingNode) -> str | None:
    """The question's id when it can name the question in messages, else None."""
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "id":
            if isinstance(value, yaml.ScalarNode) and ID_PATTERN.fullmatch(value.value.strip()):
                return value.value.strip()
            return None
    return None


def _parse_id(field_: Field, checker: Checker) -> str | None:
    return _parse_name(field_, checker, "id", ID_PATTERN, _(
        "id 只能用小写字母、数字和连字符“-”，如 order-brushing-001；现在是“%(value)s”。"))


def _parse_type(field_: Field, checker: Checker) -> QuestionType | None:
    raw = checker.text(field_.value, "type")
    if raw is None or raw in QUESTION_TYPES:
        return QUESTION_TYPES.get(raw or "")
    checker.report(
        field_.line,
        _(
            "type 应为 %(allowed)s 之一（%(names)s），现在是“%(type)s”。",
            allowed="、".join(QUESTION_TYPES),
            names="、".join(kind.short_label for kind in QUESTION_TYPES.values()),
            type=raw,
        )
        + did_you_mean(raw, QUESTION_TYPES),
    )
    return None


def _parse_difficulty(field_: Field, checker: Checker) -> int | None:
    node = field_.value
    if isinstance(node, yaml.ScalarNode) and node.tag == INT_TAG and node.value in ("1", "2", "3"):
        return int(node.value)
    quoted = isinstance(node, yaml.ScalarNode) and node.style in ("'", '"')
    checker.report(
        field_.line,
        _(
            "difficulty 应为数字 1、2 或 3（1 简单，2 中等，3 困难）%(quotes)s，"
            "现在是%(current)s。",
            quotes=_("，不加引号") if quoted else "",
            current=describe(node),
        ),
    )
    return None


def _parse_dialogue(field_: Field, checker: Checker) -> tuple[tuple[str, str], ...] | None:
    if not isinstance(field_.value, yaml.SequenceNode):
        checker.report(
            field_.line,
            _("dialogue 应为对话列表，每句一行，如 - {from: 陌生人, text: 日结兼职}。"),
        )
        return None
    before = len(checker.problems)
    lines: list[tuple[str, str]] = []
    for number, item in enumerate(field_.value.value, start=1):
        if not isinstance(item, yaml.MappingNode):
            checker.report(
                node_line(item),
                _(
                    "dialogue 第 %(n)d 句应写成 {from: 说话人, text: 内容}，现在是%(current)s。",
                    n=number,
                    current=describe(item),
                ),
            )
            continue
        parts = checker.fields(item, DIALOGUE_KEYS, DIALOGUE_KEYS)
        who, said = (
            checker.text(parts[key].value, _("dialogue 第 %(n)d 句的 %(key)s", n=number, key=key))
            if key in parts
            else None
            for key in DIALOGUE_KEYS
        )
        if who is not None and said is not None:
            lines.append((who, said))
    return None if len(checker.problems) > before else tuple(lines)


_QUESTION_PARSERS: dict[str, _Parser] = {
    "difficulty": _parse_difficulty,
    "stem": _text("stem"),
    "explanation": _text("explanation"),
    "dialogue": _parse_dialogue,
    "tags": _text_list("[part-time, students]"),
    "audience": _parse_audience,
    "source": _text("source"),
}


def _parse_question(
    node: yaml.Node, position: int, checker: Checker, parsed: _Parsed, seen: dict[str, int]
) -> BankQuestion | None:
    if not isinstance(node, yaml.MappingNode):
        with checker.within("question", position=position):
            checker.report(
                node_line(node),
                _(
                    "每道题应写成键值对（id、type、stem…），现在是%(current)s，请检查缩进和“- ”。",
                    current=describe(node),
                ),
            )
        return None
    with checker.within("question", _peek_id(node), position):
        before = len(checker.problems)
        fields = checker.fields(node, QUESTION_KEYS, QUESTION_REQUIRED)
        qid = _parse_id(fields["id"], checker) if "id" in fields else None
        if qid is not None and qid in seen:
            checker.report(
                fields["id"].line,
                _(
                    "id %(id)s 与本文件第 %(first)d 行的题目重复：每道题的 id 必须唯一，"
                    "请改用新的 id。",
                    id=qid,
                    first=seen[qid],
                ),
            )
        elif qid is not None:
            seen[qid] = fields["id"].line
            parsed.ids.append((qid, fields["id"].line))
        qtype = _parse_type(fields["type"], checker) if "type" in fields else None
        choices = None
        if qtype is not None:
            choices = qtype.parse(
                fields.get("options"), fields.get("answer"), node_line(node), checker
            )
        values = _parse_values(fields, _QUESTION_PARSERS, checker)
        if len(checker.problems) > before or qtype is None or choices is None:
            return None
        options, answer = choices
        return BankQuestion(
            id=qid, type=qtype.code, options=options, answer=answer, line=node_line(node), **values
        )


def _parse_questions(field_: Field, checker: Checker, parsed: _Parsed) -> list[BankQuestion]:
    node = field_.value
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        checker.report(
            field_.line,
            _(
                "questions 应为题目列表且至少有一道题，每道题以“- id: …”开头；现在是%(current)s。",
                current=_("空列表") if isinstance(node, yaml.SequenceNode) else describe(node),
            ),
        )
        return []
    seen: dict[str, int] = {}
    questions = (
        _parse_question(item, position, checker, parsed, seen)
        for position, item in enumerate(node.value, start=1)
    )
    return [question for question in questions if question is not None]


# --- entry points ------------------------------------------------------------------------------


@dataclass
class _Parsed:
    """What one file yielded, kept even when it has problems so cross-file checks still run."""

    path: str
    bank: BankFile | None = None
    code: tuple[str, int] | None = None  # (code, line) when the code is valid
    ids: list[tuple[str, int]] = field(default_factory=list)  # (id, line) of valid unique ids
    problems: list[Problem] = field(default_factory=list)


def _parse(path: str, data: bytes) -> _Parsed:
    checker = Checker(path)
    parsed = _Parsed(path, problems=checker.problems)
    root = compose(data, checker)
    if root is not None and not isinstance(root, yaml.MappingNode):
        checker.report(
            node_line(root),
            _(
                "文件最外层应为 scam_type: 和 questions: 两部分（顶格书写），现在是%(current)s。",
                current=describe(root),
            ),
        )
    if not isinstance(root, yaml.MappingNode):
        return parsed
    top = checker.fields(root, TOP_KEYS, TOP_KEYS)
    scam_type = _parse_scam_type(top["scam_type"], checker, parsed) if "scam_type" in top else None
    questions = _parse_questions(top["questions"], checker, parsed) if "questions" in top else []
    checker.problems.sort(key=lambda problem: problem.line)
    if scam_type is not None and not checker.problems:
        parsed.bank = BankFile(path, scam_type, tuple(questions))
    return parsed


def parse_bank(path: str, data: bytes) -> tuple[BankFile | None, list[Problem]]:
    """Parse one bank file's bytes; the BankFile is returned only when there is no problem."""
    parsed = _parse(path, data)
    return parsed.bank, parsed.problems


def expand_paths(paths: Iterable[str]) -> tuple[list[str], list[Problem]]:
    """Files to validate: a folder becomes its *.yaml/*.yml files (sorted, not recursive).

    A file reached twice (directly and through its folder) is kept once, at its first spelling,
    so that it is not reported as duplicating its own ids.
    """
    files: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for path in paths:
        if os.path.isdir(path):
            try:
                names = sorted(os.listdir(path))
            except OSError as error:
                problems.append(
                    _file_problem(path, _("无法读取文件夹：%(err)s", err=error.strerror or error))
                )
                continue
            found = [
                os.path.join(path, name)
                for name in names
                if name.lower().endswith(BANK_SUFFIXES) and os.path.isfile(os.path.join(path, name))
            ]
            if not found:
                problems.append(_file_problem(path, _("文件夹里没有 .yaml 或 .yml 题库文件。")))
        elif os.path.isfile(path):
            found = [path]
        else:
            problems.append(_file_problem(path, _("找不到这个文件或文件夹，请检查路径。")))
            continue
        for file in found:
            real = os.path.normcase(os.path.realpath(file))
            if real not in seen:
                seen.add(real)
                files.append(file)
    return files, problems


def _file_problem(path: str, message: str) -> Problem:
    return Problem(path, 0, None, message, "file")


def validate_paths(paths: Iterable[str]) -> tuple[list[BankFile], list[Problem]]:
    """Validate every bank file under `paths`, then check codes and ids across files.

    Returns the banks with no problem and all problems sorted by (file, line). A code or id
    used in two files is reported at the later use, naming the earlier one, and that file's
    bank is not returned.
    """
    files, problems = expand_paths(paths)
    parsed_files: list[_Parsed] = []
    for path in files:
        try:
            with open(path, "rb") as handle:
                parsed_files.append(_parse(path, handle.read()))
        except OSError as error:
            problems.append(
                _file_problem(path, _("无法读取文件：%(err)s", err=error.strerror or error))
            )
    _check_across_files(parsed_files)
    banks = [p.bank for p in parsed_files if p.bank is not None and not p.problems]
    problems.extend(problem for p in parsed_files for problem in p.problems)
    problems.sort(key=lambda problem: (problem.file, problem.line))
    return banks, problems


def _check_across_files(parsed_files: list[_Parsed]) -> None:
    """Report scam type codes and question ids already used by an earlier file."""
    codes: dict[str, tuple[str, int]] = {}
    ids: dict[str, tuple[str, int]] = {}
    for parsed in parsed_files:
        if parsed.code is not None:
            code, line = parsed.code
            if code in codes:
                other, other_line = codes[code]
                message = _(
                    "code %(code)s 已被 %(other)s 第 %(line)d 行使用：每种诈骗类型的 code "
                    "必须唯一，请改用别的 code，或把两个文件合并。",
                    code=code,
                    other=other,
                    line=other_line,
                )
                parsed.problems.append(Problem(parsed.path, line, None, message, "scam_type"))
            codes.setdefault(code, (parsed.path, line))
        for qid, line in parsed.ids:
            if qid in ids:
                other, other_line = ids[qid]
                message = _(
                    "id %(id)s 与 %(other)s 第 %(line)d 行的题目重复：id 在所有题库中必须唯一，"
                    "请改用新的 id。",
                    id=qid,
                    other=other,
                    line=other_line,
                )
                parsed.problems.append(Problem(parsed.path, line, qid, message))
            ids.setdefault(qid, (parsed.path, line))
