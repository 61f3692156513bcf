"""Content of the shipped question banks: the coverage and quality the content issue requires.

Pure tests: no app, no database. The banks in `question_banks/` are loaded through the same
validator as `flask --app quiz banks validate`, then checked for what the format cannot check:
enough scam types, questions, difficulties, dialogues and primary-school questions; answers that
are not given away by their position, length or wording; and no duplicate questions. Every
failure names the file or the question ids, so an author knows what to change. How to add content
and the second-reader checklist are in docs/CONTENT.md.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest

from quiz.banks.validation import BankFile, BankQuestion, validate_paths

BANKS_DIR = Path(__file__).resolve().parent.parent / "question_banks"

MIN_SCAM_TYPES = 15
REQUIRED_CODES = frozenset({
    "order-brushing", "game-trading", "fan-circle", "fake-refund", "campus-loan",
    "impersonate-police", "impersonate-acquaintance", "investment", "romance", "card-renting",
    "phishing", "screen-sharing", "credit-repair", "fake-shopping", "ai-deepfake",
})  # fmt: skip
MIN_WARNING_SIGNS = 4
MIN_QUESTIONS = 24
MIN_PER_DIFFICULTY = 5
MIN_DIALOGUES = 4
MIN_PRIMARY = 8
QUESTION_TYPES = ("single", "multiple", "true_false")

# A multiple-choice question with one wrong option is a single-choice question turned round: the
# student who spots the one unsafe option gets it. At least this share must keep two or more.
MIN_MULTIPLE_WITH_TWO_WRONG = 0.60
# True/false answers: if nearly all statements are false ("一定 / 放心" is always wrong), a
# student answers "false" blindly. Each file keeps the verdicts between these shares.
TRUE_SHARE_RANGE = (0.35, 0.65)

# Answer positions: with four options a position holds 25 % on average; 40 % is a clear lean.
MAX_POSITION_SHARE = 0.40
# "Stands out" rules, each allowed in at most one single-choice question in five per file.
MAX_STAND_OUT_SHARE = 0.20
# The unique longest option counts at any margin: "pick the longest" is the classic test-wise
# guess, because authors pad the right answer with qualifications. The shortest counts only when
# visibly shorter (by VISIBLE_MARGIN characters or more than every other option): a difference
# of one or two characters is not noticed, but authors who trim the right answer to avoid the
# first rule create the opposite tell.
VISIBLE_MARGIN = 3
# Words that mark "the safe action". When only the correct option carries one, a student who
# knows nothing picks it; distractors should carry them too (骗子也自称“官方客服”).
GIVEAWAY_WORDS = ("官方", "核实", "正规")
CATCH_ALL = re.compile(r"以上(都|皆|均|全)(是|不是|非|对|不对|正确|错误)")

# Near duplicates: difflib ratio on the normalised text (the stem, plus every dialogue line for a
# dialogue question, since dialogue stems are often short and generic and the chat is what makes
# the question). Calibrated on these banks: the most similar pair of distinct questions scores
# 0.75 ("接到自称“电商客服”的电话，对方提出下面哪些要求，一听就是诈骗？" against the same frame
# for “公安局”: a shared frame, not a duplicate), while a copy with a name, a number or a
# channel changed scores 0.85 or more (see test_near_duplicate_threshold_is_calibrated). 0.8
# sits between the two. A rewording that changes most words is not caught by any text ratio;
# the second reading is for that.
NEAR_DUPLICATE_RATIO = 0.8


@pytest.fixture(scope="module")
def banks() -> list[BankFile]:
    loaded, problems = validate_paths([str(BANKS_DIR)])
    assert not problems, "question banks do not validate:\n" + "\n".join(map(str, problems))
    return loaded


def _name(bank: BankFile) -> str:
    return Path(bank.path).name


def _fail(title: str, failures: Iterable[str]) -> None:
    failures = list(failures)
    assert not failures, f"{title}:\n  " + "\n  ".join(failures)


def _singles(bank: BankFile) -> list[BankQuestion]:
    return [q for q in bank.questions if q.type == "single"]


def _fits_primary(bank: BankFile, question: BankQuestion) -> bool:
    audience = question.audience if question.audience is not None else bank.scam_type.audience
    return audience is None or "primary" in audience


def normalise(text: str) -> str:
    """NFKC, case-folded, without punctuation, symbols, spaces or control characters."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PSZC")


def comparison_text(question: BankQuestion) -> str:
    return normalise(question.stem + "".join(said for _, said in question.dialogue))


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# --- scam types --------------------------------------------------------------------------------


def test_scam_types_cover_the_required_list(banks):
    codes = [bank.scam_type.code for bank in banks]
    assert len(codes) >= MIN_SCAM_TYPES, f"only {len(codes)} scam types: {codes}"
    missing = sorted(REQUIRED_CODES - set(codes))
    assert not missing, f"required scam types missing: {missing}"


