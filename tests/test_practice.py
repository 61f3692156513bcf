"""Practice by scam type, the mistake book and 每日一练 through the pages and JSON calls, on the
test database (SQLite, or PostgreSQL with QUIZ_TEST_DATABASE_URL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.gamification import rules
from quiz.models import Question
from quiz.models.gamification import DailySet, MistakeBookEntry, PracticeAnswer, XpEntry
from tests.gamification_world import build, keys_for

NEXT = "/practice/api/next"
ANSWER = "/practice/api/answer"


@pytest.fixture
def world(make):
    return build(make)


@pytest.fixture
def student(login_as, world):
    return login_as(world["student"])


def next_q(client, source="practice", scam_type="alpha"):
    response = client.post(NEXT, json={"source": source, "scam_type": scam_type})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def answer(client, ticket: int, right: bool = True):
    response = client.post(ANSWER, json={"ticket": ticket, "answer": keys_for(ticket, right)})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def error_of(response) -> str:
    body = response.get_json()
    assert set(body) == {"error"}, body
    return body["error"]["message"]


def ledger_total(student_id: int, reason: str | None = None) -> int:
    db.session.expire_all()
    query = select(func.coalesce(func.sum(XpEntry.amount), 0)).where(
        XpEntry.student_id == student_id)
    if reason:
        query = query.where(XpEntry.reason == reason)
    return db.session.scalar(query)


# --- pages --------------------------------------------------------------------------------------


def test_practice_list_and_page(student, world):
    page = student.get("/practice/").get_data(as_text=True)
    assert "测试alpha" in page and "测试beta" in page
    shell = student.get("/practice/types/alpha")
    assert shell.status_code == 200
    assert 'data-source="practice"' in shell.get_data(as_text=True)


def test_unknown_scam_type_is_a_clear_404(student):
    response = student.get("/practice/types/no-such-type")
    assert response.status_code == 404
    assert "没有找到这个诈骗类型" in response.get_data(as_text=True)
    response = student.post(NEXT, json={"source": "practice", "scam_type": "no-such-type"})
    assert response.status_code == 404
    assert "没有找到这个诈骗类型" in error_of(response)


def test_another_schools_own_bank_and_other_ages_are_not_offered(student, world, make):
    make.bank("kids", 1, audience="primary")
    from quiz.models import ScamType

    own = db.session.scalar(select(ScamType).where(ScamType.code == "beta"))
    own.owner_school_id = world["school_b"].id  # beta becomes school B's own bank
    db.session.commit()
    page = student.get("/practice/").get_data(as_text=True)
    assert "测试alpha" in page and "测试beta" not in page and "测试kids" not in page
    for code in ("beta", "kids"):
        assert student.get(f"/practice/types/{code}").status_code == 404
        assert student.post(NEXT, json={"source": "practice", "scam_type": code}
                            ).status_code == 404


def test_staff_cannot_open_student_pages(login_as, world):
    teacher = login_as(world["teacher"])
    for url in ("/practice/", "/practice/types/alpha", "/practice/mistakes", "/practice/daily",
                "/me"):
        assert teacher.get(url).status_code == 403, url
    response = teacher.post(NEXT, json={"source": "daily"})
    assert response.status_code == 403
    assert error_of(response)


def test_anonymous_is_sent_to_login(client, world):
    assert client.get("/practice/").status_code == 302
    assert client.get("/me").status_code == 302
    response = client.post(NEXT, json={"source": "daily"})
    assert response.status_code == 401 and "请先登录" in error_of(response)


# --- drawing and answering ----------------------------------------------------------------------


def test_question_comes_without_its_answer_and_a_reload_shows_the_same(student):
    body = next_q(student)
    question = body["question"]
    assert set(question) == {"ticket", "type", "stem", "dialogue", "scam_type", "options"}
    raw = student.post(NEXT, json={"source": "practice", "scam_type": "alpha"}).get_data(
        as_text=True)
    assert "解析" not in raw and "answer" not in raw
    assert next_q(student)["question"]["ticket"] == question["ticket"]


def test_right_answer_pays_xp_once_and_shows_the_explanation(student, world):
    ticket = next_q(student)["question"]["ticket"]
    result = answer(student, ticket)
    assert result["correct"] is True and result["xp"] == rules.PRACTICE_CORRECT_XP
    assert result["explanation"].startswith("解析")
    assert sorted(result["your_answer"]) == sorted(result["correct_answer"])
    assert result["badges"][0]["name"] == "初次练习"
    again = student.post(ANSWER, json={"ticket": ticket, "answer": keys_for(ticket, False)})
    assert again.status_code == 200
    assert again.get_json()["repeated"] is True and again.get_json()["correct"] is True
    assert ledger_total(world["student"].id) == rules.PRACTICE_CORRECT_XP
    assert next_q(student)["question"]["ticket"] != ticket


def test_unseen_first_across_a_type(student):
    seen = []
    for _ in range(6):  # alpha has 6 questions
        ticket = next_q(student)["question"]["ticket"]
        answer(student, ticket)
        seen.append(db.session.get(PracticeAnswer, ticket).question_id)
    assert len(set(seen)) == 6
    ticket = next_q(student)["question"]["ticket"]
    assert db.session.get(PracticeAnswer, ticket).question_id == seen[0]


def test_mistake_book_until_right_twice_in_a_row(student, world):
    first = next_q(student)["question"]["ticket"]
    assert answer(student, first, right=False)["mistake"] == "added"
    wrong_question = db.session.get(PracticeAnswer, first).question_id
    book = student.get("/practice/mistakes").get_data(as_text=True)
    question = db.session.get(Question, wrong_question)
    assert question.code in book and "解析" in book and "练习这些错题" in book
    assert "纠错" not in book  # that link leads to a staff page

    # In type practice it comes back after two other questions.
    shown = []
    for _ in range(3):
        ticket = next_q(student)["question"]["ticket"]
        shown.append(db.session.get(PracticeAnswer, ticket).question_id)
        result = answer(student, ticket)
    assert shown[:2].count(wrong_question) == 0 and shown[2] == wrong_question
    assert result["mistake"] == "progress"
    # Mistake practice: only the book's questions; the second right in a row clears it.
    ticket = next_q(student, source="mistakes", scam_type=None)["question"]["ticket"]
    assert db.session.get(PracticeAnswer, ticket).question_id == wrong_question
    assert answer(student, ticket)["mistake"] == "cleared"
    assert next_q(student, source="mistakes", scam_type=None)["question"] is None
    entry = db.session.get(MistakeBookEntry, (world["student"].id, wrong_question))
    assert entry.cleared_at is not None and entry.wrong_count == 1
    assert "错题本是空的" in student.get("/practice/mistakes").get_data(as_text=True)


def test_retired_questions_are_not_drawn(student):
    alpha = db.session.scalars(select(Question).where(Question.code.like("alpha-%"))).all()
    from quiz.models import utcnow

    for question in alpha[1:]:
        question.retired_at = utcnow()
    db.session.commit()
    for _ in range(3):
        ticket = next_q(student)["question"]["ticket"]
        assert db.session.get(PracticeAnswer, ticket).question_id == alpha[0].id
        answer(student, ticket)


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "content_type"), [
    ("{not json", "application/json"),
    ("[1, 2]", "application/json"),
    ("ticket=1", "application/x-www-form-urlencoded"),
])
def test_malformed_bodies_are_400_json(student, data, content_type):
    for url in (NEXT, ANSWER):
        response = student.post(url, data=data, content_type=content_type)
        assert response.status_code == 400
        assert "JSON" in error_of(response)


@pytest.mark.parametrize(("body", "fragment"), [
    ({"source": "lottery"}, "练习方式"),
    ({"source": "practice"}, "诈骗类型"),
    ({"source": "practice", "scam_type": 7}, "诈骗类型"),
])
def test_bad_next_bodies_are_422(student, body, fragment):
    response = student.post(NEXT, json=body)
    assert response.status_code == 422
    assert fragment in error_of(response)


def test_bad_answers_change_nothing(student, world, login_as, make):
    ticket = next_q(student)["question"]["ticket"]
    cases = [
        ({"ticket": ticket, "answer": ["not-a-key"]}, 422, "选项不存在"),
        ({"ticket": ticket, "answer": "abc"}, 422, "列表"),
        ({"ticket": ticket, "answer": [1]}, 422, "列表"),
        ({"ticket": ticket, "answer": []}, 422, "请"),
        ({"ticket": "x", "answer": []}, 422, "题目编号"),
        ({"ticket": 10**20, "answer": ["a"]}, 422, "题目编号"),
        ({"ticket": True, "answer": ["a"]}, 422, "题目编号"),
        ({"answer": []}, 422, "题目编号"),
        ({"ticket": 999999, "answer": ["a"]}, 404, "不在你的练习里"),
    ]
    for body, status, fragment in cases:
        response = student.post(ANSWER, json=body)
        assert response.status_code == status, body
        assert fragment in error_of(response), body
    db.session.expire_all()
    assert db.session.get(PracticeAnswer, ticket).answered_at is None
    assert ledger_total(world["student"].id) == 0


def test_someone_elses_question_is_not_in_my_practice(client, world, login_as):
    other = login_as(world["student2"])
    ticket = next_q(other)["question"]["ticket"]
    mine = login_as(world["student"])
    response = mine.post(ANSWER, json={"ticket": ticket, "answer": keys_for(ticket)})
    assert response.status_code == 404
    assert "不在你的练习里" in error_of(response)
    db.session.expire_all()
    assert db.session.get(PracticeAnswer, ticket).answered_at is None


def test_answers_need_the_csrf_header_when_csrf_is_on(app_config, world):
    from quiz import create_app
    from tests.support import log_in

    served = create_app({**app_config, "WTF_CSRF_ENABLED": True})
    client = served.test_client()
    log_in(client, world["student"])
    response = client.post(NEXT, json={"source": "daily"})
    assert response.status_code == 400
    assert "页面已过期" in error_of(response)
    # With the token the page carries, as practice.js sends it, the call goes through.
    page = client.get("/practice/daily").get_data(as_text=True)
    token = page.split('data-csrf="', 1)[1].split('"', 1)[0]
    response = client.post(NEXT, json={"source": "daily"}, headers={"X-CSRFToken": token})
    assert response.status_code == 200 and response.get_json()["question"]


# --- XP cap -------------------------------------------------------------------------------------


def test_practice_xp_is_capped_per_local_day(student, world, clock, make):
    make.bank("gamma", 10)
    for _ in range(rules.PRACTICE_DAILY_CAP // rules.PRACTICE_CORRECT_XP + 3):
        answer(student, next_q(student, scam_type="gamma")["question"]["ticket"])
    assert ledger_total(world["student"].id, "practice") == rules.PRACTICE_DAILY_CAP
    clock.advance(days=1)
    assert answer(student, next_q(student, scam_type="gamma")["question"]["ticket"])["xp"] == 2
    assert ledger_total(world["student"].id, "practice") == rules.PRACTICE_DAILY_CAP + 2


# --- 每日一练 and streaks ----------------------------------------------------------------------


def do_daily(client) -> dict:
    result = None
    for _ in range(5):
        body = next_q(client, source="daily", scam_type=None)
        result = answer(client, body["question"]["ticket"], right=False)
    return result


def test_daily_set_is_five_fixed_questions_with_a_bonus_and_a_streak(student, world, clock):
    # Start mid-morning in Shanghai so that moving by whole days stays on one local date each.
    clock.current = clock.current.replace(hour=2, minute=0)
    first = next_q(student, source="daily", scam_type=None)
    assert first["daily"] == {"answered": 0, "total": 5, "done": False, "streak": 0}
    the_set = db.session.scalars(select(DailySet)).one()
    assert len(set(the_set.question_ids)) == 5
    last = do_daily(student)
    assert last["daily"]["done"] is True and last["daily"]["streak"] == 1
    assert last["daily_bonus"] == rules.DAILY_SET_XP
    assert next_q(student, source="daily", scam_type=None)["question"] is None
    assert ledger_total(world["student"].id, "daily") == rules.DAILY_SET_XP
    home = student.get("/").get_data(as_text=True)
    assert "今天的每日一练已完成" in home and "我的反诈成长" in home

    clock.advance(days=1)  # a new day, not done yet: the streak holds
    status = next_q(student, source="daily", scam_type=None)["daily"]
    assert status["streak"] == 1 and status["answered"] == 0
    assert do_daily(student)["daily"]["streak"] == 2
    clock.advance(days=2)  # a day missed: the streak is gone
    assert next_q(student, source="daily", scam_type=None)["daily"]["streak"] == 0
    assert do_daily(student)["daily"]["streak"] == 1


def test_home_card_for_a_new_student(student):
    home = student.get("/").get_data(as_text=True)
    assert "Lv.1" in home and "反诈新兵" in home and "开始每日一练" in home
    assert "/practice/mistakes" in home and "/me" in home


def test_questions_of_an_open_contest_paper_are_held_back(student, world, clock, make):
    from quiz.models import QuestionVersion

    alpha = db.session.scalars(select(Question).where(Question.code.like("alpha-%"))).all()
    make.contest(world["admin"], opens_at=clock.current - timedelta(hours=1),
                 draw=[("alpha", 1)], school_codes=["SA"],
                 paper=[db.session.get(QuestionVersion, q.current_version_id)
                        for q in alpha[1:]])
    for _ in range(2):
        ticket = next_q(student)["question"]["ticket"]
        assert db.session.get(PracticeAnswer, ticket).question_id == alpha[0].id
        answer(student, ticket)


def test_a_daily_question_retired_during_the_day_does_not_hold_the_set_back(student, world):
    from quiz.models import utcnow

    next_q(student, source="daily", scam_type=None)
    the_set = db.session.scalars(select(DailySet)).one()
    db.session.get(Question, the_set.question_ids[-1]).retired_at = utcnow()
    db.session.commit()
    results = []
    while (body := next_q(student, source="daily", scam_type=None))["question"]:
        results.append(answer(student, body["question"]["ticket"]))
    assert len(results) == 4
    assert results[-1]["daily"]["done"] is True
    assert results[-1]["daily_bonus"] == rules.DAILY_SET_XP


def test_a_set_left_with_nothing_drawable_is_finished_when_asked_for_more(student, world):
    from quiz.models import utcnow

    next_q(student, source="daily", scam_type=None)
    the_set = db.session.scalars(select(DailySet)).one()
    for _ in range(4):
        answer(student, next_q(student, source="daily", scam_type=None)["question"]["ticket"])
    # The fifth is pending on screen when it is retired; asking for the next finishes the set.
    pending = next_q(student, source="daily", scam_type=None)["question"]["ticket"]
    db.session.get(Question, db.session.get(PracticeAnswer, pending).question_id
                   ).retired_at = utcnow()
    db.session.commit()
    body = next_q(student, source="daily", scam_type=None)
    assert body["question"] is None and body["daily"]["done"] is True
    assert ledger_total(world["student"].id, "daily") == rules.DAILY_SET_XP
    assert the_set.question_ids


# --- questions a contest may still ask are held back (issue 12) --------------------------------


def per_student_contest(make, world, clock, **spec):
    """The teacher's contest for class A1: a per-student paper of two alpha questions."""
    spec.setdefault("opens_at", clock.current - timedelta(minutes=5))
    spec.setdefault("draw", [("alpha", 2)])
    return make.contest(world["teacher"], school_codes=["SA"],
                        class_ids=[world["class_a1"].id], paper_mode="per_student", **spec)


