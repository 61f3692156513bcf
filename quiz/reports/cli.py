"""`flask --app quiz report participation -o FILE [--contest ID] [--from DATE --to DATE]
[--district D]`: the bureau's report for the whole city or one district."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask.cli import AppGroup

from quiz import clock
from quiz.errors import DomainError
from quiz.extensions import db
from quiz.reports.build import build_report
from quiz.reports.filters import format_for_path, parse_filters
from quiz.reports.output import render
from quiz.reports.scope import resolve

report_cli = AppGroup("report", help="Participation reports (XLSX or CSV).")


def _progress(label: str, seconds: float) -> None:
    click.echo(f"  {label}: {seconds:.2f} s", err=True)


@report_cli.command("participation")
@click.option("-o", "--output", "output", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="File to write: .xlsx (all sheets) or .csv (the school summary).")
@click.option("--contest", default=None, help="Only this contest (its id).")
@click.option("--from", "date_from", default=None, help="Contests opening on or after this "
              "day (YYYY-MM-DD, city time); also limits volunteer activity.")
@click.option("--to", "date_to", default=None, help="Contests opening on or before this day.")
@click.option("--district", default=None, help="Only this district (its name).")
def participation_command(output: Path, contest: str | None, date_from: str | None,
                          date_to: str | None, district: str | None) -> None:
    """Write the participation report: sheets 区县汇总, 学校汇总, 班级汇总, 题型正确率, 志愿服务.

    Aggregates only (no student names). Exit 1 with a message for bad input: an unknown contest
    or district, a malformed date, an end before the start, an ending other than .xlsx/.csv.
    """
    started = time.perf_counter()
    try:
        fmt = format_for_path(output.name)
        filters = parse_filters(contest=contest, date_from=date_from, date_to=date_to,
                                district=district)
        scope = resolve(db.session, None, filters)
    except DomainError as error:
        click.echo(f"error: {error.message}", err=True)
        sys.exit(1)
    zone = clock.city_zone()
    click.echo(f"building the report for {scope.label} …", err=True)
    report = build_report(db.session, scope, zone, progress=_progress)
    today = clock.city_today().isoformat()
    rendering = time.perf_counter()
    download = render(report, fmt, today)
    _progress(f"writing {fmt}", time.perf_counter() - rendering)
    try:
        output.write_bytes(download.data)
    except OSError as error:
        click.echo(f"error: cannot write {output}: {error.strerror}", err=True)
        sys.exit(1)
    city = report.figures.city
    click.echo(f"wrote {output} ({len(download.data):,} bytes): {city.schools} schools, "
               f"{city.classes} classes, {city.enrolled} enrolled, {city.participants} took part "
               f"in {time.perf_counter() - started:.2f} s")
