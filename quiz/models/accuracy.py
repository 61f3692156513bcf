"""Accuracy per scam type, kept on finish for the participation reports and the dashboard."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db


class AccuracyTally(db.Model):
    """Saved answers and right answers per contest, school and scam type, over finished
    attempts: what the reports' 题型正确率 and the dashboard's heat maps read, kept up to date
    in the finishing transaction (quiz.reports.tallies) so no report scans every answer."""

    __tablename__ = "accuracy_tally"

    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    school_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scam_type_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answered: Mapped[int] = mapped_column(Integer)
    correct: Mapped[int] = mapped_column(Integer)
