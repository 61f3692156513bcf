"""Schools, classes and students as staff see them."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from quiz import audit, clock
from quiz.admin.forms import SlipsForm
from quiz.admin.service import issue_slips, reset_password
from quiz.auth import identity
from quiz.auth.session import staff_required
from quiz.auth.throttle import login_backoff
from quiz.extensions import db
from quiz.forms import ConfirmForm
from quiz.i18n import _
from quiz.models import School, SchoolClass, Student
from quiz.permissions import Action, can, load_or_404
from quiz.security_headers import mark_no_store, no_store

bp = Blueprint("admin", __name__)


@bp.route("/schools/<int:school_id>")
@staff_required
def school_detail(school_id: int):
    school = load_or_404(School, school_id)
    return render_template("admin/school.html", school=school)


@bp.route("/classes/<int:class_id>")
@staff_required
def class_detail(class_id: int):
    school_class = load_or_404(SchoolClass, class_id)
    return render_template(
        "admin/class.html", school_class=school_class, form=ConfirmForm(),
        may_change=can(current_user, Action.CHANGE, school_class),
    )


@bp.post("/students/<int:student_id>/reset-password")
@staff_required
def reset_student_password(student_id: int):
    student = load_or_404(Student, student_id, Action.CHANGE)
    if not ConfirmForm().validate_on_submit():
        flash(_("页面已过期，请刷新后重试。"), "error")
        return redirect(url_for("admin.class_detail", class_id=student.class_id))
    password = reset_password(db.session, student, clock.now())
    audit.record(db.session, current_user, "password.reset",
                 f"{student.name}（{student.student_no}）", school_id=student.school_id,
                 details={"student_id": student.id})
    db.session.commit()
    forget_login_failures(student)
    # Shown once in this response, never flashed: the session cookie is signed, not encrypted.
    return not_stored(render_template("admin/password_reset.html", student=student,
                                      password=password))


@bp.post("/students/<int:student_id>/clear-login-wait")
@staff_required
def clear_login_wait(student_id: int):
    """The staff override of the login backoff: the student may try again at once, from
    every device (someone else's wrong guesses no longer hold them back)."""
    student = load_or_404(Student, student_id, Action.CHANGE)
    if not ConfirmForm().validate_on_submit():
        flash(_("页面已过期，请刷新后重试。"), "error")
        return redirect(url_for("admin.class_detail", class_id=student.class_id))
    forget_login_failures(student)
    audit.record(db.session, current_user, "login.unblock",
                 f"{student.name}（{student.student_no}）", school_id=student.school_id,
                 details={"student_id": student.id})
    db.session.commit()
    flash(_("已解除 %(name)s（学号 %(no)s）的登录等待，现在可以重新登录。",
            name=student.name, no=student.student_no), "success")
    return redirect(url_for("admin.class_detail", class_id=student.class_id))


def forget_login_failures(student: Student) -> None:
    login_backoff().forget_account(
        identity.student_account_key(student.school.code, student.student_no))


def not_stored(body: str) -> str:
    """A page that shows a password: no browser or proxy may keep a copy."""
    mark_no_store()
    return body


@bp.route("/classes/<int:class_id>/slips", methods=["GET", "POST"])
@staff_required
@no_store  # the printed slips carry new passwords
def class_slips(class_id: int):
    school_class = load_or_404(SchoolClass, class_id, Action.CHANGE)
    form = SlipsForm()
    if form.validate_on_submit():
        slips = issue_slips(db.session, school_class, clock.now(),
                            include_logged_in=form.include_logged_in.data)
        audit.record(db.session, current_user, "slips.print", school_class.label,
                     school_id=school_class.school_id,
                     details={"class_id": school_class.id, "passwords_reset": len(slips)})
        db.session.commit()
        return render_template("admin/slips_print.html", school_class=school_class, slips=slips)
    never_logged_in = sum(1 for s in school_class.students if s.last_login_at is None)
    return render_template(
        "admin/slips_confirm.html", school_class=school_class, form=form,
        never_logged_in=never_logged_in,
    )
