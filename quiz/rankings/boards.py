"""Leaderboards as a viewer sees them: which board they may ask for, and its rows with names
shown or masked. The pages, the projector and the API call all come through here.

Rows are read from the standing tables (quiz.rankings.tables), which every finish updates in
its own transaction, so a board is fresh the moment an attempt is finished; overdue attempts of
a contest are finished first (quiz.contests.attempts.close_overdue), as before.

Names outside the viewer's own class are masked unless the student's school turned masking
off and the viewer belongs to that school; teachers see their classes by name, school admins
their school; the bureau sees aggregates and masked names. Student numbers are never shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.contests.attempts import close_overdue
from quiz.errors import Invalid, NotFound
from quiz.i18n import _
from quiz.models import Contest, SchoolLevel, Student
from quiz.models.standings import ContestStanding, GroupTotal, Season, SeasonStanding
from quiz.permissions import NOBODY, Action, Area, NameVisibility, can
from quiz.permissions.boards import board_scope_id
from quiz.rankings import tables
from quiz.rankings.standings import season_contest_ids
from quiz.rankings.tables import BoardRef, Scope

LEVELS = ("student", "class", "school", "district")
DIVISIONS = tuple(level.value for level in SchoolLevel)
MAX_LIMIT = 500
# A season board finishes the overdue attempts of its contests open now or closed this recently
# (an attempt ends at the latest when its contest closes; the lazy finish comes on a read).
_RECENT = timedelta(hours=6)
# Which row levels fit which scope: a school scope has class and school rows, not districts.
_LEVELS_IN_SCOPE = {
    "class": ("student", "class"),
    "school": ("student", "class", "school"),
    "district": ("student", "class", "school", "district"),
    "city": ("student", "class", "school", "district"),
}


@dataclass(frozen=True)
class BoardQuery:
    """What a viewer asks for: the level of the rows and an optional narrowing to a class,
    school or district (the narrowest given wins); `division` is a school level or "all"."""

    level: str = "student"
    class_id: int | None = None
    school_id: int | None = None
    district_id: int | None = None
    division: str | None = None
    limit: int = 50
    scope: str | None = None  # pages name the scope; the API derives it from the filters


def _not_found() -> NotFound:
    return NotFound(_("没有这个排行榜。"))


def is_bureau(viewer: Any) -> bool:
    return can(viewer, Action.VIEW, Area.CITY)


def resolve(session: Session, viewer: Any, ref: BoardRef, query: BoardQuery) -> Scope:
    """Check the query and the viewer's right to it; the scope to read.

    Unknown level, scope or division, or a limit out of range: Invalid (422). A class, school
    or district outside the viewer's own (a student: their class, school and district; school
    staff: their school and district) or one that does not exist: NotFound (404), the same
    answer either way so ids cannot be probed.
    """
    if query.level not in LEVELS:
        raise Invalid(_("未知的排行层级。"),
                      fields={"level": [_("只能是 student、class、school 或 district")]})
    if not 1 <= query.limit <= MAX_LIMIT:
        raise Invalid(_("limit 应在 1 到 500 之间。"), fields={"limit": [_("1 到 500")]})
    if query.division not in (None, "all", *DIVISIONS):
        raise Invalid(_("未知的学段。"), fields={"division": [_("只能是 primary、junior、senior、"
                                                     "vocational、college 或 all")]})
    kind = query.scope or ("class" if query.class_id is not None else "school"
                           if query.school_id is not None else "district"
                           if query.district_id is not None else "city")
    if kind not in _LEVELS_IN_SCOPE:
        raise Invalid(_("未知的排行范围。"),
                      fields={"scope": [_("只能是 class、school、district 或 city")]})
    if query.level not in _LEVELS_IN_SCOPE[kind]:
        raise Invalid(_("这个范围里没有这一层级的排行。"), fields={"level": [_("与范围不匹配")]})
    scope_id = board_scope_id(session, viewer, kind, class_id=query.class_id,
                              school_id=query.school_id, district_id=query.district_id)
    if scope_id is False:
        raise _not_found()
    division = None
    if kind in ("district", "city") and query.level in ("student", "school"):
        division = _division(session, viewer, ref, query.division)
    return Scope(kind=kind, id=scope_id, division=division)


def _division(session: Session, viewer: Any, ref: BoardRef, asked: str | None) -> str | None:
    """The division a city or district board shows: the one asked for ("all": every level),
    else the viewer's school level, else (the bureau) the first level with results."""
    if asked == "all":
        return None
    if asked is not None:
        return asked
    if not is_bureau(viewer):
        return viewer.school.level
    for level in DIVISIONS:
        if session.scalar(select(GroupTotal.level).where(
                GroupTotal.board == ref.kind, GroupTotal.board_id == ref.id,
                GroupTotal.kind == "school", GroupTotal.level == level,
                GroupTotal.participants > 0).limit(1)):
            return level
    return DIVISIONS[0]


