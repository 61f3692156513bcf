"""Item analysis running totals, kept on finish (quiz.item_analysis.tallies)."""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db


class ItemTally(db.Model):
    """Finished attempts per contest, school, question version and answer pattern, with the
    sums the discrimination index needs: what the item analysis reads, so it never scans every
    answer of the city (quiz.item_analysis.tallies).

    `pattern` is the sorted option indices chosen, as "0,2" ("" for a question left blank);
    `is_right` whether that pattern is the version's answer. `rest_*` sum the attempt's score
    without this item as a share of the rest's maximum, over the attempts where the rest has a
    maximum (`rest_count` of them).
    """

    __tablename__ = "item_tally"

    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    school_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_version_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)
    pattern: Mapped[str] = mapped_column(String(40), primary_key=True)
    is_right: Mapped[bool] = mapped_column(Boolean)
    attempts: Mapped[int] = mapped_column(Integer)
    rest_count: Mapped[int] = mapped_column(Integer)
    rest_sum: Mapped[float] = mapped_column(Float)
    rest_squares: Mapped[float] = mapped_column(Float)
