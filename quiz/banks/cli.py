"""`flask --app quiz banks validate|import PATH…`."""

from __future__ import annotations

import sys
from collections.abc import Iterable

import click
from flask.cli import AppGroup

from quiz.banks.importer import import_bank_files
from quiz.banks.validation import BankFile, validate_paths
from quiz.extensions import db
from quiz.models import utcnow

banks_cli = AppGroup("banks", help="Check, import and convert question-bank files.")


def validated_or_exit(paths: Iterable[str]) -> list[BankFile]:
    """The parsed files; on any problem, every problem on stderr and exit 1."""
    files, problems = validate_paths(paths)
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(problems)} problem(s) found; nothing was imported.", err=True)
        sys.exit(1)
    return files


@banks_cli.command("validate")
@click.argument("paths", nargs=-1, required=True)
def validate_command(paths: tuple[str, ...]) -> None:
    """Check bank files or folders; one line per problem: FILE:LINE: question ID: …"""
    files = validated_or_exit(paths)
    count = sum(len(bank.questions) for bank in files)
    click.echo(f"ok: {len(files)} file(s), {count} question(s)")


@banks_cli.command("import")
@click.argument("paths", nargs=-1, required=True)
def import_command(paths: tuple[str, ...]) -> None:
    """Validate every file, then import all of them in one transaction (or nothing)."""
    files = validated_or_exit(paths)
    try:
        with click.progressbar(length=len(files), label="importing", file=sys.stderr) as bar:
            summary = import_bank_files(db.session, files, now=utcnow(),
                                        on_file=lambda _bank: bar.update(1))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    click.echo(summary.line())