def freshen(session: Session, ref: BoardRef, now: datetime) -> None:
    """Finish the overdue attempts the board would otherwise miss (an index range each)."""
    if ref.kind == "contest":
        close_overdue(session, now, ref.id)
        return
    season = session.get(Season, ref.id)
    live = session.scalars(season_contest_ids(session, season).where(
        Contest.opens_at <= now, Contest.closes_at >= now - _RECENT)).all()
    for contest_id in live:
        close_overdue(session, now, contest_id)


def student_dicts(rows: list[tables.StudentRow], viewer: Any,
                  names: NameVisibility | None = None) -> list[dict[str, Any]]:
    """Rows for display; `names` overrides whose names are shown (the projector: NOBODY)."""
    names = NameVisibility.for_viewer(viewer) if names is None else names
    me = viewer.id if isinstance(viewer, Student) else None
    return [{
        "rank": r.rank,
        "name": names.name(r.name, class_id=r.class_id, school_id=r.school_id,
                           school_masks=r.school_masks),
        "class": r.class_label,
        "school": r.school_name, "score": r.score, "time_used_seconds": r.time_used_seconds,
        "class_id": r.class_id, "is_me": r.student_id == me, "me": r.student_id == me,
    } for r in rows]


def group_dicts(rows: list[tables.GroupRow]) -> list[dict[str, Any]]:
    return [{
        "rank": r.rank, "name": r.name, "class": r.name if r.kind == "class" else None,
        "school": r.school_name, "score": round(r.mean_score, 1),
        "participation_rate": round(r.participation_rate, 4), "id": r.id,
        "enrolled": r.enrolled, "participants": r.participants,
    } for r in rows]


def board(session: Session, ref: BoardRef, viewer: Any, query: BoardQuery, now: datetime,
          *, fresh: bool = True, projector: bool = False, mine: bool = True,
          total: bool = True) -> dict[str, Any]:
    """A board as the viewer may see it: {"scope", "rows", "mine", "total"}.

    `mine` is the viewing student's own row with two above and two below (student level;
    [] for staff or a student not on the board); `total` the number of ranked students.
    `fresh=False` skips finishing overdue attempts (a page showing several boards does it
    once); `projector=True` masks every name the viewer's school has not unmasked;
    `mine=False` and `total=False` skip what a page does not show.
    """
    scope = resolve(session, viewer, ref, query)
    if fresh:
        freshen(session, ref, now)
    names = NOBODY if projector else NameVisibility.for_viewer(viewer, session)
    if query.level == "student":
        rows = student_dicts(tables.top_students(session, ref, scope, query.limit), viewer,
                             names)
        own = (student_dicts(tables.place(session, ref, scope, viewer.id), viewer, names)
               if mine and isinstance(viewer, Student) else [])
        count = tables.count_students(session, ref, scope) if total else None
    else:
        rows = group_dicts(tables.group_table(session, ref, query.level, scope)[:query.limit])
        own, count = [], None
    return {"scope": scope, "rows": rows, "mine": own, "total": count}


def contest_board(session: Session, contest: Contest, viewer: Any, query: BoardQuery,
                  now: datetime) -> list[dict[str, Any]]:
    """A contest board's rows (kept for callers of the first version)."""
    return board(session, BoardRef("contest", contest.id), viewer, query, now)["rows"]


def latest_boards(session: Session, student: Student) -> dict[str, Any]:
    """The student's latest contest and season with a place in them, for the home card."""
    contest_row = session.execute(
        select(ContestStanding.contest_id, Contest.title).join(
            Contest, Contest.id == ContestStanding.contest_id)
        .where(ContestStanding.student_id == student.id)
        .order_by(ContestStanding.finished_at.desc()).limit(1)).first()
    season_row = session.execute(
        select(SeasonStanding.season_id, Season.name).join(
            Season, Season.id == SeasonStanding.season_id)
        .where(SeasonStanding.student_id == student.id)
        .order_by(Season.ends_on.desc()).limit(1)).first()
    result: dict[str, Any] = {}
    level = student.school.level
    for key, row in (("contest", contest_row), ("season", season_row)):
        if row is None:
            continue
        ref = BoardRef(key, row[0])
        scope = Scope("city", None, level)
        mine = tables.place(session, ref, scope, student.id, around=0)
        result[key] = {"id": row[0], "title": row[1], "rank": mine[0].rank if mine else None,
                       "total": tables.count_students(session, ref, scope),
                       "class_rank": _class_rank(session, ref, student)}
    return result


def _class_rank(session: Session, ref: BoardRef, student: Student) -> int | None:
    mine = tables.place(session, ref, Scope("class", student.class_id), student.id, around=0)
    return mine[0].rank if mine else None

