"""Reading boards from the standing tables: top rows, a student's place with neighbours, group
tables. Each student query is a range of one index of quiz.models.standings (board, filter
columns, then the board order), so its cost does not grow with the city.

No Flask and no viewer here: who may see what and how names show is quiz.rankings.boards'.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from quiz.i18n import _
from quiz.models import District, School, SchoolClass
from quiz.models.standings import ContestStanding, GroupTotal, SeasonStanding
from quiz.rankings.rules import GroupStanding, rank_groups

BOARD_KINDS = ("contest", "season")
SCOPE_KINDS = ("class", "school", "district", "city")
GROUP_KINDS = ("class", "school", "district")


@dataclass(frozen=True)
class BoardRef:
    """Which board: a contest's or a season's."""

    kind: str  # "contest" | "season"
    id: int


@dataclass(frozen=True)
class Scope:
    """Which part of the board: a class, a school, a district (optionally one division) or
    the city (optionally one division: a school level)."""

    kind: str  # class | school | district | city
    id: int | None = None
    division: str | None = None  # a school level; None: every level


@dataclass(frozen=True)
class StudentRow:
    rank: int
    student_id: int
    name: str
    class_id: int
    class_label: str
    school_id: int
    school_name: str
    school_masks: bool
    score: int
    time_used_seconds: int
    finished_at: datetime


@dataclass(frozen=True)
class GroupRow:
    rank: int
    kind: str
    id: int
    name: str
    school_name: str | None
    enrolled: int
    participants: int
    mean_score: float
    participation_rate: float


def _model(ref: BoardRef):
    return ContestStanding if ref.kind == "contest" else SeasonStanding


def _rows(records: Sequence, ranks: Sequence[int]) -> list[StudentRow]:
    return [StudentRow(
        rank=rank, student_id=r[0], name=r[1], class_id=r[2],
        class_label=_("%(grade)s年级 %(name)s", grade=r[3], name=r[4]), school_id=r[5],
        school_name=r[6], school_masks=bool(r[7]), score=r[8], time_used_seconds=r[9],
        finished_at=r[10]) for r, rank in zip(records, ranks, strict=True)]


def _same(a, b) -> bool:
    """Equal on the ranking keys (score, time used, finish): a shared rank."""
    return (a[8], a[9], a[10]) == (b[8], b[9], b[10])


def _ranks_from(records: Sequence, first_rank: int, first_position: int) -> list[int]:
    """Competition ranks of consecutive rows in board order, given the first row's rank and
    position (1-based)."""
    ranks: list[int] = []
    for offset, record in enumerate(records):
        if offset and not _same(record, records[offset - 1]):
            ranks.append(first_position + offset)
        else:
            ranks.append(ranks[-1] if offset else first_rank)
    return ranks


_TOP_SQL = """
SELECT w.student_id, st.name, w.class_id, c.grade, c.name, w.school_id, sc.name, sc.mask_names,
       w.score, w.time_used_seconds, w.finished_at
