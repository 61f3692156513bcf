"""Reading Moodle GIFT text into Draft questions, skipping the kinds a bank cannot hold.

GIFT, as Moodle reads it: questions are separated by blank lines, `//` starts a comment line,
`$CATEGORY: a/b/c` switches category, `::title::` names a question and one `{…}` holds its
answers. Supported: multiple choice (`=` right, `~` wrong), multiple answers with percentage
weights (`~%50%A`: a positive weight is a correct option), and true/false (`{T}`, `{FALSE}`).
Essay (`{}`), matching (`->`), numerical (`{#…}`), short answer (only `=`) and description
(no braces) questions are named as skipped. `####text` is the general feedback and becomes the
explanation. A question without it takes the feedback on its right answer instead (`=right#…`,
a correct `~%50%…#…`, or a true/false's `{T#wrong#right}`: Moodle shows the first text after a
wrong answer and the second after a right one), so a teacher's explanation is never lost; other
per-answer feedback is dropped (a bank has one explanation per question).

Escapes (`\\~ \\= \\# \\{ \\} \\: \\\\ \\n`) are swapped for private-use characters before any
structure is looked at, so a literal `\\{` can never open an answer block, and swapped back
in the texts. Text marked `[html]` (as Moodle exports editor text) has its tags removed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from quiz.banks.convert import ConvertProblem, Draft, Read, Skipped, repeated_option_messages
from quiz.banks.question_types import LETTERS, MAX_OPTIONS, MIN_OPTIONS
from quiz.banks.validation import CODE_PATTERN
from quiz.i18n import _

_ESCAPED = "\\~=#{}:n"
_PRIVATE = {char: chr(0xE000 + index) for index, char in enumerate(_ESCAPED)}
_RESTORE = str.maketrans({code: ("\n" if char == "n" else char) for char, code in _PRIVATE.items()})
_ESCAPE = re.compile(r"\\([\\~=#{}:n])")
_TITLE = re.compile(r"\s*::(.*?)::", re.DOTALL)
_DIFFICULTY = re.compile(r"(.*?)\s*\[难度\s*[:：]?\s*([123])\]\s*", re.DOTALL)
_FORMAT = re.compile(r"\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_TRUE_FALSE = re.compile(r"\s*(TRUE|T|FALSE|F)\s*(#.*)?", re.DOTALL | re.IGNORECASE)
_WEIGHT = re.compile(r"\s*%(-?\d+(?:\.\d+)?)%")
_HTML_BREAK = re.compile(r"<br\s*/?>|</(p|div|li|h\d)\s*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^<>]*>")  # [^<>]: a run of "<" stays linear
_BLANK_LINES = re.compile(r"\n{3,}")
_LINE_BREAKS = ("\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
_NON_BLANK = re.compile(r"\S")
BLANK = "____"  # where a missing-word question's answer block stood


def _skip_kinds() -> dict[str, str]:
    return {
        "description": _("说明文字（description）"),
        "essay": _("问答题（essay）"),
        "numerical": _("数值题（numerical）"),
        "matching": _("匹配题（matching）"),
        "short": _("填空题（short answer）"),
    }


@dataclass(frozen=True)
class _Block:
    """The lines of one question (comments and category lines removed), escapes protected."""

    lines: tuple[tuple[int, str], ...]  # (1-based line number, text)

    @property
    def text(self) -> str:
        return "\n".join(text for _number, text in self.lines)

    @property
    def line(self) -> int:
        return self.lines[0][0]

    def line_at(self, offset: int) -> int:
        return self.lines[self.text.count("\n", 0, offset)][0]


@dataclass(frozen=True)
class _Question:
    """One block split into its parts; offsets index into the block's text."""

    block: _Block
    title: str | None
    before: str
    answers: str
    after: str
    html: bool


def read_gift(path: str, text: str) -> Read:
    """Every supported question as a Draft; problems and skipped questions with their line."""
    read = Read()
    category: str | None = None
    for block in _blocks(_ESCAPE.sub(lambda m: _PRIVATE[m.group(1)], text)):
        rest = []
        for number, line in block.lines:
            if line.lstrip().startswith("$CATEGORY:"):
                category = _category_code(line.split(":", 1)[1])
            else:
                rest.append((number, line))
        if rest:
            _read_question(path, _Block(tuple(rest)), category, read)
    return read


