"""Question error reports (纠错): students report questions they were shown, staff any question
of the bank; the bureau reads them per question and closes them with a reply."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.errors import Conflict, Invalid, NotFound
from quiz.i18n import _
from quiz.i18n import lazy_gettext as _l
from quiz.models import (
    Attempt,
    Question,
    QuestionReport,
    QuestionVersion,
    ReportReason,
    StaffUser,
    Student,
)
from quiz.permissions import Action, can

REASON_LABELS = {
    ReportReason.WRONG_ANSWER: _l("答案有误"), ReportReason.UNCLEAR: _l("表述不清"),
    ReportReason.OUTDATED: _l("过时"), ReportReason.OTHER: _l("其他"),
}
MAX_TEXT = 500


def _checked(reason: str, text: str) -> tuple[str, str]:
    if reason not in {r.value for r in ReportReason}:
        raise Invalid(_("请选择纠错原因。"), fields={"reason": [_("请选择纠错原因。")]})
    text = (text or "").strip()
    if reason == ReportReason.OTHER and not text:
        raise Invalid(_("选择“其他”时请写明问题。"), fields={"text": [_("请写明问题。")]})
    if len(text) > MAX_TEXT:
        raise Invalid(_("说明最多 500 字。"), fields={"text": [_("说明最多 500 字。")]})
    return reason, text


def report_from_attempt(session: Session, student: Student, attempt: Attempt, position: int,
                        reason: str, text: str, now: datetime) -> QuestionReport:
    """A student reports a question of their own finished attempt, the version they saw."""
    if not can(student, Action.VIEW, attempt):
        raise NotFound(_("没有这次答题。"))
    item = next((i for i in attempt.items if i.position == position), None)
    if item is None:
        raise NotFound(_("这道题不在本次答题中。"))
    if attempt.finished_at is None:
        raise Conflict(_("交卷后才能纠错。"))
    reason, text = _checked(reason, text)
    version = session.get(QuestionVersion, item.question_version_id)
    report = QuestionReport(question_id=version.question_id, question_version_id=version.id,
                            student_id=student.id, reason=reason, text=text, created_at=now)
    session.add(report)
    session.commit()
    return report


def report_by_staff(session: Session, staff: StaffUser, question: Question, reason: str,
                    text: str, now: datetime) -> QuestionReport:
    reason, text = _checked(reason, text)
    report = QuestionReport(question_id=question.id,
                            question_version_id=question.current_version_id, staff_id=staff.id,
                            reason=reason, text=text, created_at=now)
    session.add(report)
    session.commit()
    return report


@dataclass
class OpenReports:
    question: Question
    reports: list[QuestionReport]

    @property
    def reasons(self) -> Counter:
        return Counter(r.reason for r in self.reports)


def open_reports(session: Session) -> list[OpenReports]:
    """Open reports grouped per question, the most reported first."""
    grouped: dict[int, OpenReports] = {}
    for report in session.scalars(select(QuestionReport).where(
            QuestionReport.closed_at.is_(None)).order_by(QuestionReport.created_at)):
        grouped.setdefault(report.question_id, OpenReports(report.question, [])).reports.append(
            report)
    return sorted(grouped.values(), key=lambda g: (-len(g.reports), g.question.code))


def close_reports(session: Session, question: Question, bureau: StaffUser, reply: str,
                  now: datetime) -> int:
    """Close every open report of the question with one reply; returns how many."""
    reply = (reply or "").strip()
    if not reply or len(reply) > MAX_TEXT:
        raise Invalid(_("请填写回复（最多 500 字）。"), fields={"reply": [_("请填写回复。")]})
    reports = session.scalars(select(QuestionReport).where(
        QuestionReport.question_id == question.id, QuestionReport.closed_at.is_(None))).all()
    for report in reports:
        report.closed_at, report.closed_by_id, report.reply = now, bureau.id, reply
    session.commit()
    return len(reports)
