"""The report pages and the dashboard: who may see and download what (student, teacher,
school admin, bureau × own and other scope), the student sheet's reach, messages for bad
filters, and that no bureau page names a student."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from quiz.extensions import db
from quiz.models.standings import Season
from tests.api_client import login as api_login
from tests.report_world import build_city

STUDENT_NAMES = ["张小明", "李小红", "王小刚", "赵一", "钱二", "孙三", "李四", "周五", "吴六"]


@pytest.fixture
def city(make, clock):
    return build_city(make, clock.current)


def book_of(response):
    assert response.status_code == 200, response.data[:500]
    return load_workbook(io.BytesIO(response.data))


def students_listed(book) -> list[str]:
    sheet = book["学生明细"]
    header = [c.value for c in sheet[1]]
    column = header.index("姓名")
    return sorted({r[column] for r in sheet.iter_rows(min_row=2, values_only=True)
                   if r[0] != "合计"})


# --- who may see what -------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "path", "status"), [
    ("student", "/reports/", 403),
    ("student", "/reports/download", 403),
    ("student", "/reports/dashboard", 403),
    ("teacher_a", "/reports/", 200),
    ("teacher_a", "/reports/dashboard", 403),
    ("teacher_a", "/reports/download?district=东湖区", 403),   # own district: too wide
    ("teacher_a", "/reports/download?district=西山区", 404),   # another district: not visible
    ("teacher_a", "/reports/download?scope=city", 403),
    ("teacher_a", "/reports/download?school=SB", 404),
    ("admin_a", "/reports/", 200),
    ("admin_a", "/reports/dashboard", 403),
    ("admin_a", "/reports/download?district=西山区", 404),
    ("bureau", "/reports/", 302),  # to the dashboard
    ("bureau", "/reports/dashboard", 200),
    ("bureau", "/reports/dashboard?district=西山区", 200),
    ("bureau", "/reports/download?district=西山区", 200),
])
def test_page_matrix(city, login_as, who, path, status):
    user = city["a1_1"] if who == "student" else city[who]
    response = login_as(user).get(path)
    assert response.status_code == status, response.data[:300]
    if status in (403, 404) and "download" in path and who != "student":
        text = response.get_data(as_text=True)
        assert "本校" in text or "没有这个" in text


def test_anonymous_is_sent_to_login(client):
    for path in ("/reports/", "/reports/dashboard", "/reports/download"):
        assert client.get(path).status_code == 302


@pytest.mark.parametrize(("who", "query", "status"), [
    ("student", "", 403),
    ("teacher_a", "", 200),
    ("teacher_a", "district=东湖区", 403),
    ("teacher_a", "district=西山区", 404),
    ("teacher_a", "scope=city", 403),
    ("teacher_a", "school=SC", 404),
    ("admin_c", "", 200),
    ("admin_c", "school=SA", 404),
    ("bureau", "scope=city", 200),
    ("bureau", "school=SB", 200),
])
def test_api_matrix(city, client, who, query, status):
    api = api_login(client, "A101", "SA") if who == "student" else api_login(
        client, city[who].username)
    response = api.call("GET", f"/reports/participation?{query}")
    assert response.status_code == status
    if status != 200:
        assert response.get_json()["error"]["message"]


def test_teacher_gets_own_school_and_own_class_students(city, login_as):
    book = book_of(login_as(city["teacher_a"]).get("/reports/download?format=xlsx"))
    assert book.sheetnames[-1] == "学生明细" and len(book.sheetnames) == 6
    schools = [r[1] for r in book["学校汇总"].iter_rows(min_row=2, values_only=True)]
    assert schools == ["SA", None]
    assert students_listed(book) == sorted(["张小明", "李小红", "王小刚"])  # class 7/1 only


def test_school_admin_gets_every_class_of_the_school(city, client):
    api = api_login(client, "admin-a")
    book = book_of(api.call("GET", "/reports/participation"))
    assert students_listed(book) == sorted(["张小明", "李小红", "王小刚", "赵一", "钱二"])
    # Each student once per contest their class was in; 未参加 where they did not finish.
    sheet = book["学生明细"]
    header = [c.value for c in sheet[1]]
    lines = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2,
                                                                         values_only=True)]
    wang = [r for r in lines if r["姓名"] == "王小刚"]
    assert {(r["竞赛"], r["状态"]) for r in wang} == {
        ("全市反诈知识竞赛", "未参加"), ("东湖一中七年级赛", "已完成")}
    assert lines[-1]["学校"] == "合计"


def test_bureau_gets_no_student_sheet(city, login_as):
    book = book_of(login_as(city["bureau"]).get("/reports/download?format=xlsx"))
    assert "学生明细" not in book.sheetnames


# --- pages --------------------------------------------------------------------------------------


def test_dashboard_figures_without_names(city, login_as, clock):
    db.session.add(Season(name="2026秋季学期", starts_on=clock.current.date() - timedelta(days=30),
                          ends_on=clock.current.date() + timedelta(days=30)))
    db.session.commit()
    page = login_as(city["bureau"]).get("/reports/dashboard")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for name in STUDENT_NAMES:
        assert name not in html
    for text in ("东湖区", "西山区", "全市反诈知识竞赛", "2026秋季学期", "<svg", "测试demo",
                 "下载报表（Excel）", "format=csv", "66.7%"):
        assert text in html, text


def test_dashboard_season_filter_and_download_carry_the_dates(city, login_as, clock):
    season = Season(name="上学期", starts_on=clock.current.date() - timedelta(days=200),
                    ends_on=clock.current.date() - timedelta(days=100))
    db.session.add(season)
    db.session.commit()
    html = login_as(city["bureau"]).get(f"/reports/dashboard?season={season.id}").get_data(
        as_text=True)
    assert "所选范围内没有竞赛" in html
    assert f"from={season.starts_on.isoformat()}" in html


@pytest.mark.parametrize(("query", "status", "message"), [
    ("from=2026-11-25&to=2026-11-01", 422, "早于开始日期"),
    ("from=11/25/2026", 422, "不是有效日期"),
    ("contest=999", 404, "没有这个竞赛"),
    ("district=火星区", 404, "没有这个区县"),
    ("season=999", 404, "没有这个赛季"),
    ("season=99999999999", 404, "没有这个赛季"),
    ("season=abc", 404, "没有这个赛季"),
    ("contest=99999999999", 404, "没有这个竞赛"),
])
def test_dashboard_bad_filters(city, login_as, query, status, message):
    response = login_as(city["bureau"]).get(f"/reports/dashboard?{query}")
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_download_with_a_bad_format_shows_the_page(city, login_as):
    response = login_as(city["teacher_a"]).get("/reports/download?format=pdf")
    assert response.status_code == 422
    assert "只能是 xlsx 或 csv" in response.get_data(as_text=True)


def test_season_and_dates_together_are_refused(city, login_as, clock):
    season = Season(name="本学期", starts_on=clock.current.date(), ends_on=clock.current.date())
    db.session.add(season)
    db.session.commit()
    response = login_as(city["admin_a"]).get(f"/reports/?season={season.id}&from=2026-01-01")
    assert response.status_code == 422
    assert "只能选一个" in response.get_data(as_text=True)


def test_homes_link_to_the_reports(city, login_as):
    assert "/reports/dashboard" in login_as(city["bureau"]).get("/").get_data(as_text=True)
    assert "/reports/" in login_as(city["teacher_a"]).get("/").get_data(as_text=True)


def test_report_page_says_which_students_the_file_lists(city, login_as, client):
    admin = login_as(city["admin_a"]).get("/reports/").get_data(as_text=True)
    assert "本校学生明细" in admin and "东湖一中" in admin
    teacher = login_as(city["teacher_a"]).get("/reports/").get_data(as_text=True)
    assert "你所教班级的学生明细" in teacher
    for name in ("张小明", "赵一"):  # the page itself shows classes, never names
        assert name not in admin and name not in teacher
