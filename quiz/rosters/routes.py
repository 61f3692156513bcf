"""Roster upload pages: upload → problems or preview → confirm → counts and initial passwords.

Between preview and confirm the server keeps nothing. The previewed file travels back with the
confirm form, compressed and signed with the secret key: app servers keep no state of their
own (DESIGN §4), and a file saved in one server's instance folder would be missing when the
load balancer sends the confirm to another, or left behind when a teacher walks away. A roster
is small (a 2,000-student CSV compresses to tens of kilobytes). On confirm the file is parsed
and planned again, so the import follows the database as it is then, with the user's rights
as they are then; the signature binds it to the user and school it was previewed for.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from quiz import audit
from quiz.auth.session import staff_required
from quiz.extensions import db
from quiz.forms import SignedPayloadForm
from quiz.i18n import _
from quiz.models import School
from quiz.permissions import Action, Area, area_required, can
from quiz.rosters.forms import UploadForm
from quiz.rosters.importer import apply_import, check_roster, may_import_into
from quiz.rosters.parse import RosterProblem
from quiz.sealing import MAX_PAYLOAD, seal, unseal
from quiz.security_headers import no_store

# Rosters are the school's: the bureau sees aggregates only and imports with the command line.
roster_keepers_required = area_required(Area.SCHOOL_WORK)

bp = Blueprint("rosters", __name__)

SEAL_SALT = "quiz.rosters.upload"
TEMPLATE_CSV = (
    "\ufeff学号,姓名,年级,班级,初始密码\n"
    "20260001,张小明,7,2班,\n"
    "20260002,李小红,7,2班,\n"
)


@dataclass(frozen=True)
class SealedUpload:
    school_id: int
    filename: str
    data: bytes


@bp.route("/upload", methods=["GET", "POST"])
@roster_keepers_required
def upload():
    """Check an uploaded roster and show its problems or a preview of the import."""
    form = UploadForm()
    if not form.validate_on_submit():
        return _upload_page(form)
    school = _own_school()
    filename = form.file.data.filename or ""
    data = form.file.data.read()
    # The preview compares no password with its stored hash (one slow hash a row); the
    # confirm below plans again and does.
    plan, problems = check_roster(school, filename, data, current_user, compare_passwords=False)
    if problems:
        return _upload_page(form, school=school, problems=problems, filename=filename)
    payload = seal(SEAL_SALT, {"school_id": school.id, "filename": filename}, data)
    if len(payload) > MAX_PAYLOAD:
        too_big = RosterProblem(None, None, _("文件太大，请按年级或班级拆分成几个文件分别导入。"))
        return _upload_page(form, school=school, problems=[too_big], filename=filename)
    confirm = SignedPayloadForm(payload=payload)
    return render_template("rosters/preview.html", plan=plan, school=school, form=confirm,
                           filename=filename)


@bp.post("/confirm")
@roster_keepers_required
@no_store  # the result page shows the new students' initial passwords
def confirm():
    """Import the previewed file: parse and plan again, then apply in one transaction."""
    form = SignedPayloadForm()
    sealed = _unsealed(form.payload.data) if form.validate_on_submit() else None
    if sealed is None:
        flash(_("确认页面已过期，请重新上传名单文件。"), "error")
        return redirect(url_for("rosters.upload"))
    school = db.session.get(School, sealed.school_id)
    if school is None or not may_import_into(current_user, school):
        abort(403)
    plan, problems = check_roster(school, sealed.filename, sealed.data, current_user)
    if problems:
        flash(_("预览之后数据有了变化，名单未导入，请检查下列问题。"), "error")
        return _upload_page(_upload_form_for_retry(), school=school, problems=problems,
                            filename=sealed.filename)
    try:
        audit.record(db.session, current_user, "roster.import", sealed.filename,
                     school_id=school.id, details={"rows": len(plan.rows)})
        result = apply_import(plan)
    except IntegrityError:
        flash(_("导入时有人同时修改了名单，未导入任何学生，请重新上传。"), "error")
        return redirect(url_for("rosters.upload"))
    slip_links = [(label, url_for("admin.class_slips", class_id=class_id))
                  for class_id, label in result.password_classes]
    return render_template("rosters/result.html", result=result, school=school,
                           slip_links=slip_links, filename=sealed.filename)


@bp.get("/template.csv")
@staff_required
def template_csv():
    """An example file with the expected header; the BOM makes Excel read it as UTF-8."""
    return Response(TEMPLATE_CSV.encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=roster-template.csv"})


def _own_school() -> School:
    if current_user.school is None:
        abort(403)
    return current_user.school


def _upload_page(form: UploadForm, **context):
    context.setdefault("school", current_user.school)
    taught = current_user.classes if not can(current_user, Action.VIEW, Area.WHOLE_SCHOOL) else []
    return render_template("rosters/upload.html", form=form, taught=taught,
                           **context)


def _upload_form_for_retry() -> UploadForm:
    return UploadForm(formdata=None)


def _unsealed(payload: str) -> SealedUpload | None:
    opened = unseal(SEAL_SALT, payload)
    if opened is None:
        return None
    fields, data = opened
    try:
        return SealedUpload(int(fields["school_id"]), str(fields["filename"]), data)
    except (KeyError, TypeError, ValueError):
        return None
