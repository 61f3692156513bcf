"""Time the volunteer tallies and boards on a city-sized volunteer log, on PostgreSQL.

    .venv/bin/python bench/volunteers.py [--url postgresql://postgres@127.0.0.1:5432/quiz_vol_city]
                                         [--force]

Builds (once; `--force` rebuilds) its own database with 10 districts, 400 schools, 100,000
students, a team in every school with a quarter of its students as members, and 100 activities
per school over a school year (85 % approved, 10 % pending, 5 % rejected) with 1 to 6
participants each: 40,000 activities and about 140,000 participations. Then it runs every tally
and both boards three times and prints the best time of each, and last
`volunteers: N s slowest (NAME), peak N MB`.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import psycopg
from citygen import copy_rows  # bench/citygen.py (the script's own folder is on sys.path)
from common import database_name, database_url, ensure_database, make_app

DEFAULT_URL = database_url("quiz_vol_city")
SCHOOLS, STUDENTS, CLASS_SIZE, ACTIVITIES_PER_SCHOOL = 400, 100_000, 40, 100
KINDS = ("community", "family", "campus", "enterprise", "office", "leaflets", "talk",
         "short_video", "app_install", "other")


def build(url: str) -> None:
    rng = random.Random(7)  # noqa: S311 (benchmark data)
    now = datetime.now(UTC)
    start = date(2025, 12, 1)
    with psycopg.connect(url) as connection:
        copy_rows(connection, "district", ["id", "name"],
                  ((i, f"区{i}") for i in range(1, 11)))
        copy_rows(connection, "school", ["id", "code", "name", "level", "district_id",
                                         "mask_names"],
                  ((i, f"V{i:04d}", f"学校{i}", "junior", 1 + i % 10, True)
                   for i in range(1, SCHOOLS + 1)))
        per_school = STUDENTS // SCHOOLS
        classes, students, school_students = [], [], {}
        class_id = student_id = 0
        for school in range(1, SCHOOLS + 1):
            ids = []
            for index in range(per_school // CLASS_SIZE + 1):
                class_id += 1
                classes.append((class_id, school, 7 + index % 3, f"{index + 1}班"))
                for _n in range(CLASS_SIZE if index < per_school // CLASS_SIZE
                                else per_school % CLASS_SIZE):
                    student_id += 1
                    ids.append(student_id)
                    students.append((student_id, school, class_id, f"{student_id:06d}",
                                     "张小明", "x", True, now))
            school_students[school] = ids
        copy_rows(connection, "school_class", ["id", "school_id", "grade", "name"], classes)
        copy_rows(connection, "student", ["id", "school_id", "class_id", "student_no", "name",
                                          "password_hash", "active", "created_at"], students)
        copy_rows(connection, "volunteer_team", ["id", "school_id", "name", "created_at"],
                  ((s, s, f"学校{s}志愿者队", now) for s in range(1, SCHOOLS + 1)))
        members, activities, participants = [], [], []
        member_id = activity_id = 0
        for school, ids in school_students.items():
            team = rng.sample(ids, len(ids) // 4)
            for sid in team:
                member_id += 1
                members.append((member_id, school, sid, "member", "active", now))
            for _a in range(ACTIVITIES_PER_SCHOOL):
                activity_id += 1
                roll = rng.random()
                status = "approved" if roll < 0.85 else "pending" if roll < 0.95 else "rejected"
                people = rng.randint(5, 300)
                activities.append((
                    activity_id, school, school, rng.choice(KINDS),
                    start + timedelta(days=rng.randint(0, 300)), "社区", Decimal(
                        rng.choice(("1", "1.5", "2", "2.5", "3", "4"))), people,
                    rng.randint(0, people // 4), "", status, now, now))
                for sid in rng.sample(team, rng.randint(1, 6)):
                    participants.append((activity_id, sid))
        copy_rows(connection, "team_member", ["id", "team_id", "student_id", "role", "status",
                                              "requested_at"], members)
        copy_rows(connection, "volunteer_activity", [
            "id", "school_id", "team_id", "kind", "occurred_on", "place", "hours",
            "people_reached", "app_installs", "description", "status", "created_at",
            "updated_at"], activities)
        copy_rows(connection, "volunteer_activity_participant", ["activity_id", "student_id"],
                  participants)
        connection.execute("ANALYZE")
        print(f"built: {len(students):,} students, {len(activities):,} activities, "
              f"{len(participants):,} participations", flush=True)


def measure(app) -> None:
    from quiz.extensions import db
    from quiz.models.org import Role, School, StaffUser
    from quiz.volunteers import boards, tallies

    bureau = StaffUser(role=Role.BUREAU_ADMIN.value, name="bench", username="bench")
    runs = {
        "student_tallies (city top 40)": lambda s: tallies.student_tallies(s, limit=40),
        "student_tallies (one school)": lambda s: tallies.student_tallies(s, school_ids=[7]),
        "class_tallies (city)": lambda s: tallies.class_tallies(s),
        "school_tallies (city)": lambda s: tallies.school_tallies(s),
        "district_tallies (city)": lambda s: tallies.district_tallies(s),
        "school_tallies (district, term)": lambda s: tallies.school_tallies(
            s, district_id=3, date_from=date(2026, 3, 1), date_to=date(2026, 7, 15)),
        "city_board": lambda s: boards.city_board(s, bureau),
        "school_board": lambda s: boards.school_board(s, s.get(School, 7), bureau),
    }
    slowest = ("", 0.0)
    with app.app_context():
        for name, run in runs.items():
            best = min(_timed(run, db.session) for _ in range(3))
            print(f"{name}: {best * 1000:.0f} ms", flush=True)
            if best > slowest[1]:
                slowest = (name, best)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"volunteers: {slowest[1]:.2f} s slowest ({slowest[0]}), peak {peak_mb:.0f} MB")


def _timed(run, session) -> float:
    started = time.perf_counter()
    run(session)
    elapsed = time.perf_counter() - started
    session.rollback()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("QUIZ_VOL_CITY_URL", DEFAULT_URL))
    parser.add_argument("--force", action="store_true", help="drop and rebuild the database")
    args = parser.parse_args()
    ensure_database(args.url, args.force)
    app = make_app(args.url)
    with psycopg.connect(args.url) as connection:
        has_schema = connection.execute(
            "SELECT to_regclass('volunteer_activity') IS NOT NULL").fetchone()[0]
        built = has_schema and connection.execute(
            "SELECT count(*) FROM volunteer_activity").fetchone()[0] > 0
    if not built:
        from flask_migrate import upgrade

        with app.app_context():
            upgrade()
        print(f"building {database_name(args.url)} …", flush=True)
        build(args.url)
    measure(app)


if __name__ == "__main__":
    main()
