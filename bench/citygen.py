"""Fill a PostgreSQL database with a city of contest-scale data, for the benchmarks.

    .venv/bin/python bench/citygen.py [--url postgresql://postgres@127.0.0.1:5432/quiz_city]
                                      [--students 100000] [--force]

The URL also comes from QUIZ_CITY_URL; the database is created if missing and its schema made
with the migrations (`flask db upgrade`). What it builds, at the default size:

- 10 districts, 400 schools of all five levels (160 primary, 100 junior, 60 senior,
  40 vocational, 40 college), classes of about 40, 100,000 students; a school admin per school
  and a teacher per class; a bureau admin `city-bureau`. Passwords: staff `city-2026`,
  students `123456`.
- the real question banks (question_banks/), imported;
- the season 2026秋季学期 (2026-09-01 to 2027-01-31) and three contests with shared 20-question
  papers: a closed city-wide one (60 % of students finished), a closed one over three districts
  (80 %) and one open now over about a fifth of the schools (80 %, three attempts allowed, so
  benchmarks can keep finishing attempts in it): about 100,000 finished attempts with
  2,000,000 saved answers;
- the leaderboard standings, accuracy and item-analysis tallies, rebuilt from the attempts
  (quiz.rankings.standings, quiz.reports.tallies, quiz.item_analysis.tallies).

Rows go in with COPY. It takes a few minutes on 2 cores and prints its progress. Run again, it
sees the city is there and stops (exit 0); `--force` drops the database and builds it anew.
Prints last `city: N students, N schools, N attempts, N answers in DATABASE`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from datetime import UTC, datetime, timedelta

import common  # bench/common.py (the script's own folder is on sys.path)
import psycopg
from common import ROOT, database_name, ensure_database, make_app

DEFAULT_URL = common.database_url("quiz_city")
STAFF_PASSWORD = "city-2026"  # noqa: S105 (published: a benchmark city, no real people)
STUDENT_PASSWORD = "123456"  # noqa: S105
SEASON = ("2026秋季学期", "2026-09-01", "2027-01-31")
LEVELS = (("primary", 0.40, (1, 6)), ("junior", 0.25, (7, 9)), ("senior", 0.15, (10, 12)),
          ("vocational", 0.10, (10, 12)), ("college", 0.10, (13, 16)))
DISTRICTS = ("东湖区", "西山区", "南湾区", "北岭区", "中山区", "江滨区", "高新区", "临港区",
             "青松县", "白石县")
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董"
            "袁潘于蒋蔡余杜叶程")
GIVEN = ("子涵浩宇欣怡梓轩雨桐思远佳琪俊杰嘉怡一诺明轩诗涵宇航梦瑶晨曦若曦子墨天佑"
         "雅琪家豪文博昊然")
CLASS_SIZE = 40
QUESTIONS = 20


def log(message: str) -> None:
    common.log(message, stdout=True)


class Progress:
    """A progress line on stderr (tqdm is not a dependency)."""

    def __init__(self, what: str, total: int) -> None:
        self.what, self.total, self.done, self.shown = what, total, 0, -1

    def add(self, count: int = 1) -> None:
        self.done += count
        percent = self.done * 100 // max(1, self.total)
        if percent != self.shown and (percent % 5 == 0 or self.done >= self.total):
            self.shown = percent
            end = "\n" if self.done >= self.total else ""
            print(f"\r  {self.what}: {self.done:,}/{self.total:,} ({percent}%)", end=end,
                  file=sys.stderr, flush=True)


def is_built(url: str) -> bool:
    with psycopg.connect(url) as connection:
        found = connection.execute(
            "SELECT to_regclass('city_built') IS NOT NULL").fetchone()[0]
        return bool(found and connection.execute("SELECT count(*) FROM city_built").fetchone()[0])


def copy_rows(connection: psycopg.Connection, table: str, columns: list[str], rows,
              progress: Progress | None = None) -> int:
    count = 0
    with connection.cursor() as cursor, cursor.copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
            if progress is not None and count % 10000 == 0:
                progress.add(10000)
    if progress is not None:
        progress.add(count % 10000)
    return count


def set_sequences(connection: psycopg.Connection, tables: list[str]) -> None:
    for table in tables:
        connection.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT coalesce(max(id), 1) FROM {table}))")


def build_org(connection: psycopg.Connection, students: int, rng: random.Random,
              hashes: tuple[str, str]) -> dict:
    """Districts, schools, classes, students, staff; returns the layout for the contests."""
    staff_hash, student_hash = hashes
    now = datetime.now(UTC).replace(tzinfo=None)
    school_count = max(5, round(students / 250))
    copy_rows(connection, "district", ["id", "name"], enumerate(DISTRICTS, start=1))
    schools, classes, next_class = [], [], 1
    per_level = {level: max(1, round(school_count * share)) for level, share, _ in LEVELS}
    per_level["primary"] += school_count - sum(per_level.values())
    school_id = 0
    for level, _share, (low, high) in LEVELS:
        for n in range(per_level[level]):
            school_id += 1
            district = 1 + (school_id * 7) % len(DISTRICTS)
            kind = {"primary": "小学", "junior": "初级中学", "senior": "高级中学",
                    "vocational": "职业技术学校", "college": "学院"}[level]
            name = f"{DISTRICTS[district - 1]}第{n + 1}{kind}"
            schools.append((school_id, f"C{school_id:03d}", name, level, district, True))
            size = students // school_count + (1 if school_id <= students % school_count else 0)
            class_count = max(1, round(size / CLASS_SIZE))
            for c in range(class_count):
                grade = low + c % (high - low + 1)
                classes.append((next_class, school_id, grade, f"{c // (high - low + 1) + 1}班",
                                size // class_count + (1 if c < size % class_count else 0)))
                next_class += 1
    copy_rows(connection, "school", ["id", "code", "name", "level", "district_id", "mask_names"],
              schools)
    copy_rows(connection, "school_class", ["id", "school_id", "grade", "name"],
              [c[:4] for c in classes])
    progress = Progress("students", students)

    def student_rows():
        student_id = 0
        for class_id, school, grade, _name, size in classes:
            for n in range(size):
                student_id += 1
                given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
                yield (student_id, school, class_id, f"{grade:02d}{class_id:05d}{n + 1:02d}",
                       rng.choice(SURNAMES) + given, student_hash, True, now)

    copy_rows(connection, "student", ["id", "school_id", "class_id", "student_no", "name",
                                      "password_hash", "active", "created_at"],
              student_rows(), progress)
    staff = [(1, "city-bureau", "市教育局管理员", "bureau_admin", None, staff_hash, True, now)]
    staff += [(1 + s[0], f"c{s[0]:03d}-admin", f"{s[2]}管理员", "school_admin", s[0], staff_hash,
               True, now) for s in schools]
    first_teacher = len(staff) + 1
    staff += [(first_teacher + i, f"c{c[1]:03d}-t{c[0]}", f"{rng.choice(SURNAMES)}老师", "teacher",
               c[1], staff_hash, True, now) for i, c in enumerate(classes)]
    copy_rows(connection, "staff_user", ["id", "username", "name", "role", "school_id",
                                         "password_hash", "active", "created_at"], staff)
    copy_rows(connection, "teacher_class", ["staff_id", "class_id"],
              [(first_teacher + i, c[0]) for i, c in enumerate(classes)])
    set_sequences(connection, ["district", "school", "school_class", "student", "staff_user"])
    connection.commit()
    return {"schools": schools, "classes": classes}


def create_contests(app, layout: dict) -> list[dict]:
    """Three contests through the app's own creation rules (shared papers fitting every level
    they reach); returns what the attempts need to know of each."""
    from quiz.contests.creation import ContestSpec, create_contest
    from quiz.contests.rules.drawing import DrawRule
    from quiz.extensions import db
    from quiz.models import ContestPaperItem, QuestionVersion, StaffUser

    schools = layout["schools"]
    now = datetime.now(UTC)
    three = {1, 2, 3}
    plans = [
        ("全市中小学反诈知识竞赛（秋季）", datetime(2026, 10, 20, 0, 0, tzinfo=UTC), True, [], 0.6),
        ("东湖·西山·南湾三区联赛", datetime(2026, 11, 10, 0, 0, tzinfo=UTC), False,
         [s[1] for s in schools if s[4] in three], 0.8),
        ("反诈周周练（进行中）", now - timedelta(days=1), False,
         [s[1] for s in schools if s[0] % 5 == 0], 0.8),
    ]
    draw = [DrawRule(code, 4, (1, 2, 3)) for code in
            ("order-brushing", "game-trading", "phishing", "impersonate-police", "fake-refund")]
    made = []
    with app.app_context():
        bureau = db.session.scalar(db.select(StaffUser).where(StaffUser.username == "city-bureau"))
        for title, opens, city_wide, codes, share in plans:
            live = opens > now - timedelta(days=2)
            closes = now + timedelta(days=30) if live else opens + timedelta(days=14)
            contest = create_contest(db.session, bureau, ContestSpec(
                title=title, opens_at=opens, closes_at=closes, duration_seconds=1800,
                draw=draw, city_wide=city_wide, school_codes=codes,
                # a shared paper taken three times reveals its answers only after closing
                max_attempts=3 if live else 1, reveal="after_close" if live else "after_finish",
                counts_in_season=True),
                opens)
            paper = db.session.execute(
                db.select(ContestPaperItem.position, QuestionVersion.id,
                          QuestionVersion.difficulty)
                .join(QuestionVersion, QuestionVersion.id == ContestPaperItem.question_version_id)
                .where(ContestPaperItem.contest_id == contest.id)
                .order_by(ContestPaperItem.position)).all()
            made.append({"id": contest.id, "opens": opens, "closes": min(closes, now),
                         "schools": None if city_wide else {
                             s[0] for s in schools if s[1] in codes},
                         "share": share, "paper": paper,
                         "points": {int(k): v for k, v in contest.points.items()}})
        db.session.commit()
    return made


def build_attempts(connection: psycopg.Connection, layout: dict, contests: list[dict],
                   rng: random.Random) -> tuple[int, int]:
    """Finished attempts with their items and answers, COPY'd; returns (attempts, answers)."""
    class_school = {c[0]: c[1] for c in layout["classes"]}
    students = connection.execute("SELECT id, class_id FROM student ORDER BY id").fetchall()
    ability = {sid: rng.betavariate(4, 2) for sid, _ in students}
    plan = []
    for contest in contests:
        for sid, class_id in students:
            school = class_school[class_id]
            if contest["schools"] is not None and school not in contest["schools"]:
                continue
            if rng.random() < contest["share"]:
                plan.append((contest, sid))
    total_answers = len(plan) * QUESTIONS
    log(f"{len(plan):,} attempts, {total_answers:,} answers to write")
    attempt_rows, item_rows, answer_rows = [], [], []
    progress = Progress("answers", total_answers)
    for attempt_id, (contest, sid) in enumerate(plan, start=1):
        window = (contest["closes"] - contest["opens"]).total_seconds() - 1900
        started = contest["opens"] + timedelta(seconds=rng.uniform(0, max(60.0, window)))
        used = rng.randint(240, 1800)
        finished = started + timedelta(seconds=used)
        score = correct = max_score = 0
        for position, version_id, difficulty in contest["paper"]:
            points = contest["points"][difficulty]
            right = rng.random() < ability[sid]
            max_score += points
            score += points if right else 0
            correct += right
            item_rows.append((attempt_id, position, version_id, points))
            answer_rows.append((attempt_id, position, "[0]" if right else "[1]",
                                (started + timedelta(seconds=used * (position + 1) / 21))
                                .replace(tzinfo=None), right))
        attempt_rows.append((
            attempt_id, contest["id"], sid, 1, f"{attempt_id:032x}",
            started.replace(tzinfo=None), (started + timedelta(seconds=1800)).replace(tzinfo=None),
            finished.replace(tzinfo=None), score, max_score, correct, QUESTIONS, used))
        if len(answer_rows) >= 200_000 or attempt_id == len(plan):
            _flush(connection, attempt_rows, item_rows, answer_rows, progress)
    set_sequences(connection, ["attempt"])
    connection.commit()
    return len(plan), total_answers


