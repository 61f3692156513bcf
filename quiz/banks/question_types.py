"""Question types: how each kind of question is written in a bank, converted, shown and marked.

A small registry in the manner of CTFd's challenge classes: each type is one class that knows
its code and Chinese names, how to validate its `options` and `answer` in a bank file, how the
converters write its answer (YAML, a spreadsheet cell, GIFT) and read it from a spreadsheet,
which options a player sees and how the play page offers them, and how to check a player's
answer. Adding a type is adding one class decorated with `@register`; only the GIFT reader
still names codes, because GIFT's own syntax says which of Moodle's kinds a question is
(tests/test_question_type_registry.py registers a dummy type to show the rest).

Answers are normalised everywhere to a sorted tuple of 0-based indices into the display
options: single (2,), multiple (0, 2), true_false (0,) for true and (1,) for false.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

import yaml

from quiz.banks.type_support import (
    BOOL_TAG,
    LETTERS,
    LOWER_LETTER,
    MAX_OPTIONS,
    MIN_OPTIONS,
    UPPER_LETTER,
    Checker,
    Field,
    SheetReader,
    describe,
    letter,
    letter_range,
    node_line,
)
from quiz.i18n import _

__all__ = [
    "BOOL_TAG", "LETTERS", "MAX_OPTIONS", "MIN_OPTIONS", "QUESTION_TYPES", "Checker", "Field",
    "QuestionType", "SheetReader", "describe", "letter", "letter_range", "node_line", "register",
]


class QuestionType:
    """Base class: one subclass per question type, registered in QUESTION_TYPES.

    Names are plain Chinese strings, translated where they are shown (`_(kind.short_label)`),
    because the spreadsheet converter writes and reads them as cell values.
    """

    code: ClassVar[str]
    label: ClassVar[str]  # in sentences: 单选题缺少 options
    short_label: ClassVar[str]  # in tables and spreadsheet cells: 单选
    sheet_words: ClassVar[tuple[str, ...]] = ()  # other names a spreadsheet may use for it
    many: ClassVar[bool] = False  # the player may pick several options (checkboxes)
    lettered: ClassVar[bool] = True  # options are shown and written as letters A, B…

    @property
    def play_label(self) -> str:
        """The hint the play and practice pages show next to the question number."""
        return self.short_label

    def parse(
        self,
        options: Field | None,
        answer: Field | None,
        question_line: int,
        checker: Checker,
    ) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
        """Validate `options` and `answer`; return (options as written, normalised answer).

        Returns None when anything is wrong; every problem has then been reported. `answer` is
        None when the key is missing (the caller reports that), but the options are still
        checked so that one pass shows every problem.
        """
        raise NotImplementedError

    def display_options(self, options: tuple[str, ...]) -> tuple[str, ...]:
        """The options a player sees, in the order written; answers index into these."""
        return options

    # --- converters: how the answer is written in each format, and read from a spreadsheet ---

    def yaml_answer(self, answer: tuple[int, ...]) -> str:
        """The `answer:` value in a bank file, as `parse` reads it back."""
        return letter(answer[0])

    def sheet_answer(self, answer: tuple[int, ...]) -> str:
        """The answer cell of a spreadsheet row, as a teacher would type it."""
        return "".join(letter(index) for index in answer)

    def read_sheet(
        self, texts: list[str], answer: str, sheet: SheetReader
    ) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
        """(options as stored, normalised answer) from a row's option cells and answer cell."""
        raise NotImplementedError

    def gift_lines(
        self, head: str, options: tuple[str, ...], answer: tuple[int, ...], explanation: str,
        escape: Callable[[str], str],
    ) -> list[str]:
        """The question in Moodle GIFT after its `::title::text` head: `=` marks the right
        option, `~` the others (how GIFT writes a single-choice question)."""
        lines = [f"{head} {{"]
        lines.extend(
            f"\t{'=' if index in answer else '~'}{escape(option)}"
            for index, option in enumerate(self.display_options(options))
        )
        return [*lines, f"\t{explanation}", "}"]

    def is_correct(self, answer: tuple[int, ...], given: Iterable[int]) -> bool:
        """Exact-set match: a multiple-choice answer scores only when exactly right."""
        try:
            return set(given) == set(answer)
        except TypeError:
            return False

    def check_given(self, options_count: int, given: Iterable[int]) -> str | None:
        """Error text when a player's answer is malformed, None when it can be marked."""
        try:
            picked = list(given)
        except TypeError:
            return _("答案格式不正确，请重新选择。")
        if any(not isinstance(i, int) or isinstance(i, bool) for i in picked):
            return _("答案格式不正确，请重新选择。")
        if any(i < 0 or i >= options_count for i in picked):
            return _("所选的选项不存在，请重新选择。")
        if len(set(picked)) != len(picked):
            return _("同一个选项不能选两次。")
        return self._check_count(len(picked))

    def _check_count(self, count: int) -> str | None:
        if count == 0:
            return _("请选择一个选项。")
        if count > 1:
            return _("%(label)s只能选一个选项。", label=self.label)
        return None


