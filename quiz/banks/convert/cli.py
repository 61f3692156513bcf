"""`flask --app quiz banks convert|export|template`: Excel and Moodle GIFT to and from bank YAML.

The commands join the existing `banks` group (quiz/banks/cli.py imports this module at its end).
As with `banks validate`, every problem goes to stderr on its own line and the command exits 1
having written nothing; a file is written whole or not at all (a temporary file, then a rename).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from quiz.banks.convert import convert_source
from quiz.banks.convert.writer import bank_to_gift, bank_to_xlsx, template_xlsx
from quiz.banks.validation import BankScamType, parse_bank
from quiz.i18n import _

YAML_SUFFIXES = (".yaml", ".yml")
GIFT_SUFFIXES = (".gift", ".txt")
XLSX_SUFFIXES = (".xlsx",)

_INPUT = click.Path(exists=True, dir_okay=False, path_type=Path)
_OUTPUT = click.Path(dir_okay=False, path_type=Path)


@click.command("convert")
@click.argument("source", type=_INPUT)
@click.option("-o", "--output", required=True, type=_OUTPUT, help="The bank file to write (.yaml).")
@click.option("--scam-type", "code", help="Scam type code; question ids become CODE-001, CODE-002…")
@click.option("--name", help="The scam type's name (scam_type.name), e.g. 冒充客服诈骗.")
@click.option("--summary", help="The scam type's summary (scam_type.summary).")
def convert_command(
    source: Path, output: Path, code: str | None, name: str | None, summary: str | None
) -> None:
    """Convert an Excel sheet (.xlsx), a Moodle GIFT file or a bank YAML file into bank YAML.

    Nothing is written unless every question converts and the result passes `banks validate`.
    Question kinds a bank cannot hold (essay, matching…) are listed on stderr and left out.
    """
    _check_suffix(output, YAML_SUFFIXES)
    conversion = convert_source(
        str(source),
        source.read_bytes(),
        code=code,
        name=name,
        summary=summary,
        existing=_existing_scam_type(output),
    )
    for skipped in conversion.skipped:
        click.echo(str(skipped), err=True)
    for note in conversion.notes:
        click.echo(f"note: {note}", err=True)
    if conversion.problems or conversion.bank is None:
        _fail(conversion.problems)
    _write(output, conversion.yaml_text.encode("utf-8"))
    if conversion.skipped:
        click.echo(f"skipped: {len(conversion.skipped)} unsupported questions", err=True)
    click.echo(f"converted: {len(conversion.bank.questions)} questions -> {output}")


@click.command("export")
@click.argument("source", type=_INPUT)
@click.option(
    "-o",
    "--output",
    required=True,
    type=_OUTPUT,
    help="The file to write: .xlsx (the Excel template) or .gift/.txt (GIFT).",
)
def export_command(source: Path, output: Path) -> None:
    """Export a bank YAML file to the Excel template or to Moodle GIFT, by OUTPUT's extension."""
    _check_suffix(output, XLSX_SUFFIXES + GIFT_SUFFIXES)
    bank, problems = parse_bank(str(source), source.read_bytes())
    if bank is None:
        _fail(problems)
    if output.suffix.lower() in XLSX_SUFFIXES:
        data = bank_to_xlsx(bank)
    else:
        data = bank_to_gift(bank).encode("utf-8")
        if any(q.tags or q.audience is not None or q.source for q in bank.questions):
            click.echo(
                "note: " + _("GIFT 不保存标签、学段和出处，转换回题库时它们会丢失。"), err=True
            )
        if any(q.dialogue for q in bank.questions):
            click.echo("note: " + _("对话已并入题干（每句一行“说话人：内容”）。"), err=True)
    _write(output, data)
    click.echo(f"exported: {len(bank.questions)} questions -> {output}")


@click.command("template")
@click.option("-o", "--output", required=True, type=_OUTPUT, help="The file to write (.xlsx).")
def template_command(output: Path) -> None:
    """Write the blank Excel question template, with an example row and a 说明 sheet."""
    _check_suffix(output, XLSX_SUFFIXES)
    _write(output, template_xlsx())
    click.echo(f"template: -> {output}")


def _check_suffix(output: Path, allowed: tuple[str, ...]) -> None:
    if output.suffix.lower() not in allowed:
        raise click.BadParameter(
            _("文件扩展名应为 %(allowed)s。", allowed="、".join(allowed)), param_hint="'-o'"
        )


def _existing_scam_type(output: Path) -> BankScamType | None:
    """The scam type of the valid bank OUTPUT already holds, so re-converting keeps it."""
    try:
        data = output.read_bytes()
    except OSError:
        return None
    bank, _problems = parse_bank(str(output), data)
    return bank.scam_type if bank is not None else None


def _fail(problems: Iterable[object]) -> None:
    problems = list(problems)
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s) found; nothing was written.", err=True)
    sys.exit(1)


def _write(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all: a temporary file beside it, then a rename."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        click.echo(
            f"{path}: " + _("无法写入文件：%(error)s", error=error.strerror or error), err=True
        )
        sys.exit(1)