def _flush(connection, attempt_rows, item_rows, answer_rows, progress) -> None:
    copy_rows(connection, "attempt", ["id", "contest_id", "student_id", "number", "seed",
                                      "started_at", "deadline_at", "finished_at", "score",
                                      "max_score", "correct", "total", "time_used_seconds"],
              attempt_rows)
    copy_rows(connection, "attempt_item", ["attempt_id", "position", "question_version_id",
                                           "points"], item_rows)
    copy_rows(connection, "answer", ["attempt_id", "position", "chosen", "saved_at",
                                     "is_correct"], answer_rows)
    progress.add(len(answer_rows))
    attempt_rows.clear()
    item_rows.clear()
    answer_rows.clear()


def build(url: str, students: int, seed: int) -> None:
    from flask_migrate import upgrade

    app = make_app(url)
    with app.app_context():
        log("schema: flask db upgrade")
        upgrade()
        from quiz.banks.importer import import_bank_files
        from quiz.banks.validation import validate_paths
        from quiz.extensions import db
        from quiz.passwords import hash_password

        files, problems = validate_paths([str(ROOT / "question_banks")])
        if problems:
            raise SystemExit(f"question_banks/ has {len(problems)} problem(s): {problems[0]}")
        summary = import_bank_files(db.session, files, now=datetime.now(UTC))
        db.session.commit()
        log(f"question banks imported: {summary}")
        hashes = (hash_password(STAFF_PASSWORD, for_student=False),
                  hash_password(STUDENT_PASSWORD, for_student=True))
        db.engine.dispose()
    rng = random.Random(seed)  # noqa: S311 (reproducible fake data)
    with psycopg.connect(url) as connection:
        layout = build_org(connection, students, rng, hashes)
    log(f"{len(layout['schools'])} schools, {len(layout['classes'])} classes, "
        f"{students:,} students")
    contests = create_contests(app, layout)
    log(f"contests: {[c['id'] for c in contests]}")
    with psycopg.connect(url) as connection:
        attempts, answers = build_attempts(connection, layout, contests, rng)
        connection.execute("INSERT INTO season (name, starts_on, ends_on, created_at) "
                           "VALUES (%s, %s, %s, now() at time zone 'utc')", SEASON)
        connection.commit()
    log("standings, accuracy and item tallies: rebuilt from the attempts")
    with app.app_context():
        from quiz.extensions import db
        from quiz.item_analysis.tallies import rebuild_item_tallies
        from quiz.rankings.standings import rebuild_standings
        from quiz.reports.tallies import rebuild_accuracy_tallies

        rebuild_standings(db.session)
        rebuild_accuracy_tallies(db.session)
        rebuild_item_tallies(db.session)
        db.session.commit()
        db.engine.dispose()
    with psycopg.connect(url, autocommit=True) as connection:
        log("VACUUM ANALYZE")
        connection.execute("VACUUM ANALYZE")
        connection.execute("CREATE TABLE city_built (built_at timestamp, facts text)")
        connection.execute("INSERT INTO city_built VALUES (now(), %s)", (json.dumps({
            "students": students, "schools": len(layout["schools"]), "attempts": attempts,
            "answers": answers}),))