QUESTION_TYPES: dict[str, QuestionType] = {}


def register(cls: type[QuestionType]) -> type[QuestionType]:
    """Class decorator adding one instance of a question type to QUESTION_TYPES."""
    QUESTION_TYPES[cls.code] = cls()
    return cls


class ChoiceType(QuestionType):
    """Shared option handling for single and multiple choice: 2 to 6 distinct options."""

    def parse(
        self,
        options: Field | None,
        answer: Field | None,
        question_line: int,
        checker: Checker,
    ) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
        texts, count = self._parse_options(options, question_line, checker)
        if answer is None:
            return None
        indices = self._parse_answer(answer, count, checker)
        if texts is None or indices is None:
            return None
        return texts, indices

    def _parse_options(
        self, field: Field | None, question_line: int, checker: Checker
    ) -> tuple[tuple[str, ...] | None, int | None]:
        """Options as written (None if any is wrong) and how many were listed (None if unknown)."""
        if field is None:
            checker.report(
                question_line,
                _(
                    "%(label)s缺少 options：请写 %(low)d 到 %(high)d 个选项，"
                    "每个一行，以“- ”开头。",
                    label=self.label,
                    low=MIN_OPTIONS,
                    high=MAX_OPTIONS,
                ),
            )
            return None, None
        if not isinstance(field.value, yaml.SequenceNode):
            checker.report(
                field.line,
                _("options 应为选项列表：每个选项一行，以“- ”开头。"),
            )
            return None, None
        items = field.value.value
        ok = True
        if not MIN_OPTIONS <= len(items) <= MAX_OPTIONS:
            checker.report(
                field.line,
                _(
                    "options 有 %(count)d 个选项，%(label)s需要 %(low)d 到 %(high)d 个，"
                    "请增删选项。",
                    count=len(items),
                    label=self.label,
                    low=MIN_OPTIONS,
                    high=MAX_OPTIONS,
                ),
            )
            ok = False
        seen: dict[str, int] = {}
        texts: list[str] = []
        for index, item in enumerate(items):
            text = checker.text(item, _("选项 %(letter)s", letter=letter(index)))
            if text is None:
                ok = False
                continue
            if text in seen:
                checker.report(
                    node_line(item),
                    _(
                        "选项 %(this)s 与选项 %(first)s 重复，请修改或删除其中一个。",
                        this=letter(index),
                        first=letter(seen[text]),
                    ),
                )
                ok = False
            seen.setdefault(text, index)
            texts.append(text)
        return (tuple(texts) if ok else None), len(items)

    def _parse_answer(
        self, field: Field, count: int | None, checker: Checker
    ) -> tuple[int, ...] | None:
        raise NotImplementedError

    def read_sheet(
        self, texts: list[str], answer: str, sheet: SheetReader
    ) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
        options = sheet.options(texts, self.short_label)
        filled = max((index + 1 for index, text in enumerate(texts) if text), default=0)
        read = sheet.letters(answer, filled)
        if read is None:
            return None
        indices, ok = read
        ok = self._check_sheet_count(indices, answer, sheet) and ok
        if options is None or not ok:
            return None
        return options, indices

    def _check_sheet_count(self, indices: tuple[int, ...], raw: str, sheet: SheetReader) -> bool:
        raise NotImplementedError

    def _parse_letter(self, node: yaml.Node, count: int | None, checker: Checker) -> int | None:
        """The index named by one answer letter, or None after reporting what to write."""
        line = node_line(node)
        known = letter_range(count) if count else "A、B、C…"
        if not isinstance(node, yaml.ScalarNode):
            checker.report(line, _("答案应为选项字母（%(letters)s），如 B。", letters=known))
            return None
        raw = node.value.strip()
        if LOWER_LETTER.fullmatch(raw):
            checker.report(
                line,
                _("答案字母要大写：请把 %(raw)s 改为 %(upper)s。", raw=raw, upper=raw.upper()),
            )
            return None
        if not UPPER_LETTER.fullmatch(raw):
            checker.report(
                line,
                _(
                    "答案应为一个选项字母（%(letters)s），现在是%(current)s。",
                    letters=known,
                    current=describe(node),
                ),
            )
            return None
        index = LETTERS.index(raw)
        if count is not None and index >= count:
            checker.report(
                line,
                _(
                    "答案 %(raw)s 没有对应的选项：本题只有 %(count)d 个选项（%(letters)s）。",
                    raw=raw,
                    count=count,
                    letters=known,
                ),
            )
            return None
        return index


