"""Leaderboard pages. Views parse the query, ask quiz.rankings.boards for rows, render.

/leaderboards/            a student's class board, school board and city place; staff boards
                          of their school; the bureau's district, school and student boards
/leaderboards/board       one board by query (level, scope, class/school/district, division)
/leaderboards/projector   big type, refreshes itself: top 10 and one class
/leaderboards/seasons     the bureau names seasons (date ranges); edit at /seasons/<id>, where
                          it also marks which of the season's contests count
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quiz import audit, clock, lookups
from quiz.errors import BadRequest, Invalid, NotFound
from quiz.extensions import db
from quiz.i18n import _
from quiz.labels import SCHOOL_LEVEL_LABELS
from quiz.leaderboards import pages
from quiz.leaderboards.forms import SeasonCountForm, SeasonForm
from quiz.models import Contest, Role, School, SchoolClass, Student
from quiz.models.standings import Season
from quiz.permissions import Action, Area, area_required, can
from quiz.query_args import choice_int
from quiz.rankings import boards
from quiz.rankings.boards import BoardQuery, is_bureau
from quiz.rankings.standings import rebuild_season, season_candidate, set_counts_in_season
from quiz.rankings.tables import BoardRef

bp = Blueprint("leaderboards", __name__, template_folder="../templates")

LEVEL_NAMES = {"student": "学生", "class": "班级", "school": "学校", "district": "区县"}
DIVISION_NAMES = SCHOOL_LEVEL_LABELS


def _board_ref() -> BoardRef | None:
    """The board asked for (?contest= or ?season=), else the viewer's latest; 404 for one the
    viewer may not see."""
    contest_id, season_id = choice_int("contest"), choice_int("season")
    if contest_id is not None and season_id is not None:
        raise BadRequest(_("contest 和 season 只能选一个。"))
    if season_id is not None:
        if db.session.get(Season, season_id) is None:
            abort(404)
        return BoardRef("season", season_id)
    if contest_id is not None:
        contest = db.session.get(Contest, contest_id)
        if contest is None or not can(current_user, Action.VIEW, contest):
            abort(404)
        return BoardRef("contest", contest_id)
    latest = _board_choices()[0]
    return latest[0] if latest else None


def _board_choices() -> tuple[list[BoardRef], list[tuple[BoardRef, str]]]:
    """Boards to pick from: recent contests the viewer took part in (a student) or may see
    (staff), then the seasons, newest first."""
    now = clock.now()
    if isinstance(current_user, Student):
        contests = pages.contests_taken_by(db.session, current_user)
    else:
        contests = pages.contests_opened_for_staff(db.session, current_user, now)
    seasons = [(s.id, s.name) for s in lookups.seasons_newest_first(db.session)]
    choices = [(BoardRef("contest", i), t) for i, t in contests]
    choices += [(BoardRef("season", i), _("赛季：%(name)s", name=n)) for i, n in seasons]
    return [ref for ref, _title in choices], choices


def _title(ref: BoardRef) -> str:
    if ref.kind == "contest":
        return db.session.get(Contest, ref.id).title
    return _("赛季：%(name)s", name=db.session.get(Season, ref.id).name)


def _board(ref: BoardRef, fresh: bool = False, projector: bool = False, mine: bool = False,
           total: bool = False, **query: Any) -> dict[str, Any]:
    """A board for a page: only the parts it shows (mine, total) are read."""
    try:
        return boards.board(db.session, ref, current_user, BoardQuery(**query), clock.now(),
                            fresh=fresh, projector=projector, mine=mine, total=total)
    except NotFound:
        abort(404)
    except Invalid as error:  # a page's query string: a bad request, as for the page's own args
        raise BadRequest(error.describe()) from None


@bp.route("/")
@login_required
def index():
    ref = _board_ref()
    _refs, choices = _board_choices()
    context: dict[str, Any] = {"ref": ref, "choices": choices,
                               "title": _title(ref) if ref else None,
                               "division_names": DIVISION_NAMES}
    if ref is None:
        return render_template("leaderboards/index.html", **context)
    if isinstance(current_user, Student):
        me = current_user
        context.update(
            my_class=_board(ref, fresh=True, level="student", scope="class",
                            class_id=me.class_id, limit=60),
            my_school=_board(ref, mine=True, level="student", scope="school",
                             school_id=me.school_id, limit=10),
            my_city=_board(ref, mine=True, total=True, level="student", scope="city", limit=1),
            school_classes=_board(ref, level="class", scope="school", school_id=me.school_id,
                                  limit=100),
            division=me.school.level)
        return render_template("leaderboards/student.html", **context)
    if is_bureau(current_user):
        division = request.args.get("division") or None
        district = choice_int("district")
        scope = "district" if district else "city"
        context.update(
            districts=_board(ref, fresh=True, level="district", scope="city", limit=100),
            schools=_board(ref, level="school", scope=scope, district_id=district,
                           division=division, limit=100),
            students=_board(ref, level="student", scope=scope, district_id=district,
                            division=division, limit=20),
            district=district)
        context["division"] = context["schools"]["scope"].division
        return render_template("leaderboards/bureau.html", **context)
    school = db.session.get(School, current_user.school_id)
    context.update(
        school=school,
        classes=_board(ref, fresh=True, level="class", scope="school", school_id=school.id,
                       limit=200),
        students=_board(ref, level="student", scope="school", school_id=school.id, limit=20),
        schools=_board(ref, level="school", scope="city", limit=500),
        division=school.level)
    return render_template("leaderboards/staff.html", **context)


@bp.route("/board")
@login_required
def board():
    """One board by query, e.g. ?contest=3&level=school&scope=district&district=2."""
    ref = _board_ref()
    if ref is None:
        abort(404)
    args = request.args
    limit = choice_int("limit")
    result = _board(ref, fresh=True, mine=True, level=args.get("level", "student"),
                    scope=args.get("scope") or None, class_id=choice_int("class"),
                    school_id=choice_int("school"), district_id=choice_int("district"),
                    division=args.get("division") or None, limit=100 if limit is None else limit)
    return render_template("leaderboards/board.html", ref=ref, title=_title(ref), result=result,
                           level=args.get("level", "student"), level_names=LEVEL_NAMES,
                           division_names=DIVISION_NAMES)


@bp.route("/projector")
@login_required
def projector():
    """For a classroom screen or an assembly hall: every name masked (a screen is seen by other
    classes), unless the school turned masking off and the viewer belongs to it."""
    ref = _board_ref()
    if ref is None:
        abort(404)
    class_id = _projector_class()
    if isinstance(current_user, Student) or not is_bureau(current_user):
        scope = {"scope": "school", "school_id": current_user.school_id}
    else:
        scope = {"scope": "city", "division": request.args.get("division") or None}
    top = _board(ref, fresh=True, projector=True, level="student", limit=10, **scope)
    school_class, class_rows, class_place = None, [], None
    if class_id is not None:
        school_class = db.session.get(SchoolClass, class_id)
        class_rows = _board(ref, projector=True, level="student", scope="class",
                            class_id=class_id, limit=10)["rows"]
        table = _board(ref, level="class", scope="school", school_id=school_class.school_id,
                       limit=500)["rows"]
        class_place = next((row for row in table if row["id"] == class_id), None)
    return render_template("leaderboards/projector.html", ref=ref, title=_title(ref), top=top,
                           school_class=school_class, class_rows=class_rows,
                           class_place=class_place, division_names=DIVISION_NAMES)


def _projector_class() -> int | None:
    """The class shown beside the top 10: a student's own; staff ?class= (checked like any
    board) or the first class a teacher teaches."""
    if isinstance(current_user, Student):
        return current_user.class_id
    asked = choice_int("class")
    if asked is not None:
        school_class = db.session.get(SchoolClass, asked)
        if school_class is None or (not is_bureau(current_user)
                                    and school_class.school_id != current_user.school_id):
            abort(404)
        return asked
    if current_user.role == Role.TEACHER and current_user.classes:
        return current_user.classes[0].id
    return None


@bp.route("/seasons", methods=["GET", "POST"])
@area_required(Area.CITY)
def seasons():
    form = SeasonForm()
    if form.validate_on_submit():
        if _name_taken(form.name.data.strip()):
            form.name.errors.append(_("已有同名赛季"))
        else:
            season = Season(name=form.name.data.strip(), starts_on=form.starts_on.data,
                            ends_on=form.ends_on.data)
            db.session.add(season)
            db.session.flush()
            rebuild_season(db.session, season)
            db.session.commit()
            flash(_("赛季已创建。"), "success")
            return redirect(url_for("leaderboards.seasons"))
    return _season_page(form, None)


@bp.route("/seasons/<int:season_id>", methods=["GET", "POST"])
@area_required(Area.CITY)
def edit_season(season_id: int):
    season = db.session.get(Season, season_id) or abort(404)
    form = SeasonForm(obj=season)
    if form.validate_on_submit():
        if _name_taken(form.name.data.strip(), season.id):
            form.name.errors.append(_("已有同名赛季"))
        else:
            form.populate_obj(season)
            season.name = season.name.strip()
            rebuild_season(db.session, season)  # its contests follow its dates
            db.session.commit()
            flash(_("赛季已保存，排行已按新日期重算。"), "success")
            return redirect(url_for("leaderboards.seasons"))
    return _season_page(form, season)


@bp.post("/seasons/<int:season_id>/contests/<int:contest_id>")
@area_required(Area.CITY)
def count_in_season(season_id: int, contest_id: int):
    """Mark one of the season's contests as counting in its seasons, or not; the boards of
    every season on the contest's opening day are rebuilt in the same transaction."""
    season = db.session.get(Season, season_id) or abort(404)
    contest = season_candidate(db.session, season, contest_id) or abort(404)
    form = SeasonCountForm()
    if not form.validate_on_submit():
        raise Invalid(_("只能选择计入或不计入赛季。"))
    counts = form.counts.data == "1"
    if counts != contest.counts_in_season:
        set_counts_in_season(db.session, contest, counts)
        audit.record(db.session, current_user, "season.count" if counts else "season.uncount",
                     contest.title, school_id=None,
                     details={"contest_id": contest.id, "season_id": season.id})
        db.session.commit()
    flash(_("「%(title)s」已计入赛季，排行已重算。", title=contest.title) if counts else
          _("「%(title)s」不再计入赛季，排行已重算。", title=contest.title), "success")
    return redirect(url_for("leaderboards.edit_season", season_id=season.id))


def _season_page(form: SeasonForm, season: Season | None):
    listed = lookups.seasons_newest_first(db.session)
    contests = pages.season_contests(db.session, season) if season is not None else []
    return render_template("leaderboards/seasons.html", form=form, seasons=listed, season=season,
                           contests=contests, count_form=SeasonCountForm())


def _name_taken(name: str, own_id: int | None = None) -> bool:
    found = pages.season_id_named(db.session, name)
    return found is not None and found != own_id


@bp.app_template_global("leaderboard_home_card")
def home_card() -> dict[str, Any] | None:
    """The student home's card: their place in their latest contest and season."""
    if not isinstance(current_user, Student):
        return None
    return boards.latest_boards(db.session, current_user) or None
