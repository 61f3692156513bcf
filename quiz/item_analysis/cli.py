"""`flask --app quiz banks stats [--contest ID] [--type CODE] -o FILE.xlsx`: the item analysis
of every bank (or one scam type), over all contests or one, as a spreadsheet."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from sqlalchemy import select

from quiz.extensions import db
from quiz.item_analysis.export import to_workbook
from quiz.item_analysis.rules import MIN_ATTEMPTS
from quiz.item_analysis.stats import item_rows
from quiz.models import Contest, ScamType


@click.command("stats")
@click.option("--contest", "contest_id", type=click.IntRange(min=1),
              help="Only this contest's finished attempts (default: every contest).")
@click.option("--type", "scam_type", metavar="CODE", help="Only this scam type's questions.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The XLSX file to write.")
def stats_command(contest_id: int | None, scam_type: str | None, output: Path) -> None:
    """Facility, discrimination and option spread of every question version asked."""
    if output.suffix.lower() != ".xlsx":
        raise click.BadParameter("the output must be an .xlsx file", param_hint="-o")
    contest = db.session.get(Contest, contest_id) if contest_id is not None else None
    if contest_id is not None and contest is None:
        raise click.BadParameter(f"no contest {contest_id}", param_hint="--contest")
    types = None
    if scam_type is not None:
        if db.session.scalar(select(ScamType.id).where(ScamType.code == scam_type)) is None:
            raise click.BadParameter(f"no scam type {scam_type!r}", param_hint="--type")
        types = select(ScamType).where(ScamType.code == scam_type)
    started = time.perf_counter()
    click.echo("computing item statistics…", err=True)
    rows = item_rows(db.session, scam_types=types, contest_id=contest_id)
    click.echo(f"  {len(rows)} question versions in {time.perf_counter() - started:.2f} s",
               err=True)
    scope = f"竞赛「{contest.title}」" if contest is not None else "全部竞赛"
    description = (f"{scope}已交卷的答题；通过率、区分度（与其余题目得分的相关系数）、"
                   f"各选项选择率。满 {MIN_ATTEMPTS} 人次才提示过易、过难、区分度低。")
    output.write_bytes(to_workbook(rows, description))
    flagged = sum(1 for row in rows if row.flags)
    click.echo(f"stats: {len(rows)} versions, {flagged} flagged, written to {output}")
    sys.stdout.flush()