@register
class SingleChoice(ChoiceType):
    """One correct option, written as one letter: `answer: B`."""

    code = "single"
    label = "单选题"
    short_label = "单选"
    sheet_words = ("单项选择", "单项选择题")

    def _parse_answer(
        self, field: Field, count: int | None, checker: Checker
    ) -> tuple[int, ...] | None:
        if isinstance(field.value, yaml.SequenceNode):
            checker.report(
                field.line,
                _(
                    "单选题的答案只写一个字母，如 answer: B；"
                    "如果有多个正确答案，请把 type 改为 multiple。"
                ),
            )
            return None
        index = self._parse_letter(field.value, count, checker)
        return None if index is None else (index,)

    def _check_sheet_count(self, indices: tuple[int, ...], raw: str, sheet: SheetReader) -> bool:
        if len(indices) > 1:
            sheet.report(
                _(
                    "单选题只能有一个答案，现在是“%(value)s”；有多个正确答案请把题型改为 多选。",
                    value=raw,
                )
            )
            return False
        return True


@register
class MultipleChoice(ChoiceType):
    """Two or more correct options, written as a list of letters: `answer: [A, C]`."""

    code = "multiple"
    label = "多选题"
    short_label = "多选"
    sheet_words = ("多项选择", "多项选择题")
    many = True

    @property
    def play_label(self) -> str:
        return "多选（可选多项）"

    def _parse_answer(
        self, field: Field, count: int | None, checker: Checker
    ) -> tuple[int, ...] | None:
        node = field.value
        if not isinstance(node, yaml.SequenceNode):
            checker.report(
                field.line,
                _(
                    "多选题的答案应写成字母列表，如 answer: [A, C]（现在是%(current)s）；"
                    "只有一个正确答案请把 type 改为 single。",
                    current=describe(node),
                ),
            )
            return None
        ok = True
        if len(node.value) < 2:
            checker.report(
                field.line,
                _("多选题至少要有两个正确答案，如 [A, C]；只有一个正确答案请把 type 改为 single。"),
            )
            ok = False
        indices: list[int] = []
        for item in node.value:
            index = self._parse_letter(item, count, checker)
            if index is None:
                ok = False
            elif index in indices:
                checker.report(
                    node_line(item),
                    _("答案字母 %(letter)s 写了两次，请删除重复的一个。", letter=letter(index)),
                )
                ok = False
            else:
                indices.append(index)
        return tuple(sorted(indices)) if ok else None

    def _check_count(self, count: int) -> str | None:
        if count == 0:
            return _("请至少选择一个选项。")
        return None

    def yaml_answer(self, answer: tuple[int, ...]) -> str:
        return "[" + ", ".join(letter(index) for index in answer) + "]"

    def _check_sheet_count(self, indices: tuple[int, ...], raw: str, sheet: SheetReader) -> bool:
        if len(indices) < 2:
            sheet.report(
                _(
                    "多选题至少要有两个正确答案，现在只有“%(value)s”；"
                    "只有一个正确答案请把题型改为 单选。",
                    value=raw,
                )
            )
            return False
        return True

    def gift_lines(
        self, head: str, options: tuple[str, ...], answer: tuple[int, ...], explanation: str,
        escape: Callable[[str], str],
    ) -> list[str]:
        """Each right option weighted a share of 100%, each wrong one -100%."""
        weight = f"{100 / len(answer):.5f}".rstrip("0").rstrip(".")
        lines = [f"{head} {{"]
        lines.extend(
            f"\t~%{weight if index in answer else '-100'}%{escape(option)}"
            for index, option in enumerate(options)
        )
        return [*lines, f"\t{explanation}", "}"]


