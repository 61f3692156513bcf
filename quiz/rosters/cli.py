"""`flask --app quiz roster import FILE --school CODE`."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import School
from quiz.rosters.importer import ImportPlan, apply_import, check_roster

roster_cli = AppGroup("roster", help="Import class rosters (students) from CSV or XLSX files.")

PROGRESS_FROM = 50  # rows; smaller files finish before a bar would be any use


def _plan_or_exit(file: Path, school: School) -> ImportPlan:
    """Parse and plan; on any problem list them all on stderr and exit 1."""
    plan, problems = check_roster(school, file.name, file.read_bytes(), actor=None)
    if plan is None:
        for problem in problems:
            click.echo(f"{file}: {problem}", err=True)
        click.echo(f"{len(problems)} problem(s) found; nothing was imported.", err=True)
        sys.exit(1)
    return plan


@roster_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--school", "school_code", required=True, help="Code of the school, e.g. JH01.")
def import_command(file: Path, school_code: str) -> None:
    """Import students from FILE (columns 学号, 姓名, 年级, 班级, optional 初始密码).

    All or nothing: any problem is listed with its row number and nothing is written.
    Students already in the school (same 学号) are updated; students not in the file are
    left alone. Missing classes are created.
    """
    school = db.session.scalar(select(School).where(School.code == school_code.strip().upper()))
    if school is None:
        click.echo(f"error: no school with code {school_code!r}", err=True)
        sys.exit(1)
    plan = _plan_or_exit(file, school)
    with contextlib.ExitStack() as stack:
        on_row = None
        if len(plan.rows) > PROGRESS_FROM:
            bar = stack.enter_context(click.progressbar(
                length=len(plan.rows), label="importing", file=sys.stderr))
            on_row = lambda _row: bar.update(1)  # noqa: E731 - a one-line callback
        result = apply_import(plan, on_row=on_row)

    for label in result.created_classes:
        click.echo(f"created class {label}")
    if result.passwords:
        click.echo(
            f"{len(result.passwords)} new student(s) got a random initial password, shown "
            "nowhere. Print login slips (this issues fresh passwords) on the web pages:")
        for class_id, label in result.password_classes:
            click.echo(f"  {label}: /admin/classes/{class_id}/slips")
    click.echo(f"roster: {result.new} new, {result.changed} changed, "
               f"{result.unchanged} unchanged")
