"""Participation reports: the workbook's sheets, headers, totals (checked against counts made
here in SQL), formats; the CSV; CLI and API agreeing; bad input; who may download what."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from quiz.extensions import db
from quiz.models.audit import AuditEntry
from tests.api_client import login as api_login
from tests.report_world import build_city

SHEETS = ["区县汇总", "学校汇总", "班级汇总", "题型正确率", "志愿服务"]
FIGURES = ["在册学生", "参与学生", "参与率", "应参赛人次", "实参赛人次", "平均分(参与者)",
           "平均分(在册，未参与计0)", "得分率(参与者)"]


@pytest.fixture
def city(make, clock):
    return build_city(make, clock.current)


def cli_xlsx(runner, tmp_path, *args):
    out = tmp_path / "report.xlsx"
    result = runner.invoke(args=["report", "participation", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return load_workbook(out)


def rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def by_header(sheet):
    """The sheet as dicts keyed by its header row."""
    header, *body = rows(sheet)
    return [dict(zip(header, r, strict=True)) for r in body]


def scalar(sql: str, **params):
    return db.session.execute(text(sql), params).scalar()


def test_workbook_sheets_headers_and_layout(city, runner, tmp_path):
    book = cli_xlsx(runner, tmp_path)
    assert book.sheetnames == SHEETS
    assert rows(book["区县汇总"])[0] == ["区县", "学校数", "班级数", *FIGURES]
    assert rows(book["学校汇总"])[0] == ["区县", "学校代码", "学校", "学段", "班级数", *FIGURES]
    assert rows(book["班级汇总"])[0] == ["区县", "学校代码", "学校", "年级", "班级", *FIGURES]
    assert rows(book["题型正确率"])[0] == ["区县", "学校代码", "学校", "题型", "作答数", "答对数",
                                         "正确率"]
    assert rows(book["志愿服务"])[0] == ["区县", "学校代码", "学校", "志愿服务时长(人·小时)",
                                       "活动数", "服务人数", "协助安装反诈App", "参与志愿者",
                                       "队员数"]
    for sheet in book:
        assert sheet.freeze_panes == "A2", sheet.title
        assert rows(sheet)[-1][0] == "合计", sheet.title
        widths = [sheet.column_dimensions[c].width for c in "ABC"]
        assert all(w and w >= 8 for w in widths), (sheet.title, widths)
    header = rows(book["学校汇总"])[0]
    for name in ("参与率", "得分率(参与者)"):
        column = header.index(name) + 1
        assert book["学校汇总"].cell(row=2, column=column).number_format == "0.0%"
    mean = header.index("平均分(参与者)") + 1
    assert book["学校汇总"].cell(row=2, column=mean).number_format == "0.0"
    accuracy = book["题型正确率"]
    assert accuracy.cell(row=2, column=7).number_format == "0.0%"


def test_totals_match_the_database(city, runner, tmp_path):
    book = cli_xlsx(runner, tmp_path)
    total = by_header(book["区县汇总"])[-1]
    # Both contests reach every class between them; only active students count.
    assert total["在册学生"] == scalar("SELECT count(*) FROM student WHERE active")
    assert total["参与学生"] == scalar(
        "SELECT count(DISTINCT student_id) FROM attempt WHERE finished_at IS NOT NULL")
    assert total["学校数"] == scalar("SELECT count(*) FROM school")
    assert total["班级数"] == scalar("SELECT count(*) FROM school_class")
    best = ("SELECT contest_id, student_id, max(score) AS s FROM attempt "
            "WHERE finished_at IS NOT NULL GROUP BY contest_id, student_id")
    pairs = scalar(f"SELECT count(*) FROM ({best}) b")
    score = scalar(f"SELECT sum(s) FROM ({best}) b")
    assert total["实参赛人次"] == pairs == 7
    assert total["平均分(参与者)"] == pytest.approx(round(score / pairs, 1))
    # The city contest is for all 9 students, the grade-7 one for class 7/1 of SA (3).
    assert total["应参赛人次"] == 9 + 3
    assert total["平均分(在册，未参与计0)"] == pytest.approx(round(score / 12, 1))
    assert total["参与率"] == pytest.approx(round(6 / 9, 4))
    # Schools' rows add up to the total.
    schools = by_header(book["学校汇总"])
    assert sum(r["在册学生"] for r in schools[:-1]) == total["在册学生"]
    assert schools[-1]["参与学生"] == total["参与学生"]
    accuracy = by_header(book["题型正确率"])[-1]
    assert accuracy["作答数"] == scalar(
        "SELECT count(*) FROM answer a JOIN attempt t ON t.id = a.attempt_id "
        "WHERE t.finished_at IS NOT NULL")
    assert accuracy["答对数"] == scalar("SELECT count(*) FROM answer WHERE is_correct")
    volunteers = by_header(book["志愿服务"])
    assert volunteers[-1]["活动数"] == scalar(
        "SELECT count(*) FROM volunteer_activity WHERE status = 'approved'")
    assert volunteers[-1]["服务人数"] == 80 and volunteers[-1]["协助安装反诈App"] == 17
    assert [r["学校代码"] for r in volunteers[:-1]] == ["SA", "SB", "SC"]


def test_one_contest_and_one_district(city, runner, tmp_path):
    book = cli_xlsx(runner, tmp_path, "--contest", str(city["city"].id), "--district", "东湖区")
    districts = by_header(book["区县汇总"])
    assert [r["区县"] for r in districts] == ["东湖区", "合计"]
    assert districts[-1]["在册学生"] == 7 and districts[-1]["参与学生"] == 4
    assert districts[-1]["应参赛人次"] == 7  # one contest: pairs are students
    assert districts[-1]["平均分(参与者)"] == pytest.approx((20 + 10 + 15 + 5) / 4)
    assert {r["学校代码"] for r in by_header(book["志愿服务"])[:-1]} == {"SA", "SB"}


def test_date_range_selects_contests_by_opening_day(city, runner, tmp_path, clock):
    later = clock.current.date().replace(year=clock.current.year + 1).isoformat()
    book = cli_xlsx(runner, tmp_path, "--from", later)
    assert by_header(book["区县汇总"]) == [by_header(book["区县汇总"])[-1]]  # only 合计
    assert by_header(book["区县汇总"])[-1]["参与学生"] == 0


def test_csv_is_the_school_summary_with_a_bom(city, runner, tmp_path):
    out = tmp_path / "report.csv"
    result = runner.invoke(args=["report", "participation", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["学校代码"] for r in table] == ["SA", "SB", "SC", ""]
    assert table[-1]["学校"] == "" and table[-1]["区县"] == "合计"
    assert table[0]["参与率"] == "80.0%"


def test_cli_and_api_give_the_same_figures(city, runner, tmp_path, client):
    book = cli_xlsx(runner, tmp_path, "--contest", str(city["city"].id))
    api = api_login(client, "bureau")
    response = api.call("GET", f"/reports/participation?format=xlsx&contest={city['city'].id}")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    other = load_workbook(io.BytesIO(response.data))
    assert other.sheetnames == SHEETS
    for name in SHEETS:
        assert rows(other[name]) == rows(book[name]), name


def test_api_csv(city, client):
    api = api_login(client, "bureau")
    response = api.call("GET", "/reports/participation?format=csv&district=西山区")
    assert response.status_code == 200 and response.data.startswith(b"\xef\xbb\xbf")
    assert "text/csv" in response.content_type
    assert "SC" in response.data.decode("utf-8-sig") and "SA" not in response.data.decode(
        "utf-8-sig")


@pytest.mark.parametrize(("args", "message"), [
    (["--contest", "999"], "没有这个竞赛"),
    (["--contest", "abc"], "应为正整数"),
    (["--district", "火星区"], "没有这个区县"),
    (["--from", "2026-13-01"], "不是有效日期"),
    (["--from", "25/11/2026"], "不是有效日期"),
    (["--from", "2026-11-25", "--to", "2026-11-01"], "早于开始日期"),
])
def test_cli_bad_input_exits_1_with_a_message(city, runner, tmp_path, args, message):
    out = tmp_path / "r.xlsx"
    result = runner.invoke(args=["report", "participation", "-o", str(out), *args])
    assert result.exit_code == 1
    assert message in result.output
    assert not out.exists()


def test_cli_refuses_other_endings(city, runner, tmp_path):
    result = runner.invoke(args=["report", "participation", "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 1 and ".xlsx 或 .csv" in result.output


@pytest.mark.parametrize(("query", "status", "message"), [
    ("format=pdf", 422, "只能是 xlsx 或 csv"),
    ("contest=999", 404, "没有这个竞赛"),
    ("contest=999999999999", 404, "没有这个竞赛"),
    ("district=火星区", 404, "没有这个区县"),
    ("from=9999-12-31", 422, "超出范围"),
    ("from=2026-02-30", 422, "不是有效日期"),
    ("from=yesterday", 422, "不是有效日期"),
    ("from=2026-11-25&to=2026-11-24", 422, "早于开始日期"),
    ("scope=world", 422, "不支持"),
    ("school=NOPE", 404, "没有这个学校"),
])
def test_api_bad_input(city, client, query, status, message):
    api = api_login(client, "bureau")
    response = api.call("GET", f"/reports/participation?{query}")
    assert response.status_code == status
    body = response.get_json()
    assert message in body["error"]["message"]
    assert db.session.query(AuditEntry).count() == 0


def test_openapi_lists_the_report(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/reports/participation"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"format", "contest", "from", "to",
                                                            "district"}
    assert "text/csv" in operation["responses"]["200"]["content"]


def test_downloads_are_audited(city, client, login_as):
    api = api_login(client, "bureau")
    assert api.call("GET", "/reports/participation?format=csv").status_code == 200
    page = login_as(city["admin_a"])
    assert page.get("/reports/download?format=xlsx").status_code == 200
    db.session.expire_all()
    entries = db.session.query(AuditEntry).order_by(AuditEntry.id).all()
    assert [(e.action, e.actor_id, e.school_id, e.details["via"]) for e in entries] == [
        ("report.download", city["bureau"].id, None, "api"),
        ("report.download", city["admin_a"].id, city["sa"].id, "web")]
