"""Issue 14 item 8: security headers on every response, no-store on pages with passwords, and
pages that work under the Content-Security-Policy (no inline script, handler or style)."""

from __future__ import annotations

import re

import pytest

from quiz import create_app
from quiz.security_headers import CONTENT_SECURITY_POLICY
from tests.contest_world import build, open_contest

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"<style\b|<[^>]+\sstyle\s*=", re.IGNORECASE)


@pytest.fixture
def world(make):
    return build(make)


def assert_headers(response, *, hsts: bool = False) -> None:
    headers = response.headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert ("Strict-Transport-Security" in headers) is hsts


@pytest.mark.parametrize("path", ["/login", "/api/v1/openapi.json", "/static/js/page.js",
                                  "/no-such-page", "/api/v1/contests"])
def test_every_response_carries_the_headers(client, path):
    """Pages, the API, static files, a 404 and a 401 alike; a content type with its charset
    for text; no CORS header (no other site's script may read an answer)."""
    response = client.get(path)
    assert_headers(response)
    content_type = response.headers["Content-Type"]
    assert not content_type.startswith("text/") or "charset=utf-8" in content_type
    assert "Access-Control-Allow-Origin" not in response.headers


def test_api_json_is_an_attachment(client):
    for path in ("/api/v1/openapi.json", "/api/v1/contests"):
        response = client.get(path)
        assert response.mimetype == "application/json"
        assert response.headers["Content-Disposition"] == 'attachment; filename="api.json"'
    assert "Content-Disposition" not in client.get("/login").headers


def test_hsts_only_behind_https(app_config):
    secure = create_app({**app_config, "SESSION_COOKIE_SECURE": True}).test_client()
    assert secure.get("/login").headers["Strict-Transport-Security"] == "max-age=31536000"
    assert_headers(create_app(app_config).test_client().get("/login"), hsts=False)


def test_login_slips_are_not_cacheable(world, login_as):
    """The attack: after a teacher prints slips on a lab PC, the next user presses Back or
    reads the browser cache. The page with the passwords is sent no-store."""
    client = login_as(world["admin"])
    class_id = world["class_a1"].id
    page = client.post(f"/admin/classes/{class_id}/slips", data={"include_logged_in": "y"})
    assert page.status_code == 200 and "登录条" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Pragma"] == "no-cache"
    assert_headers(page)
    assert "no-store" not in client.get(f"/admin/classes/{class_id}").headers.get(
        "Cache-Control", "")


def _pages(world, contest) -> dict[str, list[str]]:
    c = contest.id
    a1 = world["class_a1"].id
    return {
        "student": ["/", "/me", "/leaderboards/", "/practice/", "/volunteers/", "/join",
                    f"/contests/{c}", f"/contests/{c}/play"],
        "teacher": ["/", "/staff/contests/", "/staff/contests/new", f"/staff/contests/{c}",
                    f"/staff/contests/{c}/live", f"/staff/contests/{c}/projector",
                    f"/admin/classes/{a1}", f"/admin/classes/{a1}/slips", "/banks/",
                    "/banks/upload", "/rosters/upload", "/leaderboards/", "/reports/",
                    "/staff/mastery", "/volunteers/team"],
        "bureau": ["/", "/reports/dashboard", "/leaderboards/", "/leaderboards/seasons",
                   "/leaderboards/projector", "/banks/", "/banks/reports", "/admin/audit/"],
    }


def test_pages_have_no_inline_script_handler_or_style(world, login_as, make, client):
    """What the policy would block: every page must work without it (the browser tests show
    the scripts from static/js still run)."""
    contest = open_contest(make, world)
    make.attempt(contest, world["student2"], right=2, seconds=60)
    checked = 0
    users = {"student": world["student"], "teacher": world["teacher"],
             "bureau": world["bureau"]}
    for role, paths in _pages(world, contest).items():
        login_as(users[role])
        for path in paths:
            response = client.get(path)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            html = response.get_data(as_text=True)
            assert not INLINE_SCRIPT.search(html), (role, path, INLINE_SCRIPT.search(html))
            assert not HANDLER.search(html), (role, path, HANDLER.search(html))
            assert not STYLE.search(html), (role, path, STYLE.search(html))
            checked += 1
    assert checked >= 20