def _blocks(text: str) -> Iterator[_Block]:
    """Questions as Moodle splits them: at blank lines, after dropping `//` comment lines.

    Line breaks as `str.splitlines` sees them (the decoder has refused the control characters
    among them); the search jumps from one non-blank line to the next, so a file of blank lines
    costs one scan in C, not a Python step per line.
    """
    for mark in _LINE_BREAKS:
        text = text.replace(mark, "\n")
    current: list[tuple[int, str]] = []
    number, counted_to, previous_end = 1, 0, None
    found = _NON_BLANK.search(text)
    while found is not None:
        start = text.rfind("\n", 0, found.start()) + 1
        end = text.find("\n", found.start())
        end = len(text) if end == -1 else end
        number += text.count("\n", counted_to, start)
        counted_to = start
        if current and previous_end is not None and text.count("\n", previous_end, start) > 1:
            yield _Block(tuple(current))
            current = []
        line = text[start:end]
        if not line.strip().startswith("//"):
            current.append((number, line))
        previous_end = end
        found = _NON_BLANK.search(text, end)
    if current:
        yield _Block(tuple(current))


def _category_code(path: str) -> str | None:
    """The scam type code a category names: its last segment, when that is a valid code."""
    last = restore(path).strip().rstrip("/").rsplit("/", 1)[-1].strip()
    return last if CODE_PATTERN.fullmatch(last) else None


def _read_question(path: str, block: _Block, category: str | None, read: Read) -> None:
    question = _split(path, block, read)
    if question is None:
        return
    title, difficulty = _title(question.title)
    body, _sep, general = question.answers.partition("####")
    kind = _kind(body)
    if kind is not None:
        read.skipped.append(Skipped(path, block.line, _skip_kinds()[kind], title))
        return
    messages: list[str] = []
    stem = clean(
        question.before + (BLANK + question.after if question.after.strip() else ""), question.html
    )
    if not stem:
        messages.append(_("题干为空：请在 {…} 之前写出题目。"))
    explanation = clean(general, question.html) or right_answer_feedback(body, question.html)
    if not explanation:
        messages.append(_("缺少解析：请在答案的最后（“}”之前）加一行“####解析内容”，"
                          "或在正确答案后写“#反馈”。"))
    parsed = _answers(body, question.html, messages)
    read.problems.extend(ConvertProblem(path, block.line, message) for message in messages)
    if messages or parsed is None:
        return
    qtype, options, answer = parsed
    read.drafts.append(
        Draft(
            line=block.line,
            type=qtype,
            stem=stem,
            options=options,
            answer=answer,
            explanation=explanation,
            difficulty=difficulty,
            title=title,
            category=category,
        )
    )


def _split(path: str, block: _Block, read: Read) -> _Question | None:
    """Title, text before the braces, answers, text after; None after a skip or a problem."""
    text = block.text
    match = _TITLE.match(text)
    start = match.end() if match else 0
    title = (restore(match.group(1)).strip() or None) if match else None
    braces = [(offset, char) for offset, char in enumerate(text[start:], start) if char in "{}"]
    if not braces:
        read.skipped.append(Skipped(path, block.line, _skip_kinds()["description"], title))
        return None
    opened = closed = None
    for offset, char in braces:
        message = None
        if char == "{" and opened is not None and closed is None:
            message = _("在“}”之前又出现了“{”：花括号不配对。")
        elif char == "{" and closed is not None:
            message = _("一道题只能有一组 {…} 答案，这里又出现了“{”：两道题之间要空一行。")
        elif char == "}" and (opened is None or closed is not None):
            message = _("这个“}”前面没有对应的“{”：花括号不配对。")
        elif char == "{":
            opened = offset
            continue
        else:
            closed = offset
            continue
        _brace_problem(path, block.line_at(offset), message, read)
        return None
    if opened is None or closed is None:
        _brace_problem(
            path, block.line_at(opened or 0), _("这个“{”没有对应的“}”：花括号不配对。"), read
        )
        return None
    before = text[start:opened]
    fmt = _FORMAT.match(before)
    return _Question(
        block=block,
        title=title,
        before=before[fmt.end() :] if fmt else before,
        answers=text[opened + 1 : closed],
        after=text[closed + 1 :],
        html=bool(fmt) and fmt.group(1).lower() == "html",
    )


def _brace_problem(path: str, line: int, message: str, read: Read) -> None:
    hint = _("题目文字里的花括号请写成 \\{ 和 \\}。")
    read.problems.append(ConvertProblem(path, line, f"{message}{hint}"))


def _title(title: str | None) -> tuple[str | None, int | None]:
    """The title without a `[难度N]` mark, and N (as export writes `::ID [难度2]::`)."""
    if title is None:
        return None, None
    match = _DIFFICULTY.fullmatch(title)
    if match is None:
        return title, None
    return match.group(1).strip() or None, int(match.group(2))


