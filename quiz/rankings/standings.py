"""Keeping the leaderboard tables up to date: on every finish, and rebuilt from attempts.

Design (docs in README "Leaderboards"): every board reads small aggregate tables instead of
recomputing from attempts, and those tables are written in the transaction that finishes an
attempt (`record_finish`, called from quiz.contests.events.attempt_finished). A finished
attempt is therefore on every board as soon as its transaction commits, with no cache to empty
and nothing kept in the app servers.

- contest_standing: one row per (contest, student) with the best attempt's figures (the order
  of quiz.rankings.rules.rank_students) and the student's class, school, district and school
  level copied in, so each board is one index range.
- season_standing: one row per (season, student): the season score is the sum of the student's
  season points (best score as a percentage of the paper's maximum, 0-100: rules.season_points)
  over the season's counted contests (opening day, in the city's zone, in the season; marked by
  the bureau as counting; not cancelled); time used is summed too and the finish time is that of
  the latest counting attempt. Ties break as on a contest board.
- group_total: per board and per class, school and district, the enrolled count (taken when
  the board's first finish arrives, or on a rebuild) and running totals of participants and
  score sum, from which mean and participation rate follow.

`rebuild_standings` recomputes all of it from the attempts with a few set-based statements; it
is what the city generator and `flask leaderboards rebuild` use, and tests compare it with the
incremental path. A student's first finish on a board recounts the enrolled students of their
class and school; other roster changes (a class move, a student leaving) reach the boards on
the next rebuild.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Select,
    case,
    delete,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from quiz.clock import city_zone, day_start, local_day
from quiz.models import Attempt, Contest, School, SchoolClass, Student
from quiz.models.standings import ContestStanding, GroupTotal, Season, SeasonStanding
from quiz.permissions.contests import eligible_students
from quiz.rankings.rules import SEASON_POINTS_PER_CONTEST, season_points

GROUP_KINDS = ("district", "school", "class")  # also the order rows are locked in


def season_window(season: Season, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants [start, end) of a season's days in the city's zone."""
    return day_start(season.starts_on, zone), day_start(season.ends_on + timedelta(days=1), zone)


def seasons_on_day_of(session: Session, contest: Contest) -> list[Season]:
    """The seasons whose days contain a contest's opening day, counted or not."""
    day: date = local_day(contest.opens_at)
    return list(session.scalars(select(Season).where(
        Season.starts_on <= day, Season.ends_on >= day).order_by(Season.id)))


def seasons_of(session: Session, contest: Contest) -> list[Season]:
    """The seasons a contest counts in: none unless the bureau marked it as counting and it
    is not cancelled; then those whose days contain its opening day."""
    if contest.cancelled_at is not None or not contest.counts_in_season:
        return []
    return seasons_on_day_of(session, contest)


def season_candidates(season: Season) -> Select:
    """The contests of a season's days that the bureau may mark as counting (not cancelled)."""
    start, end = season_window(season, city_zone())
    return select(Contest).where(Contest.opens_at >= start, Contest.opens_at < end,
                                 Contest.cancelled_at.is_(None))


def season_candidate(session: Session, season: Season, contest_id: int) -> Contest | None:
    """One contest the bureau may mark as counting in this season, or None."""
    return session.scalar(season_candidates(season).where(Contest.id == contest_id))


def season_contest_ids(session: Session, season: Season) -> Select:
    """The ids of the contests that count in a season."""
    return season_candidates(season).where(Contest.counts_in_season.is_(True)).with_only_columns(
        Contest.id)


