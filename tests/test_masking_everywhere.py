"""Masking everywhere: every page and API call that shows students' names, walked as a student
of another class, a student of another school and a teacher of another school. No foreign
name may appear unmasked and no foreign student number at all.

To add a page or call that shows names, append a Probe to PROBES (a label and a function from
the world to a URL; api=True for /api/v1 calls, which are sent with the viewer's bearer token).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from quiz.api import tokens
from quiz.extensions import db
from quiz.models import Role
from tests import leaderboard_world


@dataclass(frozen=True)
class Probe:
    label: str
    url: Callable[[dict], str]
    api: bool = False


def _contest(w: dict) -> int:
    return w["contest"].id


PROBES = [
    # contests (staff pages and the API; students are refused, which must not leak either)
    Probe("contest live view", lambda w: f"/staff/contests/{_contest(w)}/live"),
    Probe("results xlsx", lambda w: f"/staff/contests/{_contest(w)}/results.xlsx"),
    Probe("results csv", lambda w: f"/staff/contests/{_contest(w)}/results.csv"),
    Probe("results API", lambda w: f"/contests/{_contest(w)}/results", api=True),
    # the leaderboard API, every level
    Probe("board API, students, every division",
          lambda w: f"/contests/{_contest(w)}/leaderboard?limit=500&division=all", api=True),
    Probe("board API, own school", lambda w: f"/contests/{_contest(w)}/leaderboard?limit=500"
          f"&school={w['viewer_school']}", api=True),
    Probe("board API, classes", lambda w: f"/contests/{_contest(w)}/leaderboard?level=class",
          api=True),
    Probe("board API, schools", lambda w: f"/contests/{_contest(w)}/leaderboard?level=school"
          "&division=all", api=True),
    Probe("board API, season", lambda w: f"/seasons/{w['season'].id}/leaderboard?limit=500"
          "&division=all", api=True),
    # leaderboard pages
    Probe("leaderboards, contest", lambda w: f"/leaderboards/?contest={_contest(w)}"),
    Probe("leaderboards, season", lambda w: f"/leaderboards/?season={w['season'].id}"),
    Probe("board page, city students",
          lambda w: f"/leaderboards/board?contest={_contest(w)}&division=all&limit=500"),
    Probe("board page, season students",
          lambda w: f"/leaderboards/board?season={w['season'].id}&division=all&limit=500"),
    Probe("projector", lambda w: f"/leaderboards/projector?contest={_contest(w)}"),
    Probe("student home", lambda w: "/"),
    # volunteers (pages a viewer may not open answer 403/404, which must not leak either)
    Probe("volunteer page", lambda w: "/volunteers/"),
    Probe("volunteer school board", lambda w: "/volunteers/board"),
    Probe("volunteer city board", lambda w: "/volunteers/board/city"),
    Probe("volunteer activity", lambda w: f"/volunteers/activities/{w['activity'].id}"),
    Probe("volunteer log form", lambda w: "/volunteers/activities/new"),
    Probe("volunteer team", lambda w: "/volunteers/team"),
    Probe("volunteer review list", lambda w: "/volunteers/activities?status=all"),
]

# viewer key → the students whose names and numbers are foreign to that viewer
VIEWERS = {
    "student of another class": ("student_a2", ("student", "student2", "student_b")),
    "student of another school": ("student_b", ("student", "student2", "student_a2")),
    "teacher of another school": ("teacher_b", ("student", "student2", "student_a2")),
    "teacher of another class": ("teacher_a2", ("student", "student2", "student_b")),
    "the bureau": ("bureau", ("student", "student2", "student_a2", "student_b")),
}


# The status each viewer gets from each probe, where it is not 200: a page that starts to
# answer 404 (or opens up) fails here instead of passing the name check with an empty body.
EXPECTED_STATUS = {
    "student of another class": {
        "contest live view": 403, "results xlsx": 403, "results csv": 403, "results API": 403,
        "volunteer team": 403, "volunteer review list": 403},
    "student of another school": {
        "contest live view": 403, "results xlsx": 403, "results csv": 403, "results API": 403,
        "volunteer activity": 404, "volunteer team": 403, "volunteer review list": 403},
    "teacher of another school": {"volunteer page": 302, "volunteer activity": 404},
    "teacher of another class": {"volunteer page": 302},
    "the bureau": {
        "volunteer page": 302, "volunteer school board": 302, "volunteer activity": 404,
        "volunteer log form": 403, "volunteer team": 403, "volunteer review list": 403},
}


# Pages where a viewer sees foreign names by a role of their own: any teacher of a school runs
# its volunteer team (a school-wide role), so they see the members and participants by name.
TEAM_PAGES = {"volunteer activity", "volunteer log form", "volunteer team",
              "volunteer review list"}
NAMED_BY_ROLE = {"teacher of another class": TEAM_PAGES}


@pytest.fixture
def world(make, clock):
    world = leaderboard_world.build(make, clock, [
        ("student", 4, 60), ("student2", 3, 60), ("student_a2", 2, 60), ("student_b", 1, 60)])
    world["teacher_a2"] = make.staff(Role.TEACHER, school=world["school_a"],
                                     classes=[world["class_a2"]], username="teacher-a2")
    _volunteers(make, world)
    return world


def _volunteers(make, world: dict) -> None:
    """Everyone on their school's team; approved activities in both schools."""
    for key in ("student", "student2", "student_a2", "student_b"):
        make.member(world[key])
    world["activity"] = make.activity(
        world["school_a"], [world["student"], world["student2"], world["student_a2"]],
        logged_by_student=world["student"])
    make.activity(world["school_b"], [world["student_b"]])


