"""/api/v1: token login, contests, attempts (DESIGN.md §3.2). Views parse, call a service,
serialise; the rules live in quiz.contests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, current_app, g, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from pydantic import BaseModel, ValidationError
from wtforms.validators import ValidationError as CSRFValidationError

from quiz import audit, clock, lookups
from quiz.api import tokens
from quiz.api.schemas import (
    AnswerBody,
    AttemptOut,
    BoardOut,
    BoardRow,
    ClassResultOut,
    ContestBody,
    ContestList,
    ContestOut,
    ContestResultsOut,
    CreatedOut,
    ItemStatsList,
    ItemStatsOut,
    QuestionOut,
    ReportBody,
    ReportOut,
    ResultOut,
    ReviewItem,
    SavedOut,
    SeasonCountBody,
    SeasonCountOut,
    SeasonList,
    SeasonOut,
    StudentResultOut,
    TokenOut,
    TokenRequest,
    UserOut,
)
from quiz.api.spec import operation, registry
from quiz.auth import identity
from quiz.auth.login import attempt_login
from quiz.auth.routes import wait_message
from quiz.auth.service import authenticate_staff, authenticate_student
from quiz.banks.reports import report_from_attempt
from quiz.contests import attempts as attempt_service
from quiz.contests.creation import ContestSpec, create_contest
from quiz.contests.open_contests import open_contests_for
from quiz.contests.quick_save import quick_save
from quiz.contests.results import class_statuses
from quiz.contests.rules import timing
from quiz.contests.rules.drawing import DrawRule
from quiz.errors import (
    BadRequest,
    Forbidden,
    Invalid,
    NotFound,
    PasswordChangeRequired,
    Unauthorized,
    error_response,
)
from quiz.extensions import csrf, db, limiter
from quiz.i18n import _
from quiz.item_analysis import pages as item_pages
from quiz.item_analysis.rules import MIN_ATTEMPTS
from quiz.models import Attempt, Contest, StaffUser, Student
from quiz.models.standings import Season
from quiz.models.types import MAX_ID
from quiz.permissions import Action, Area, NameVisibility, can
from quiz.permissions.contests import (
    contests_for_staff,
    result_class_ids,
)
from quiz.rankings.boards import BoardQuery
from quiz.rankings.boards import board as ranked_board
from quiz.rankings.standings import season_candidate, set_counts_in_season
from quiz.rankings.tables import BoardRef

bp = Blueprint("api", __name__)
csrf.exempt(bp)
M = TypeVar("M", bound=BaseModel)


def endpoint(method: str, path: str, summary: str, **contract: Any) -> Callable:
    """Route a view and record its contract for the OpenAPI document."""
    def decorator(view: Callable) -> Callable:
        operation(method, "/api/v1" + path, summary, **contract)(view)
        return bp.route(path, methods=[method])(view)

    return decorator


def parse(model: type[M]) -> M:
    """The request body as `model`, or 400 (not JSON) / 422 (with every field's problem)."""
    if not request.is_json:
        raise BadRequest(_("请求体必须是 JSON（Content-Type: application/json）。"))
    try:
        return model.model_validate_json(request.get_data() or b"")
    except ValidationError as error:
        fields: dict[str, list[str]] = {}
        for problem in error.errors():
            if problem["type"] == "json_invalid":
                raise BadRequest(_("请求体不是有效的 JSON。")) from None
            name = ".".join(str(part) for part in problem["loc"]) or "body"
            ctx = problem.get("ctx", {}) if problem["type"] == "value_error" else {}
            raised = ctx.get("error")
            # Our own validators' messages are written for people: without pydantic's prefix.
            fields.setdefault(name, []).append(str(raised) if raised else problem["msg"])
        raise Invalid(_("请求内容有误。"), fields=fields) from None


def respond(model: BaseModel, status: int = 200):
    return current_app.response_class(
        model.model_dump_json(by_alias=True), status=status, mimetype="application/json")


def authenticated(view: Callable) -> Callable:
    """A bearer token, or the browser's login session (the play page) with its CSRF token."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            user = tokens.user_for(db.session, token.strip(), clock.now())
        elif current_user.is_authenticated:
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                _check_session_csrf()
            user = current_user._get_current_object()
        else:
            user = None
        if user is None:
            raise Unauthorized(_("请先登录：缺少令牌，或令牌已过期、已注销。"))
        if user.must_change_password:
            raise PasswordChangeRequired(_("请先在网页上修改初始密码。"))
        g.api_user = user
        return view(*args, **kwargs)

    return wrapped


def _check_session_csrf() -> None:
    """A page's script proves it came from us with the X-CSRFToken header."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    try:
        validate_csrf(request.headers.get("X-CSRFToken", ""))
    except CSRFValidationError:
        raise BadRequest(_("页面已过期，请刷新后重试。")) from None


# --- tokens -------------------------------------------------------------------------------------


@endpoint("POST", "/token", "Log in and get a bearer token", body=TokenRequest,
          response=TokenOut, errors=(400, 401, 403, 422, 429), public=True)
@limiter.limit(lambda: current_app.config["LOGIN_ADDRESS_LIMIT"])
def issue_token():
    """The same backoff as the login pages, on the same account key: a student is the school
    code and number, staff the username, each read as authentication reads it. 403
    `password_change_required` (and no token) while the password is still an initial one."""
    body = parse(TokenRequest)
    if body.school:
        outcome = attempt_login(
            identity.student_account_key(body.school, body.username),
            lambda: authenticate_student(body.school or "", body.username, body.password))
    else:
        outcome = attempt_login(
            identity.staff_account_key(body.username),
            lambda: authenticate_staff(body.username, body.password))
    if outcome.refused:
        response, status = error_response(
            429, wait_message(outcome.wait_seconds, for_staff=not body.school))
        response.headers["Retry-After"] = str(outcome.wait_seconds)
        return response, status
    user: Any = outcome.user
    if user is None:
        db.session.rollback()
        raise Unauthorized(_("账号或密码不正确。"))
    db.session.commit()  # the last login time
    if user.must_change_password:
        raise PasswordChangeRequired(_("请先在网页上修改初始密码，再登录 App。"))
    hours = int(current_app.config.get("API_TOKEN_HOURS", 12))
    token, row = tokens.issue(db.session, user, clock.now(), timedelta(hours=hours))
    db.session.commit()
    return respond(TokenOut(token=token, expires_at=row.expires_at, user=_user_out(user)))


@endpoint("DELETE", "/token", "Revoke the token used for this request", status=204)
@authenticated
def revoke_token():
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        # Signed in with the page's session: there is no token to revoke (logging out is the
        # page's 退出), so say so instead of failing on the missing header.
        raise BadRequest(_("没有要注销的令牌：请在 Authorization 头中发送 Bearer 令牌。"))
    tokens.revoke(db.session, token.strip(), clock.now())
    db.session.commit()
    return "", 204


def _user_out(user: Any) -> UserOut:
    school = user.school.code if user.school is not None else None
    return UserOut(role=user.role, name=user.name, school=school)


# --- contests -----------------------------------------------------------------------------------


@endpoint("GET", "/contests", "Contests the caller may see (a student: open, with attempts left)",
          response=ContestList)
@authenticated
def list_contests():
    user, now = g.api_user, clock.now()
    if isinstance(user, Student):
        return respond(ContestList(contests=[
            _contest_out(row.contest, now, attempts_left=row.attempts_left)
            for row in open_contests_for(db.session, user, now)]))
    contests = db.session.scalars(contests_for_staff(user)).all()
    return respond(ContestList(contests=[_contest_out(c, now) for c in contests]))


def _contest_out(contest: Contest, now, attempts_left: int | None = None) -> ContestOut:
    return ContestOut(
        id=contest.id, title=contest.title, description=contest.description,
        join_code=contest.join_code, opens_at=contest.opens_at, closes_at=contest.closes_at,
        duration_seconds=contest.duration_seconds, max_attempts=contest.max_attempts,
        attempts_left=attempts_left,
        is_open=timing.state_of(contest, now) is timing.ContestState.OPEN)


@endpoint("POST", "/contests", "Create a contest within the caller's scope", body=ContestBody,
          response=CreatedOut, status=201, errors=(400, 403, 422))
@authenticated
def post_contest():
    user = g.api_user
    if not isinstance(user, StaffUser):
        raise Forbidden(_("只有教师和管理员可以创建竞赛。"))
    body = parse(ContestBody)
    spec = ContestSpec(
        title=body.title, description=body.description, opens_at=body.opens_at,
        closes_at=body.closes_at, duration_seconds=body.duration_seconds,
        draw=[DrawRule(scam_type=r.scam_type, count=r.count,
                       difficulties=tuple(sorted(set(r.difficulty)))) for r in body.draw],
        school_codes=body.scope.schools, grades=body.scope.grades, class_ids=body.scope.classes,
        city_wide=body.scope.city, paper=body.paper, shuffle_options=body.shuffle_options,
        max_attempts=body.max_attempts, reveal=body.reveal,
        points={int(k): v for k, v in body.points.items()},
        counts_in_season=body.counts_in_season,
    )
    contest = create_contest(db.session, user, spec, clock.now())
    audit.record_and_commit(db.session, user, "contest.create", contest.title,
                            school_id=contest.owner_school_id, details={"contest_id": contest.id})
    return respond(CreatedOut(id=contest.id, join_code=contest.join_code), 201)


@endpoint("GET", "/contests/<int:contest_id>/results",
          "Each enrolled student's state and best result (staff; own classes by name)",
          response=ContestResultsOut, errors=(403, 404))
@authenticated
def contest_results(contest_id: int):
    user = g.api_user
    if not isinstance(user, StaffUser):
        raise Forbidden(_("只有教师和管理员可以查看成绩。"))
    contest = _visible_contest(contest_id)
    names = NameVisibility.for_viewer(user)
    statuses = class_statuses(db.session, contest, clock.now(), result_class_ids(user, names))
    classes = [
        ClassResultOut(
            school=status.school_class.school.code, class_=status.school_class.label,
            enrolled=len(status.students), finished=status.count("finished"),
            answering=status.count("answering"), not_started=status.count("not_started"),
            mean_score=(round(status.mean_best_score, 1)
                        if status.mean_best_score is not None else None))
        for status in statuses]
    rows = [
        StudentResultOut(
            school=status.school_class.school.code, class_=status.school_class.label,
            student_no=entry.student.student_no, name=entry.student.name, state=entry.state,
            score=entry.best.score if entry.best else None,
            max_score=entry.best.max_score if entry.best else None,
            correct=entry.best.correct if entry.best else None,
            total=entry.best.total if entry.best else None,
            time_used_seconds=entry.best.time_used_seconds if entry.best else None,
            finished_at=entry.best.finished_at if entry.best else None)
        for status in statuses if names.names_class(status.school_class.id)
        for entry in status.students]
    # Names and student numbers left the server: recorded like a download of the same table.
    audit.record_and_commit(db.session, user, "results.api", contest.title,
                            school_id=user.school_id,
                            details={"contest_id": contest.id, "students": len(rows)})
    return respond(ContestResultsOut(contest_id=contest.id, students=rows, classes=classes))


_BOARD_QUERY = (
    ("level", "string", "student (default), class, school or district"),
    ("class", "integer", "a class id: that class only"),
    ("school", "string", "a school code: that school only"),
    ("district", "string", "a district's name: that district only"),
    ("division", "string", "primary, junior, senior, vocational, college or all; city and "
     "district boards default to the caller's school level"),
    ("limit", "integer", "rows, 1 to 500 (default 50)"),
)


@endpoint("GET", "/contests/<int:contest_id>/leaderboard",
          "Ranked rows: level=student|class|school|district, optional class, school, district, "
          "division, limit",
          response=BoardOut, errors=(404, 422), query=_BOARD_QUERY)
@authenticated
def leaderboard(contest_id: int):
    if contest_id > MAX_ID:
        raise NotFound(_("没有这个竞赛。"))
    contest = _visible_contest(contest_id)
    return _board_response(BoardRef("contest", contest.id))


@endpoint("GET", "/seasons/<int:season_id>/leaderboard",
          "A season's board (sum of best scores over its contests), same query as a contest's",
          response=BoardOut, errors=(404, 422), query=_BOARD_QUERY)
@authenticated
def season_leaderboard(season_id: int):
    if season_id > MAX_ID or db.session.get(Season, season_id) is None:
        raise NotFound(_("没有这个赛季。"))
    return _board_response(BoardRef("season", season_id))


@endpoint("PUT", "/seasons/<int:season_id>/contests/<int:contest_id>",
          "Mark a contest of the season's days as counting in its seasons, or not (the bureau); "
          "the season boards are rebuilt at once", body=SeasonCountBody,
          response=SeasonCountOut, errors=(400, 403, 404, 422))
@authenticated
def count_in_season(season_id: int, contest_id: int):
    user = g.api_user
    if not can(user, Action.VIEW, Area.CITY):
        raise Forbidden(_("只有教育局可以决定哪些竞赛计入赛季。"))
    season = db.session.get(Season, season_id) if season_id <= MAX_ID else None
    contest = (season_candidate(db.session, season, contest_id)
               if season is not None and contest_id <= MAX_ID else None)
    if contest is None:
        raise NotFound(_("这个赛季的日期里没有这场竞赛。"))
    body = parse(SeasonCountBody)
    if body.counts != contest.counts_in_season:
        set_counts_in_season(db.session, contest, body.counts)
        audit.record(db.session, user, "season.count" if body.counts else "season.uncount",
                     contest.title, school_id=None,
                     details={"contest_id": contest.id, "season_id": season.id})
        db.session.commit()
    return respond(SeasonCountOut(season_id=season.id, contest_id=contest.id,
                                  counts_in_season=contest.counts_in_season))


@endpoint("GET", "/seasons", "Seasons, newest first", response=SeasonList)
@authenticated
def seasons():
    listed = lookups.seasons_newest_first(db.session)
    return respond(SeasonList(seasons=[SeasonOut(id=s.id, name=s.name, starts_on=s.starts_on,
                                                 ends_on=s.ends_on) for s in listed]))


def _board_response(ref: BoardRef):
    """One board from the standing tables (quiz.rankings.boards), as the pages show it."""
    args = request.args
    try:
        query = BoardQuery(
            level=args.get("level", "student"), class_id=_int_arg("class"),
            school_id=_school_arg(), district_id=_district_arg(),
            division=args.get("division") or None, limit=int(args.get("limit", 50)))
    except ValueError:
        raise Invalid(_("查询参数有误。"), fields={"query": [_("数字参数应为整数")]}
                       ) from None
    result = ranked_board(db.session, ref, g.api_user, query, clock.now())
    return respond(BoardOut(
        contest_id=ref.id if ref.kind == "contest" else None,
        season_id=ref.id if ref.kind == "season" else None,
        level=query.level, division=result["scope"].division, total=result["total"],
        rows=[BoardRow.model_validate(row) for row in result["rows"]],
        mine=[BoardRow.model_validate(row) for row in result["mine"]]))


def _int_arg(name: str) -> int | None:
    value = request.args.get(name)
    return int(value) if value not in (None, "") else None


def _school_arg() -> int | None:
    """`school` is a school code, as people and the rest of the API write it."""
    code = request.args.get("school")
    if not code:
        return None
    school = lookups.school_with_code(db.session, code.strip().upper())
    if school is None:
        raise NotFound(_("没有这个学校。"))
    return school.id


def _district_arg() -> int | None:
    name = request.args.get("district")
    if not name:
        return None
    district = lookups.district_named(db.session, name.strip())
    if district is None:
        raise NotFound(_("没有这个区县。"))
    return district.id


# --- attempts -----------------------------------------------------------------------------------


def _student() -> Student:
    if not isinstance(g.api_user, Student):
        raise Forbidden(_("只有学生可以答题。"))
    return g.api_user


def _visible_contest(contest_id: int) -> Contest:
    user = g.api_user
    if isinstance(user, Student):  # a start's path: the scope checked in the same query
        contest = attempt_service.visible_contest_for_student(db.session, contest_id, user)
    else:
        contest = db.session.get(Contest, contest_id)
        if contest is not None and not can(user, Action.VIEW, contest):
            contest = None
    if contest is None:
        raise NotFound(_("没有这个竞赛。"))
    return contest


def _own_attempt(attempt_id: int) -> tuple[Attempt, Contest]:
    """The caller's own attempt; someone else's answers 404, exactly like a missing one."""
    student = _student()
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or not can(student, Action.VIEW, attempt):
        raise NotFound(_("没有这次答题。"))
    return attempt, db.session.get(Contest, attempt.contest_id)


def _attempt_out(paper: attempt_service.Paper) -> AttemptOut:
    questions, saved = attempt_service.show(db.session, paper)
    return AttemptOut(
        id=paper.id, contest_id=paper.contest_id, deadline=paper.deadline_at,
        remaining_seconds=0 if paper.finished else timing.remaining_seconds(
            now=clock.now(), deadline=paper.deadline_at),
        finished=paper.finished,
        questions=[QuestionOut.model_validate(q, from_attributes=True) for q in questions],
        answers={str(k): v for k, v in saved.items()},
    )


@endpoint("POST", "/contests/<int:contest_id>/attempts",
          "Start an attempt, or return the one in progress", response=AttemptOut,
          errors=(403, 404, 409))
@authenticated
def start_attempt(contest_id: int):
    student = _student()
    contest = _visible_contest(contest_id)
    paper = attempt_service.begin(db.session, contest, student, clock.now())
    return respond(_attempt_out(paper))


@endpoint("GET", "/attempts/<int:attempt_id>",
          "The attempt with its saved answers and remaining time", response=AttemptOut,
          errors=(403, 404))
@authenticated
def get_attempt(attempt_id: int):
    attempt, contest = _own_attempt(attempt_id)
    if attempt_service.is_overdue(attempt, clock.now()):
        attempt_service.finish(db.session, attempt, clock.now())
    return respond(_attempt_out(attempt_service.paper_of(db.session, attempt,
                                                         contest.shuffle_options)))


@endpoint("PUT", "/attempts/<int:attempt_id>/answers/<int:question_id>",
          "Save the answer to one question (the latest save wins)", body=AnswerBody,
          response=SavedOut, errors=(400, 403, 404, 409, 422))
@limiter.exempt  # every tap is saved; there are no limits to look up on the hot path
def put_answer(attempt_id: int, question_id: int):
    quick = _quick_put(attempt_id, question_id)
    return quick if quick is not None else _checked_put(attempt_id, question_id)


def _quick_put(attempt_id: int, question_id: int):
    """The hot path: a bearer token and a well-formed body, saved with one statement.

    None for anything else, or when the statement's checks refuse: nothing was written, and
    the checked path then answers exactly as it always did (401, 404, 409, 422 …).
    """
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or not request.is_json:
        return None
    try:
        body = AnswerBody.model_validate_json(request.get_data() or b"")
    except ValidationError:
        return None
    now = clock.now()
    # One statement is its own transaction: autocommit spares BEGIN and COMMIT round trips.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        deadline = quick_save(
            connection, token_hash=tokens.digest(token), attempt_id=attempt_id,
            position=question_id, keys=body.answer, now=now)
    if deadline is None:
        return None
    return respond(SavedOut(saved=True, question_id=question_id,
                            remaining_seconds=timing.remaining_seconds(now=now,
                                                                       deadline=deadline)))


