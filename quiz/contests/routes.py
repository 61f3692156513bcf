"""Staff pages for contests: list, create, detail with a sample paper, copy, cancel, live view,
projector page with a QR code, and result downloads. Views are thin: the form becomes a
ContestSpec for quiz.contests.creation, and the figures come from quiz.contests.results."""

from __future__ import annotations

import io
from datetime import timedelta

import segno
from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from quiz import audit, clock, lookups
from quiz.auth.session import staff_required
from quiz.contests import attempts as attempt_service
from quiz.contests import exports, pages
from quiz.contests.creation import ContestSpec, create_contest, update_contest
from quiz.contests.forms import RULE_ROWS, ContestForm, to_local, to_utc
from quiz.contests.papers import draw_paper, rules_of
from quiz.contests.results import class_statuses, question_accuracy
from quiz.contests.rules import timing
from quiz.contests.rules.drawing import DrawRule, NotEnoughQuestions
from quiz.errors import Invalid
from quiz.extensions import db
from quiz.forms import ConfirmForm
from quiz.i18n import _
from quiz.models import (
    Contest,
    Question,
    QuestionVersion,
    SchoolClass,
    Student,
)
from quiz.permissions import (
    Action,
    Area,
    NameVisibility,
    can,
    load_or_404,
    taught_classes,
)
from quiz.permissions.contests import (
    contests_for_staff,
    result_class_ids,
)
from quiz.query_args import object_id

bp = Blueprint("contests", __name__)


def _load(contest_id: int, *, manage: bool = False) -> Contest:
    return load_or_404(Contest, contest_id, Action.CHANGE if manage else Action.VIEW)


def state_of(contest: Contest) -> timing.ContestState:
    """The contest's state at the request's time (the rule is timing.contest_state)."""
    return timing.state_of(contest, clock.now())


@bp.app_template_global()
def contest_state_label(contest: Contest) -> str:
    return {"cancelled": _("已取消"), "scheduled": _("未开始"), "open": _("进行中"),
            "closed": _("已结束")}[state_of(contest)]


@bp.route("/")
@staff_required
def index():
    contests = db.session.scalars(contests_for_staff(current_user)).all()
    return render_template("contests/index.html", contests=contests)


# --- the form -----------------------------------------------------------------------------------


def _scam_type_choices() -> list[SelectChoice]:
    choices = [SelectChoice("", _("（不使用）"))]
    for scam_type, c in pages.scam_type_choices(db.session, current_user.school_id):
        choices.append(SelectChoice(scam_type.code, _(
            "%(name)s（易 %(e)s / 中 %(m)s / 难 %(h)s）", name=scam_type.name,
            e=c.get(1, 0), m=c.get(2, 0), h=c.get(3, 0))))
    return choices


def _prepare(form: ContestForm) -> None:
    """Choices by role: the bureau picks schools; school staff the grades of their school and
    the classes they teach (a school admin: every class); no class means the whole school or
    the chosen grades."""
    if can(current_user, Action.VIEW, Area.CITY):
        form.schools.choices = [SelectChoice(s.code, f"{s.code} {s.name}")
                                for s in lookups.schools_by_code(db.session)]
        classes: list[SchoolClass] = []
    else:
        classes = db.session.scalars(taught_classes(current_user)).all()
        form.schools.choices = []
    form.classes.choices = [SelectChoice(c.id, c.label) for c in classes]
    grades = ({c.grade for c in classes} if can(current_user, Action.VIEW, Area.CITY)
              else pages.school_grades(db.session, current_user.school_id))
    form.grades.choices = [SelectChoice(g, _("%(g)s年级", g=g)) for g in sorted(grades)]
    choices = _scam_type_choices()
    for row in form.rules:
        row.scam_type.choices = choices


def _spec_from(form: ContestForm) -> ContestSpec:
    zone = clock.city_zone()
    if can(current_user, Action.VIEW, Area.CITY):
        school_codes = list(form.schools.data or [])
    else:
        school_codes = [current_user.school.code]
    return ContestSpec(
        title=form.title.data or "", description=form.description.data or "",
        opens_at=to_utc(form.opens_at.data, zone), closes_at=to_utc(form.closes_at.data, zone),
        duration_seconds=(form.duration_minutes.data or 0) * 60,
        draw=[DrawRule(row.scam_type.data, row.count.data or 0, row.form.difficulties() or (1,))
              for row in form.rules if row.scam_type.data],
        school_codes=school_codes,
        city_wide=bool(form.city_wide.data) and can(current_user, Action.VIEW, Area.CITY),
        grades=list(form.grades.data or []), class_ids=list(form.classes.data or []),
        paper=form.paper.data, shuffle_options=form.shuffle_options.data,
        max_attempts=form.max_attempts.data or 1, reveal=form.reveal.data,
        points={1: form.points_easy.data, 2: form.points_medium.data, 3: form.points_hard.data},
        counts_in_season=(bool(form.counts_in_season.data)
                          if can(current_user, Action.VIEW, Area.CITY) else None),
    )


