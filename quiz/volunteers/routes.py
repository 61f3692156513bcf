"""Volunteer pages: the student's team page, logging and reviewing activities.

Team management and the boards are in `quiz.volunteers.team_views` (same blueprint). Who may
do what is decided in `quiz.volunteers.rules`; an activity a user may not see answers 404, one
they may see but not change 403.
"""

from __future__ import annotations

from decimal import Decimal

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from quiz import clock
from quiz.auth.session import student_required
from quiz.extensions import db
from quiz.forms import ConfirmForm
from quiz.i18n import _
from quiz.models.org import Role, Student
from quiz.models.volunteers import (
    Activity,
    ActivityStatus,
    MemberStatus,
)
from quiz.permissions import Action, Area, can
from quiz.permissions import volunteers as access
from quiz.volunteers import boards, bp, pages, rules, service, tallies
from quiz.volunteers.forms import ActivityForm, RejectForm, ReviewForm


def version_of(activity: Activity) -> str:
    return activity.updated_at.isoformat()


@bp.route("/")
@login_required
def index():
    if can(current_user, Action.VIEW, Area.CITY):
        return redirect(url_for("volunteers.city_board"))
    if current_user.role != Role.STUDENT:
        return redirect(url_for("volunteers.team"))
    member = service.membership(db.session, current_user)
    logged = pages.activities_logged_by(db.session, current_user)
    joined = pages.activities_joined_by(db.session, current_user)
    return render_template(
        "volunteers/student.html", member=member, logged=logged, joined=joined,
        team=service.existing_team(db.session, current_user.school_id),
        figures=tallies.student_figures(db.session, current_user.id), form=ConfirmForm())


@bp.post("/join")
@student_required
def join():
    if not ConfirmForm().validate_on_submit():
        flash(_("页面已过期，请刷新后重试。"), "error")
        return redirect(url_for("volunteers.index"))
    member = service.request_join(db.session, current_user, clock.now())
    try:
        db.session.commit()
    except IntegrityError:  # a double tap: the other request already asked
        db.session.rollback()
        member = service.membership(db.session, current_user)
    if member is not None and member.status == MemberStatus.ACTIVE:
        flash(_("你已经是志愿者队的队员了。"), "info")
    else:
        flash(_("已提交入队申请，老师同意后你就可以登记活动了。"), "success")
    return redirect(url_for("volunteers.index"))


def _participant_choices(school_id: int, keep: set[int]) -> list[SelectChoice]:
    """Active members of the school's team (plus anyone already on the activity), by class."""
    ids = service.active_member_ids(db.session, school_id) | keep
    if not ids:
        return []
    students = pages.participant_students(db.session, school_id, ids)
    return [SelectChoice(str(s.id), f"{_name(s)}（{s.school_class.label}）") for s in students]


def _name(student: Student) -> str:
    """Students see classmates by name and others masked, as on the boards; staff of the
    school see their school's students."""
    if isinstance(current_user, Student):
        return boards.shown_to(current_user, student)
    return student.name


def _may_log(user) -> bool:
    if isinstance(user, Student):
        member = service.membership(db.session, user)
        return member is not None and member.status == MemberStatus.ACTIVE
    return access.is_school_staff(user, user.school_id)


def _activity_form(activity: Activity | None, school_id: int) -> ActivityForm:
    form = ActivityForm()
    keep = {p.student_id for p in activity.participants} if activity is not None else set()
    form.participants.choices = _participant_choices(school_id, keep)
    if activity is not None and not form.is_submitted():
        form.kind.data = activity.kind
        form.occurred_on.data = activity.occurred_on
        form.place.data = activity.place
        form.hours.data = str(activity.hours)
        form.people_reached.data = activity.people_reached
        form.app_installs.data = activity.app_installs
        form.description.data = activity.description
        form.participants.data = [str(i) for i in keep]
    elif activity is None and not form.is_submitted():
        form.occurred_on.data = clock.city_today()
        if isinstance(current_user, Student):
            form.participants.data = [str(current_user.id)]
    form.today = clock.city_today()
    return form


def _check_participants(form: ActivityForm, school_id: int, keep: set[int]) -> bool:
    ids = form.participant_ids()
    if ids is None:
        form.participants.errors = [_("所选学生不存在，请刷新页面后重新选择。")]
        return False
    infos = [p if p.student_id not in keep or p.school_id != school_id
             else rules.ParticipantInfo(p.student_id, p.school_id, True)
             for p in service.participant_infos(db.session, school_id, ids)]
    problem = rules.check_participants(infos, school_id)
    if problem:
        form.participants.errors = [problem]
        return False
    return True


def _input(form: ActivityForm) -> service.ActivityInput:
    return service.ActivityInput(
        kind=form.kind.data, occurred_on=form.occurred_on.data, place=form.place.data,
        hours=Decimal(form.hours.data.strip()), people_reached=form.people_reached.data,
        app_installs=form.app_installs.data or 0, description=form.description.data or "",
        participant_ids=form.participant_ids() or [])


