"""A small city for report tests: two districts, three schools, two contests with results,
volunteer activity; figures small enough to count by hand and check against SQL."""

from __future__ import annotations

import textwrap
from datetime import timedelta
from decimal import Decimal

from quiz.contests import attempts as attempt_service
from quiz.contests.creation import ContestSpec, create_contest
from quiz.contests.rules.drawing import DrawRule
from quiz.contests.rules.shuffling import present_options
from quiz.extensions import db
from quiz.models import Role
from quiz.models.volunteers import Activity, ActivityParticipant, VolunteerTeam
from tests.contest_world import bank_yaml, import_bank


def play(contest, student, now, correct: int, wrong: int = 0, seconds: int = 60):
    """The student answers the first `correct` questions right, the next `wrong` wrong."""
    attempt = attempt_service.start_or_resume(db.session, contest, student, now)
    versions = attempt_service.versions_of(db.session, attempt)
    for n, item in enumerate(attempt.items[:correct + wrong]):
        version = versions[item.question_version_id]
        count = 2 if version.type == "true_false" else len(version.options)
        options = present_options(seed=attempt.seed, position=item.position,
                                  option_count=count, shuffle=contest.shuffle_options)
        right = [o.key for o in options if o.index in version.answer]
        keys = right if n < correct else [o.key for o in options if o.key not in right][:1]
        attempt_service.save_answer(db.session, attempt, contest, item.position, keys, now)
    attempt_service.finish(db.session, attempt, now + timedelta(seconds=seconds))
    return attempt


def build_city(make, now) -> dict:
    import_bank(textwrap.dedent(bank_yaml("demo", 4)), "demo.yaml")
    import_bank(textwrap.dedent(bank_yaml("phish", 4)), "phish.yaml")
    east, west = make.district("东湖区"), make.district("西山区")
    sa = make.school("SA", name="东湖一中", district=east)
    sb = make.school("SB", name="东湖二中", district=east)
    sc = make.school("SC", name="西山中学", district=west)
    a1 = make.school_class(sa, grade=7, name="1班")
    a2 = make.school_class(sa, grade=8, name="1班")
    b1 = make.school_class(sb, grade=7, name="1班")
    c1 = make.school_class(sc, grade=7, name="1班")
    w = {"east": east, "west": west, "sa": sa, "sb": sb, "sc": sc,
         "a1": a1, "a2": a2, "b1": b1, "c1": c1}
    w["bureau"] = make.staff(Role.BUREAU_ADMIN, username="bureau")
    w["admin_a"] = make.staff(Role.SCHOOL_ADMIN, school=sa, username="admin-a")
    w["teacher_a"] = make.staff(Role.TEACHER, school=sa, classes=[a1], username="teacher-a")
    w["teacher_b"] = make.staff(Role.TEACHER, school=sb, classes=[b1], username="teacher-b")
    w["admin_c"] = make.staff(Role.SCHOOL_ADMIN, school=sc, username="admin-c")
    names = {"a1": ["张小明", "李小红", "王小刚"], "a2": ["赵一", "钱二"], "b1": ["孙三", "李四"],
             "c1": ["周五", "吴六"]}
    for key, people in names.items():
        for n, name in enumerate(people, start=1):
            w[f"{key}_{n}"] = make.student(w[key], student_no=f"{key.upper()}{n:02d}",
                                           name=name)
    gone = make.student(a1, student_no="A1X", name="已转走")
    gone.active = False
    db.session.commit()
    draw = [DrawRule("demo", 2, (1,)), DrawRule("phish", 2, (1,))]
    w["city"] = create_contest(db.session, w["bureau"], ContestSpec(
        title="全市反诈知识竞赛", opens_at=now - timedelta(minutes=5),
        closes_at=now + timedelta(hours=2), duration_seconds=600, draw=draw, city_wide=True),
        now)
    w["grade7"] = create_contest(db.session, w["admin_a"], ContestSpec(
        title="东湖一中七年级赛", opens_at=now - timedelta(minutes=5),
        closes_at=now + timedelta(hours=2), duration_seconds=600,
        draw=[DrawRule("demo", 3, (1,))], school_codes=["SA"], grades=[7]), now)
    city, grade7 = w["city"], w["grade7"]
    play(city, w["a1_1"], now, correct=4)             # 4 × 5 = 20
    play(city, w["a1_2"], now, correct=2, wrong=2)    # 10
    play(city, w["a2_1"], now, correct=3, wrong=1)    # 15
    play(city, w["b1_1"], now, correct=1, wrong=3)    # 5
    play(city, w["c1_1"], now, correct=4)             # 20
    play(grade7, w["a1_1"], now, correct=3)           # 15
    play(grade7, w["a1_3"], now, correct=1, wrong=2)  # 5
    for school, hours, people, installs, status in (
            (sa, "2.0", 30, 5, "approved"), (sa, "1.5", 10, 0, "pending"),
            (sc, "3.0", 50, 12, "approved")):
        team = db.session.query(VolunteerTeam).filter_by(school_id=school.id).first()
        if team is None:
            team = VolunteerTeam(school_id=school.id, name=f"{school.name}志愿队")
            db.session.add(team)
            db.session.flush()
        activity = Activity(school_id=school.id, team_id=team.id, kind="community",
                            occurred_on=now.date(), place="社区", hours=Decimal(hours),
                            people_reached=people, app_installs=installs, status=status)
        db.session.add(activity)
        db.session.flush()
        first = w["a1_1"] if school is sa else w["c1_1"]
        db.session.add(ActivityParticipant(activity_id=activity.id, student_id=first.id))
    db.session.commit()
    return w
