"""The contests open to a student with their attempts left (quiz.contests.open_contests): the
right rows, in a fixed number of statements however many contests there are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

from quiz.contests.open_contests import attempts_left, open_contests_for
from quiz.extensions import db
from tests.api_client import login
from tests.contest_world import build

MANY = 12


@pytest.fixture
def world(make):
    return build(make)


def class_contest(make, world, **spec):
    # taken more than once, a shared paper reveals only after closing (see creation.py)
    spec.setdefault("reveal", "after_close")
    return make.contest(world["teacher"], school_codes=["SA"],
                        class_ids=[world["class_a1"].id], **spec)


class Statements:
    """Counts the SQL statements sent through an engine while the block runs."""

    def __init__(self, engine) -> None:
        self.engine, self.count = engine, 0

    def _seen(self, *_args) -> None:
        self.count += 1

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


def counted(engine, call) -> tuple[object, int]:
    with Statements(engine) as statements:
        result = call()
    return result, statements.count


def open_now(world, clock):
    db.session.expire_all()  # every measurement starts from the same (cold) session
    return open_contests_for(db.session, world["student"], clock.current)


def test_rows_say_what_is_left_and_skip_what_is_not_open(make, world, clock):
    student = world["student"]
    once = class_contest(make, world, title="一次")
    tries = class_contest(make, world, title="十次", max_attempts=10)
    going = class_contest(make, world, title="答题中")
    class_contest(make, world, title="未开始", opens_at=clock.current + timedelta(hours=1),
                  closes_at=clock.current + timedelta(hours=2))
    class_contest(make, world, title="已取消", cancelled=True)
    closing = class_contest(make, world, title="将结束",
                            closes_at=clock.current + timedelta(minutes=30))
    make.contest(world["teacher_b"], school_codes=["SB"], title="别校")
    make.attempt(once, student, right=1)
    make.attempt(tries, student, right=1)
    make.attempt(tries, student, right=2)
    in_progress = make.attempt(going, student, seconds=None)

    rows = {row.contest.title: row for row in open_now(world, clock)}
    assert set(rows) == {"十次", "答题中", "将结束"}  # 一次: no attempt left
    assert rows["十次"].attempts_left == 8 and rows["十次"].current is None
    assert rows["答题中"].attempts_left == 0  # its one attempt is under way: still listed
    assert rows["答题中"].current.id == in_progress.id
    assert rows["将结束"].attempts_left == 1
    assert attempts_left(db.session, student.id, [once, tries, going, closing]) == {
        once.id: 0, tries.id: 8, going.id: 0, closing.id: 1}

    clock.advance(minutes=31)  # 将结束 has closed, with its attempt never used
    assert {row.contest.title for row in open_now(world, clock)} == {"十次", "答题中"}


def test_no_contests_no_attempts(world, clock):
    assert open_now(world, clock) == []
    assert attempts_left(db.session, world["student"].id, []) == {}


def test_statements_do_not_grow_with_the_number_of_contests(make, world, clock):
    student = world["student"]
    first = class_contest(make, world, max_attempts=2)
    make.attempt(first, student, right=1)
    class_contest(make, world)
    few, few_count = counted(db.engine, lambda: open_now(world, clock))
    assert len(few) == 2

    for n in range(MANY):
        contest = class_contest(make, world, title=f"第{n}场", max_attempts=3)
        if n % 3 == 0:
            make.attempt(contest, student, right=1)
        if n % 3 == 1:
            make.attempt(contest, student, seconds=None)
    many, many_count = counted(db.engine, lambda: open_now(world, clock))
    assert len(many) == 2 + MANY
    # the student, the contests, their schools, their classes, attempts per contest, open ones
    assert many_count == few_count <= 6


def test_the_api_list_and_the_home_page_cost_the_same_for_many_contests(
        make, world, clock, client, login_as):
    with client.application.app_context():
        engine = db.engine
    api = login(client, "A001", "SA")
    # A finish from the start, so the page's other cards (results, boards) show from the start
    make.attempt(class_contest(make, world, max_attempts=2), world["student"], right=1)
    listed, api_few = counted(engine, lambda: api.call("GET", "/contests"))
    assert len(listed.get_json()["contests"]) == 1
    login_as(world["student"])
    page, page_few = counted(engine, lambda: client.get("/"))
    assert page.status_code == 200

    for n in range(MANY):
        contest = class_contest(make, world, title=f"第{n}场", max_attempts=2)
        if n % 2:
            make.attempt(contest, world["student"], right=1)
    listed, api_many = counted(engine, lambda: api.call("GET", "/contests"))
    rows = listed.get_json()["contests"]
    assert len(rows) == 1 + MANY
    # the first contest has one of two attempts left; of the others, half one and half two
    assert sorted(row["attempts_left"] for row in rows) == [1] * (MANY // 2 + 1) + [2] * (
        MANY // 2)
    page, page_many = counted(engine, lambda: client.get("/"))
    assert page.get_data(as_text=True).count("去答题") == 1 + MANY
    assert api_many == api_few
    assert page_many == page_few
