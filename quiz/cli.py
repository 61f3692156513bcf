"""Registers every feature's commands on the `flask --app quiz` command line."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    from quiz.admin.cli import schools_cli, users_cli
    from quiz.banks.cli import banks_cli
    from quiz.banks.convert.cli import convert_command, export_command, template_command
    from quiz.contests.cli import contests_cli
    from quiz.demo.cli import demo_command
    from quiz.item_analysis.cli import stats_command
    from quiz.leaderboards.cli import leaderboards_cli
    from quiz.reports.cli import report_cli
    from quiz.rosters.cli import roster_cli

    for command in (convert_command, export_command, template_command, stats_command):
        banks_cli.add_command(command)
    for command in (banks_cli, schools_cli, users_cli, roster_cli, contests_cli, demo_command,
                    report_cli):
        app.cli.add_command(command)
    app.cli.add_command(leaderboards_cli)