def season_points_sql(score, max_score):
    """rules.season_points as SQL (integer division on both databases), for the rebuild."""
    return case((max_score > 0, (score * 2 * SEASON_POINTS_PER_CONTEST + max_score)
                 // (2 * max_score)), else_=0)


def set_counts_in_season(session: Session, contest: Contest, counts: bool) -> list[Season]:
    """Mark a contest as counting in its seasons or not and rebuild those seasons' boards;
    returns the seasons rebuilt. Does not commit."""
    contest.counts_in_season = counts
    session.flush()
    seasons = seasons_on_day_of(session, contest)
    for season in seasons:
        rebuild_season(session, season)
    return seasons


# --- on finish -----------------------------------------------------------------------------------


def on_attempt_finished(session: Session, attempt: Attempt, now: datetime) -> None:
    """The finish hook (quiz.contests.events), inside the finishing transaction."""
    record_finish(session, attempt)


def record_finish(session: Session, attempt: Attempt) -> None:
    """Put a just-finished attempt on every board, inside the finishing transaction.

    A few primary-key reads and single-row writes: the student's contest row (inserted, or
    replaced when this attempt ranks higher), the totals of their class, school and district,
    and the same for each season the contest counts in.
    """
    if attempt.finished_at is None or attempt.score is None:
        return
    groups = session.execute(
        select(Student.class_id, Student.school_id, School.district_id, School.level)
        .join(School, School.id == Student.school_id).where(Student.id == attempt.student_id)
    ).one()
    key = {"contest_id": attempt.contest_id, "student_id": attempt.student_id}
    old = session.get(ContestStanding, key, with_for_update=True)
    new = (attempt.score, attempt.time_used_seconds or 0, attempt.finished_at)
    points = season_points(attempt.score, attempt.max_score or 0)
    if old is not None and (-old.score, old.time_used_seconds, old.finished_at) <= (
            -new[0], new[1], new[2]):
        return  # an earlier attempt still counts; no board changes
    figures = {"attempt_id": attempt.id, "score": new[0], "minus_score": -new[0],
               "time_used_seconds": new[1], "finished_at": new[2], "season_points": points}
    placement = {"class_id": groups.class_id, "school_id": groups.school_id,
                 "district_id": groups.district_id, "level": groups.level}
    if old is None:
        session.add(ContestStanding(**key, **figures, **placement))
        delta_score, delta_time, delta_points = new[0], new[1], points
    else:
        delta_score, delta_time = new[0] - old.score, new[1] - old.time_used_seconds
        delta_points = points - old.season_points
        for name, value in figures.items():
            setattr(old, name, value)
    session.flush()
    contest = session.get(Contest, attempt.contest_id)
    _add_to_groups(session, "contest", attempt.contest_id, placement, old is None, delta_score,
                   lambda: ensure_contest_groups(session, contest), eligible_students(contest))
    for season in seasons_of(session, contest):
        is_new = _add_to_season(session, season.id, attempt.student_id, placement, old is None,
                                delta_points, delta_time, new[2])
        _add_to_groups(session, "season", season.id, placement, is_new, delta_points,
                       lambda season=season: ensure_season_groups(session, season),
                       active_roster())


def _add_to_groups(session: Session, board: str, board_id: int, placement: dict,
                   new_participant: bool, delta_score: int, ensure, roster: Select) -> None:
    """Add one finish to its district, school and class totals (locked in that order, so two
    finishes never wait on each other crosswise); the board's first finish makes the totals
    of every group from the standings, this finish included.

    A student's first finish on the board also recounts the enrolled students of their class
    and school from `roster` (the board's students: an index range of a few dozen or hundred
    rows) and sums the district's from its schools, so a student added to the roster during
    a contest never makes participants exceed enrolled.
    """
    ids = {"district": placement["district_id"], "school": placement["school_id"],
           "class": placement["class_id"]}
    column = {"school": Student.school_id, "class": Student.class_id}
    made: set[tuple[str, int]] | None = None

    def add(kind: str) -> int:
        values = {"participants": GroupTotal.participants + int(new_participant),
                  "score_sum": GroupTotal.score_sum + delta_score}
        if new_participant and kind in column:
            values["enrolled"] = roster.where(column[kind] == ids[kind]).with_only_columns(
                func.count(Student.id)).scalar_subquery()
        return session.execute(update(GroupTotal).where(
            GroupTotal.board == board, GroupTotal.board_id == board_id,
            GroupTotal.kind == kind, GroupTotal.group_id == ids[kind],
        ).values(**values)).rowcount

    for kind in GROUP_KINDS:
        if made is not None and (kind, ids[kind]) in made:
            continue  # made just now from the standings: this finish is in its totals
        if add(kind) == 0 and made is None:
            # The board's first finish (or a group new since): make the missing rows from the
            # standings, this finish included. A row another finish made and committed in the
            # meantime is not made again, so this finish is added to it as usual.
            made = ensure()
            if (kind, ids[kind]) not in made:
                add(kind)
    if new_participant:
        schools = aliased(GroupTotal)
        session.execute(update(GroupTotal).where(
            GroupTotal.board == board, GroupTotal.board_id == board_id,
            GroupTotal.kind == "district", GroupTotal.group_id == ids["district"],
        ).values(enrolled=select(func.coalesce(func.sum(schools.enrolled), 0)).where(
            schools.board == board, schools.board_id == board_id, schools.kind == "school",
            schools.district_id == ids["district"]).scalar_subquery()))


def _add_to_season(session: Session, season_id: int, student_id: int, placement: dict,
                   new_contest: bool, delta_score: int, delta_time: int,
                   finished_at: datetime) -> bool:
    """Add a contest's change of best to the student's season row (one upsert, safe when two
    of the student's contests finish at once); True when the row is new."""
    table = SeasonStanding.__table__
    values = {"season_id": season_id, "student_id": student_id, "score": delta_score,
              "minus_score": -delta_score, "time_used_seconds": delta_time,
              "finished_at": finished_at, "contests": 1, **placement}
    statement = _dialect_insert(session)(table).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.season_id, table.c.student_id],
        set_={"score": table.c.score + delta_score,
              "minus_score": table.c.minus_score - delta_score,
              "time_used_seconds": table.c.time_used_seconds + delta_time,
              "finished_at": func.max(table.c.finished_at, statement.excluded.finished_at)
              if session.get_bind().dialect.name == "sqlite"
              else func.greatest(table.c.finished_at, statement.excluded.finished_at),
              "contests": table.c.contests + int(new_contest)},
    ).returning(table.c.contests)
    contests = session.execute(statement).scalar_one()
    return new_contest and contests == 1