FROM (SELECT * FROM {table} w WHERE {w_where} ORDER BY {w_order} LIMIT :limit) AS w
JOIN student st ON st.id = w.student_id JOIN school_class c ON c.id = w.class_id
JOIN school sc ON sc.id = w.school_id
ORDER BY {w_order}
"""


def _scope_params(ref: BoardRef, scope: Scope, **more) -> dict:
    params = {"board": ref.id, **more}
    if scope.kind in ("class", "school", "district"):
        params["scope_id"] = scope.id
    if scope.kind in ("district", "city") and scope.division is not None:
        params["division"] = scope.division
    return params


def top_students(session: Session, ref: BoardRef, scope: Scope, limit: int) -> list[StudentRow]:
    """The first `limit` rows of a student board, with competition ranks (1, 2, 2, 4): one
    index range, then the names of those rows (written out as SQL: no ORM work per call)."""
    model = _model(ref)
    statement = text(_TOP_SQL.format(
        table=model.__tablename__, w_where=_where_sql(ref, scope, "w"),
        w_order=_ORDER_SQL.format(t="w"))).columns(finished_at=model.finished_at.type)
    records = session.execute(statement, _scope_params(ref, scope, limit=limit)).all()
    return _rows(records, _ranks_from(records, 1, 1))


def count_students(session: Session, ref: BoardRef, scope: Scope) -> int:
    """Students on a student board, summed from the group totals (a few hundred rows at most,
    where counting the standings of a city division would read tens of thousands)."""
    query = select(func.sum(GroupTotal.participants)).where(
        GroupTotal.board == ref.kind, GroupTotal.board_id == ref.id)
    if scope.kind == "class":
        query = query.where(GroupTotal.kind == "class", GroupTotal.group_id == scope.id)
    else:
        query = query.where(GroupTotal.kind == "school")
        if scope.kind == "school":
            query = query.where(GroupTotal.group_id == scope.id)
        elif scope.kind == "district":
            query = query.where(GroupTotal.district_id == scope.id)
        if scope.division is not None:
            query = query.where(GroupTotal.level == scope.division)
    return session.scalar(query) or 0


_ORDER_SQL = "{t}.minus_score, {t}.time_used_seconds, {t}.finished_at, {t}.student_id"
_PLACE_SQL = """
WITH me AS (
  SELECT {m_order} FROM {table} m WHERE {m_where} AND m.student_id = :student),
above AS (
  SELECT * FROM (
    SELECT a.student_id, a.minus_score, a.time_used_seconds, a.finished_at, a.class_id,
           a.school_id
    FROM {table} a WHERE {a_where} AND ({a_order}) < ({me_order})
    ORDER BY a.minus_score DESC, a.time_used_seconds DESC, a.finished_at DESC,
             a.student_id DESC
    LIMIT :around) AS x),
rest AS (
  SELECT * FROM (
    SELECT r.student_id, r.minus_score, r.time_used_seconds, r.finished_at, r.class_id,
           r.school_id
    FROM {table} r WHERE {r_where} AND ({r_order}) >= ({me_order})
    ORDER BY {r_order} LIMIT :around_and_me) AS y),
shown AS (SELECT * FROM above UNION ALL SELECT * FROM rest),
top AS (SELECT * FROM shown ORDER BY {top_order} LIMIT 1)
SELECT w.student_id, st.name, w.class_id, c.grade, c.name, w.school_id, sc.name, sc.mask_names,
       -w.minus_score AS score, w.time_used_seconds, w.finished_at,
       (SELECT count(*) FROM {table} b JOIN top ON ({b_order}) < ({top_key})
        WHERE {b_where}) AS before_top,
       (SELECT count(*) FROM {table} e JOIN top ON e.minus_score = top.minus_score
          AND e.time_used_seconds = top.time_used_seconds AND e.finished_at = top.finished_at
          AND e.student_id < top.student_id
        WHERE {e_where}) AS tied_before_top
