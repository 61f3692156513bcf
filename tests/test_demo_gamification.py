"""The demo's practice history: real draws and answers over ten past days, once."""

from __future__ import annotations

from sqlalchemy import func, select

from quiz.clock import city_today
from quiz.demo import gamification as demo_gamification
from quiz.extensions import db
from quiz.gamification import rules, service
from quiz.models import utcnow
from quiz.models.gamification import PracticeAnswer


def test_demo_practice_history_gives_streaks_badges_and_xp_once(make):
    make.bank("alpha", 4)
    make.bank("beta", 4)
    school_class = make.school_class(make.school("DH02"), grade=7, name="1班")
    keen = make.student(school_class, student_no="070101")
    make.student(school_class, student_no="070102")
    now = utcnow()
    assert demo_gamification.build(db.session, now) == 2
    today = city_today(now)
    assert rules.current_streak(service.done_days(db.session, keen.id), today) == 10
    assert "streak_7" in service.badges_of(db.session, keen.id)
    assert service.total_xp(db.session, keen.id) > 10 * rules.DAILY_SET_XP
    answers = db.session.scalar(select(func.count()).select_from(PracticeAnswer))
    assert demo_gamification.build(db.session, now) == 0
    assert db.session.scalar(select(func.count()).select_from(PracticeAnswer)) == answers
