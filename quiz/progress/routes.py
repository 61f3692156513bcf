"""The student's profile (level, XP, badges, mastery chart), the home card's data, and the
teachers' mastery heat map."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from quiz import bands, clock, lookups
from quiz.auth.session import staff_required, student_required
from quiz.extensions import db
from quiz.gamification import heatmap, rules
from quiz.gamification import service as game
from quiz.i18n import _
from quiz.models import Role, School, SchoolClass, StaffUser, Student
from quiz.permissions import Action, Area, can, visible_classes, visible_schools
from quiz.practice import service as practice

bp = Blueprint("progress", __name__)

CHART_WIDTH = 320   # the SVG's own units; it scales to the card's width
BAR_ROW = 44


def home_card() -> dict[str, Any] | None:
    """What the student home card shows (template global `gamification_home`); cheap reads."""
    if not current_user.is_authenticated or current_user.role != Role.STUDENT:
        return None
    level = rules.level_for(game.total_xp(db.session, current_user.id))
    return {
        "level": level,
        "daily": practice.daily_status(db.session, current_user, clock.now()),
        "mistakes": game.open_mistake_count(db.session, current_user.id),
        "badges": len(game.badges_of(db.session, current_user.id)),
    }


bp.add_app_template_global(home_card, "gamification_home")


def mastery_rows(session, student: Student) -> list[dict[str, Any]]:
    """One row per scam type the student can practise, for the chart and its text table."""
    mastery = game.mastery_by_type(session, student.id)
    rows = []
    for index, scam_type in enumerate(practice.practice_types(session, student)):
        m = mastery.get(scam_type.id, rules.Mastery(0, 0))
        percent = None if m.accuracy is None else round(m.accuracy * 100)
        rows.append({
            "type": scam_type, "mastery": m, "percent": percent, "y": index * BAR_ROW,
            "width": round(CHART_WIDTH * (m.accuracy or 0)),
            "state": "mastered" if m.mastered else "learning" if m.enough else "few",
        })
    return rows


@bp.route("/me")
@student_required
def profile():
    now = clock.now()
    level = rules.level_for(game.total_xp(db.session, current_user.id))
    earned = game.badges_of(db.session, current_user.id)
    rows = mastery_rows(db.session, current_user)
    return render_template(
        "progress/profile.html", level=level, earned=earned, badges=rules.BADGES,
        rows=rows, chart_width=CHART_WIDTH, bar_row=BAR_ROW,
        daily=practice.daily_status(db.session, current_user, now),
        longest=rules.longest_streak(game.done_days(db.session, current_user.id)),
        window=rules.MASTERY_WINDOW, minimum=rules.MASTERY_MIN_ANSWERS,
        mastered_percent=round(rules.MASTERED_ACCURACY * 100))


# --- the heat map -----------------------------------------------------------------------------


def _may_see_names(user, school_class: SchoolClass) -> bool:
    """Student-level rows only for those who see the class by name (not its classmates)."""
    return isinstance(user, StaffUser) and can(user, Action.NAMES, school_class)


def _legend() -> list[tuple[str, str]]:
    return [(band.css, str(band.label)) for band in bands.legend()]


@bp.route("/staff/mastery")
@staff_required
def heat_map():
    school = None
    code = request.args.get("school", "").strip()
    if can(current_user, Action.VIEW, Area.CITY):
        schools = db.session.scalars(visible_schools(current_user)).all()
        if not code:
            return render_template("progress/heat_pick.html", schools=schools)
        school = next((s for s in schools if s.code.upper() == code.upper()), None)
        if school is None:
            return render_template("errors/error.html", status=404, message=_(
                "没有找到学校代码为“%(code)s”的学校。", code=code[:20])), 404
    else:
        school = db.session.get(School, current_user.school_id)
    classes = [c for c in db.session.scalars(visible_classes(current_user))
               if c.school_id == school.id]
    cells = heatmap.by_class(db.session, [c.id for c in classes])
    types = lookups.scam_types_for_school(db.session, school.id)
    return render_template(
        "progress/heat_map.html", school=school, classes=classes,
        types=types, cells=cells, totals=heatmap.type_totals(cells),
        empty=heatmap.EMPTY, legend=_legend(),
        named={c.id for c in classes if _may_see_names(current_user, c)})


@bp.route("/staff/mastery/classes/<int:class_id>")
@staff_required
def class_heat_map(class_id: int):
    # An id past the column's range is simply not there (PostgreSQL would refuse the query).
    school_class = db.session.get(SchoolClass, class_id) if class_id < 2**31 else None
    if school_class is None or not _may_see_names(current_user, school_class):
        abort(404)
    students = lookups.active_students_of_class(db.session, class_id)
    cells = heatmap.by_student(db.session, class_id)
    types = lookups.scam_types_for_school(db.session, school_class.school_id)
    return render_template(
        "progress/class_heat_map.html", school_class=school_class, students=students,
        types=types, cells=cells,
        totals=heatmap.type_totals(cells), empty=heatmap.EMPTY, legend=_legend())