def test_the_exploit_start_a_contest_then_practise_its_pool(student, world, clock, make, login_as):
    """A per-student paper may draw any easy alpha question: none is served while the student
    can still sit the contest, and practice says why."""
    contest = per_student_contest(make, world, clock)
    make.attempt(contest, world["student"], seconds=None)  # started, still open
    body = next_q(student)
    assert body["question"] is None
    assert body["message"] == "这个题型有正在进行的竞赛，交卷后可以练习。"
    served = {db.session.get(PracticeAnswer, next_q(student, scam_type="beta")["question"]
                             ["ticket"]).question_id}
    assert all(db.session.get(Question, q).code.startswith("beta-") for q in served)


def test_the_hold_back_is_per_student_and_ends_with_the_last_attempt(world, clock, make,
                                                                      login_as):
    contest = per_student_contest(make, world, clock)
    other_school = login_as(world["student_b"])
    easy_alpha = next_q(other_school)["question"]  # outside the contest's scope: unaffected
    assert easy_alpha is not None
    make.attempt(contest, world["student"], right=1)  # the only attempt, finished
    again = login_as(world["student"])
    assert next_q(again)["question"] is not None


def test_a_scheduled_contest_holds_back_too_and_a_closed_one_does_not(student, world, clock,
                                                                     make):
    per_student_contest(make, world, clock, opens_at=clock.current + timedelta(days=1),
                        closes_at=clock.current + timedelta(days=2))
    assert next_q(student)["question"] is None
    clock.advance(days=3)
    assert next_q(student)["question"] is not None