FIELD_OF = {"opens_at": "opens_at", "closes_at": "closes_at", "duration_seconds":
            "duration_minutes", "title": "title", "paper": "paper", "reveal": "reveal",
            "max_attempts": "max_attempts", "points": "points_easy",
            "counts_in_season": "counts_in_season"}


def _show_errors(form: ContestForm, error: Invalid) -> dict[str, list[str]]:
    """Put each service error next to its field; the rest (scope, draw) go above their group."""
    general: dict[str, list[str]] = {}
    for name, messages in error.fields.items():
        field = getattr(form, FIELD_OF.get(name, ""), None)
        if field is not None:
            field.errors = [*field.errors, *messages]
        else:
            general.setdefault(name, []).extend(messages)
    return general


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def new():
    source = None
    copy_id = object_id("copy") if request.method == "GET" else None
    if copy_id is not None:
        source = _load(copy_id)
    form = ContestForm()
    _prepare(form)
    if source is not None:
        _fill_from(form, source)
    elif request.method == "GET":
        start = clock.now().replace(second=0, microsecond=0) + timedelta(minutes=10)
        zone = clock.city_zone()
        form.opens_at.data = to_local(start, zone)
        form.closes_at.data = to_local(start + timedelta(days=1), zone)
    general: dict[str, list[str]] = {}
    if form.validate_on_submit():
        try:
            contest = create_contest(db.session, current_user, _spec_from(form), clock.now())
        except Invalid as error:
            db.session.rollback()
            general = _show_errors(form, error)
        else:
            audit.record_and_commit(db.session, current_user, "contest.create", contest.title,
                                    school_id=contest.owner_school_id,
                                    details={"contest_id": contest.id})
            flash(_("竞赛已创建，竞赛码 %(code)s。", code=contest.join_code), "success")
            return redirect(url_for("contests.detail", contest_id=contest.id))
    return render_template("contests/form.html", form=form, general=general, rows=RULE_ROWS)


