"""Team management for a school's teachers and admin, the review queue, and the boards."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from quiz import clock, lookups
from quiz.extensions import db
from quiz.forms import ConfirmForm
from quiz.i18n import _
from quiz.models.org import District, School
from quiz.models.volunteers import MemberStatus, TeamMember
from quiz.permissions import Action, Area, area_required, can
from quiz.permissions import volunteers as access
from quiz.query_args import filter_int, filter_range, object_id
from quiz.volunteers import boards, bp, pages, service
from quiz.volunteers.forms import AddMembersForm

school_staff_required = area_required(Area.SCHOOL_WORK)

STATUS_FILTERS = ("pending", "approved", "rejected", "all")


def _member_or_404(member_id: int) -> TeamMember:
    member = db.session.get(TeamMember, member_id)
    if member is None or not access.is_school_staff(current_user, member.team.school_id):
        abort(404)
    return member


@bp.route("/team")
@school_staff_required
def team():
    school = current_user.school
    team = service.team_for(db.session, school)
    db.session.commit()  # created on first use
    members = pages.team_members(db.session, team)  # leader first
    classes = lookups.classes_of_school(db.session, school.id)
    class_id = filter_int("class", _("没有这个班级，请从列表中选择。"),
                          allowed={c.id for c in classes})
    if class_id is None:
        whole_school = can(current_user, Action.VIEW, Area.WHOLE_SCHOOL)
        taught = [] if whole_school else [c.id for c in current_user.classes]
        class_id = taught[0] if taught else (classes[0].id if classes else None)
    chosen = next((c for c in classes if c.id == class_id), None)
    in_team = {m.student_id for m in members}
    form = AddMembersForm()
    if chosen is not None:
        form.students.choices = [
            (str(s.id), f"{s.name}（{s.student_no}）") for s in chosen.students
            if s.id not in in_team and s.active]
    pending_activities = pages.pending_activity_count(db.session, school.id)
    return render_template(
        "volunteers/team.html", team=team, school=school,
        active=[m for m in members if m.status == MemberStatus.ACTIVE],
        requests=[m for m in members if m.status == MemberStatus.PENDING],
        classes=classes, chosen=chosen, form=form, confirm=ConfirmForm(),
        pending_activities=pending_activities)


def _confirmed() -> bool:
    if not ConfirmForm().validate_on_submit():
        flash(_("页面已过期，请刷新后重试。"), "error")
        return False
    return True


@bp.post("/team/members/<int:member_id>/<any(accept, decline, leader, remove):what>")
@school_staff_required
def member_action(member_id: int, what: str):
    member = _member_or_404(member_id)
    if not _confirmed():
        return redirect(url_for("volunteers.team"))
    name = member.student.name
    now = clock.now()
    if what in ("accept", "decline"):
        if member.status != MemberStatus.PENDING:
            flash(_("%(name)s 的申请已经处理过了。", name=name), "info")
            return redirect(url_for("volunteers.team"))
        service.decide(db.session, current_user, member, what == "accept", now)
        message = (_("已同意 %(name)s 入队。", name=name) if what == "accept"
                   else _("已拒绝 %(name)s 的入队申请。", name=name))
    elif what == "leader":
        if member.status != MemberStatus.ACTIVE:
            flash(_("只能任命正式队员为队长。"), "error")
            return redirect(url_for("volunteers.team"))
        service.set_leader(db.session, current_user, member, now)
        message = _("已任命 %(name)s 为队长。", name=name)
    else:
        service.remove_member(db.session, current_user, member)
        message = _("已将 %(name)s 移出志愿者队。", name=name)
    if _committed():
        flash(message, "success")
    return redirect(url_for("volunteers.team"))


@bp.post("/team/add")
@school_staff_required
def add_members():
    school = current_user.school
    form = AddMembersForm()
    class_id = object_id("class")
    if not form.validate_on_submit():
        flash(_("页面已过期，请刷新后重试。"), "error")
        return redirect(url_for("volunteers.team", **{"class": class_id}))
    try:
        ids = [int(v) for v in form.students.data or []]
    except ValueError:
        ids = None
    students = pages.students_by_ids(db.session, ids or [])
    if ids is None or len(students) != len(set(ids)) or any(
            s.school_id != school.id for s in students):
        flash(_("只能添加本校的学生，请刷新页面后重新选择。"), "error")
        return redirect(url_for("volunteers.team", **{"class": class_id}))
    if not students:
        flash(_("请先勾选要添加的学生。"), "error")
        return redirect(url_for("volunteers.team", **{"class": class_id}))
    added = service.add_members(db.session, current_user, school, students, clock.now())
    if _committed():
        flash(_("已添加 %(n)s 名学生为队员。", n=added), "success")
    return redirect(url_for("volunteers.team", **{"class": class_id}))


def _committed() -> bool:
    """Commit a team change; another teacher deciding the same student at the same moment
    makes it a message, not a 500."""
    try:
        db.session.commit()
    except (IntegrityError, StaleDataError):
        db.session.rollback()
        flash(_("刚才有其他老师或学生同时修改了队伍，请看最新名单后再操作。"), "error")
        return False
    return True


@bp.route("/activities")
@school_staff_required
def activities():
    status = request.args.get("status", "pending")
    if status not in STATUS_FILTERS:
        flash(_("未知的状态筛选，已显示待审核的活动。"), "error")
        status = "pending"
    rows = pages.school_activities(db.session, current_user.school_id, status)
    return render_template("volunteers/activities.html", rows=rows, status=status)


@bp.route("/board")
@login_required
def school_board():
    """A school's board: its own for students and staff; any school for the bureau."""
    school_id = object_id("school")
    if can(current_user, Action.VIEW, Area.CITY):
        if school_id is None:
            return redirect(url_for("volunteers.city_board"))
    elif school_id is not None and school_id != current_user.school_id:
        abort(404)
    else:
        school_id = current_user.school_id
    school = db.session.get(School, school_id)
    if school is None:
        abort(404)
    date_from, date_to = filter_range()
    board = boards.school_board(db.session, school, current_user, date_from=date_from,
                                date_to=date_to)
    return render_template("volunteers/school_board.html", board=board, date_from=date_from,
                           date_to=date_to)


@bp.route("/board/city")
@login_required
def city_board():
    district_id = object_id("district")
    if district_id is not None and db.session.get(District, district_id) is None:
        abort(404)
    date_from, date_to = filter_range()
    board = boards.city_board(db.session, current_user, district_id=district_id,
                              date_from=date_from, date_to=date_to)
    districts = lookups.districts_by_name(db.session)
    return render_template("volunteers/city_board.html", board=board, districts=districts,
                           district_id=district_id, date_from=date_from, date_to=date_to)