def test_scam_types_have_summary_and_warning_signs(banks):
    failures = []
    for bank in banks:
        if not bank.scam_type.summary.strip():
            failures.append(f"{_name(bank)}: summary is empty")
        signs = len(bank.scam_type.warning_signs)
        if signs < MIN_WARNING_SIGNS:
            failures.append(f"{_name(bank)}: {signs} warning_signs, need {MIN_WARNING_SIGNS}")
    _fail("scam types without a summary or with too few warning_signs", failures)


# --- questions per scam type -------------------------------------------------------------------


def _coverage_gaps(bank: BankFile) -> list[str]:
    questions = bank.questions
    gaps = []
    if len(questions) < MIN_QUESTIONS:
        gaps.append(f"{len(questions)} questions, need {MIN_QUESTIONS}")
    difficulties = Counter(q.difficulty for q in questions)
    gaps += [
        f"{difficulties[level]} questions of difficulty {level}, need {MIN_PER_DIFFICULTY}"
        for level in (1, 2, 3)
        if difficulties[level] < MIN_PER_DIFFICULTY
    ]
    dialogues = sum(1 for q in questions if q.dialogue)
    if dialogues < MIN_DIALOGUES:
        gaps.append(f"{dialogues} dialogue questions, need {MIN_DIALOGUES}")
    types = {q.type for q in questions}
    gaps += [f"no {kind} question" for kind in QUESTION_TYPES if kind not in types]
    return gaps


def test_each_scam_type_has_enough_questions_of_each_kind(banks):
    _fail("scam types short of questions", (
        f"{_name(bank)}: {gap}" for bank in banks for gap in _coverage_gaps(bank)
    ))  # fmt: skip


def test_scam_types_open_to_primary_have_primary_questions(banks):
    failures = []
    for bank in banks:
        audience = bank.scam_type.audience
        if audience is not None and "primary" not in audience:
            continue
        fit = sum(1 for q in bank.questions if _fits_primary(bank, q))
        if fit < MIN_PRIMARY:
            failures.append(f"{_name(bank)}: {fit} questions fit primary, need {MIN_PRIMARY}")
    _fail("scam types for primary schools without enough primary questions", failures)


# --- answers not given away --------------------------------------------------------------------


def wrong_option_count(question: BankQuestion) -> int:
    return len(question.options) - len(question.answer)


def test_multiple_choice_questions_keep_two_wrong_options(banks):
    failures = []
    for bank in banks:
        multiples = [q for q in bank.questions if q.type == "multiple"]
        thin = [q.id for q in multiples if wrong_option_count(q) < 2]
        if multiples and len(multiples) - len(thin) < MIN_MULTIPLE_WITH_TWO_WRONG * len(multiples):
            failures.append(
                f"{_name(bank)}: {len(multiples) - len(thin)} of {len(multiples)} multiple-choice "
                f"questions have two or more wrong options (need "
                f"{MIN_MULTIPLE_WITH_TWO_WRONG:.0%}); one wrong option: {', '.join(thin)}"
            )
    _fail("multiple-choice questions a student answers by spotting one bad option", failures)


def test_true_false_verdicts_are_balanced(banks):
    low, high = TRUE_SHARE_RANGE
    failures = []
    for bank in banks:
        verdicts = [q.answer for q in bank.questions if q.type == "true_false"]
        true_count = verdicts.count((0,))
        if verdicts and not low <= true_count / len(verdicts) <= high:
            failures.append(
                f"{_name(bank)}: {true_count} of {len(verdicts)} true_false answers are true "
                f"(keep between {low:.0%} and {high:.0%})"
            )
    _fail("true_false answers that lean one way", failures)


def test_correct_answers_are_spread_over_positions(banks):
    failures = []
    for bank in banks:
        singles = _singles(bank)
        positions = Counter(q.answer[0] for q in singles)
        if singles:
            letter_index, count = positions.most_common(1)[0]
            if count > MAX_POSITION_SHARE * len(singles):
                failures.append(
                    f"{_name(bank)}: {count} of {len(singles)} single-choice answers are "
                    f"{chr(ord('A') + letter_index)} (at most {MAX_POSITION_SHARE:.0%})"
                )
        verdicts = {q.answer for q in bank.questions if q.type == "true_false"}
        if len(verdicts) < 2:
            failures.append(f"{_name(bank)}: true_false answers are all the same")
    _fail("answers lean on one position", failures)


def test_no_catch_all_options(banks):
    _fail("options such as 以上都是 (rewrite as a multiple-choice question)", (
        f"{q.id}: “{option}”"
        for bank in banks for q in bank.questions for option in q.options
        if CATCH_ALL.search(normalise(option))
    ))  # fmt: skip


