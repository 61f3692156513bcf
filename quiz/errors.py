"""One place that turns errors into pages (or JSON under /api/)."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
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
    413: _l("上传的文件太大。"),
    422: _l("提交的内容有误。"),
    429: _l("尝试次数过多，请稍后再试。"),
    500: _l("服务器出了点问题，请稍后再试。我们已记录此错误。"),
}


CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid",
    429: "too_many_requests", 500: "server_error",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _respond(status: int, message: str):
    if _wants_json():
        return jsonify(error={"code": CODES.get(status, "error"), "message": message}), status
    return render_template("errors/error.html", status=status, message=message), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _respond(400, _("页面已过期，请刷新后重新提交。"))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        return _respond(status, str(MESSAGES.get(status, MESSAGES[400])))

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        db.session.rollback()
        return _respond(500, str(MESSAGES[500]))
