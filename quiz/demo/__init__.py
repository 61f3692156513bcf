"""`flask --app quiz demo`: a small demo city to try every page with.

cli.py runs the builders in order: city.py (districts, schools, classes, people), contests.py,
gamification.py (practice history), volunteers.py, leaderboards.py (the season). Every builder
is `build(session, now) -> int`, the number of new things it made, and is idempotent: running
the demo twice adds nothing.
"""
