"""`flask --app quiz schools add`, `users create` and `users clear-login-wait`."""

from __future__ import annotations

import re
import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from quiz.auth import identity
from quiz.auth.throttle import login_backoff
from quiz.extensions import db
from quiz.models import District, Role, School, SchoolClass, SchoolLevel, StaffUser

schools_cli = AppGroup("schools", help="Manage schools.")
users_cli = AppGroup("users", help="Manage staff accounts.")

SCHOOL_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,19}$")
USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,64}$")
STAFF_ROLES = (Role.BUREAU_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER)
CLASS_SPEC = re.compile(r"^(\d{1,2})[/:](.{1,50})$")


def fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def get_or_create_district(name: str) -> District:
    district = db.session.scalar(select(District).where(District.name == name))
    if district is None:
        district = District(name=name)
        db.session.add(district)
    return district


@schools_cli.command("add")
@click.option("--code", required=True, help="School code students type at login, e.g. JH01.")
@click.option("--name", required=True)
@click.option("--district", required=True, help="District (区县) name; created if new.")
@click.option("--level", required=True, type=click.Choice([level.value for level in SchoolLevel]))
def add_school(code: str, name: str, district: str, level: str) -> None:
    """Add a school."""
    code = code.strip().upper()
    if not SCHOOL_CODE.match(code):
        fail(f"error: school code {code!r} must be 2-20 letters, digits or '-'")
    if not name.strip() or not district.strip():
        fail("error: --name and --district must not be empty")
    if db.session.scalar(select(School).where(School.code == code)):
        fail(f"error: a school with code {code} already exists")
    school = School(code=code, name=name.strip(), level=level,
                    district=get_or_create_district(district.strip()))
    db.session.add(school)
    db.session.commit()
    click.echo(f"added school {school.code} {school.name} ({school.district.name}, {level})")


def _parse_classes(school: School, specs: tuple[str, ...]) -> list[SchoolClass]:
    classes = []
    for spec in specs:
        match = CLASS_SPEC.match(spec.strip())
        if not match:
            fail(f"error: --class {spec!r} must look like GRADE/NAME, e.g. 7/2班")
        grade, name = int(match.group(1)), match.group(2).strip()
        school_class = db.session.scalar(select(SchoolClass).where(
            SchoolClass.school_id == school.id, SchoolClass.grade == grade,
            SchoolClass.name == name))
        if school_class is None:
            school_class = SchoolClass(school=school, grade=grade, name=name)
            db.session.add(school_class)
        classes.append(school_class)
    return classes


@users_cli.command("create")
@click.option("--role", required=True,
              type=click.Choice([r.value for r in STAFF_ROLES]))
@click.option("--username", required=True)
@click.option("--password", required=True)
@click.option("--school", "school_code", help="School code (school admins and teachers).")
@click.option("--name", default="", help="Display name; defaults to the username.")
@click.option("--class", "class_specs", multiple=True,
              help="A class the teacher teaches, as GRADE/NAME (e.g. 7/2班); repeatable.")
def create_user(role: str, username: str, password: str, school_code: str | None, name: str,
                class_specs: tuple[str, ...]) -> None:
    """Add a staff account."""
    if not USERNAME.match(username):
        fail("error: username must be 3-64 letters, digits, '_', '.' or '-'")
    if len(password) < 8:
        fail("error: password must be at least 8 characters")
    if db.session.scalar(select(StaffUser).where(StaffUser.username == username)):
        fail(f"error: username {username} is taken")
    school = None
    if role == Role.BUREAU_ADMIN:
        if school_code or class_specs:
            fail("error: a bureau admin belongs to no school; drop --school/--class")
    else:
        if not school_code:
            fail(f"error: --school is required for {role}")
        school = db.session.scalar(select(School).where(School.code == school_code.upper()))
        if school is None:
            fail(f"error: no school with code {school_code}")
    if class_specs and role != Role.TEACHER:
        fail("error: --class is for teachers")
    user = StaffUser(username=username, name=name.strip() or username, role=role, school=school,
                     classes=_parse_classes(school, class_specs) if class_specs else [])
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    where = f" at {school.code}" if school else ""
    click.echo(f"created {role} {username}{where}")


@users_cli.command("clear-login-wait")
@click.option("--username", required=True, help="The staff account whose login wait ends.")
def clear_login_wait(username: str) -> None:
    """End a staff account's login backoff at every address (the operator's override; it
    reaches the running servers through the shared QUIZ_REDIS_URL store)."""
    name = identity.staff_username(username)
    if db.session.scalar(select(StaffUser).where(StaffUser.username == name)) is None:
        fail(f"error: no staff account {name}")
    login_backoff().forget_account(identity.staff_account_key(name))
    click.echo(f"cleared the login wait of {name}")
