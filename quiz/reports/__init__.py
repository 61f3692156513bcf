"""Participation reports and the bureau's dashboard (DESIGN.md §2 Reports, §3.1, §3.2).

filters.py (pure: raw strings → validated filters), scope.py (who may report on what),
queries.py (grouped SQL), rollup.py (pure: class figures → school/district/city/contest),
build.py (one report for CLI, API and pages), frames.py (DataFrames with Chinese headers),
workbook.py (XLSX/CSV), charts.py (pure SVG), cli.py, routes.py.
"""
