"""The staff audit log: who changed or exported what, when, in whose scope.

`record` only adds an entry to the caller's session, so it is written by the same commit as the
action it describes: an action that fails and rolls back leaves no entry behind. Only web and
API actions by a staff account are recorded; command-line runs have no staff actor.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from quiz import clock
from quiz.i18n import lazy_gettext as _l
from quiz.models.audit import AuditEntry
from quiz.models.org import StaffUser

# Actions in use and how the log pages name them; an unknown action is shown as its code.
ACTION_LABELS = {
    "roster.import": _l("导入花名册"),
    "contest.create": _l("创建竞赛"),
    "contest.update": _l("修改竞赛"),
    "contest.cancel": _l("取消竞赛"),
    "contest.extra_time": _l("延长学生答题时间"),
    "season.count": _l("竞赛计入赛季"),
    "season.uncount": _l("竞赛不再计入赛季"),
    "results.export": _l("导出竞赛成绩"),
    "results.api": _l("通过接口读取竞赛成绩"),
    "report.download": _l("下载参与情况报表"),
    "password.reset": _l("重置学生密码"),
    "slips.print": _l("打印登录条"),
    "login.unblock": _l("解除学生登录等待"),
    "activity.approve": _l("通过志愿活动"),
    "activity.reject": _l("退回志愿活动"),
    "team.accept": _l("同意入队申请"),
    "team.decline": _l("拒绝入队申请"),
    "team.add": _l("添加志愿者"),
    "team.remove": _l("移出志愿者"),
    "team.leader": _l("任命队长"),
}

TARGET_MAX = 200
# Actions whose target is one student (name and number, for their school's admin); the bureau
# sees these with the name masked and no number, as it sees students everywhere else.
STUDENT_TARGET_ACTIONS = frozenset({
    "password.reset", "login.unblock", "team.accept", "team.decline", "team.leader",
    "team.remove"})


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def record(session: Session, actor: StaffUser, action: str, target: str, *,
           school_id: int | None, details: dict[str, Any] | None = None) -> None:
    """Add an audit entry for `actor` doing `action` on `target` to `session` (not committed).

    `school_id` is the scope the action belongs to (None: the city); it decides who may read
    the entry. `details` must be JSON-serialisable; keep personal data out of it (ids, counts).
    """
    session.add(AuditEntry(
        at=clock.now(), actor_id=actor.id, school_id=school_id, action=action,
        target=(target or "")[:TARGET_MAX], details=dict(details or {}),
    ))


def record_and_commit(session: Session, actor: StaffUser, action: str, target: str, *,
                      school_id: int | None, details: dict[str, Any] | None = None) -> None:
    """For actions whose service commits by itself (contest creation) or that change nothing
    (exports): record, then commit the entry alone. Call it only after the action succeeded."""
    record(session, actor, action, target, school_id=school_id, details=details)
    session.commit()
