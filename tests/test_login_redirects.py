"""Open redirect (issue 14 item 3): after logging in, `next` only ever leads to a path here."""

from __future__ import annotations

import pytest

from quiz.models import Role
from tests.factories import DEFAULT_PASSWORD
from tests.redirect_payloads import OFF_SITE


@pytest.fixture
def student(make):
    return make.student(make.school_class(make.school("JH01")), student_no="070108")


def test_the_reported_payload_is_refused(client, student):
    response = client.post("/login?next=/%09/evil.example/", data={
        "school": "JH01", "student_no": "070108", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", [t for t in OFF_SITE if t])
def test_no_payload_leads_off_site_from_either_login_page(app_config, make, target):
    from quiz import create_app

    make.staff(Role.TEACHER, username="t1")
    client = create_app(app_config).test_client()
    response = client.post("/staff/login", query_string={"next": target}, data={
        "username": "t1", "password": DEFAULT_PASSWORD})
    assert response.headers["Location"] == "/"


def test_a_local_next_is_followed(client, student):
    response = client.post("/login?next=/leaderboards/%3Flevel%3Dclass", data={
        "school": "JH01", "student_no": "070108", "password": DEFAULT_PASSWORD})
    assert response.headers["Location"] == "/leaderboards/?level=class"