FROM shown w JOIN student st ON st.id = w.student_id
JOIN school_class c ON c.id = w.class_id JOIN school sc ON sc.id = w.school_id
ORDER BY {w_order}
"""


def _where_sql(ref: BoardRef, scope: Scope, alias: str) -> str:
    """The board and scope filter on one alias of the standing table (bound parameters)."""
    board = "contest_id" if ref.kind == "contest" else "season_id"
    parts = [f"{alias}.{board} = :board"]
    if scope.kind in ("class", "school", "district"):
        parts.append(f"{alias}.{scope.kind}_id = :scope_id")
    if scope.kind in ("district", "city") and scope.division is not None:
        parts.append(f"{alias}.level = :division")
    return " AND ".join(parts)


def _place_statement(ref: BoardRef, scope: Scope):
    model = _model(ref)
    # The student's key as scalar subqueries, not a join: PostgreSQL then uses it as the
    # bound of an index range (a join would scan the division and filter).
    me_key = ("(SELECT ms FROM me), (SELECT t FROM me), (SELECT f FROM me), "
              "(SELECT sid FROM me)")
    fields = {"table": model.__tablename__, "me_order": me_key,
              "top_key": _ORDER_SQL.format(t="top")}
    for alias in "marbew":
        fields[f"{alias}_where"] = _where_sql(ref, scope, alias)
        fields[f"{alias}_order"] = _ORDER_SQL.format(t=alias)
    fields["m_order"] = ("m.minus_score AS ms, m.time_used_seconds AS t, m.finished_at AS f, "
                         "m.student_id AS sid")
    fields["top_order"] = "minus_score, time_used_seconds, finished_at, student_id"
    return text(_PLACE_SQL.format(**fields)).columns(finished_at=model.finished_at.type)


def place(session: Session, ref: BoardRef, scope: Scope, student_id: int, around: int = 2
          ) -> list[StudentRow]:
    """The student's row with up to `around` rows above and below; [] when not on the board.

    One statement (its text written out so that it costs one round trip and no ORM work): the
    rows above and below are two short index scans from the student's key, and the ranks come
    from one index-only range count of the rows before the topmost row shown, less those tied
    with it (an equality range).
    """
    params = _scope_params(ref, scope, student=student_id, around=around,
                           around_and_me=around + 1)
    records = session.execute(_place_statement(ref, scope), params).all()
    if not records:
        return []
    position = 1 + records[0].before_top
    rank = position - records[0].tied_before_top
    return _rows([r[:11] for r in records], _ranks_from(records, rank, position))


def group_table(session: Session, ref: BoardRef, kind: str, scope: Scope) -> list[GroupRow]:
    """Classes, schools or districts of a scope, ranked by quiz.rankings.rules.rank_groups
    from their running totals (mean over enrolled students, then participation rate)."""
    # Plain rows, not ORM objects: a city table has hundreds of them per request.
    query = select(GroupTotal.group_id, GroupTotal.enrolled, GroupTotal.participants,
                   GroupTotal.score_sum).where(
        GroupTotal.board == ref.kind, GroupTotal.board_id == ref.id, GroupTotal.kind == kind)
    if scope.kind == "class":  # only class rows make sense (quiz.rankings.boards checks)
        query = query.where(GroupTotal.kind == "class", GroupTotal.group_id == scope.id)
    elif scope.kind == "school":
        query = query.where(GroupTotal.school_id == scope.id)
    elif scope.kind == "district":
        query = query.where(GroupTotal.district_id == scope.id)
    if scope.division is not None and kind != "district":
        query = query.where(GroupTotal.level == scope.division)
    totals = {t.group_id: t for t in session.execute(query)}
    names = _group_names(session, kind, set(totals))
    ranked = rank_groups(GroupStanding(
        key=t.group_id, enrolled=t.enrolled, participants=t.participants,
        mean_score=t.score_sum / t.enrolled if t.enrolled else 0.0,
        participation_rate=t.participants / t.enrolled if t.enrolled else 0.0,
    ) for t in totals.values())
    return [GroupRow(rank=r.rank, kind=kind, id=r.standing.key,
                     name=names[r.standing.key][0], school_name=names[r.standing.key][1],
                     enrolled=r.standing.enrolled, participants=r.standing.participants,
                     mean_score=r.standing.mean_score,
                     participation_rate=r.standing.participation_rate) for r in ranked]


def _group_names(session: Session, kind: str, ids: set[int]) -> dict[int, tuple[str, str | None]]:
    if not ids:
        return {}
    if kind == "district":
        return {i: (name, None) for i, name in session.execute(
            select(District.id, District.name).where(District.id.in_(ids)))}
    if kind == "school":
        return {i: (name, name) for i, name in session.execute(
            select(School.id, School.name).where(School.id.in_(ids)))}
    rows = session.execute(select(SchoolClass.id, SchoolClass.grade, SchoolClass.name,
                                  School.name).join(School).where(SchoolClass.id.in_(ids)))
    return {i: (_("%(grade)s年级 %(name)s", grade=grade, name=name), school_name)
            for i, grade, name, school_name in rows}
