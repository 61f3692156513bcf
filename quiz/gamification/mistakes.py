"""The mistake book's rule: when a question goes in, and when it may leave.

Pure, so practice (which answers questions one by one) and contests (a finished attempt's wrong
answers) apply the same rule, and it is tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass

RIGHT_IN_A_ROW_TO_CLEAR = 2  # the mistake book lets a question go after two right in a row


@dataclass(frozen=True)
class MistakeState:
    """A mistake-book row's counters after one answer; `cleared` once it may leave the book."""

    in_book: bool
    wrong_count: int
    right_in_a_row: int
    cleared: bool


def after_answer(state: MistakeState | None, correct: bool) -> MistakeState | None:
    """The mistake book after one answer to a question (None: the question is not in it).

    A wrong answer puts the question in (or back in) the book and resets the run; a right
    answer to an open question counts towards RIGHT_IN_A_ROW_TO_CLEAR; a right answer to a
    question not in the book changes nothing.
    """
    if not correct:
        wrong = (state.wrong_count if state else 0) + 1
        return MistakeState(in_book=True, wrong_count=wrong, right_in_a_row=0, cleared=False)
    if state is None or state.cleared:
        return state
    run = state.right_in_a_row + 1
    return MistakeState(in_book=True, wrong_count=state.wrong_count, right_in_a_row=run,
                        cleared=run >= RIGHT_IN_A_ROW_TO_CLEAR)
