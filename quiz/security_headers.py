"""The security headers every response carries, added in one `after_request`.

- Content-Security-Policy: scripts, styles, images and fonts only from this site (no inline
  script, no inline style attribute, no `on…=` handler anywhere: behaviour lives in
  static/js, widths in CSS classes), no plugins, no <base> tricks, forms post only here, and
  no other site may frame a page (`frame-ancestors 'none'`, X-Frame-Options for old browsers).
- X-Content-Type-Options: nosniff, so an uploaded file or a download is never run as a script.
- Referrer-Policy: a page's address (which may carry a contest id or a join code) goes only to
  this site.
- Strict-Transport-Security when the deployment runs behind HTTPS (QUIZ_SECURE_COOKIES).
- JSON from the API comes as an attachment (`Content-Disposition: attachment; filename=
  "api.json"`): a browser sent to an API address downloads it instead of rendering it, and
  scripts (fetch, the play page) read it as before.
- `no_store` marks a view whose page shows a password (login slips, a roster's initial
  passwords, a reset result): neither the browser nor a proxy may keep a copy, so the next
  pupil at a shared lab PC cannot find it with the Back button or in the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, Response, g, make_response, request

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HSTS = "max-age=31536000"
NO_STORE = "no-store"


def headers_for(*, secure: bool) -> dict[str, str]:
    """The headers every response gets; `secure` adds HSTS (HTTPS deployments only)."""
    headers = {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }
    if secure:
        headers["Strict-Transport-Security"] = HSTS
    return headers


def mark_no_store() -> None:
    """Ask for `Cache-Control: no-store` on this request's response (for code paths inside a
    view, e.g. one branch that shows a password)."""
    g.quiz_no_store = True


def no_store(view: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a view whose response must never be cached (it shows a password)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Response:
        mark_no_store()
        return make_response(view(*args, **kwargs))

    return wrapped


def _add_headers(response: Response) -> Response:
    from flask import current_app

    for name, value in headers_for(secure=current_app.config.get("SESSION_COOKIE_SECURE",
                                                                 False)).items():
        response.headers.setdefault(name, value)
    if (request.path.startswith("/api/") and response.mimetype == "application/json"
            and "Content-Disposition" not in response.headers):
        response.headers["Content-Disposition"] = 'attachment; filename="api.json"'
    if g.get("quiz_no_store"):
        response.headers["Cache-Control"] = NO_STORE
        response.headers["Pragma"] = "no-cache"  # HTTP/1.0 proxies
    return response


def init_app(app: Flask) -> None:
    app.after_request(_add_headers)
