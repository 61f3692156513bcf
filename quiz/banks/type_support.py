"""The pieces question types are built from: option letters, YAML node helpers, and the
protocols of the bank validator and the spreadsheet reader that call a type.

Kept apart from the registry (`quiz.banks.question_types`, which re-exports these names) so
that module holds only the types themselves.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Protocol

import yaml

from quiz.i18n import _

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MIN_OPTIONS = 2
MAX_OPTIONS = 6
BOOL_TAG = "tag:yaml.org,2002:bool"

UPPER_LETTER = re.compile(r"[A-Z]")
LOWER_LETTER = re.compile(r"[a-z]")


def node_line(node: yaml.Node) -> int:
    """The 1-based line where a composed YAML node starts."""
    return node.start_mark.line + 1


def letter(index: int) -> str:
    """The letter naming the option at `index` (A, B, C…), or #N past Z."""
    return LETTERS[index] if 0 <= index < len(LETTERS) else f"#{index + 1}"


def describe(node: yaml.Node) -> str:
    """How a value reads in a message: “B”, 空, 列表 or 键值对."""
    if isinstance(node, yaml.MappingNode):
        return _("键值对")
    if isinstance(node, yaml.SequenceNode):
        return _("列表")
    text = str(node.value).strip()
    if not text:
        return _("空")
    if len(text) > 30:
        text = text[:30] + "…"
    return f"“{text}”"


def letter_range(count: int) -> str:
    """`A–D` for four options; used in messages that list the valid letters."""
    return f"A–{letter(count - 1)}" if count > 1 else "A"


class Field(NamedTuple):
    """One `key: value` pair of a mapping, as composed YAML nodes."""

    key: yaml.Node
    value: yaml.Node

    @property
    def line(self) -> int:
        return node_line(self.key)


class Checker(Protocol):
    """What a question type needs from the bank validator while checking one question."""

    def report(self, line: int, message: str) -> None:
        """Record a problem at `line` (1-based) of the current question."""

    def text(self, node: yaml.Node, label: str) -> str | None:
        """The raw text of a non-empty scalar, or None after reporting why it is not one."""


class SheetReader(Protocol):
    """What a question type needs from the spreadsheet reader while reading one row."""

    def report(self, message: str) -> None:
        """Record a problem with this row."""

    def options(self, texts: list[str], label: str) -> tuple[str, ...] | None:
        """Options A, B… as filled (gaps, duplicates, too few reported), or None."""

    def letters(self, text: str, count: int) -> tuple[tuple[int, ...], bool] | None:
        """Answer letters (B, AC, A,C) as sorted distinct indices and whether they were all
        fine (repeats, letters past the `count` options filled are reported); None after
        reporting an empty or unreadable answer."""

    def truth(self, text: str) -> tuple[int, ...] | None:
        """(0,) for 对/正确/true…, (1,) for 错/错误/false…; None after reporting anything else."""

    def is_truth_word(self, text: str) -> bool:
        """Whether a cell holds one of the true/false words (a 判断 row may repeat them)."""
