"""Reading one bank file into YAML nodes while collecting problems.

PyYAML's node API (not `safe_load`) keeps each key's line and each scalar's raw text; this
module turns bytes into the single document's root node, reporting encoding, syntax, extra
documents and aliases, and gives the field parsers in validation.py a `Checker` that records
problems against the part of the file being checked.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import yaml

from quiz.banks.question_types import Field, describe, node_line
from quiz.i18n import _

MERGE_TAG = "tag:yaml.org,2002:merge"

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a bank, with where it is and what to change."""

    file: str
    line: int  # 1-based; 0 when the problem has no line (a missing path)
    question_id: str | None
    message: str
    scope: str = "question"  # "file" | "scam_type" | "question"
    position: int | None = None  # 1-based place in `questions`, shown when the id is unusable

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line > 0 else self.file
        if self.scope == "question":
            if self.question_id:
                return f"{where}: question {self.question_id}: {self.message}"
            if self.position:
                return f"{where}: question #{self.position}: {self.message}"
        elif self.scope == "scam_type":
            return f"{where}: scam_type: {self.message}"
        return f"{where}: {self.message}"


class Checker:
    """Collects one file's problems, tagged with the part of the file being checked.

    Also what the question types receive (the `Checker` protocol in question_types).
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self._where: tuple[str, str | None, int | None] = ("file", None, None)

    @contextmanager
    def within(
        self, scope: str, question_id: str | None = None, position: int | None = None
    ) -> Iterator[None]:
        saved, self._where = self._where, (scope, question_id, position)
        try:
            yield
        finally:
            self._where = saved

    def report(self, line: int, message: str) -> None:
        scope, question_id, position = self._where
        self.problems.append(Problem(self.path, line, question_id, message, scope, position))

    def text(self, node: yaml.Node, label: str) -> str | None:
        """Raw scalar text without surrounding whitespace; reports non-text and empty values."""
        line = node_line(node)
        if isinstance(node, yaml.MappingNode):
            message = _(
                "%(label)s 应为文字，却被读成了键值对：文字里有“冒号+空格”时，"
                "请给整段文字加上引号。",
                label=label,
            )
        elif not isinstance(node, yaml.ScalarNode):
            message = _("%(label)s 应为一段文字，不是列表。", label=label)
        elif not node.value.strip():
            message = _("%(label)s 不能为空，请填写内容。", label=label)
        else:
            return node.value.strip()
        self.report(line, message)
        return None

    def fields(
        self, node: yaml.MappingNode, allowed: tuple[str, ...], required: tuple[str, ...]
    ) -> dict[str, Field]:
        """The mapping's pairs by key, reporting duplicate, unknown and missing keys."""
        found: dict[str, Field] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = node_line(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                message = _("键应为文字，这里是%(what)s，请检查缩进。", what=describe(key_node))
            elif key_node.tag == MERGE_TAG:
                message = _("不支持合并键“<<”，请把内容直接写出来。")
            elif key_node.value in first_line:
                message = _(
                    "键 %(key)s 写了两次（第 %(first)d 行已有），请删除多余的一个。",
                    key=key_node.value,
                    first=first_line[key_node.value],
                )
            else:
                first_line[key_node.value] = line
                if key_node.value in allowed:
                    found[key_node.value] = Field(key_node, value_node)
                    continue
                message = unknown_key_message(key_node, allowed)
            self.report(line, message)
        missing = [key for key in required if key not in found]
        if missing:
            self.report(
                node_line(node), _("缺少必填的键：%(keys)s，请补上。", keys="、".join(missing))
            )
        return found


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return _("是否想写 %(hint)s？", hint=close[0]) if close else ""


def unknown_key_message(key: yaml.ScalarNode, allowed: tuple[str, ...]) -> str:
    hint = did_you_mean(key.value, allowed)
    if hint:
        return _("未知的键 %(key)s，%(hint)s", key=describe(key), hint=hint)
    return _(
        "未知的键 %(key)s，这里可用的键：%(allowed)s。",
        key=describe(key),
        allowed="、".join(allowed),
    )


# --- reading the file --------------------------------------------------------------------------


def compose(data: bytes, checker: Checker) -> yaml.Node | None:
    """The single YAML document's root node, or None after reporting why there is none."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        checker.report(
            data[: error.start].count(b"\n") + 1,
            _(
                "文件不是 UTF-8 编码（可能是 GBK），无法读取：请用 UTF-8 编码重新保存"
                "（如记事本“另存为”时把编码选为 UTF-8）。"
            ),
        )
        return None
    try:
        root = compose_text(text, checker)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        checker.report(mark.line + 1 if mark else 1, syntax_message(error, text, mark))
        return None
    except yaml.YAMLError as error:  # a reader error: a character YAML does not allow
        position = getattr(error, "position", None)
        line = text[:position].count("\n") + 1 if isinstance(position, int) else 1
        character = getattr(error, "character", 0)
        code = ord(character[:1] or "\0") if isinstance(character, str) else character
        checker.report(
            line,
            _(
                "文件中有 YAML 不允许的控制字符 U+%(code)s（通常是从别处复制来的不可见字符），"
                "请删除它。",
                code=f"{code:04X}" if isinstance(code, int) else "?",
            ),
        )
        return None
    except RecursionError:
        checker.report(1, _("YAML 嵌套层数过多，请检查括号和缩进。"))
        return None
    if not checker.problems and (
        root is None or (isinstance(root, yaml.ScalarNode) and not root.value.strip())
    ):
        checker.report(
            1, _("文件是空的（或只有注释）：请按题库格式写出 scam_type 和 questions 两部分。")
        )
    return None if checker.problems else root


def compose_text(text: str, checker: Checker) -> yaml.Node | None:
    """Compose after a pass over the events that rejects extra documents and aliases.

    Aliases are rejected rather than resolved: a recursive alias would make the node graph
    cyclic, and shared nodes would point line numbers at the anchor instead of the use.
    """
    documents = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents == 2:
                checker.report(
                    node_line(event),
                    _(
                        "一个文件只能有一个 YAML 文档：请删除这一行的“---”，"
                        "或把后面的内容另存为一个文件。"
                    ),
                )
        elif isinstance(event, yaml.AliasEvent):
            checker.report(node_line(event), _("不支持锚点和别名（& 和 *），请把内容直接写出来。"))
    if checker.problems or documents == 0:
        return None
    return yaml.compose(text, Loader=_Loader)


def syntax_message(error: yaml.MarkedYAMLError, text: str, mark: yaml.Mark | None) -> str:
    problem = error.problem or error.context or ""
    lines = text.splitlines()
    row = lines[mark.line] if mark and mark.line < len(lines) else ""
    if row[: len(row) - len(row.lstrip())].count("\t"):
        hint = _("YAML 不能用 Tab 缩进，请把 Tab 换成空格。")
    elif "mapping values are not allowed" in problem:
        hint = _("这一行的文字里有“冒号+空格”，请给整段文字加上引号。")
    elif "quoted scalar" in (error.context or ""):
        hint = _("引号没有配对，请检查从这里开始的引号。")
    else:
        hint = _("请检查这一行及上一行的缩进、冒号、引号和括号。")
    return _("YAML 格式错误（%(detail)s）：%(hint)s", detail=problem, hint=hint)
