"""`flask --app quiz demo`: a small demo city to try every page with.

Idempotent: everything is looked up by its code, username or student number first, so running
it twice adds nothing. Later features (contests, results, volunteers) extend `build_demo_city`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import select

from quiz.banks.cli import validated_or_exit
from quiz.banks.importer import import_bank_files
from quiz.demo_contests import build_demo_contests
from quiz.demo_gamification import build_demo_gamification
from quiz.demo_leaderboards import build_demo_leaderboards
from quiz.demo_volunteers import build_demo_volunteers
from quiz.extensions import db
from quiz.models import District, Role, School, SchoolClass, StaffUser, Student, utcnow
from quiz.passwords import hash_password

# Published in the README: the demo city is for trying the app, never for real pupils.
STAFF_PASSWORD = "demo-2026"  # noqa: S105
STUDENT_PASSWORD = "123456"  # noqa: S105
STUDENTS_PER_CLASS = 30

# (district, code, name, level, classes as (grade, name))
SCHOOLS = [
    ("东湖区", "DH01", "东湖区实验小学", "primary", [(5, "1班"), (5, "2班"), (6, "1班")]),
    ("东湖区", "DH02", "东湖区第一初级中学", "junior", [(7, "1班"), (7, "2班"), (8, "1班")]),
    ("西山区", "XS01", "西山区第二高级中学", "senior", [(10, "1班"), (10, "2班"), (11, "1班")]),
    ("西山区", "XS02", "西山区职业技术学校", "vocational", [(10, "1班"), (10, "2班"), (11, "1班")]),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董"
GIVEN = "子涵浩宇欣怡梓轩雨桐思远佳琪俊杰嘉怡一诺明轩诗涵宇航梦瑶晨曦若曦子墨天佑雅琪家豪"


@dataclass
class DemoCounts:
    created: int = 0


def default_banks_path() -> Path:
    configured = current_app.config.get("BANKS_PATH")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parent.parent / "question_banks"


def _student_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _get_or_create(model, counts: DemoCounts, lookup: dict, **values):
    obj = db.session.scalar(select(model).filter_by(**lookup))
    if obj is None:
        obj = model(**lookup, **values)
        db.session.add(obj)
        db.session.flush()
        counts.created += 1
    return obj


def build_demo_city(counts: DemoCounts) -> None:
    """Districts, schools, classes, students and staff; no existing row is touched."""
    student_hash = hash_password(STUDENT_PASSWORD, for_student=True)
    staff_hash = hash_password(STAFF_PASSWORD, for_student=False)
    _get_or_create(StaffUser, counts, {"username": "bureau"}, name="市教育局管理员",
                   role=Role.BUREAU_ADMIN.value, password_hash=staff_hash)
    for district_name, code, name, level, class_specs in SCHOOLS:
        district = _get_or_create(District, counts, {"name": district_name})
        school = _get_or_create(School, counts, {"code": code}, name=name, level=level,
                                district=district)
        _get_or_create(StaffUser, counts, {"username": f"{code.lower()}-admin"},
                       name=f"{name}管理员", role=Role.SCHOOL_ADMIN.value, school=school,
                       password_hash=staff_hash)
        rng = random.Random(code)  # noqa: S311 (same names on every machine and run)
        for index, (grade, class_name) in enumerate(class_specs, start=1):
            school_class = _get_or_create(SchoolClass, counts, {
                "school_id": school.id, "grade": grade, "name": class_name})
            teacher = _get_or_create(
                StaffUser, counts, {"username": f"{code.lower()}-t{index}"},
                name=f"{rng.choice(SURNAMES)}老师", role=Role.TEACHER.value, school=school,
                password_hash=staff_hash)
            if school_class not in teacher.classes:
                teacher.classes.append(school_class)
            for number in range(1, STUDENTS_PER_CLASS + 1):
                student_no = f"{grade:02d}{index:02d}{number:02d}"
                _get_or_create(Student, counts, {"school_id": school.id, "student_no": student_no},
                               name=_student_name(rng), school_class=school_class,
                               password_hash=student_hash)


def print_logins() -> None:
    first = db.session.scalar(
        select(Student).join(School).where(School.code == "DH02").order_by(Student.student_no))
    click.echo("")
    click.echo("Demo logins (教师/管理员 at /staff/login, 学生 at /login):")
    click.echo(f"  教育局管理员  bureau / {STAFF_PASSWORD}")
    click.echo(f"  学校管理员    dh02-admin / {STAFF_PASSWORD}")
    click.echo(f"  教师          dh02-t1 / {STAFF_PASSWORD}  (7年级 1班)")
    if first is not None:
        click.echo(f"  学生          学校代码 DH02, 学号 {first.student_no}, "
                   f"密码 {STUDENT_PASSWORD}")
    click.echo("  Every demo student's password is 123456; other schools: DH01, XS01, XS02.")


@click.command("demo")
@with_appcontext
@click.option("--serve", is_flag=True, help="Start the development server afterwards.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def demo_command(serve: bool, host: str, port: int) -> None:
    """Prepare a demo city (migrate, import banks, schools, classes, people); print the logins."""
    upgrade()
    files = validated_or_exit([str(default_banks_path())])
    summary = import_bank_files(db.session, files, now=utcnow())
    counts = DemoCounts()
    build_demo_city(counts)
    db.session.commit()
    click.echo(f"banks {summary.line()}")
    click.echo(f"demo city ready: {counts.created} new records")
    contests = build_demo_contests(db.session, utcnow())
    click.echo(f"demo contests ready: {contests} new (one open now, one closed with results)")
    click.echo(f"demo practice: {build_demo_gamification(db.session, utcnow())} students")
    click.echo(f"demo volunteers: {build_demo_volunteers(db.session, utcnow())} new activities")
    click.echo(f"demo season: {build_demo_leaderboards(db.session, utcnow())}")
    print_logins()
    if serve:
        from werkzeug.serving import run_simple

        click.echo(f"\nServing on http://{host}:{port}/  (Ctrl+C to stop)")
        run_simple(host, port, current_app._get_current_object(), threaded=True,
                   use_reloader=False)
