"""What the item analysis page and API read, for one viewer: the banks they maintain and the
rows of those banks (quiz.permissions.maintained_scam_types decides which)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from quiz.item_analysis.stats import ItemRow, item_rows
from quiz.models import ScamType
from quiz.permissions import maintained_scam_types


def maintained_types(session: Session, user: Any) -> list[ScamType]:
    return list(session.scalars(maintained_scam_types(user)))


def maintained_type(session: Session, user: Any, code: str) -> ScamType | None:
    """The scam type of this code if `user` maintains it, else None (shown as a 404)."""
    return session.scalar(maintained_scam_types(user).where(ScamType.code == code))


def rows_for(session: Session, user: Any, scam_type: ScamType | None,
             contest_id: int | None) -> list[ItemRow]:
    """The item rows of the banks `user` maintains (or of one of them), over every contest or
    one; the caller has checked that the contest is one `user` may see."""
    banks = maintained_scam_types(user)
    if scam_type is not None:
        banks = banks.where(ScamType.id == scam_type.id)
    return item_rows(session, scam_types=banks, contest_id=contest_id)