def _kind(body: str) -> str | None:
    """The key of an unsupported question kind in `_skip_kinds`, or None for a supported one."""
    stripped = body.strip()
    if not stripped:
        return "essay"
    if stripped.startswith("#"):
        return "numerical"
    if _TRUE_FALSE.fullmatch(body):
        return None
    if "->" in body:
        return "matching"
    if "~" not in body and stripped.startswith("="):
        return "short"
    return None


def right_answer_feedback(body: str, is_html: bool) -> str:
    """The feedback written on the right answer(s), for a question with no general feedback."""
    true_false = _TRUE_FALSE.fullmatch(body)
    if true_false:
        wrong, _sep, right = (true_false.group(2) or "").removeprefix("#").partition("#")
        return clean(right, is_html) or clean(wrong, is_html)
    _head, *parts = re.split(r"([=~])", body)
    texts = []
    for marker, raw in zip(parts[::2], parts[1::2], strict=True):
        weight = _WEIGHT.match(raw)
        if (float(weight.group(1)) > 0) if weight else marker == "=":
            feedback = clean(raw.partition("#")[2], is_html)
            if feedback and feedback not in texts:
                texts.append(feedback)
    return " ".join(texts)


def _answers(
    body: str, is_html: bool, messages: list[str]
) -> tuple[str, tuple[str, ...], tuple[int, ...]] | None:
    """(type, options, answer) of a true/false or choice question; None after a problem."""
    true_false = _TRUE_FALSE.fullmatch(body)
    if true_false:
        return "true_false", (), ((0,) if true_false.group(1).upper().startswith("T") else (1,))
    head, *parts = re.split(r"([=~])", body)
    if head.strip():
        messages.append(
            _(
                "无法识别的答案“%(head)s”：每个选项以 = 或 ~ 开头，判断题写 {T} 或 {F}。",
                head=clean(head, is_html),
            )
        )
        return None
    options: list[str] = []
    correct: list[int] = []
    weighted = equals = 0
    for marker, raw in zip(parts[::2], parts[1::2], strict=True):
        weight = _WEIGHT.match(raw)
        text = raw[weight.end() :] if weight else raw
        if weight:
            weighted += 1
        equals += marker == "=" and not weight
        if (float(weight.group(1)) > 0) if weight else marker == "=":
            correct.append(len(options))
        options.append(clean(text.partition("#")[0], is_html))
    ok = _check_options(options, messages)
    if not correct:
        messages.append(
            _(
                "这道题没有正确答案：单选题在正确选项前写“=”，多选题给正确选项写正的百分比，"
                "如 ~%50%选项。"
            )
        )
        return None
    if equals > 1 and not weighted:
        messages.append(
            _(
                "有 %(n)d 个“=”：单选题只能有一个正确选项；多个选项都对时，请写成多选题"
                "（~%%50%%A ~%%50%%C ~%%-100%%B）。",
                n=equals,
            )
        )
        return None
    qtype = "multiple" if len(correct) > 1 else "single"
    return (qtype, tuple(options), tuple(correct)) if ok else None


def _check_options(options: list[str], messages: list[str]) -> bool:
    ok = True
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        messages.append(
            _(
                "有 %(count)d 个选项，单选、多选题需要 %(low)d 到 %(high)d 个。",
                count=len(options),
                low=MIN_OPTIONS,
                high=MAX_OPTIONS,
            )
        )
        ok = False
    lettered = options[: len(LETTERS)]
    for index, text in enumerate(lettered):
        if not text:
            messages.append(_("第 %(n)d 个选项是空的，请填写或删除。", n=index + 1))
            ok = False
    repeated = repeated_option_messages(
        lettered, _("选项 %(this)s 与选项 %(first)s 重复（“%(value)s”），请修改或删除其中一个。"))
    messages += repeated
    ok = ok and not repeated
    return ok


def restore(text: str) -> str:
    """Protected escapes back to the characters they stand for (`\\n` to a line break)."""
    return text.translate(_RESTORE)


def clean(text: str, is_html: bool) -> str:
    """A protected GIFT text as plain text: escapes restored, HTML removed, lines trimmed."""
    text = restore(text)
    fmt = _FORMAT.match(text)
    if fmt:
        is_html = fmt.group(1).lower() == "html"
        text = text[fmt.end() :]
    if is_html:
        text = html.unescape(_HTML_TAG.sub("", _HTML_BREAK.sub("\n", text)))
    lines = "\n".join(line.strip() for line in text.replace("\r", "").split("\n"))
    return _BLANK_LINES.sub("\n\n", lines).strip()
