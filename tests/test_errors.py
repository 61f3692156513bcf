"""Domain errors become one kind of answer: a page for people, JSON for scripts, nothing kept.

The app under test gets two small blueprints before its first request (a page and a JSON call
that raise), so the handler is exercised as every feature uses it; the real features' refusals
are tested with them (test_api, test_practice, test_query_args).
"""

from __future__ import annotations

import pytest
from flask import Blueprint
from sqlalchemy import func, select

from quiz.errors import BadRequest, Conflict, DomainError, Invalid, NotFound, answers_json
from quiz.extensions import db
from quiz.models import District


@pytest.fixture
def raising_client(app):
    pages = Blueprint("raising_pages", __name__)
    calls = answers_json(Blueprint("raising_calls", __name__))

    @pages.route("/raise/<kind>")
    def page(kind: str):
        db.session.add(District(name="不该留下的区"))
        db.session.flush()
        raise {"conflict": Conflict("这场竞赛已经结束。"),
               "invalid": Invalid("设置有误。", fields={"title": ["请填写标题"]}),
               "missing": NotFound("没有这个竞赛。")}[kind]

    @pages.after_request
    def commit(response):  # as a later write in the same request would
        db.session.commit()
        return response

    @calls.route("/next")
    def call():
        raise BadRequest("请求内容应为 JSON 对象。")

    pages.register_blueprint(calls, url_prefix="/calls")
    app.register_blueprint(pages)
    return app.test_client()


def test_a_page_shows_the_message_with_the_status(raising_client):
    response = raising_client.get("/raise/conflict")
    assert response.status_code == 409
    assert response.mimetype == "text/html"
    assert "这场竞赛已经结束。" in response.get_data(as_text=True)


def test_a_page_without_a_form_lists_the_fields(raising_client):
    response = raising_client.get("/raise/invalid")
    assert response.status_code == 422
    assert "设置有误。 title: 请填写标题" in response.get_data(as_text=True)


def test_what_the_request_wrote_is_rolled_back_before_anything_commits(raising_client, app):
    assert raising_client.get("/raise/missing").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(District.id))) == 0


def test_a_blueprint_that_answers_json_gets_json_even_when_nested(raising_client):
    response = raising_client.get("/calls/next")
    assert response.status_code == 400
    assert response.get_json() == {
        "error": {"code": "bad_request", "message": "请求内容应为 JSON 对象。"}}


def test_every_domain_error_names_its_status_code():
    for error_type, status, code in [(BadRequest, 400, "bad_request"),
                                     (NotFound, 404, "not_found"), (Conflict, 409, "conflict"),
                                     (Invalid, 422, "invalid")]:
        error = error_type("x")
        assert isinstance(error, DomainError)
        assert (error.status, error.code) == (status, code)


def test_one_field_or_many():
    assert Invalid("日期不对", "from").fields == {"from": ["日期不对"]}
    assert Invalid("日期不对", "from").field == "from"
    assert Invalid("有误", fields={"a": ["x"], "b": ["y"]}).describe() == "有误 a: x；b: y"
    assert NotFound("没有").field is None