def _dialect_insert(session: Session):
    return sqlite.insert if session.get_bind().dialect.name == "sqlite" else postgresql.insert


# --- group totals --------------------------------------------------------------------------------


def ensure_contest_groups(session: Session, contest: Contest) -> set[tuple[str, int]]:
    """Make the missing totals rows of a contest: every group with eligible students, with
    participants and score sum from the contest's standings."""
    totals = (select(ContestStanding.student_id, ContestStanding.score)
              .where(ContestStanding.contest_id == contest.id).subquery())
    return _insert_groups(session, "contest", contest.id, eligible_students(contest), totals)


def active_roster() -> Select:
    """A season's students: every active student (joined to the class, as eligible_students)."""
    return select(Student).join(SchoolClass, SchoolClass.id == Student.class_id).where(
        Student.active.is_(True))


def ensure_season_groups(session: Session, season: Season) -> set[tuple[str, int]]:
    """The same for a season: every group of active students."""
    roster = active_roster()
    totals = (select(SeasonStanding.student_id, SeasonStanding.score)
              .where(SeasonStanding.season_id == season.id).subquery())
    return _insert_groups(session, "season", season.id, roster, totals)


def _insert_groups(session: Session, board: str, board_id: int, roster: Select, totals
                   ) -> set[tuple[str, int]]:
    """One INSERT … SELECT per kind, grouping the roster (a select of Student already joined to
    SchoolClass) with its standings; rows already there are left alone. Returns the (kind,
    group id) of the rows made."""
    base = roster.join(School, School.id == Student.school_id).outerjoin(
        totals, totals.c.student_id == Student.id)
    # kind: (group id, its school, its level), and what to group by
    group_columns = {
        "class": ((Student.class_id, Student.school_id, School.level),
                  (Student.class_id, Student.school_id, School.level)),
        "school": ((Student.school_id, Student.school_id, School.level),
                   (Student.school_id, School.level)),
        "district": ((School.district_id, literal(None), literal(None)), (School.district_id,)),
    }
    table = GroupTotal.__table__
    made: set[tuple[str, int]] = set()
    for kind in GROUP_KINDS:
        (group_id, school_id, level), group_by = group_columns[kind]
        rows = base.with_only_columns(
            literal(board), literal(board_id), literal(kind), group_id, school_id,
            func.min(School.district_id), level, func.count(Student.id),
            func.count(totals.c.student_id), func.coalesce(func.sum(totals.c.score), 0),
        ).group_by(*group_by)
        existing = select(GroupTotal.group_id).where(
            GroupTotal.board == board, GroupTotal.board_id == board_id, GroupTotal.kind == kind)
        rows = rows.where(group_id.not_in(existing))
        statement = _dialect_insert(session)(table).from_select(
            ["board", "board_id", "kind", "group_id", "school_id", "district_id", "level",
             "enrolled", "participants", "score_sum"], rows).on_conflict_do_nothing(
        ).returning(table.c.kind, table.c.group_id)
        made.update((kind, group_id) for kind, group_id in session.execute(statement))
    return made


