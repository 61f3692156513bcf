"""The whole permission matrix, role × own/other scope × object, in one table."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from quiz.extensions import db
from quiz.models import Role, ScamType
from quiz.permissions import (
    Action,
    Area,
    can,
    maintained_scam_types,
    visible_classes,
    visible_schools,
)

V, C, N = Action.VIEW, Action.CHANGE, Action.NAMES


@pytest.fixture
def world(make):
    """Two districts, school A (with the actors) and school B (somebody else's)."""
    district_a, district_b = make.district("东区"), make.district("西区")
    school_a = make.school("SA", district=district_a)
    school_b = make.school("SB", district=district_b)
    class_a1 = make.school_class(school_a, grade=7, name="1班")
    class_a2 = make.school_class(school_a, grade=7, name="2班")
    class_b1 = make.school_class(school_b, grade=7, name="1班")
    scam_type = ScamType(code="demo", name="演示", summary="演示")
    bank_a = ScamType(code="bank-a", name="甲校题库", summary="校本", owner_school_id=school_a.id)
    bank_b = ScamType(code="bank-b", name="乙校题库", summary="校本", owner_school_id=school_b.id)
    db.session.add_all([scam_type, bank_a, bank_b])
    db.session.commit()
    w = {
        "district_a": district_a, "district_b": district_b,
        "school_a": school_a, "school_b": school_b,
        "class_a1": class_a1, "class_a2": class_a2, "class_b1": class_b1,
        "student_a1": make.student(class_a1), "student_a2": make.student(class_a2),
        "student_b1": make.student(class_b1),
        "bureau": make.staff(Role.BUREAU_ADMIN),
        "admin_a": make.staff(Role.SCHOOL_ADMIN, school=school_a),
        "admin_b": make.staff(Role.SCHOOL_ADMIN, school=school_b),
        "teacher_a1": make.staff(Role.TEACHER, school=school_a, classes=[class_a1]),
        "teacher_a2": make.staff(Role.TEACHER, school=school_a, classes=[class_a2]),
        "teacher_b1": make.staff(Role.TEACHER, school=school_b, classes=[class_b1]),
        "scam_type": scam_type, "bank_a": bank_a, "bank_b": bank_b,
    }
    return w


OBJECTS = [
    "district_a", "district_b", "school_a", "school_b", "class_a1", "class_a2", "class_b1",
    "student_a1", "student_a2", "student_b1", "bureau", "admin_a", "admin_b", "teacher_a1",
    "teacher_a2", "teacher_b1", "scam_type", "bank_a", "bank_b",
]

# For each actor: object name -> (may view, may change). Objects not listed: neither.
MATRIX = {
    # The bureau has the whole city, as aggregates: classes and students are the schools' to
    # change (rosters, resets, login slips).
    "bureau": {**dict.fromkeys(OBJECTS, (True, True)),
               **dict.fromkeys(("class_a1", "class_a2", "class_b1", "student_a1", "student_a2",
                                "student_b1"), (True, False))},
    "admin_a": {
        "district_a": (True, False), "school_a": (True, True), "class_a1": (True, True),
        "class_a2": (True, True), "student_a1": (True, True), "student_a2": (True, True),
        "admin_a": (True, True), "teacher_a1": (True, True), "teacher_a2": (True, True),
        "scam_type": (True, False), "bank_a": (True, True),
    },
    "teacher_a1": {
        "district_a": (True, False), "school_a": (True, False), "class_a1": (True, True),
        "class_a2": (True, False), "student_a1": (True, True), "student_a2": (True, False),
        "teacher_a1": (True, True), "teacher_a2": (True, False), "admin_a": (True, False),
        "scam_type": (True, False), "bank_a": (True, True),
    },
    "student_a1": {
        "school_a": (True, False), "class_a1": (True, False), "student_a1": (True, True),
    },
}
# Who sees students by name and number (Action.NAMES): a class or a student, nothing else.
NAMES = {
    "bureau": set(),  # aggregates only
    "admin_a": {"class_a1", "class_a2", "student_a1", "student_a2"},
    "teacher_a1": {"class_a1", "student_a1"},  # the classes they teach; counts for the rest
    "student_a1": {"class_a1", "student_a1"},  # classmates on the class board
}
CASES = [
    (actor, obj, action)
    for actor in MATRIX for obj in OBJECTS for action in (V, C, N)
]


@pytest.mark.parametrize(("actor", "obj", "action"), CASES)
def test_permission_matrix(world, actor, obj, action):
    view, change = MATRIX[actor].get(obj, (False, False))
    expected = {V: view, C: change, N: obj in NAMES[actor]}[action]
    assert can(world[actor], action, world[obj]) is expected


def test_anonymous_and_inactive_users_may_do_nothing(world):
    anonymous = AnonymousUserMixin()
    assert not can(anonymous, V, world["school_a"])
    assert not can(None, V, world["school_a"])
    teacher = world["teacher_a1"]
    teacher.active = False
    assert not can(teacher, V, world["class_a1"])


def test_list_scopes_agree_with_can(world):
    for actor in ("bureau", "admin_a", "teacher_a1", "student_a1"):
        user = world[actor]
        schools = db.session.scalars(visible_schools(user)).all()
        classes = db.session.scalars(visible_classes(user)).all()
        assert schools and all(can(user, V, s) for s in schools)
        assert classes and all(can(user, V, c) for c in classes)


def test_maintained_banks_are_exactly_the_banks_one_may_change(world):
    """The item-analysis scope (quiz.item_analysis) is can(CHANGE) over banks, as SQL."""
    banks = ("scam_type", "bank_a", "bank_b")
    for actor in ("bureau", "admin_a", "teacher_a1", "student_a1"):
        user = world[actor]
        listed = set(db.session.scalars(maintained_scam_types(user)).all())
        assert listed == {world[b] for b in banks if can(user, C, world[b])}, actor


def test_teacher_of_school_a_cannot_open_school_b_pages_by_id(world, login_as):
    client = login_as(world["teacher_a1"])
    assert client.get(f"/admin/classes/{world['class_b1'].id}").status_code == 404
    assert client.get(f"/admin/schools/{world['school_b'].id}").status_code == 404
    response = client.post(f"/admin/students/{world['student_b1'].id}/reset-password")
    assert response.status_code == 404
    assert client.get(f"/admin/classes/{world['class_b1'].id}/slips").status_code == 404
    # Their own school's other class: visible, but not theirs to change.
    assert client.get(f"/admin/classes/{world['class_a2'].id}").status_code == 200
    assert client.get(f"/admin/classes/{world['class_a2'].id}/slips").status_code == 403
    response = client.post(f"/admin/students/{world['student_a2'].id}/reset-password")
    assert response.status_code == 403


def test_student_cannot_open_staff_pages(world, login_as):
    client = login_as(world["student_a1"])
    assert client.get(f"/admin/classes/{world['class_a1'].id}").status_code == 403
    assert client.get("/banks/").status_code == 403


def test_class_roster_names_only_for_those_who_teach_it(world, login_as):
    """A teacher sees the count of a class they do not teach, not its names or numbers."""
    a2 = world["class_a2"]
    student = world["student_a2"]
    own = login_as(world["teacher_a1"]).get(f"/admin/classes/{world['class_a1'].id}")
    assert world["student_a1"].student_no in own.get_data(as_text=True)
    other = login_as(world["teacher_a1"]).get(f"/admin/classes/{a2.id}").get_data(as_text=True)
    assert "学生（1 人）" in other
    assert student.name not in other and student.student_no not in other


def test_the_bureau_sees_no_roster_and_resets_no_password(world, login_as):
    client = login_as(world["bureau"])
    student = world["student_a1"]
    page = client.get(f"/admin/classes/{world['class_a1'].id}").get_data(as_text=True)
    assert student.name not in page and student.student_no not in page
    assert client.post(f"/admin/students/{student.id}/reset-password").status_code == 403
    assert client.get(f"/admin/classes/{world['class_a1'].id}/slips").status_code == 403


# --- volunteer teams and activities, audit entries: the school's records ---------------------

R = Action.REVIEW


@pytest.fixture
def records(world, make):
    from quiz import audit
    from quiz.models.audit import AuditEntry

    make.member(world["student_a1"])
    activity = make.activity(world["school_a"], [world["student_a1"]],
                             logged_by_student=world["student_a1"])
    audit.record(db.session, world["admin_a"], "roster.import", "a.csv",
                 school_id=world["school_a"].id)
    audit.record(db.session, world["admin_b"], "roster.import", "b.csv",
                 school_id=world["school_b"].id)
    db.session.commit()
    entries = {e.school_id: e for e in db.session.scalars(db.select(AuditEntry))}
    return {"team_a": make.team(world["school_a"]), "team_b": make.team(world["school_b"]),
            "activity_a": activity, "entry_a": entries[world["school_a"].id],
            "entry_b": entries[world["school_b"].id]}


# actor -> object -> the actions granted (view, change, review); objects not listed: none
RECORDS = {
    "bureau": {"entry_a": {V}, "entry_b": {V}},  # boards and tallies only, no activities
    "admin_a": {"team_a": {V, C, R}, "activity_a": {V, C, R}, "entry_a": {V}},
    "teacher_a2": {"team_a": {V, C, R}, "activity_a": {V, C, R}},  # a school-wide role
    "teacher_b1": {"team_b": {V, C, R}},
    "student_a1": {"team_a": {V}, "activity_a": {V, C}},  # logged it; never reviews
    "student_a2": {"team_a": {V}},  # not a participant
}


@pytest.mark.parametrize(("actor", "obj", "action"), [
    (actor, obj, action) for actor in RECORDS
    for obj in ("team_a", "team_b", "activity_a", "entry_a", "entry_b") for action in (V, C, R)])
def test_school_records_matrix(world, records, actor, obj, action):
    expected = action in RECORDS[actor].get(obj, set())
    assert can(world[actor], action, records[obj]) is expected


# --- contests and attempts -------------------------------------------------------------------


@pytest.fixture
def contests(world, make):
    """School A's contest for class A1 (by teacher A1), school B's, and the bureau's city-wide
    one; attempts by a student of A1 and of B1."""
    make.bank()
    of_a1 = make.contest(world["teacher_a1"], school_codes=["SA"],
                         class_ids=[world["class_a1"].id])
    of_b = make.contest(world["admin_b"], school_codes=["SB"])
    city = make.contest(world["bureau"], city_wide=True)
    return {"contest_a1": of_a1, "contest_b": of_b, "contest_city": city,
            "attempt_a1": make.attempt(of_a1, world["student_a1"], right=1),
            "attempt_b1": make.attempt(of_b, world["student_b1"], right=1),
            "attempt_city_a2": make.attempt(city, world["student_a2"], right=1)}


CONTEST_OBJECTS = ("contest_a1", "contest_b", "contest_city", "attempt_a1", "attempt_b1",
                   "attempt_city_a2")
# actor -> object -> the actions granted (view, change, names); objects not listed: none
CONTESTS = {
    # every contest, to change as well; no attempt: an attempt is a named record
    "bureau": {"contest_a1": {V, C}, "contest_b": {V, C}, "contest_city": {V, C}},
    # their school's contests (managing them) and the city's; attempts of their students
    "admin_a": {"contest_a1": {V, C}, "contest_city": {V}, "attempt_a1": {V, C},
                "attempt_city_a2": {V}},
    # their own contest; the city's; a colleague's class is not theirs by name
    "teacher_a1": {"contest_a1": {V, C}, "contest_city": {V}, "attempt_a1": {V, C}},
    "teacher_a2": {"contest_a1": {V}, "contest_city": {V}, "attempt_city_a2": {V}},
    "admin_b": {"contest_b": {V, C}, "contest_city": {V}, "attempt_b1": {V, C}},
    # the contests they are in, and their own attempts
    "student_a1": {"contest_a1": {V}, "contest_city": {V}, "attempt_a1": {V, C}},
    "student_a2": {"contest_city": {V}, "attempt_city_a2": {V, C}},
}


@pytest.mark.parametrize(("actor", "obj", "action"), [
    (actor, obj, action) for actor in CONTESTS for obj in CONTEST_OBJECTS for action in (V, C, N)])
def test_contests_and_attempts_matrix(world, contests, actor, obj, action):
    expected = action in CONTESTS[actor].get(obj, set())
    assert can(world[actor], action, contests[obj]) is expected


@pytest.mark.parametrize("area", list(Area))
def test_areas_by_role(world, area):
    expected = {
        Area.STAFF_PAGES: {"bureau", "admin_a", "teacher_a1"},
        Area.CITY: {"bureau"},
        Area.WHOLE_SCHOOL: {"admin_a"},
        Area.AUDIT_LOG: {"bureau", "admin_a"},
        Area.QUESTION_REPORTS: {"bureau"},
        Area.OWN_VOLUNTEERING: {"student_a1"},
        Area.SCHOOL_WORK: {"admin_a", "teacher_a1"},
        Area.SCHOOL_BOARDS: {"admin_a", "teacher_a1", "student_a1"},
    }[area]
    actors = ("bureau", "admin_a", "teacher_a1", "student_a1")
    assert {a for a in actors if can(world[a], V, area)} == expected
    assert not can(world["bureau"], C, area)  # an area is seen, not changed
    world["teacher_a1"].active = False
    assert not can(world["teacher_a1"], V, area)


def test_the_audit_log_query_agrees_with_can(world, records):
    from quiz.models.audit import AuditEntry
    from quiz.permissions import visible_audit_entries

    every = db.session.scalars(db.select(AuditEntry)).all()
    for actor in ("bureau", "admin_a", "admin_b", "teacher_a1", "student_a1"):
        user = world[actor]
        seen = set(db.session.scalars(visible_audit_entries(db.select(AuditEntry), user)))
        assert seen == {e for e in every if can(user, V, e)}, actor


# --- leaderboard scopes ----------------------------------------------------------------------

# actor -> the board scopes they may open (kind, object); everything else is "no such board"
BOARD_SCOPES = {
    "bureau": {("class", "class_a1"), ("class", "class_a2"), ("class", "class_b1"),
               ("school", "school_a"),
               ("school", "school_b"), ("district", "district_a"), ("district", "district_b")},
    "admin_a": {("class", "class_a1"), ("class", "class_a2"), ("school", "school_a"),
                ("district", "district_a")},
    "teacher_a1": {("class", "class_a1"), ("class", "class_a2"), ("school", "school_a"),
                   ("district", "district_a")},
    "student_a1": {("class", "class_a1"), ("school", "school_a"), ("district", "district_a")},
}


@pytest.mark.parametrize(("actor", "kind", "obj"), [
    (actor, kind, obj) for actor in BOARD_SCOPES
    for kind, obj in [("class", "class_a1"), ("class", "class_a2"), ("class", "class_b1"),
                      ("school", "school_a"), ("school", "school_b"),
                      ("district", "district_a"), ("district", "district_b")]])
def test_board_scopes_matrix(world, actor, kind, obj):
    from quiz.permissions.boards import board_scope_id

    target = world[obj]
    ids = {"class_id": None, "school_id": None, "district_id": None, f"{kind}_id": target.id}
    scope_id = board_scope_id(db.session, world[actor], kind, **ids)
    expected = (kind, obj) in BOARD_SCOPES[actor]
    assert (scope_id == target.id) is expected and (scope_id is False) is not expected


def test_everyone_opens_the_city_board_and_their_own_by_default(world):
    from quiz.permissions.boards import board_scope_id

    none = {"class_id": None, "school_id": None, "district_id": None}
    for actor in BOARD_SCOPES:
        assert board_scope_id(db.session, world[actor], "city", **none) is None
    student = world["student_a1"]
    assert board_scope_id(db.session, student, "school", **none) == world["school_a"].id
    assert board_scope_id(db.session, student, "district", **none) == world["district_a"].id
    assert board_scope_id(db.session, world["bureau"], "school", **none) is False


# --- participation reports -------------------------------------------------------------------

# actor -> request -> what resolve answers: "ok", or the refusal's status (404 hides, 403 says no)
REPORT_REACH = {
    "bureau": {"city": "ok", "district_a": "ok", "district_b": "ok", "school_a": "ok",
               "school_b": "ok"},
    "admin_a": {"city": 403, "district_a": 403, "district_b": 404, "school_a": "ok",
                "school_b": 404},
    "teacher_a1": {"city": 403, "district_a": 403, "district_b": 404, "school_a": "ok",
                   "school_b": 404},
    "student_a1": dict.fromkeys(("city", "district_a", "district_b", "school_a", "school_b"), 403),
}


@pytest.mark.parametrize(("actor", "asked"), [
    (actor, asked) for actor in REPORT_REACH for asked in REPORT_REACH[actor]])
def test_report_reach_matrix(world, actor, asked):
    from quiz.errors import DomainError
    from quiz.reports.filters import Filters
    from quiz.reports.scope import resolve

    filters = Filters(district=world[asked].name if asked.startswith("district") else None,
                      school=world[asked].code if asked.startswith("school") else None)
    try:
        resolve(db.session, world[actor], filters, city=asked == "city")
        answer = "ok"
    except DomainError as error:
        answer = error.status
    assert answer == REPORT_REACH[actor][asked]
