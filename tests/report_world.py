"""A small city for report tests: two districts, three schools, two contests with results,
volunteer activity; figures small enough to count by hand and check against SQL."""

from __future__ import annotations

from datetime import timedelta

from quiz.extensions import db
from quiz.models import Role


def build_city(make, now) -> dict:
    make.bank("demo", 4)
    make.bank("phish", 4)
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
    window = {"now": now, "opens_at": now - timedelta(minutes=5),
              "closes_at": now + timedelta(hours=2)}
    w["city"] = make.contest(w["bureau"], title="全市反诈知识竞赛",
                             draw=[("demo", 2, (1,)), ("phish", 2, (1,))], city_wide=True,
                             **window)
    w["grade7"] = make.contest(w["admin_a"], title="东湖一中七年级赛", draw=[("demo", 3, (1,))],
                               school_codes=["SA"], grades=[7], **window)
    city, grade7 = w["city"], w["grade7"]
    for contest, key, right, wrong in (
            (city, "a1_1", 4, 0),     # 4 × 5 = 20
            (city, "a1_2", 2, 2),     # 10
            (city, "a2_1", 3, 1),     # 15
            (city, "b1_1", 1, 3),     # 5
            (city, "c1_1", 4, 0),     # 20
            (grade7, "a1_1", 3, 0),   # 15
            (grade7, "a1_3", 1, 2)):  # 5
        make.attempt(contest, w[key], right=right, wrong=wrong, now=now)
    for school, hours, people, installs, status in (
            (sa, "2.0", 30, 5, "approved"), (sa, "1.5", 10, 0, "pending"),
            (sc, "3.0", 50, 12, "approved")):
        first = w["a1_1"] if school is sa else w["c1_1"]
        make.activity(school, [first], hours=hours, people=people, installs=installs,
                      status=status, on=now.date(), place="社区", description="")
    return w
