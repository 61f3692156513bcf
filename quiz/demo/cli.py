"""`flask --app quiz demo`: migrate, import the banks, run every demo builder, print the logins."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import select

from quiz.banks.cli import validated_or_exit
from quiz.banks.importer import import_bank_files
from quiz.demo import city, contests, gamification, guard, leaderboards, volunteers
from quiz.demo.city import STAFF_PASSWORD, STUDENT_PASSWORD
from quiz.extensions import db
from quiz.models import School, Student, utcnow

# In order (contests need the city, the season needs the contests' results); each line is
# printed with the builder's count.
BUILDERS = (
    (city.build, "demo city ready: {} new records"),
    (contests.build, "demo contests ready: {} new (one open now, one closed with results)"),
    (gamification.build, "demo practice: {} students"),
    (volunteers.build, "demo volunteers: {} new activities"),
    (leaderboards.build, f"demo season {leaderboards.SEASON_NAME}: {{}} new, boards rebuilt"),
)


def default_banks_path() -> Path:
    configured = current_app.config.get("BANKS_PATH")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "question_banks"


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
@click.option("--yes-demo", "yes_demo", is_flag=True,
              help="Also on a database that holds other data: adds accounts with published "
                   "passwords.")
def demo_command(serve: bool, host: str, port: int, yes_demo: bool) -> None:
    """Prepare a demo city (migrate, import banks, schools, classes, people); print the logins.

    Refuses a database that already holds data the demo did not make, unless --yes-demo.
    """
    if not guard.may_run(db.engine, confirmed=yes_demo, username="bureau",
                         password=STAFF_PASSWORD):
        raise click.ClickException(
            "数据库中已有数据（学校、账号、学生、题库或竞赛），demo 会在其中加入密码公开的"
            "演示账号，因此没有执行。请换一个空数据库（如 QUIZ_DATABASE_URL 指向新文件），"
            "或确认后加上 --yes-demo。")
    upgrade()
    files = validated_or_exit([str(default_banks_path())])
    summary = import_bank_files(db.session, files, now=utcnow())
    click.echo(f"banks {summary.line()}")
    for build, line in BUILDERS:
        made = build(db.session, utcnow())
        db.session.commit()
        click.echo(line.format(made))
    print_logins()
    if serve:
        from werkzeug.serving import run_simple

        click.echo(f"\nServing on http://{host}:{port}/  (Ctrl+C to stop)")
        run_simple(host, port, current_app._get_current_object(), threaded=True,
                   use_reloader=False)