@authenticated
def _checked_put(attempt_id: int, question_id: int):
    attempt, contest = _own_attempt(attempt_id)
    body = parse(AnswerBody)
    now = clock.now()
    deadline = attempt.deadline_at  # read before the commit, which expires the attempt
    attempt_service.save_answer(db.session, attempt, contest, question_id, body.answer, now)
    return respond(SavedOut(saved=True, question_id=question_id,
                            remaining_seconds=timing.remaining_seconds(
                                now=now, deadline=deadline)))


@endpoint("POST", "/attempts/<int:attempt_id>/finish",
          "Finish the attempt (idempotent) and get the result", response=ResultOut,
          errors=(403, 404))
@authenticated
def finish_attempt(attempt_id: int):
    attempt, contest = _own_attempt(attempt_id)
    now = clock.now()
    result = attempt_service.finish(db.session, attempt, now)
    review: list[ReviewItem] = []
    if attempt_service.may_reveal(attempt, contest, now):
        review = [ReviewItem(**item) for item in attempt_service.review(db.session, attempt,
                                                                          contest)]
    return respond(ResultOut(
        score=result.score, max_score=result.max_score, correct=result.correct,
        total=result.total, time_used_seconds=result.time_used_seconds, review=review,
        review_available_at=None if review else contest.closes_at))