def _stands_out_by_length(question: BankQuestion) -> str | None:
    lengths = [len(option) for option in question.options]
    right = lengths[question.answer[0]]
    others = lengths[: question.answer[0]] + lengths[question.answer[0] + 1 :]
    if right > max(others):
        return "longest"
    if right <= min(others) - VISIBLE_MARGIN:
        return "visibly shortest"
    return None


def _stands_out_by_wording(question: BankQuestion) -> str | None:
    marked = [[word for word in GIVEAWAY_WORDS if word in option] for option in question.options]
    right = marked[question.answer[0]]
    if right and sum(map(bool, marked)) == 1:
        return f"only option with “{right[0]}”"
    return None


@pytest.mark.parametrize("rule", [_stands_out_by_length, _stands_out_by_wording])
def test_correct_option_does_not_stand_out(banks, rule):
    failures = []
    for bank in banks:
        singles = _singles(bank)
        flagged = [(q.id, why) for q in singles if (why := rule(q))]
        if len(flagged) > MAX_STAND_OUT_SHARE * len(singles):
            listed = ", ".join(f"{qid} ({why})" for qid, why in flagged)
            failures.append(
                f"{_name(bank)}: {len(flagged)} of {len(singles)} single-choice questions "
                f"(at most {MAX_STAND_OUT_SHARE:.0%}): {listed}"
            )
    _fail("correct options that stand out from the distractors", failures)


# --- duplicates --------------------------------------------------------------------------------


def retired_ids() -> set[str]:
    lines = (BANKS_DIR / "retired.txt").read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def test_retired_ids_are_never_used_again(banks):
    retired = retired_ids()
    assert len(retired) > 50  # the list is read, not silently empty
    _fail("ids listed in question_banks/retired.txt are in use again (give the question a new id)",
          sorted(q.id for bank in banks for q in bank.questions if q.id in retired))


def test_no_identical_stems(banks):
    """Stems must differ even under a dialogue: accuracy reports list questions by stem."""
    seen: dict[str, list[str]] = {}
    for bank in banks:
        for q in bank.questions:
            seen.setdefault(normalise(q.stem), []).append(q.id)
    _fail("identical stems (rewrite one of them)", (
        f"{' / '.join(ids)}: “{stem}”" for stem, ids in seen.items() if len(ids) > 1
    ))  # fmt: skip


def near_duplicates(
    items: list[tuple[str, str]], threshold: float = NEAR_DUPLICATE_RATIO
) -> list[tuple[float, str, str]]:
    """(ratio, id, id) for every pair of (id, text) items at or above the threshold."""
    found = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    for i, (qid, text) in enumerate(items):
        matcher.set_seq2(text)  # seq2 is the side difflib caches
        for other_id, other_text in items[:i]:
            matcher.set_seq1(other_text)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            ratio = matcher.ratio()
            if ratio >= threshold:
                found.append((ratio, other_id, qid))
    return sorted(found, reverse=True)


def test_no_near_duplicate_questions(banks):
    items = [(q.id, comparison_text(q)) for bank in banks for q in bank.questions]
    _fail(
        f"near-duplicate questions (difflib ratio >= {NEAR_DUPLICATE_RATIO}; "
        "make one test a different situation)",
        (f"{a} / {b}: {ratio:.2f}" for ratio, a, b in near_duplicates(items)),
    )


@pytest.mark.parametrize(("first", "second", "duplicate"), [
    # a copy with a person, a number and a channel changed: a duplicate
    ("妈妈的手机收到一条短信：“在家兼职，动动手指日赚300元，加QQ领任务。”你看到后应该怎么做？",
     "爸爸的手机收到一条短信：“在家兼职，动动手指日赚500元，加微信领任务。”你看到后应该怎么做？",
     True),
    # the same question with one role swapped: a duplicate
    ("有人自称警察，打电话要你转钱。这时你可以向谁求助？",
     "有人自称老师，打电话要你转钱。这时你可以向谁求助？", True),
    # the closest pair in the banks: the same frame for two scam types
    ("接到自称“电商客服”的电话，对方提出下面哪些要求，一听就是诈骗？（多选）",
     "接到自称“公安局”的电话，对方提出下面哪些要求时，可以判断是诈骗？（多选）", False),
    # the same short frame about another scam type
    ("下面哪些是刷单返利诈骗常用的广告语？（多选）",
     "下面哪些是游戏交易诈骗常用的广告语？（多选）", False),
])  # fmt: skip
def test_near_duplicate_threshold_is_calibrated(first, second, duplicate):
    items = [("first", normalise(first)), ("second", normalise(second))]
    assert bool(near_duplicates(items)) is duplicate, similarity(*(text for _, text in items))