def readable(response) -> str:
    """The response as text; spreadsheets are unpacked cell by cell."""
    if response.mimetype.endswith("spreadsheetml.sheet"):
        book = load_workbook(io.BytesIO(response.data), read_only=True)
        return "\n".join(str(cell) for sheet in book.worksheets
                         for row in sheet.iter_rows(values_only=True) for cell in row)
    return response.get_data().decode("utf-8-sig", errors="replace")


def walk(client, world, viewer_key: str, probes=PROBES) -> dict[str, str]:
    viewer = world[viewer_key]
    world["viewer_school"] = (viewer.school or world["school_a"]).code
    with client.session_transaction() as session:
        session["_user_id"] = viewer.get_id()
        session["_fresh"] = True
    token, _row = tokens.issue(db.session, viewer, world["clock"].current, timedelta(hours=1))
    db.session.commit()
    seen = {}
    for probe in probes:
        url = probe.url(world)
        if probe.api:
            response = client.get("/api/v1" + url, headers={"Authorization": f"Bearer {token}"})
        else:
            response = client.get(url)
        seen[probe.label] = (response.status_code, readable(response))
    return seen


@pytest.mark.parametrize("who", list(VIEWERS))
@pytest.mark.parametrize("masking_off", [False, True], ids=["masked", "school A unmasked"])
def test_no_foreign_name_or_student_number_anywhere(client, world, clock, who, masking_off):
    viewer_key, foreign_keys = VIEWERS[who]
    foreign = [world[key] for key in foreign_keys]
    masked = foreign
    if masking_off:
        world["school_a"].mask_names = False
        db.session.commit()
        if world[viewer_key].school_id == world["school_a"].id:
            # School A's own pages may show its names now; other schools' stay masked.
            masked = [s for s in foreign if s.school_id != world["school_a"].id]
    world["clock"] = clock
    pages = walk(client, world, viewer_key)
    statuses = {label: status for label, (status, _body) in pages.items()}
    assert statuses == {label: EXPECTED_STATUS[who].get(label, 200) for label in pages}
    for label, (_status, body) in pages.items():
        if label in NAMED_BY_ROLE.get(who, ()):
            continue
        for student in masked:
            assert student.name not in body, f"{who} sees {student.name} on {label}"
        for student in foreign:  # student numbers: never, masking or not
            assert student.student_no not in body, f"{who} sees {student.student_no} on {label}"


def test_the_walk_would_see_a_leak(client, world, clock):
    """The check itself works: masked names do appear, and a school-own viewer sees names."""
    world["clock"] = clock
    pages = {label: body for label, (_status, body) in walk(client, world, "student_b").items()}
    assert "张*明" in pages["board API, students, every division"]
    pages = {label: body for label, (_status, body) in walk(client, world, "student").items()}
    assert "张小明" in pages["leaderboards, contest"]
    assert "张小明" in pages["volunteer school board"] and "王*刚" in pages["volunteer activity"]
    pages = {label: body for label, (_status, body) in walk(client, world, "teacher").items()}
    assert "张小明" in pages["contest live view"] and "A001" in pages["results csv"]


def test_the_bureau_gets_counts_per_class_not_names(client, world, clock):
    world["clock"] = clock
    pages = {label: body for label, (_status, body) in walk(client, world, "bureau").items()}
    assert "已交卷 2" in pages["contest live view"]  # class 7/1班: 张小明 and 李小红 finished
    assert "学生名单" not in pages["contest live view"]
    assert "在册学生" in pages["results csv"] and "平均分" in pages["results xlsx"]
    assert '"students":[]' in pages["results API"].replace(" ", "")
    assert '"finished":2' in pages["results API"].replace(" ", "")
