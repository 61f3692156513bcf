"""Pages: the staff report page (/reports/), the download (/reports/download) and the bureau's
dashboard (/reports/dashboard). Thin views: the form's values go through the same checks as
the command line and the API (quiz.reports.service), the figures come from build_report."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user

from quiz import clock, lookups
from quiz.auth.session import staff_required
from quiz.errors import DomainError, Invalid, NotFound
from quiz.extensions import db
from quiz.i18n import _
from quiz.models.standings import Season
from quiz.models.types import MAX_ID
from quiz.permissions import Action, Area, area_required, can
from quiz.permissions.contests import contests_for_staff
from quiz.reports import service
from quiz.reports.build import build_report
from quiz.reports.dashboard import build_dashboard
from quiz.reports.forms import ReportFilterForm
from quiz.reports.output import describe
from quiz.reports.scope import ReportScope

bp = Blueprint("reports", __name__)


def _form() -> ReportFilterForm:
    form = ReportFilterForm(request.args)
    districts = (lookups.districts_by_name(db.session)
                 if can(current_user, Action.VIEW, Area.CITY) else [])
    form.fill_choices(db.session.scalars(contests_for_staff(current_user)).all(),
                      lookups.seasons_newest_first(db.session), districts)
    return form


def _args(form: ReportFilterForm) -> dict[str, str]:
    """The form as the API's query parameters; a season becomes its first and last day."""
    args = {"contest": form.contest.data or "", "from": form.date_from.data or "",
            "to": form.date_to.data or "", "district": form.district.data or ""}
    raw = (form.season.data or "").strip()
    if raw:
        season = (db.session.get(Season, int(raw))
                  if raw.isdigit() and int(raw) <= MAX_ID else None)
        if season is None:
            raise NotFound(_("没有这个赛季。"), "season")
        if args["from"].strip() or args["to"].strip():
            raise Invalid(_("赛季和日期范围只能选一个：选了赛季就不要再填日期。"),
                              "season")
        args["from"], args["to"] = season.starts_on.isoformat(), season.ends_on.isoformat()
    if request.args.get("scope"):
        args["scope"] = request.args["scope"]
    if request.args.get("school"):
        args["school"] = request.args["school"]
    return {key: value for key, value in args.items() if value.strip()}


def _checked(form: ReportFilterForm) -> tuple[ReportScope | None, dict[str, str], int,
                                              str | None]:
    """(scope, query args, status, form-level message); on a problem the scope is None and the
    message sits on its field (or is returned when it belongs to no field)."""
    try:
        args = _args(form)
        return service.request_scope(db.session, current_user, args), args, 200, None
    except DomainError as error:
        field = form.field_for(error.field)
        if field is None:
            return None, {}, error.status, error.message
        field.errors = [*field.errors, error.message]
        return None, {}, error.status, None


@bp.route("/")
@staff_required
def index():
    """School staff: their school's figures per class and the download buttons (the bureau's
    figures are on the dashboard)."""
    if can(current_user, Action.VIEW, Area.CITY):
        return redirect(url_for("reports.dashboard", **request.args))
    form = _form()
    scope, args, status, message = _checked(form)
    report = build_report(db.session, scope, clock.city_zone()) if scope is not None else None
    return render_template("reports/index.html", form=form, report=report, args=args,
                           message=message, summary=describe(report) if report else ""), status


@bp.route("/download")
@staff_required
def download():
    """The file, for the same query parameters as the API; bad ones show the page instead."""
    form = _form()
    scope, args, status, message = _checked(form)
    if scope is not None:
        args["format"] = request.args.get("format", "xlsx")
        try:
            result = service.download(db.session, current_user, args, zone=clock.city_zone(),
                                      now=clock.now(), via="web")
        except DomainError as error:
            status, message = error.status, error.message
        else:
            db.session.commit()  # the audit entry
            return send_file(io.BytesIO(result.data), mimetype=result.content_type,
                             as_attachment=True, download_name=result.filename)
    template = ("reports/dashboard.html" if can(current_user, Action.VIEW, Area.CITY)
                else "reports/index.html")
    return render_template(template, form=form, report=None, dash=None, args={},
                           message=message, summary=""), status


@bp.route("/dashboard")
@area_required(Area.CITY)
def dashboard():
    form = _form()
    scope, args, status, message = _checked(form)
    dash = build_dashboard(db.session, scope, clock.city_zone()) if scope is not None else None
    return render_template("reports/dashboard.html", form=form, dash=dash, args=args,
                           message=message,
                           summary=describe(dash.report) if dash else ""), status