def test_a_pending_ticket_whose_question_went_onto_a_live_paper(student, world, clock, make):
    from quiz.models import QuestionVersion

    ticket = next_q(student)["question"]["ticket"]
    question = db.session.get(Question, db.session.get(PracticeAnswer, ticket).question_id)
    make.contest(world["admin"], draw=[("alpha", 1)], school_codes=["SA"],
                 paper=[db.session.get(QuestionVersion, question.current_version_id)])
    response = student.post(ANSWER, json={"ticket": ticket, "answer": keys_for(ticket)})
    assert response.status_code == 409
    assert "交卷后可以练习" in error_of(response)
    served_again = next_q(student)["question"]["ticket"]
    assert db.session.get(PracticeAnswer, served_again).question_id != question.id


def test_the_mistake_book_hides_what_a_contest_may_still_ask(student, world, clock, make):
    ticket = next_q(student)["question"]["ticket"]
    answer(student, ticket, right=False)
    code = db.session.get(Question, db.session.get(PracticeAnswer, ticket).question_id).code
    assert code in student.get("/practice/mistakes").get_data(as_text=True)
    per_student_contest(make, world, clock, draw=[("alpha", 2, (1, 2, 3))])
    assert code not in student.get("/practice/mistakes").get_data(as_text=True)
