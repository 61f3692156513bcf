"""Item analysis (issue 12 item 6): the figures against a direct computation, the flags and
their threshold of 30 attempts, who may see which bank, the page, the API and the CLI."""

from __future__ import annotations

import statistics

import openpyxl
import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.item_analysis import rules
from quiz.item_analysis.rules import Flag, PatternGroup, correlation, flags_for, item_figures
from quiz.item_analysis.stats import item_rows
from quiz.models import Role, ScamType
from tests.api_client import login
from tests.item_analysis_world import build as item_world
from tests.item_analysis_world import play_everyone

# --- the rules, pure ---------------------------------------------------------------------------


def test_correlation_from_sums_equals_pearson():
    xs = [1, 0, 1, 1, 0, 0, 1, 0]
    ys = [0.9, 0.2, 0.7, 0.8, 0.4, 0.1, 0.3, 0.5]
    r = correlation(len(xs), sum(xs), sum(ys), sum(x * y for x, y in zip(xs, ys, strict=True)),
                    sum(y * y for y in ys))
    assert r == pytest.approx(statistics.correlation(xs, ys))


def test_correlation_is_undefined_for_a_constant_item_or_rest():
    assert correlation(5, 5, 2.5, 2.5, 1.5) is None        # everyone right
    assert correlation(4, 2, 2.0, 1.0, 1.0) is None        # every rest share 0.5
    assert correlation(1, 1, 0.5, 0.5, 0.25) is None


@pytest.mark.parametrize(("attempts", "facility", "discrimination", "flags"), [
    (29, 0.99, 0.0, ()),                                            # too few to judge
    (30, 0.95, 0.5, (Flag.TOO_EASY,)),
    (30, 0.9, 0.5, ()),                                             # 0.9 itself is fine
    (30, 0.1, 0.5, (Flag.TOO_HARD,)),
    (30, 0.2, 0.2, ()),
    (30, 0.5, 0.19, (Flag.NOT_DISCRIMINATING,)),
    (30, 1.0, None, (Flag.TOO_EASY, Flag.NOT_DISCRIMINATING)),     # r undefined: measures nothing
])
def test_flags_and_their_thresholds(attempts, facility, discrimination, flags):
    assert flags_for(attempts, facility, discrimination) == flags


def test_item_figures_combine_patterns():
    groups = [PatternGroup((1,), True, 6, 6, 4.2, 3.1),
              PatternGroup((0,), False, 3, 3, 0.9, 0.3),
              PatternGroup((0, 2), False, 1, 1, 0.2, 0.04),
              PatternGroup(None, False, 2, 2, 0.4, 0.1)]
    figures = item_figures(groups, option_count=3)
    assert (figures.attempts, figures.right, figures.blanks) == (12, 6, 2)
    assert figures.option_counts == (4, 6, 1)
    assert figures.facility == 0.5
    assert figures.flags == ()  # 12 attempts: no judgement yet


# --- from the database -------------------------------------------------------------------------


@pytest.fixture
def world(make, clock):
    return item_world(make)



def expected_discrimination(world, version_id: int) -> float:
    """Pearson's r of the item with the rest of the paper, computed from the attempts."""
    from quiz.models import Answer, Attempt, AttemptItem
    xs, ys = [], []
    for attempt in db.session.scalars(select(Attempt).where(Attempt.finished_at.is_not(None))):
        item = db.session.scalar(select(AttemptItem).where(
            AttemptItem.attempt_id == attempt.id,
            AttemptItem.question_version_id == version_id))
        answer = db.session.get(Answer, (attempt.id, item.position))
        x = 1 if answer is not None and answer.is_correct else 0
        xs.append(x)
        ys.append((attempt.score - x * item.points) / (attempt.max_score - item.points))
    return statistics.correlation(xs, ys)


def test_figures_and_flags_from_finished_attempts(world, make):
    play_everyone(make, world)
    rows = {row.version_id: row for row in item_rows(db.session)}
    easy, hard, low, middle, high = world["paper"]
    assert rows[easy].figures.facility == 1.0
    assert rows[easy].flags == (Flag.TOO_EASY, Flag.NOT_DISCRIMINATING)
    assert rows[hard].figures.facility == 2 / 40 and Flag.TOO_HARD in rows[hard].flags
    assert rows[hard].figures.blanks == 5
    # 33 wrong answers choose one option each, the 2 right ones every right option
    assert sum(rows[hard].figures.option_counts) == 33 + 2 * len(rows[hard].answer)
    for version_id in (low, middle, high):
        figures = rows[version_id].figures
        assert figures.discrimination == pytest.approx(
            expected_discrimination(world, version_id))
        assert figures.discrimination > 0.4 and rows[version_id].flags == ()
    answer = rows[middle].answer[0]
    assert rows[middle].figures.option_counts[answer] == 20