@bp.route("/activities/new", methods=["GET", "POST"])
@login_required
def new_activity():
    if can(current_user, Action.VIEW, Area.CITY):
        abort(403)
    if not _may_log(current_user):
        flash(_("加入学校的志愿者队并经老师同意后，才能登记活动。"), "error")
        return redirect(url_for("volunteers.index"))
    school = current_user.school
    form = _activity_form(None, school.id)
    if form.validate_on_submit() and _check_participants(form, school.id, set()):
        activity = service.save_activity(db.session, None, _input(form), school=school,
                                         by=current_user, now=clock.now())
        db.session.commit()
        flash(_("活动已登记，等待老师审核。"), "success")
        return redirect(url_for("volunteers.activity", activity_id=activity.id))
    return render_template("volunteers/activity_form.html", form=form, activity=None,
                           today=clock.city_today())


def _load(activity_id: int, *, lock: bool = False) -> Activity:
    """The activity if the user may see it, else 404. `lock` (for changes) holds its row until
    the commit, so a review and an edit of the same activity happen one after the other and
    the review's version check sees the edit (PostgreSQL; SQLite serialises writes anyway)."""
    activity = db.session.get(Activity, activity_id, with_for_update=lock)
    if activity is None or not can(current_user, Action.VIEW, activity):
        abort(404)
    return activity


@bp.route("/activities/<int:activity_id>")
@login_required
def activity(activity_id: int):
    activity = _load(activity_id)
    return render_template(
        "volunteers/activity.html", activity=activity, name_of=_name,
        may_edit=can(current_user, Action.CHANGE, activity),
        may_review=can(current_user, Action.REVIEW, activity),
        review_form=ReviewForm(version=version_of(activity)),
        reject_form=RejectForm(version=version_of(activity)))


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
@login_required
def edit_activity(activity_id: int):
    activity = _load(activity_id, lock=request.method == "POST")
    if not can(current_user, Action.CHANGE, activity):
        abort(403)
    keep = {p.student_id for p in activity.participants}
    form = _activity_form(activity, activity.school_id)
    if form.validate_on_submit() and _check_participants(form, activity.school_id, keep):
        was = activity.status
        service.save_activity(db.session, activity, _input(form), school=activity.school,
                              by=current_user, now=clock.now())
        db.session.commit()
        if was != ActivityStatus.PENDING:
            flash(_("已保存。活动有改动，需要老师重新审核后才计入统计。"), "success")
        else:
            flash(_("已保存。"), "success")
        return redirect(url_for("volunteers.activity", activity_id=activity.id))
    return render_template("volunteers/activity_form.html", form=form, activity=activity,
                           today=clock.city_today())


def _load_for_review(activity_id: int) -> Activity:
    activity = _load(activity_id, lock=True)
    if not can(current_user, Action.REVIEW, activity):
        abort(403)
    return activity


def _stale(activity: Activity, version: str | None) -> bool:
    if version != version_of(activity):
        flash(_("这条活动刚被修改过，请查看最新内容后再审核。"), "error")
        return True
    return False


@bp.post("/activities/<int:activity_id>/approve")
@login_required
def approve(activity_id: int):
    activity = _load_for_review(activity_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        abort(400)
    if activity.status == ActivityStatus.APPROVED:
        flash(_("这条活动已经通过了。"), "info")
    elif not _stale(activity, form.version.data):
        service.approve(db.session, current_user, activity, clock.now())
        db.session.commit()
        flash(_("已通过，活动计入志愿服务统计。"), "success")
    return redirect(url_for("volunteers.activity", activity_id=activity.id))


@bp.post("/activities/<int:activity_id>/reject")
@login_required
def reject(activity_id: int):
    activity = _load_for_review(activity_id)
    form = RejectForm()
    if form.validate_on_submit():
        if activity.status == ActivityStatus.REJECTED:
            flash(_("这条活动已经退回了。"), "info")
        elif not _stale(activity, form.version.data):
            service.reject(db.session, current_user, activity, form.reason.data, clock.now())
            db.session.commit()
            flash(_("已退回，学生会看到原因。"), "success")
        return redirect(url_for("volunteers.activity", activity_id=activity.id))
    return render_template(
        "volunteers/activity.html", activity=activity, name_of=_name,
        may_edit=can(current_user, Action.CHANGE, activity), may_review=True,
        review_form=ReviewForm(version=version_of(activity)), reject_form=form), 422


@bp.app_template_global()
def volunteer_home_card() -> dict | None:
    """What the student home's volunteer card shows (None for anyone but a student)."""
    if not isinstance(current_user, Student):
        return None
    member = service.membership(db.session, current_user)
    mine = pages.open_activities_of(db.session, current_user)
    return {"member": member, "open": mine,
            "figures": tallies.student_figures(db.session, current_user.id)}