# --- rebuild -------------------------------------------------------------------------------------


def rebuild_standings(session: Session, contest_id: int | None = None) -> None:
    """Recompute the standings from the finished attempts, set-based; does not commit.

    With a contest id: that contest's rows, then every season it counts in. Without: every
    contest and every season. Same results as the incremental path (tests compare them).
    """
    contests = ([session.get(Contest, contest_id)] if contest_id is not None
                else list(session.scalars(select(Contest).order_by(Contest.id))))
    for contest in contests:
        if contest is not None:
            _rebuild_contest(session, contest)
    seasons = (seasons_of(session, contests[0]) if contest_id is not None and contests[0]
               else list(session.scalars(select(Season))))
    for season in seasons:
        rebuild_season(session, season)


def _rebuild_contest(session: Session, contest: Contest) -> None:
    session.execute(delete(ContestStanding).where(ContestStanding.contest_id == contest.id))
    session.execute(delete(GroupTotal).where(GroupTotal.board == "contest",
                                             GroupTotal.board_id == contest.id))
    ordered = select(
        Attempt.id, Attempt.student_id, Attempt.score, Attempt.time_used_seconds,
        Attempt.finished_at, Attempt.max_score,
        func.row_number().over(
            partition_by=Attempt.student_id,
            order_by=(Attempt.score.desc(), Attempt.time_used_seconds, Attempt.finished_at,
                      Attempt.id)).label("place"),
    ).where(Attempt.contest_id == contest.id, Attempt.finished_at.is_not(None),
            Attempt.score.is_not(None)).subquery()
    best = select(
        literal(contest.id), ordered.c.student_id, ordered.c.id, ordered.c.score,
        -ordered.c.score, func.coalesce(ordered.c.time_used_seconds, 0), ordered.c.finished_at,
        Student.class_id, Student.school_id, School.district_id, School.level,
        season_points_sql(ordered.c.score, func.coalesce(ordered.c.max_score, 0)),
    ).join(Student, Student.id == ordered.c.student_id).join(
        School, School.id == Student.school_id).where(ordered.c.place == 1)
    session.execute(insert(ContestStanding).from_select(
        ["contest_id", "student_id", "attempt_id", "score", "minus_score", "time_used_seconds",
         "finished_at", "class_id", "school_id", "district_id", "level", "season_points"],
        best))
    ensure_contest_groups(session, contest)


def rebuild_season(session: Session, season: Season) -> None:
    """A season's rows from its contests' standings (call after changing its dates)."""
    session.execute(delete(SeasonStanding).where(SeasonStanding.season_id == season.id))
    session.execute(delete(GroupTotal).where(GroupTotal.board == "season",
                                             GroupTotal.board_id == season.id))
    standing = ContestStanding
    totals = select(
        literal(season.id), standing.student_id, func.sum(standing.season_points),
        -func.sum(standing.season_points), func.sum(standing.time_used_seconds),
        func.max(standing.finished_at), func.count(),
        Student.class_id, Student.school_id, School.district_id, School.level,
    ).join(Student, Student.id == standing.student_id).join(
        School, School.id == Student.school_id,
    ).where(standing.contest_id.in_(season_contest_ids(session, season))).group_by(
        standing.student_id, Student.class_id, Student.school_id, School.district_id,
        School.level)
    session.execute(insert(SeasonStanding).from_select(
        ["season_id", "student_id", "score", "minus_score", "time_used_seconds", "finished_at",
         "contests", "class_id", "school_id", "district_id", "level"], totals))
    ensure_season_groups(session, season)