@endpoint("POST", "/attempts/<int:attempt_id>/reports",
          "Report a question of one's own finished attempt as wrong (纠错)", body=ReportBody,
          response=ReportOut, status=201, errors=(403, 404, 409, 422))
@authenticated
def report_question(attempt_id: int):
    attempt, _contest = _own_attempt(attempt_id)
    body = parse(ReportBody)
    report = report_from_attempt(db.session, g.api_user, attempt, body.question_id, body.reason,
                                 body.text, clock.now())
    return respond(ReportOut(id=report.id), 201)


# --- reports ------------------------------------------------------------------------------------


@endpoint("GET", "/reports/participation",
          "The participation report as XLSX (all sheets) or CSV (the school summary): the "
          "bureau the city or a district, school staff their own school (with a student sheet "
          "for their own classes)",
          errors=(403, 404, 422), files=("application/vnd.openxmlformats-officedocument."
                                         "spreadsheetml.sheet", "text/csv"),
          query=(("format", "string", "xlsx (default) or csv"),
                 ("contest", "integer", "only this contest"),
                 ("from", "string", "contests opening on or after this day, YYYY-MM-DD"),
                 ("to", "string", "contests opening on or before this day, YYYY-MM-DD"),
                 ("district", "string", "a district's name (bureau only)"),
                 ("school", "string", "a school code (the bureau any; staff their own)"),
                 ("scope", "string", "city: the whole city (bureau only)")))
