"""Home pages: a student sees what is open to them; staff see their classes and schools."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from quiz import clock, lookups
from quiz.contests.open_contests import open_contests_for
from quiz.database import ping
from quiz.extensions import db
from quiz.main import pages
from quiz.models import Role, School
from quiz.permissions import Action, Area, can, taught_classes, visible_scam_types
from quiz.play.pages import finished_attempts_of

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
    ping(db.session)
    return {"status": "ok"}


def _student_home():
    level = current_user.school.level
    scam_types = [t for t in db.session.scalars(visible_scam_types(current_user))
                  if not t.audience or level in t.audience]  # lessons that fit their age
    return render_template(
        "main/student_home.html", scam_types=scam_types,
        open_contests=open_contests_for(db.session, current_user, clock.now()),
        finished=finished_attempts_of(db.session, current_user))


def _staff_home():
    if can(current_user, Action.VIEW, Area.CITY):
        districts = lookups.districts_by_name(db.session)
        counts = pages.students_per_school(db.session)
        return render_template("main/bureau_home.html", districts=districts, counts=counts)
    classes = db.session.scalars(taught_classes(current_user)).all()
    sizes = pages.class_sizes(db.session, [c.id for c in classes])
    school = db.session.get(School, current_user.school_id)
    other_classes = []
    if current_user.role == Role.TEACHER:
        taught = {c.id for c in classes}
        other_classes = [
            c for c in lookups.classes_of_school(db.session, current_user.school_id)
            if c.id not in taught
        ]
    return render_template(
        "main/staff_home.html", school=school, classes=classes, sizes=sizes,
        other_classes=other_classes,
    )