def test_no_flags_below_thirty_attempts(world, make):
    play_everyone(make, world, world["class"][:29])
    assert all(row.flags == () for row in item_rows(db.session))


def test_open_attempts_do_not_count(world, make):
    make.attempt(world["contest"], world["class"][0], right=2, seconds=None)
    assert item_rows(db.session) == []


def test_per_contest_statistics(world, make):
    play_everyone(make, world)
    other = make.contest(world["bureau"], title="第二场", school_codes=["SA"],
                         draw=[("demo", 5, (1,))])
    make.attempt(other, world["class"][0], right=5)
    only_other = item_rows(db.session, contest_id=other.id)
    assert {r.figures.attempts for r in only_other} == {1}
    assert max(r.figures.attempts for r in item_rows(db.session)) == 41


# --- who sees what -------------------------------------------------------------------------------


@pytest.fixture
def school_bank(world, make):
    """School B's own bank: a second imported bank handed to school B."""
    make.bank("bank-b", 6)
    bank = db.session.scalar(select(ScamType).where(ScamType.code == "bank-b"))
    bank.owner_school_id = world["school_b"].id
    db.session.commit()
    return bank


def test_the_bureau_sees_the_city_bank_page_with_flags_and_a_chart(world, make, login_as):
    play_everyone(make, world)
    page = login_as(world["bureau"]).get("/item-analysis/?sort=facility&order=desc")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "过易" in html and "过难" in html and "<svg" in html and "区分度" in html
    table = html[html.index("<tbody>"):]
    assert table.index(">100%<") < table.index(">5%<")  # sorted by facility, highest first
    flagged = login_as(world["bureau"]).get("/item-analysis/?flagged=1").get_data(as_text=True)
    assert flagged.count('class="flagged"') == 2


def test_bad_sort_is_a_400_and_another_schools_bank_a_404(world, make, login_as, school_bank):
    client = login_as(world["teacher"])
    assert client.get("/item-analysis/?sort=name").status_code == 400
    assert client.get("/item-analysis/?type=bank-b").status_code == 404
    assert client.get("/item-analysis/?type=demo").status_code == 404   # the city's: bureau's
    assert client.get("/item-analysis/?contest=abc").status_code == 404
    page = client.get("/item-analysis/").get_data(as_text=True)
    assert "你没有需要维护的题库" in page
    teacher_b = make.staff(Role.TEACHER, school=world["school_b"], username="teacher-b2")
    assert login_as(teacher_b).get("/item-analysis/?type=bank-b").status_code == 200


def test_a_contest_the_viewer_may_not_see_is_a_404(world, make, login_as, school_bank):
    play_everyone(make, world, world["class"][:3])
    client = login_as(world["teacher_b"])
    assert client.get(f"/item-analysis/?contest={world['contest'].id}").status_code == 404


def test_students_may_not_open_it(world, login_as):
    assert login_as(world["student"]).get("/item-analysis/").status_code == 403


def test_api_lists_items_and_refuses_other_banks(world, make, client, school_bank):
    play_everyone(make, world)
    body = login(client, "bureau").call("GET", "/item-analysis?type=demo").get_json()
    assert body["min_attempts"] == rules.MIN_ATTEMPTS
    by_code = {item["question"]: item for item in body["items"]}
    assert len(by_code) == 5
    flagged = [item for item in body["items"] if "too_easy" in item["flags"]]
    assert len(flagged) == 1 and flagged[0]["facility"] == 1.0
    teacher = login(client, "teacher-a")
    assert teacher.call("GET", "/item-analysis?type=bank-b").status_code == 404
    assert teacher.call("GET", "/item-analysis").get_json()["items"] == []
    assert teacher.call("GET", "/item-analysis?contest=x").status_code == 422
    student = login(client, "A001", "SA")
    assert student.call("GET", "/item-analysis").status_code == 403


def test_cli_writes_a_workbook_with_chinese_headers(world, make, runner, tmp_path):
    play_everyone(make, world)
    out = tmp_path / "stats.xlsx"
    result = runner.invoke(args=["banks", "stats", "--contest", str(world["contest"].id),
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "5 versions, 2 flagged" in result.output
    sheet = openpyxl.load_workbook(out).active
    headers = [cell.value for cell in next(sheet.iter_rows(min_row=1, max_row=10))
               if cell.value]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header_row = next(r for r in rows if "题目编号" in r)
    assert {"通过率", "区分度", "未作答率", "选 A", "提示"} <= set(header_row), headers
    assert sum(1 for r in rows if "过易、区分度低" in r) == 1
    bad = runner.invoke(args=["banks", "stats", "--contest", "999999", "-o", str(out)])
    assert bad.exit_code == 2 and "no contest 999999" in bad.output
    bad = runner.invoke(args=["banks", "stats", "-o", str(tmp_path / "x.csv")])
    assert bad.exit_code == 2 and ".xlsx" in bad.output
