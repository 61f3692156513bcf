"""Races against a real threaded server: a double tap on 'join' and two first visits to a
school's team page make one row each and never a 500 (threads, no mocks)."""

from __future__ import annotations

import http.cookiejar
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models.volunteers import TeamMember, VolunteerTeam
from tests import volunteer_world as vw
from tests.factories import DEFAULT_PASSWORD


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener_for(base: str, path: str, fields: dict) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    status = send(opener, base + path, fields)
    assert status == 302, status
    return opener


def send(opener, url: str, fields: dict | None = None) -> int:
    data = urllib.parse.urlencode(fields).encode() if fields is not None else None
    try:
        with opener.open(url, data=data, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_double_tap_on_join_makes_one_request(make, live_server):
    world = vw.build(make)
    opener = opener_for(live_server, "/login", {
        "school": "VA", "student_no": "A001", "password": DEFAULT_PASSWORD})
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(lambda _i: send(opener, live_server + "/volunteers/join", {}),
                                 range(6)))
    assert set(statuses) == {302}
    db.session.expire_all()
    assert db.session.scalar(select(func.count(TeamMember.id)).where(
        TeamMember.student_id == world["s1"].id)) == 1
    assert db.session.scalar(select(func.count(VolunteerTeam.id))) == 1


def test_first_visits_to_the_team_page_make_one_team(make, live_server):
    vw.build(make)
    openers = [opener_for(live_server, "/staff/login", {
        "username": name, "password": DEFAULT_PASSWORD}) for name in ("teacher-a", "admin-a",
                                                                      "teacher-a2")]
    with ThreadPoolExecutor(max_workers=3) as pool:
        statuses = list(pool.map(lambda o: send(o, live_server + "/volunteers/team"), openers))
    assert set(statuses) == {200}
    db.session.expire_all()
    assert db.session.scalar(select(func.count(VolunteerTeam.id))) == 1


def test_two_teachers_deciding_one_request_at_once(make, live_server):
    world = vw.build(make)
    request = make.member(world["s3"], status="pending")
    openers = [opener_for(live_server, "/staff/login", {
        "username": name, "password": DEFAULT_PASSWORD}) for name in ("teacher-a", "admin-a")]
    urls = [f"{live_server}/volunteers/team/members/{request.id}/{what}"
            for what in ("accept", "decline")]
    for _round in range(3):
        with ThreadPoolExecutor(max_workers=2) as pool:
            statuses = list(pool.map(lambda pair: send(pair[0], pair[1], {}),
                                     zip(openers, urls, strict=True)))
        assert set(statuses) <= {302, 404}
    db.session.expire_all()
    assert db.session.scalar(select(func.count(TeamMember.id)).where(
        TeamMember.student_id == world["s3"].id)) <= 1
