"""The report's pure parts, without a database or HTTP: filter parsing, the roll-up of class
figures, and the SVG charts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from quiz.errors import DomainError
from quiz.reports import charts
from quiz.reports.filters import format_for_path, parse_filters, parse_format
from quiz.reports.queries import BestRow, ClassRow, ContestRow
from quiz.reports.rollup import roll_up

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_filters_parse_and_bounds_are_local_days():
    f = parse_filters(contest=" 7 ", date_from="2026-11-01", date_to="2026-11-01",
                      district=" 东湖区 ", school="sa")
    assert (f.contest_id, f.district, f.school) == (7, "东湖区", "SA")
    start, end = f.utc_bounds(SHANGHAI)
    assert start == datetime(2026, 10, 31, 16, tzinfo=UTC)
    assert end == datetime(2026, 11, 1, 16, tzinfo=UTC)
    assert parse_filters().utc_bounds(SHANGHAI) == (None, None)


@pytest.mark.parametrize(("kwargs", "status", "field", "text"), [
    ({"date_from": "2026-11-31"}, 422, "from", "不是有效日期"),
    ({"date_to": "20261125"}, 422, "to", "YYYY-MM-DD"),
    ({"date_from": "2026-11-25", "date_to": "2026-11-24"}, 422, "to", "早于开始日期"),
    ({"date_to": "9999-12-31"}, 422, "to", "超出范围"),
    ({"date_from": "0001-01-01"}, 422, "from", "超出范围"),
    ({"contest": "-1"}, 422, "contest", "正整数"),
    ({"contest": "1e3"}, 422, "contest", "正整数"),
])
def test_bad_filters(kwargs, status, field, text):
    with pytest.raises(DomainError) as caught:
        parse_filters(**kwargs)
    assert (caught.value.status, caught.value.field) == (status, field)
    assert text in caught.value.message


def test_formats():
    assert parse_format(None) == "xlsx" and parse_format(" CSV ") == "csv"
    with pytest.raises(DomainError, match="xlsx 或 csv"):
        parse_format("pdf")
    assert format_for_path("报表.XLSX") == "xlsx"
    with pytest.raises(DomainError):
        format_for_path("report.xls")


def _class(class_id, school_id, grade, enrolled, district_id=1):
    return ClassRow(class_id, grade, f"{class_id}班", school_id, f"S{school_id}", "学校", "junior",
                    district_id, f"区{district_id}", enrolled)


def _contest(contest_id, *, city=False, schools=(), grades=(), classes=()):
    moment = datetime(2026, 11, 1, tzinfo=UTC)
    return ContestRow(contest_id, f"赛{contest_id}", moment, moment, city, frozenset(grades),
                      frozenset(schools), frozenset(classes))


def test_roll_up_counts_pairs_and_distinct_students():
    classes = [_class(1, 10, 7, 30), _class(2, 10, 8, 20), _class(3, 20, 7, 10, district_id=2),
               _class(4, 30, 9, 40, district_id=2)]
    contests = [_contest(1, city=True, grades=(7, 8)), _contest(2, schools=(10,), classes=(1,))]
    best = [BestRow(1, 1, 20, 1600, 2000), BestRow(2, 1, 10, 900, 1000),
            BestRow(1, 2, 10, 500, 1000), BestRow(1, 3, 5, 250, 500)]
    participants = {1: 25, 2: 10, 3: 5}
    r = roll_up(classes, contests, best, participants)
    assert set(r.classes) == {1, 2, 3}  # class 4 (grade 9) is in no contest
    assert (r.classes[1].expected, r.classes[1].taken, r.classes[1].participants) == (60, 30, 25)
    city = r.city
    assert (city.schools, city.classes, city.enrolled, city.participants) == (2, 3, 60, 40)
    assert (city.expected, city.taken, city.score_sum) == (90, 45, 3250)
    assert city.rate == pytest.approx(40 / 60)
    assert city.mean_participants == pytest.approx(3250 / 45)
    assert city.mean_enrolled == pytest.approx(3250 / 90)
    assert city.score_rate == pytest.approx(3250 / 4500)
    assert (r.contests[2].enrolled, r.contests[2].participants) == (30, 10)
    assert r.districts[2].schools == 1 and r.schools[10].classes == 2


def test_roll_up_without_anything():
    r = roll_up([_class(1, 10, 7, 30)], [], [], {})
    assert r.city.enrolled == 0 and r.city.rate is None and r.city.mean_participants is None


def test_bands_and_heat_map_escapes_labels():
    assert charts.band(None) == charts.NO_DATA
    assert charts.band(0.59)[0] == "#d73027" and charts.band(1.0)[0] == "#1a9850"
    svg = str(charts.heat_map(["<script>区</script>"], ["刷单", "冒充客服"],
                              {(0, 0): charts.Cell(10, 7)}, title="正确率 & 题型",
                              no_data="无作答", legend_title="正确率"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "70%" in svg and "n=10" in svg and "无作答" in svg and "&amp;" in svg
    assert svg.startswith("<svg") and svg.endswith("</svg>")


def test_daily_chart():
    days = [(date(2026, 11, d), d * 3, d) for d in range(1, 5)]
    svg = str(charts.daily_chart(days, title="每日", bar_label="交卷", line_label="学生",
                                 empty="无"))
    assert svg.count("<rect") == 5 and "<polyline" in svg and "11-01" in svg
    empty = str(charts.daily_chart([], title="每日", bar_label="交卷", line_label="学生",
                                   empty="还没有人交卷"))
    assert "还没有人交卷" in empty and "<polyline" not in empty
    assert charts._axis_step(9) == 5 and charts._axis_step(40) == 10