@authenticated
def participation_report():
    # Imported here so that the reports feature touches this shared module in one place only.
    import io

    from flask import send_file

    from quiz.reports import service

    result = service.download(
        db.session, g.api_user, request.args, now=clock.now(), via="api",
        zone=clock.city_zone())
    db.session.commit()  # the audit entry
    return send_file(io.BytesIO(result.data), mimetype=result.content_type, as_attachment=True,
                     download_name=result.filename)


@endpoint("GET", "/item-analysis",
          "Item analysis of the banks the caller maintains: facility, discrimination, option "
          "spread and flags per question version, over every contest or one",
          response=ItemStatsList, errors=(403, 404, 422),
          query=(("type", "string", "a scam type code the caller maintains"),
                 ("contest", "integer", "only this contest's finished attempts")))
@authenticated
def item_analysis():
    user = g.api_user
    if not isinstance(user, StaffUser):
        raise Forbidden(_("只有教师和管理员可以查看题目质量分析。"))
    code = request.args.get("type", "").strip()
    scam_type = item_pages.maintained_type(db.session, user, code) if code else None
    if code and scam_type is None:
        raise NotFound(_("没有这个题库，或它不由你维护。"))
    contest_id = None
    if request.args.get("contest"):
        try:
            contest_id = int(request.args["contest"])
        except ValueError:
            raise Invalid(_("查询参数有误。"), fields={"contest": [_("应为整数")]}) from None
        contest = db.session.get(Contest, contest_id) if 0 < contest_id <= MAX_ID else None
        if contest is None or not can(user, Action.VIEW, contest):
            raise NotFound(_("没有这场竞赛。"))
    rows = item_pages.rows_for(db.session, user, scam_type, contest_id)
    return respond(ItemStatsList(min_attempts=MIN_ATTEMPTS, items=[ItemStatsOut(
        question=r.code, version=r.version, scam_type=r.scam_type_code,
        difficulty=r.difficulty, attempts=r.figures.attempts, right=r.figures.right,
        blanks=r.figures.blanks, facility=r.figures.facility,
        discrimination=r.figures.discrimination, options=list(r.figures.option_counts),
        answer=list(r.answer), flags=[str(f) for f in r.flags]) for r in rows]))


# --- the document -------------------------------------------------------------------------------


@endpoint("GET", "/openapi.json", "This document", public=True)
def openapi():
    return jsonify(registry.openapi(title="反诈知识竞赛 API", version="1",
                                    server=request.host_url.rstrip("/")))

