"""Importing a bank a member of staff uploads in the browser.

The bureau's uploads are city banks; a teacher's or school admin's become their school's own
bank (seen and drawn from only there). A file may not take over a scam type code or a question
id that belongs to another owner. Checking never writes; the preview's counts come from
importing inside a transaction that is rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.banks.convert import Conversion, convert_source
from quiz.banks.convert.excel import MAX_ROWS
from quiz.banks.importer import ImportSummary, import_bank_files
from quiz.banks.validation import BankFile
from quiz.i18n import _
from quiz.models import Question, ScamType, StaffUser
from quiz.permissions import Action, Area, can

# As many as the Excel template holds: bounds the preview's import (done and rolled back).
MAX_QUESTIONS = MAX_ROWS


@dataclass
class UploadCheck:
    bank: BankFile | None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def owner_of_uploads(user: StaffUser) -> int | None:
    return None if can(user, Action.VIEW, Area.CITY) else user.school_id


def check_upload(session: Session, user: StaffUser, filename: str, data: bytes, *,
                 code: str | None, name: str | None, summary: str | None) -> UploadCheck:
    conversion: Conversion = convert_source(filename, data, code=code or None,
                                            name=name or None, summary=summary or None)
    check = UploadCheck(bank=conversion.bank, problems=[str(p) for p in conversion.problems],
                        notes=list(conversion.notes),
                        skipped=[str(s) for s in conversion.skipped])
    if check.bank is not None and len(check.bank.questions) > MAX_QUESTIONS:
        check.problems.append(_("文件太大：有 %(n)s 道题，一次最多上传 %(limit)s 道，"
                                "请拆分成几个文件。", n=len(check.bank.questions),
                                limit=MAX_QUESTIONS))
    elif check.bank is not None:
        check.problems += _ownership_problems(session, check.bank, owner_of_uploads(user))
    if check.problems:
        check.bank = None
    return check


def _ownership_problems(session: Session, bank: BankFile, owner: int | None) -> list[str]:
    problems = []
    existing = session.scalar(select(ScamType).where(ScamType.code == bank.scam_type.code))
    if existing is not None and existing.owner_school_id != owner:
        problems.append(_(
            "题型代码 %(code)s 已被%(who)s使用，请换一个代码（如在前面加上学校代码）。",
            code=bank.scam_type.code,
            who=_("全市题库") if existing.owner_school_id is None else _("其他学校的题库")))
    ids = [question.id for question in bank.questions]
    taken = session.execute(
        select(Question.code, ScamType.code, ScamType.owner_school_id)
        .join(ScamType, ScamType.id == Question.scam_type_id)
        .where(Question.code.in_(ids), ScamType.code != bank.scam_type.code))
    for question_code, type_code, type_owner in taken:
        if type_owner != owner:
            problems.append(_("题目编号 %(id)s 已在题型 %(code)s 中使用，请换一个编号。",
                              id=question_code, code=type_code))
    return problems


def preview(session: Session, bank: BankFile, now: datetime) -> ImportSummary:
    """What importing would change, without changing anything: import, count, roll back."""
    try:
        return import_bank_files(session, [bank], now=now)
    finally:
        session.rollback()


def apply_upload(session: Session, user: StaffUser, bank: BankFile, now: datetime
                 ) -> ImportSummary:
    summary = import_bank_files(session, [bank], now=now)
    scam_type = session.scalar(select(ScamType).where(ScamType.code == bank.scam_type.code))
    scam_type.owner_school_id = owner_of_uploads(user)
    session.commit()
    return summary
