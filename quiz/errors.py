"""Domain errors, and the one place that turns errors into pages or JSON.

Services raise a `DomainError` subclass with a Chinese message (and, for a form or an API body,
the problem per field); they never build responses. The handler here answers JSON under `/api/`
and for blueprints that declared `answers_json`, and the error page elsewhere, after rolling back
whatever the request had written.
"""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from quiz.extensions import db
from quiz.i18n import _
from quiz.i18n import lazy_gettext as _l

MESSAGES = {
    400: _l("请求有误，请返回重试。"),
    401: _l("请先登录。"),
    403: _l("你没有权限查看这个页面。"),
    404: _l("找不到这个页面，可能链接有误或内容已删除。"),
    405: _l("不支持这种操作方式。"),
    409: _l("操作与当前状态冲突，请刷新后再试。"),
    413: _l("文件太大：一次上传不能超过 8 MiB，请拆分成几个文件。"),
    422: _l("提交的内容有误。"),
    429: _l("尝试次数过多，请稍后再试。"),
    500: _l("服务器出了点问题，请稍后再试。我们已记录此错误。"),
}


CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid",
    429: "too_many_requests", 500: "server_error",
}


class DomainError(Exception):
    """A request the domain refuses, with the status and message the user is given."""

    status = 400

    def __init__(self, message: str, field: str | None = None, *,
                 fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = dict(fields or {})
        if field is not None:
            self.fields.setdefault(field, [message])

    @property
    def code(self) -> str:
        return CODES[self.status]

    @property
    def field(self) -> str | None:
        """The one field the problem is about, for a form that marks it (None: the whole form)."""
        return next(iter(self.fields), None)

    def describe(self) -> str:
        """The message with each field's problems, for a page that shows no form."""
        details = "；".join(f"{name}: {'，'.join(map(str, problems))}"
                           for name, problems in self.fields.items() if problems != [self.message])
        return f"{self.message} {details}".strip()


class BadRequest(DomainError):
    """The request cannot be read (not JSON, a malformed query parameter)."""


class Unauthorized(DomainError):
    status = 401


class Forbidden(DomainError):
    status = 403


class PasswordChangeRequired(Forbidden):
    """The account still has a password someone else knows (after an import or a reset)."""

    @property
    def code(self) -> str:
        return "password_change_required"


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    """Well formed, but the object is not in a state to take it."""

    status = 409


class Invalid(DomainError):
    """Read, but wrong: a form's or a body's fields, with the problem of each."""

    status = 422


_JSON_BLUEPRINTS: set[str] = set()


def answers_json(blueprint: Blueprint) -> Blueprint:
    """Mark a blueprint whose callers are scripts (fetch, the play page), not people."""
    _JSON_BLUEPRINTS.add(blueprint.name)
    return blueprint


def _wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    # A nested blueprint's full name is "parent.child".
    return any(full.rsplit(".", 1)[-1] in _JSON_BLUEPRINTS for full in request.blueprints)


def error_response(status: int, message: str, fields: dict[str, list[str]] | None = None,
                   code: str | None = None):
    if _wants_json():
        body: dict[str, object] = {"code": code or CODES.get(status, "error"),
                                   "message": message}
        if fields:
            body["fields"] = fields
        return jsonify(error=body), status
    return render_template("errors/error.html", status=status, message=message), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        if _wants_json():
            return error_response(error.status, error.message, error.fields, error.code)
        return error_response(error.status, error.describe())

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_response(400, _("页面已过期，请刷新后重新提交。"))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        return error_response(status, str(MESSAGES.get(status, MESSAGES[400])))

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        db.session.rollback()
        return error_response(500, str(MESSAGES[500]))
