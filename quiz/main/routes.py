"""Home pages: a student sees what is open to them; staff see their classes and schools."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import District, Role, School, SchoolClass, Student
from quiz.permissions import Action, Area, can, taught_classes, visible_scam_types
from quiz.play.routes import finished_attempts_of, open_contests_for

bp = Blueprint("main", __name__)


@bp.route("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.student_login"))
    if current_user.role == Role.STUDENT:
        return _student_home()
    return _staff_home()


@bp.route("/healthz")
def healthz():
    db.session.execute(select(1))
    return {"status": "ok"}


def _student_home():
    level = current_user.school.level
    scam_types = [t for t in db.session.scalars(visible_scam_types(current_user))
                  if not t.audience or level in t.audience]  # lessons that fit their age
    return render_template(
        "main/student_home.html", scam_types=scam_types,
        open_contests=open_contests_for(current_user),
        finished=finished_attempts_of(current_user))


def _class_sizes(class_ids: list[int]) -> dict[int, int]:
    if not class_ids:
        return {}
    rows = db.session.execute(
        select(Student.class_id, func.count(Student.id))
        .where(Student.class_id.in_(class_ids), Student.active.is_(True))
        .group_by(Student.class_id)
    )
    return dict(rows.all())


def _staff_home():
    if can(current_user, Action.VIEW, Area.CITY):
        districts = db.session.scalars(select(District).order_by(District.name)).all()
        counts = dict(db.session.execute(
            select(Student.school_id, func.count(Student.id)).group_by(Student.school_id)
        ).all())
        return render_template("main/bureau_home.html", districts=districts, counts=counts)
    classes = db.session.scalars(taught_classes(current_user)).all()
    sizes = _class_sizes([c.id for c in classes])
    school = db.session.get(School, current_user.school_id)
    other_classes = []
    if current_user.role == Role.TEACHER:
        taught = {c.id for c in classes}
        other_classes = [
            c for c in db.session.scalars(
                select(SchoolClass).where(SchoolClass.school_id == current_user.school_id)
                .order_by(SchoolClass.grade, SchoolClass.name)
            ) if c.id not in taught
        ]
    return render_template(
        "main/staff_home.html", school=school, classes=classes, sizes=sizes,
        other_classes=other_classes,
    )
