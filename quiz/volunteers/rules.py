"""Volunteer rules: what an activity record may contain and who may do what with it.

Pure: no Flask, no database. Values and users come in as arguments, problems go out as
Chinese messages keyed by field name (an empty dict means the input is fine).

Who may do what (decided in `quiz.permissions.volunteers`; the views answer 404 when a user may
not even see the object, 403 when they may see it but not do the thing):
- a team is run by the teachers and the school admin of its school (any teacher of the school:
  the team is school-wide, not a class's);
- a student logs activities once an active member of their school's team, and edits the ones
  they logged; a teacher or school admin logs and edits any activity of their school;
- only a teacher or school admin of the activity's school approves or rejects it: never a
  student (not even the team leader), never the bureau, never another school;
- an activity (which names students) is seen by its school's staff, the student who logged it
  and the students who took part; the bureau reads aggregates only (boards and tallies).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from quiz.i18n import _

MAX_HOURS = Decimal("24")  # one activity happens on one day
MAX_PEOPLE = 100_000  # more than a stadium: a typing slip, not an activity
MAX_INSTALLS = 10_000
MAX_AGE_DAYS = 366  # activities are logged within the school year they happened in
PLACE_MAX = 100
DESCRIPTION_MAX = 1000
REASON_MAX = 200


@dataclass(frozen=True)
class ParticipantInfo:
    """What the rules need to know about a chosen participant."""

    student_id: int
    school_id: int | None  # None: no such student
    is_member: bool  # an active member of the activity's team


def check_hours(value: Any) -> str | None:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return _("请填写时长（小时），例如 2 或 1.5。")
    if not hours.is_finite():
        return _("请填写时长（小时），例如 2 或 1.5。")
    if hours <= 0:
        return _("时长必须大于 0 小时。")
    if hours > MAX_HOURS:
        return _("一次活动在一天之内，时长不能超过 24 小时。")
    if hours != hours.quantize(Decimal("0.1")):
        return _("时长最多保留一位小数，例如 1.5。")
    return None


def check_people_reached(value: Any) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return _("请填写覆盖人数（整数）。")
    if value < 0:
        return _("覆盖人数不能是负数。")
    if value > MAX_PEOPLE:
        return _("一次活动的覆盖人数不能超过 %(n)s 人，请核对。", n=MAX_PEOPLE)
    return None


def check_app_installs(value: Any, people_reached: Any) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return _("请填写帮助安装注册国家反诈中心App的人数（整数，没有就填 0）。")
    if value < 0:
        return _("安装注册人数不能是负数。")
    if value > MAX_INSTALLS:
        return _("一次活动的安装注册人数不能超过 %(n)s 人，请核对。", n=MAX_INSTALLS)
    if isinstance(people_reached, int) and value > people_reached:
        return _("安装注册人数不能多于覆盖人数。")
    return None


def check_date(value: date | None, today: date) -> str | None:
    """`today` is the date in the city's zone (a date entered there is a local date)."""
    if value is None:
        return _("请填写活动日期，格式如 2026-10-01。")
    if value > today:
        return _("活动日期不能晚于今天：请在活动结束后再登记。")
    if value < today - timedelta(days=MAX_AGE_DAYS):
        return _("活动日期不能早于一年前，请核对。")
    return None


def check_participants(participants: Iterable[ParticipantInfo], school_id: int
                       ) -> str | None:
    participants = list(participants)
    if not participants:
        return _("请至少选择一名参与的志愿者。")
    if any(p.school_id is None for p in participants):
        return _("所选学生不存在，请刷新页面后重新选择。")
    if any(p.school_id != school_id for p in participants):
        return _("只能选择本校的学生作为参与者。")
    if any(not p.is_member for p in participants):
        return _("只能选择本校志愿者队的正式队员作为参与者。")
    return None


def check_reason(reason: str | None) -> str | None:
    reason = (reason or "").strip()
    if not reason:
        return _("请写明退回的原因，学生会看到它并据此修改。")
    if len(reason) > REASON_MAX:
        return _("原因不能超过 %(n)s 个字。", n=REASON_MAX)
    return None