def facts(url: str) -> dict:
    with psycopg.connect(url) as connection:
        return json.loads(connection.execute("SELECT facts FROM city_built").fetchone()[0])


def upgrade_schema(url: str) -> None:
    from flask_migrate import upgrade

    app = make_app(url)
    with app.app_context():
        upgrade()
        from quiz.extensions import db

        db.engine.dispose()


def ensure_city(url: str = DEFAULT_URL, students: int = 100_000, force: bool = False,
                seed: int = 2026) -> dict:
    """Build the city unless it is there already; returns its facts. bench/leaderboard.py
    calls this."""
    ensure_database(url, force)
    if is_built(url):
        log(f"the city is already built in {database_name(url)} (--force to rebuild)")
        upgrade_schema(url)  # a city built by older code gains newer tables (and their data)
    else:
        build(url, students, seed)
    return facts(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("QUIZ_CITY_URL", DEFAULT_URL),
                        help="PostgreSQL URL (also QUIZ_CITY_URL)")
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--force", action="store_true", help="drop the database and rebuild")
    args = parser.parse_args()
    city = ensure_city(args.url, args.students, args.force, args.seed)
    print(f"city: {city['students']:,} students, {city['schools']} schools, "
          f"{city['attempts']:,} attempts, {city['answers']:,} answers in "
          f"{database_name(args.url)}")


if __name__ == "__main__":
    main()