@register
class TrueFalse(QuestionType):
    """A statement judged true or false; no options in the file, `answer: true` or `false`."""

    code = "true_false"
    label = "判断题"
    short_label = "判断"
    sheet_words = ("truefalse",)
    lettered = False

    def parse(
        self,
        options: Field | None,
        answer: Field | None,
        question_line: int,
        checker: Checker,
    ) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
        ok = True
        if options is not None:
            checker.report(
                options.line,
                _("判断题不写 options（选项固定为“正确”“错误”），请删除 options。"),
            )
            ok = False
        if answer is None:
            return None
        node = answer.value
        raw = node.value.strip() if isinstance(node, yaml.ScalarNode) else ""
        if raw.lower() in ("true", "false"):
            if node.tag == BOOL_TAG:
                return ((), (0,) if raw.lower() == "true" else (1,)) if ok else None
            checker.report(
                answer.line,
                _("判断题的答案 true 或 false 不要加引号：请写 answer: %(raw)s。", raw=raw.lower()),
            )
            return None
        checker.report(
            answer.line,
            _(
                "判断题的答案只能写 true（正确）或 false（错误），现在是%(current)s。",
                current=describe(node),
            ),
        )
        return None

    def display_options(self, options: tuple[str, ...]) -> tuple[str, ...]:
        return (_("正确"), _("错误"))

    def yaml_answer(self, answer: tuple[int, ...]) -> str:
        return "true" if answer == (0,) else "false"

    def sheet_answer(self, answer: tuple[int, ...]) -> str:
        return _("对") if answer == (0,) else _("错")

    def read_sheet(
        self, texts: list[str], answer: str, sheet: SheetReader
    ) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
        """No options (a row may repeat 对/错 in them); the answer is one of the truth words."""
        if not all(sheet.is_truth_word(text) for text in texts if text):
            sheet.report(_("判断题不填选项（选项固定为“正确”“错误”）：请清空这一行的选项。"))
        indices = sheet.truth(answer)
        return None if indices is None else ((), indices)

    def gift_lines(
        self, head: str, options: tuple[str, ...], answer: tuple[int, ...], explanation: str,
        escape: Callable[[str], str],
    ) -> list[str]:
        return [f"{head} {{{'TRUE' if answer == (0,) else 'FALSE'}{explanation}}}"]
