"""The question-bank browser for staff: scam types, their questions, answers and explanations."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from quiz import clock
from quiz.auth.session import staff_required
from quiz.banks import pages
from quiz.banks.forms import CloseReportsForm, ReportForm, UploadBankForm
from quiz.banks.reports import REASON_LABELS, close_reports, open_reports, report_by_staff
from quiz.banks.upload import apply_upload, check_upload, owner_of_uploads, preview
from quiz.errors import Invalid
from quiz.extensions import db
from quiz.forms import SignedPayloadForm
from quiz.i18n import _
from quiz.permissions import Action, Area, area_required, can, visible_scam_types
from quiz.query_args import filter_int
from quiz.sealing import MAX_PAYLOAD, seal, unseal

bp = Blueprint("banks", __name__)


@bp.route("/")
@staff_required
def index():
    by_type = pages.live_counts_by_type(db.session)
    scam_types = db.session.scalars(visible_scam_types(current_user)).all()
    return render_template("banks/index.html", scam_types=scam_types, counts=by_type)


@bp.route("/<code>")
@staff_required
def scam_type(code: str):
    scam_type = pages.scam_type_by_code(db.session, code)
    if scam_type is None or not can(current_user, Action.VIEW, scam_type):
        abort(404)
    difficulty = filter_int("difficulty", _("难度只能是 1、2 或 3，已显示全部难度。"),
                            allowed=(1, 2, 3))
    rows = pages.live_questions(db.session, scam_type, difficulty)
    retired = pages.retired_count(db.session, scam_type)
    return render_template(
        "banks/scam_type.html", scam_type=scam_type, rows=rows, difficulty=difficulty,
        retired=retired,
    )


@bp.route("/questions/<code>/report", methods=["GET", "POST"])
@staff_required
def report(code: str):
    """A teacher reports a question of the bank as wrong, unclear or outdated."""
    question = pages.question_by_code(db.session, code)
    if question is None or question.is_retired or not can(current_user, Action.VIEW, question):
        abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            report_by_staff(db.session, current_user, question, form.reason.data,
                            form.text.data, clock.now())
        except Invalid as error:
            form.text.errors = [*form.text.errors, error.message]
        else:
            flash(_("已提交纠错，教育局处理后会回复。谢谢！"), "success")
            return redirect(url_for("banks.scam_type", code=question.scam_type.code))
    return render_template("banks/report.html", question=question,
                           version=question.current_version, form=form)


@bp.route("/reports")
@area_required(Area.QUESTION_REPORTS)
def reports():
    return render_template("banks/reports.html", groups=open_reports(db.session),
                           labels=REASON_LABELS, form=CloseReportsForm())


@bp.post("/questions/<code>/reports/close")
@area_required(Area.QUESTION_REPORTS)
def close(code: str):
    question = pages.question_by_code(db.session, code)
    if question is None:
        abort(404)
    form = CloseReportsForm()
    if not form.validate_on_submit():
        flash(_("请填写回复（最多 500 字）。"), "error")
        return redirect(url_for("banks.reports"))
    closed = close_reports(db.session, question, current_user, form.reply.data, clock.now())
    flash(_("已回复并关闭 %(n)s 条纠错。", n=closed), "success")
    return redirect(url_for("banks.reports"))


UPLOAD_SALT = "quiz.banks.upload"


@bp.route("/upload", methods=["GET", "POST"])
@staff_required
def upload():
    """Check an Excel, GIFT or YAML bank and show its problems or what importing would do."""
    form = UploadBankForm()
    if not form.validate_on_submit():
        return _upload_page(form)
    filename = form.file.data.filename or ""
    data = form.file.data.read()
    fields = {"filename": filename, "code": form.code.data.strip(),
              "name": form.name.data.strip(), "summary": form.summary.data.strip()}
    check = check_upload(db.session, current_user, filename, data, code=fields["code"],
                         name=fields["name"], summary=fields["summary"])
    if check.bank is None:
        return _upload_page(form, check=check, filename=filename)
    payload = seal(UPLOAD_SALT, fields, data)
    if len(payload) > MAX_PAYLOAD:
        check.problems.append(_("文件太大，请拆分成几个文件分别上传。"))
        return _upload_page(form, check=check, filename=filename)
    return render_template("banks/upload_preview.html", check=check, filename=filename,
                           summary=preview(db.session, check.bank, clock.now()),
                           form=SignedPayloadForm(payload=payload),
                           city=owner_of_uploads(current_user) is None)


@bp.post("/upload/confirm")
@staff_required
def confirm_upload():
    form = SignedPayloadForm()
    opened = unseal(UPLOAD_SALT, form.payload.data) if form.validate_on_submit() else None
    if opened is None:
        flash(_("确认页面已过期，请重新上传题库文件。"), "error")
        return redirect(url_for("banks.upload"))
    fields, data = opened
    check = check_upload(db.session, current_user, str(fields.get("filename", "")), data,
                         code=fields.get("code"), name=fields.get("name"),
                         summary=fields.get("summary"))
    if check.bank is None:
        return _upload_page(UploadBankForm(formdata=None), check=check,
                            filename=fields.get("filename"))
    summary = apply_upload(db.session, current_user, check.bank, clock.now())
    flash(_("题库 %(name)s 已导入：新增 %(new)s，修改 %(changed)s，不变 %(same)s，"
            "停用 %(retired)s。", name=check.bank.scam_type.name, new=summary.new,
            changed=summary.changed, same=summary.unchanged, retired=summary.retired),
          "success")
    return redirect(url_for("banks.scam_type", code=check.bank.scam_type.code))


def _upload_page(form: UploadBankForm, **context):
    return render_template("banks/upload.html", form=form,
                           city=owner_of_uploads(current_user) is None, **context)
