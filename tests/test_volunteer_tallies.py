"""Volunteer tallies against figures worked out by hand; only approved activities count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from quiz.extensions import db
from quiz.models.volunteers import ActivityStatus, MemberRole, MemberStatus
from quiz.volunteers import tallies
from tests import volunteer_world as vw


@pytest.fixture
def world(make):
    w = vw.build(make)
    w["school_c"] = make.school("VC", name="东湖第二小学", district=w["d1"], level="primary")
    make.member(w["s1"], role=MemberRole.LEADER)
    make.member(w["s2"])
    make.member(w["s3"], status=MemberStatus.PENDING)
    s1, s2, s3, sb = w["s1"], w["s2"], w["s3"], w["sb"]
    # Counted: a 2-hour activity of three students, a 1.5-hour one of s1, one at school B.
    make.activity(w["school_a"], [s1, s2, s3], hours="2", people=30, installs=5,
                  on=date(2026, 10, 10))
    make.activity(w["school_a"], [s1], hours="1.5", people=10, installs=0, on=date(2026, 10, 20))
    make.activity(w["school_b"], [sb], hours="2.5", people=20, installs=3, on=date(2026, 11, 1))
    # Not counted: pending and rejected.
    make.activity(w["school_a"], [s1, s2], hours="3", people=100, installs=9,
                  status=ActivityStatus.PENDING)
    make.activity(w["school_a"], [s3], hours="4", people=50, installs=7,
                  status=ActivityStatus.REJECTED)
    return w


def test_student_rows_count_each_participant_with_the_activitys_hours(world):
    rows = tallies.student_tallies(db.session)
    got = [(r.name, r.activities, r.hours, r.people_reached, r.app_installs) for r in rows]
    assert got == [
        ("张小明", 2, Decimal("3.5"), 40, 5),
        ("赵小丽", 1, Decimal("2.5"), 20, 3),
        ("李小红", 1, Decimal("2.0"), 30, 5),
        ("王小刚", 1, Decimal("2.0"), 30, 5),
    ]


def test_student_rows_filtered_by_school_and_class(world):
    rows = tallies.student_tallies(db.session, school_ids=[world["school_a"].id])
    assert {r.name for r in rows} == {"张小明", "李小红", "王小刚"}
    rows = tallies.student_tallies(db.session, class_ids=[world["class_a2"].id])
    assert [r.name for r in rows] == ["王小刚"]


def test_class_rows_are_person_hours_of_their_students(world):
    rows = {r.class_id: r for r in tallies.class_tallies(db.session)}
    a1, a2, b1 = rows[world["class_a1"].id], rows[world["class_a2"].id], rows[world["class_b1"].id]
    assert (a1.activities, a1.hours, a1.people_reached, a1.app_installs, a1.volunteers) == (
        2, Decimal("5.5"), 40, 5, 2)
    assert (a2.activities, a2.hours, a2.people_reached, a2.app_installs, a2.volunteers) == (
        1, Decimal("2.0"), 30, 5, 1)
    assert (b1.activities, b1.hours, b1.people_reached, b1.app_installs, b1.volunteers) == (
        1, Decimal("2.5"), 20, 3, 1)
    assert len(rows) == 3


def test_school_rows_include_schools_without_activity(world):
    rows = {r.code: r for r in tallies.school_tallies(db.session)}
    a, b, c = rows["VA"], rows["VB"], rows["VC"]
    assert (a.activities, a.hours, a.people_reached, a.app_installs, a.volunteers, a.members) == (
        2, Decimal("7.5"), 40, 5, 3, 2)
    assert (b.activities, b.hours, b.people_reached, b.app_installs, b.volunteers, b.members) == (
        1, Decimal("2.5"), 20, 3, 1, 0)
    assert (c.activities, c.hours, c.people_reached, c.app_installs, c.volunteers, c.members) == (
        0, Decimal("0.0"), 0, 0, 0, 0)


def test_district_rows_and_city_totals(world):
    rows = tallies.district_tallies(db.session)
    assert [(r.name, r.schools, r.schools_active, r.activities, r.hours, r.people_reached,
             r.app_installs, r.volunteers, r.members) for r in rows] == [
        ("东湖区", 2, 1, 2, Decimal("7.5"), 40, 5, 3, 2),
        ("西山区", 1, 1, 1, Decimal("2.5"), 20, 3, 1, 0),
    ]
    city = tallies.city_totals(db.session)
    assert (city.activities, city.hours, city.people_reached, city.app_installs,
            city.schools_active, city.volunteers, city.members) == (
        3, Decimal("10.0"), 60, 8, 2, 4, 2)


def test_filters_by_date_range_and_district(world):
    rows = {r.code: r for r in tallies.school_tallies(db.session, date_from=date(2026, 10, 15),
                                                       date_to=date(2026, 10, 31))}
    assert (rows["VA"].activities, rows["VA"].hours, rows["VA"].volunteers) == (
        1, Decimal("1.5"), 1)
    assert rows["VB"].activities == 0
    rows = tallies.school_tallies(db.session, district_id=world["d2"].id)
    assert [r.code for r in rows] == ["VB"]
    rows = tallies.district_tallies(db.session, district_id=world["d2"].id)
    assert [r.name for r in rows] == ["西山区"]
    rows = tallies.class_tallies(db.session, district_id=world["d1"].id)
    assert {r.class_id for r in rows} == {world["class_a1"].id, world["class_a2"].id}


def test_student_figures_for_the_home_card(world):
    figures = tallies.student_figures(db.session, world["s1"].id)
    assert (figures.activities, figures.hours, figures.people_reached) == (2, Decimal("3.5"), 40)
    figures = tallies.student_figures(db.session, world["s3"].id)  # rejected one not counted
    assert (figures.activities, figures.hours) == (1, Decimal("2.0"))


def test_district_rows_summed_from_school_rows_match_the_sql_ones(world):
    for filters in ({}, {"date_from": date(2026, 10, 15)}, {"district_id": world["d1"].id}):
        schools = tallies.school_tallies(db.session, **filters)
        assert tallies.districts_of(db.session, schools) == tallies.district_tallies(
            db.session, **filters)
        assert tallies.totals_of(schools) == tallies.city_totals(db.session, **filters)