@bp.route("/<int:contest_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(contest_id: int):
    contest = _load(contest_id, manage=True)
    if state_of(contest) != "scheduled":
        flash(_("竞赛已经开始或已取消，不能再修改；可以复制后另建一个。"), "error")
        return redirect(url_for("contests.detail", contest_id=contest.id))
    form = ContestForm()
    _prepare(form)
    if request.method == "GET":
        _fill_from(form, contest, copy=False)
    general: dict[str, list[str]] = {}
    if form.validate_on_submit():
        try:
            audit.record(db.session, current_user, "contest.update", contest.title,
                         school_id=contest.owner_school_id, details={"contest_id": contest.id})
            update_contest(db.session, contest, current_user, _spec_from(form), clock.now())
        except Invalid as error:
            db.session.rollback()
            general = _show_errors(form, error)
        else:
            flash(_("竞赛已保存。"), "success")
            return redirect(url_for("contests.detail", contest_id=contest.id))
    return render_template("contests/form.html", form=form, general=general, rows=RULE_ROWS,
                           editing=contest)


def _fill_from(form: ContestForm, source: Contest, *, copy: bool = True) -> None:
    """The form filled from a contest: for a copy, a new title and a window starting soon."""
    zone = clock.city_zone()
    form.title.data = _("%(title)s（副本）", title=source.title) if copy else source.title
    form.description.data = source.description
    start = (clock.now().replace(second=0, microsecond=0) + timedelta(minutes=10)
             if copy else source.opens_at)
    form.opens_at.data = to_local(start, zone)
    form.closes_at.data = to_local(start + (source.closes_at - source.opens_at), zone)
    form.schools.data = pages.school_codes_of(db.session, source)
    form.duration_minutes.data = source.duration_seconds // 60
    form.city_wide.data = source.city_wide
    form.counts_in_season.data = source.counts_in_season
    form.grades.data = list(source.grades)
    form.classes.data = [c.class_id for c in source.classes]
    form.paper.data, form.reveal.data = source.paper_mode, source.reveal
    form.shuffle_options.data, form.max_attempts.data = source.shuffle_options, source.max_attempts
    points = {int(k): v for k, v in source.points.items()}
    form.points_easy.data, form.points_medium.data, form.points_hard.data = (
        points.get(1, 5), points.get(2, 10), points.get(3, 15))
    for row, rule in zip(form.rules, source.draw_rules, strict=False):
        row.scam_type.data, row.count.data = rule["scam_type"], rule["count"]
        levels = set(rule.get("difficulty") or (1, 2, 3))
        row.easy.data, row.medium.data, row.hard.data = 1 in levels, 2 in levels, 3 in levels


# --- one contest ----------------------------------------------------------------------------------


@bp.route("/<int:contest_id>")
@staff_required
def detail(contest_id: int):
    contest = _load(contest_id)
    # Until it closes, the questions and their answers are for those who manage the contest:
    # another school's teacher could otherwise hand its key to their students.
    paper_shown = can(current_user, Action.CHANGE, contest) or state_of(contest) in (
        timing.ContestState.CLOSED, timing.ContestState.CANCELLED)
    sample = _sample_paper(contest) if paper_shown else []
    attempts = pages.attempt_count(db.session, contest)
    return render_template("contests/detail.html", contest=contest, sample=sample,
                           attempts=attempts, state=state_of(contest), form=ConfirmForm(),
                           may_manage=can(current_user, Action.CHANGE, contest),
                           paper_shown=paper_shown)


def _sample_paper(contest: Contest) -> list[tuple[Question, QuestionVersion]]:
    """The shared paper, or one sample draw of a per-student paper."""
    if contest.paper:
        ids = [item.question_version_id for item in contest.paper]
    else:
        try:
            ids = [c.version_id for c in draw_paper(
                db.session, rules_of(contest), seed=contest.seed, levels=frozenset(),
                school_id=contest.owner_school_id)]
        except (NotEnoughQuestions, ValueError):
            return []
    return pages.questions_in_order(db.session, ids)


@bp.post("/<int:contest_id>/cancel")
@staff_required
def cancel(contest_id: int):
    contest = _load(contest_id, manage=True)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if contest.cancelled_at is None:
        contest.cancelled_at = clock.now()
        audit.record(db.session, current_user, "contest.cancel", contest.title,
                     school_id=contest.owner_school_id, details={"contest_id": contest.id})
        db.session.commit()
        flash(_("竞赛已取消，学生将无法再进入。"), "success")
    return redirect(url_for("contests.detail", contest_id=contest.id))


@bp.post("/<int:contest_id>/extra-time")
@staff_required
def extra_time(contest_id: int):
    """Extra minutes for one student: their own teacher or school admin decides."""
    contest = _load(contest_id)
    student = load_or_404(Student, request.form.get("student_id", type=int) or 0, Action.CHANGE)
    minutes = request.form.get("minutes", type=int)
    if not ConfirmForm().validate_on_submit() or minutes is None or not 0 <= minutes <= 120:
        flash(_("加时应为 0 到 120 分钟。"), "error")
    elif not can(student, Action.VIEW, contest):
        flash(_("这名学生不在竞赛范围内。"), "error")
    else:
        audit.record(db.session, current_user, "contest.extra_time", contest.title,
                     school_id=student.school_id,
                     details={"contest_id": contest.id, "student_id": student.id,
                              "minutes": minutes})
        attempt_service.set_extra_time(db.session, contest, student, minutes, clock.now())
        flash(_("已为 %(name)s 设置加时 %(n)s 分钟。", name=student.name, n=minutes), "success")
    return redirect(url_for("contests.live", contest_id=contest.id))


@bp.route("/<int:contest_id>/live")
@staff_required
def live(contest_id: int):
    contest = _load(contest_id)
    names = NameVisibility.for_viewer(current_user)
    class_ids = result_class_ids(current_user, names)
    statuses = class_statuses(db.session, contest, clock.now(), class_ids)
    accuracy = question_accuracy(db.session, contest, class_ids)
    extra = pages.extra_minutes(db.session, contest)
    return render_template("contests/live.html", contest=contest, statuses=statuses,
                           accuracy=accuracy, state=state_of(contest), extra=extra,
                           form=ConfirmForm(), names=names)


@bp.route("/<int:contest_id>/results.<any(xlsx, csv):fmt>")
@staff_required
def results(contest_id: int, fmt: str):
    contest = _load(contest_id)
    names = NameVisibility.for_viewer(current_user)
    class_ids = result_class_ids(current_user, names)
    wanted = object_id("class")
    if wanted is not None:
        if class_ids is not None and wanted not in class_ids:
            abort(404)
        class_ids = {wanted}
    statuses = class_statuses(db.session, contest, clock.now(), class_ids)
    table = exports.results_table(statuses, names)
    data, mimetype = (exports.to_xlsx(table) if fmt == "xlsx"
                      else exports.to_csv(table))
    audit.record_and_commit(db.session, current_user, "results.export", contest.title,
                            school_id=current_user.school_id,
                            details={"contest_id": contest.id, "format": fmt,
                                     "class_id": wanted})
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True,
                     download_name=f"contest-{contest.id}-results.{fmt}")


@bp.route("/<int:contest_id>/projector")
@staff_required
def projector(contest_id: int):
    contest = _load(contest_id)
    join_url = url_for("play.join", code=contest.join_code, _external=True)
    qr = segno.make(join_url, error="m").svg_inline(scale=8, border=2)
    return render_template("contests/projector.html", contest=contest, join_url=join_url,
                           qr=qr, is_open=timing.is_open(now=clock.now(),
                                                         opens_at=contest.opens_at,
                                                         closes_at=contest.closes_at))
