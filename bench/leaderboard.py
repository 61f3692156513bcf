"""Every leaderboard on a city of 100,000 students, read by 50 clients while attempts finish.

    .venv/bin/python bench/leaderboard.py [--url postgresql://postgres@127.0.0.1:5432/quiz_city]
                                          [--readers 50] [--seconds 20] [--workers 4]

Loads the city once (bench/citygen.py builds it when missing: 100,000 students, 400 schools,
2,000,000 saved answers, standings), issues bearer tokens for a sample of students and staff
directly in the database, and serves the app with gunicorn on PostgreSQL (4 sync workers, as
bench/answers.py and bench/logins.py). The served app is the real one plus one bare endpoint
(`GET /bench/bare`, returns {"ok": true} and nothing else), so the baseline runs on the same
server. Then, with a writer finishing attempts through the real API the whole time (start an
attempt in the open contest, answer five questions, finish, check freshness, pause
--writer-pause 0.25 s):

1. baseline: the readers (closed loop, no pause) request the bare endpoint for --bare-seconds;
2. boards: the readers request, at random, every board type through the API: the city's top
   rows (a division), a student's own place with neighbours, a class's and a school's
   students, the class table of a school, the city's school table of a division, the district
   table, a district's students, the season board (with the student's place) and the season's
   class table, plus a student's leaderboard page (HTML, four boards).

Readers pause between requests (exponential, mean --think 0.5 s: people looking at a board,
about 100 requests a second in all); `--think 0` makes them a closed loop that saturates the
server, so latency is then mostly queueing. Freshness: after each finish the writer polls three
boards at once (the student's class board and school board of the contest, and the season
board) until the student is on each with the new score; the time from the finish's response
to the answer that shows it, longest over boards and finishes, counts. The load generator
(2 processes of threads) shares the machine's cores with gunicorn and PostgreSQL; the load
average is printed before and after.
Needs PostgreSQL (and Redis on 127.0.0.1:6379 for the login throttle storage, as the other
benchmarks). Prints last:
    leaderboard: p95 N ms, p99 N ms, fresh N s
(targets: p95 under 50 ms, fresh at most 1 s)
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/, also when imported

import answers  # noqa: E402  (bench/answers.py: the raw keep-alive HTTP client and helpers)
import citygen  # noqa: E402
import gunicorn_server  # noqa: E402
from common import ROOT, database_name, log, make_app, percentile  # noqa: E402

SECRET = "bench-leaderboard-secret"  # noqa: S105 (a benchmark's own key)
WRAPPER = '''
from quiz import create_app
app = create_app()

@app.get("/bench/bare")
def bench_bare():
    return {"ok": True}
'''
def get(path: str, token: str | None = None, cookie: str | None = None) -> bytes:
    head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if token:
        head += f"Authorization: Bearer {token}\r\n"
    if cookie:
        head += f"Cookie: session={cookie}\r\n"
    return (head + "\r\n").encode("ascii")


# --- preparation --------------------------------------------------------------------------------


def prepare(url: str, readers: int) -> dict:
    """Tokens and request lists for readers and the writer, from the city in the database."""
    from sqlalchemy import func, select

    from quiz.api import tokens
    from quiz.extensions import db
    from quiz.models import Attempt, Contest, ContestSchool, District, School, StaffUser, Student
    from quiz.models.standings import ContestStanding, Season

    app = make_app(url)
    app.config["SECRET_KEY"] = SECRET
    now = datetime.now(UTC)
    with app.app_context():
        session = db.session
        city = session.scalar(select(Contest.id).where(Contest.city_wide.is_(True))
                              .order_by(Contest.id))
        live = session.scalar(select(Contest.id).where(Contest.closes_at > now,
                                                       Contest.opens_at < now)
                              .order_by(Contest.id.desc()))
        season = session.scalar(select(Season.id).order_by(Season.id))
        rng = random.Random(7)  # noqa: S311
        sample = session.execute(
            select(Student, School.code, District.name)
            .join(ContestStanding, (ContestStanding.student_id == Student.id)
                  & (ContestStanding.contest_id == city))
            .join(School, School.id == Student.school_id)
            .join(District, District.id == School.district_id)
            .order_by(func.random()).limit(200)).all()
        admins = session.scalars(select(StaffUser).where(StaffUser.role == "school_admin")
                                 .order_by(func.random()).limit(30)).all()
        bureau = session.scalar(select(StaffUser).where(StaffUser.role == "bureau_admin"))
        writers = session.scalars(
            select(Student).join(ContestSchool, (ContestSchool.school_id == Student.school_id)
                                 & (ContestSchool.contest_id == live))
            .where(~select(Attempt.id).where(Attempt.contest_id == live,
                                             Attempt.student_id == Student.id).exists())
            .order_by(func.random()).limit(600)).all()
        if not (city and live and season and sample and writers):
            raise SystemExit("the city lacks a city-wide contest, an open contest, a season or "
                             "students to write with; rebuild it: bench/citygen.py --force")
        hours = timedelta(hours=3)
        serializer = app.session_interface.get_signing_serializer(app)
        students = [(tokens.issue(session, s, now, hours)[0], s.class_id, code, district,
                     serializer.dumps({"_user_id": s.get_id(), "_fresh": True}))
                    for s, code, district in sample]
        staff = [(tokens.issue(session, a, now, hours)[0],
                  session.get(School, a.school_id).code) for a in admins]
        bureau_token = tokens.issue(session, bureau, now, hours)[0]
        seats = [(tokens.issue(session, w, now, hours)[0], w.class_id,
                  session.get(School, w.school_id).code) for w in writers]
        session.commit()
        db.engine.dispose()

    base = f"/api/v1/contests/{city}/leaderboard"
    season_base = f"/api/v1/seasons/{season}/leaderboard"
    divisions = ("primary", "junior", "senior", "vocational", "college")

    def requests_of(kind: str) -> bytes:
        token, class_id, code, district, cookie = rng.choice(students)
        staff_token, staff_school = rng.choice(staff)
        return {
            "city top rows": lambda: get(f"{base}?limit=20&division={rng.choice(divisions)}",
                                         bureau_token),
            "own place": lambda: get(f"{base}?limit=3", token),
            "class students": lambda: get(f"{base}?class={class_id}&limit=50", token),
            "school students": lambda: get(f"{base}?school={code}&limit=20", token),
            "class table": lambda: get(f"{base}?level=class&school={staff_school}&limit=100",
                                       staff_token),
            "school table": lambda: get(f"{base}?level=school&limit=100", token),
            "district table": lambda: get(f"{base}?level=district", token),
            "district students": lambda: get(
                f"{base}?district={quote(district)}&limit=20", token),
            "season": lambda: get(f"{season_base}?limit=10", token),
            "season class table": lambda: get(
                f"{season_base}?level=class&school={code}&limit=100", token),
            "student page": lambda: get(f"/leaderboards/?contest={city}", cookie=cookie),
        }[kind]()

    kinds = ["city top rows", "own place", "class students", "school students", "class table",
             "school table", "district table", "district students", "season",
             "season class table", "student page"]
    mix = [(kind, requests_of(kind)) for _ in range(60) for kind in kinds]
    rng.shuffle(mix)
    return {"mix": mix, "live": live, "season": season, "seats": seats}


# --- load ---------------------------------------------------------------------------------------


def reader_part(port: int, mix: list, part: int, threads: int, start_at: float, seconds: float,
                think: float, queue) -> None:
    """Readers: each sends a request, waits for the answer, then pauses a random time with
    mean `think` seconds (a person looking at a board) before the next; 0: no pause."""
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: Counter = Counter()
    lock = threading.Lock()
    end = start_at + seconds

    def reader(number: int) -> None:
        rng = random.Random(part * 1000 + number)  # noqa: S311
        client = answers.Client(port)
        time.sleep(max(0.0, start_at - time.monotonic()))
        while time.monotonic() < end:
            kind, data = rng.choice(mix)
            began = time.perf_counter()
            try:
                status, _body = client.request(data)
            except OSError as error:
                client.close()
                with lock:
                    errors[type(error).__name__] += 1
                continue
            took = time.perf_counter() - began
            with lock:
                if status == 200:
                    latencies[kind].append(took)
                else:
                    errors[f"{kind}: HTTP {status}"] += 1
            if think:
                time.sleep(rng.expovariate(1 / think))
        client.close()

    workers = [threading.Thread(target=reader, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    queue.put((dict(latencies), errors))


def read_load(port: int, mix: list, readers: int, seconds: float, think: float,
              processes: int = 2) -> tuple[dict[str, list[float]], Counter]:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    start_at = time.monotonic() + 0.5
    shares = [readers // processes + (1 if p < readers % processes else 0)
              for p in range(processes)]
    jobs = [context.Process(target=reader_part, daemon=True,
                            args=(port, mix, p, shares[p], start_at, seconds, think, queue))
            for p in range(processes)]
    for job in jobs:
        job.start()
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: Counter = Counter()
    for _job in jobs:
        part, part_errors = queue.get(timeout=seconds + 120)
        for kind, values in part.items():
            latencies[kind] += values
        errors.update(part_errors)
    for job in jobs:
        job.join()
    return latencies, errors


class Writer(threading.Thread):
    """Finishes attempts through the API and times how soon each shows on three boards."""

    def __init__(self, port: int, plan: dict, pause: float) -> None:
        super().__init__(daemon=True)
        self.port, self.plan, self.pause = port, plan, pause
        self.stop = threading.Event()
        self.fresh: list[float] = []
        self.finished = 0
        self.errors: Counter = Counter()

    def call(self, client: answers.Client, method: str, path: str, token: str,
             body: dict | None = None) -> dict:
        data = answers.http_request(method, path, token,
                                    json.dumps(body).encode() if body is not None else b"")
        status, raw = client.request(data)
        if status != 200:
            raise RuntimeError(f"{method} {path}: HTTP {status} {raw[:200]!r}")
        return json.loads(raw)

    def run(self) -> None:
        client = answers.Client(self.port)
        live, season = self.plan["live"], self.plan["season"]
        for token, class_id, code in self.plan["seats"]:
            if self.stop.is_set():
                break
            try:
                self.one(client, token, class_id, code, live, season)
            except (RuntimeError, OSError) as error:
                client.close()
                self.errors[str(error)[:80]] += 1
            self.stop.wait(self.pause)

    def one(self, client, token: str, class_id: int, code: str, live: int, season: int) -> None:
        before = self.call(client, "GET", f"/api/v1/seasons/{season}/leaderboard?limit=1", token)
        season_score = next((r["score"] for r in before["mine"] if r["me"]), 0)
        attempt = self.call(client, "POST", f"/api/v1/contests/{live}/attempts", token)
        for question in attempt["questions"][:5]:
            self.call(client, "PUT", f"/api/v1/attempts/{attempt['id']}/answers/{question['id']}",
                      token, {"answer": [question["options"][0]["key"]]})
        result = self.call(client, "POST", f"/api/v1/attempts/{attempt['id']}/finish", token)
        finished = time.perf_counter()
        self.finished += 1
        boards = {
            f"/api/v1/contests/{live}/leaderboard?class={class_id}&limit=1": result["score"],
            f"/api/v1/contests/{live}/leaderboard?school={code}&limit=1": result["score"],
            f"/api/v1/seasons/{season}/leaderboard?limit=1": season_score + result["score"],
        }
        waits: list[float] = []

        def poll(path: str, score: float) -> None:
            own = answers.Client(self.port)  # one connection per board: polled at once
            try:
                while True:
                    body = self.call(own, "GET", path, token)
                    if any(r["me"] and r["score"] == score for r in body["mine"]):
                        waits.append(time.perf_counter() - finished)
                        return
                    if time.perf_counter() - finished > 10:
                        self.errors["not on a board after 10 s"] += 1
                        waits.append(10.0)
                        return
                    time.sleep(0.02)
            finally:
                own.close()

        pollers = [threading.Thread(target=poll, args=item) for item in boards.items()]
        for poller in pollers:
            poller.start()
        for poller in pollers:
            poller.join()
        waited = max(waits, default=10.0)
        self.fresh.append(waited)


# --- the run ------------------------------------------------------------------------------------


def serve(app_spec: str, workers: int, env: dict[str, str], cwd: str
          ) -> tuple[subprocess.Popen, int]:
    """gunicorn with sync workers, as bench/answers.py and bench/logins.py serve the app."""
    return gunicorn_server.start(app_spec, ["-k", "sync", "-w", str(workers)], env, cwd)


def server_cpu(server_pid: int, database: str) -> float:
    """CPU seconds used so far by gunicorn (its process group) and by PostgreSQL's backends for
    the city: divided by the requests of a phase, the cost of one request whatever else runs
    on the machine."""
    return gunicorn_server.process_cpu({server_pid}, database)


def summary(name: str, values: list[float]) -> str:
    return (f"{name}: {len(values)} requests, p50 {statistics.median(values) * 1000:.0f} ms, "
            f"p95 {percentile(values, 0.95) * 1000:.0f} ms, "
            f"p99 {percentile(values, 0.99) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("QUIZ_CITY_URL", citygen.DEFAULT_URL))
    parser.add_argument("--students", type=int, default=100_000,
                        help="city size if it has to be built")
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20, help="board phase length")
    parser.add_argument("--bare-seconds", type=float, default=10)
    parser.add_argument("--think", type=float, default=0.5,
                        help="mean pause of a reader between requests, s (0: closed loop)")
    parser.add_argument("--writer-pause", type=float, default=0.25,
                        help="seconds the writer waits between two finished attempts")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    args = parser.parse_args()
    citygen.ensure_city(args.url, args.students)
    log(f"load average before: {Path('/proc/loadavg').read_text().strip()}; "
        f"{os.cpu_count()} cores")
    idle = answers.idle_share()
    if idle < 0.8:
        log(f"warning: only {idle:.0%} of the CPU was idle before the run; other work on this "
            "machine lowers every figure")
    plan = prepare(args.url, args.readers)
    env = {**os.environ, "QUIZ_DATABASE_URL": args.url, "QUIZ_SECRET_KEY": SECRET,
           "QUIZ_REDIS_URL": "redis://127.0.0.1:6379/13",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "bench_app.py").write_text(WRAPPER, encoding="utf-8")
        server, port = serve("bench_app:app", args.workers, env, folder)
        try:
            run(port, plan, args, lambda: server_cpu(server.pid, database_name(args.url)))
        finally:
            gunicorn_server.stop(server)


def run(port: int, plan: dict, args: argparse.Namespace, cpu) -> None:
    log(f"gunicorn: {args.workers} sync workers; {args.readers} readers in 2 processes, "
        f"pausing {args.think} s on average between requests")
    read_load(port, plan["mix"], 8, 3, 0)  # warm-up: connections, caches, plans
    writer = Writer(port, plan, args.writer_pause)
    writer.start()
    bare_mix = [("bare", get("/bench/bare"))]
    used = cpu()
    bare, bare_errors = read_load(port, bare_mix, args.readers, args.bare_seconds, args.think)
    bare_values = bare.get("bare", [])
    bare_cpu, used = cpu() - used, cpu()
    log(summary("bare endpoint", bare_values) + f"; server CPU "
        f"{bare_cpu * 1000 / max(1, len(bare_values)):.1f} ms a request (writer included)")
    latencies, errors = read_load(port, plan["mix"], args.readers, args.seconds, args.think)
    board_cpu = cpu() - used
    writer.stop.set()
    writer.join(timeout=60)
    every = [value for values in latencies.values() for value in values]
    for kind in sorted(latencies):
        log(summary(kind, latencies[kind]))
    log(summary("every board", every) + f", {len(every) / args.seconds:.0f} req/s; server CPU "
        f"{board_cpu * 1000 / max(1, len(every)):.1f} ms a request (gunicorn + PostgreSQL, "
        "writer included)")
    log(f"writer: {writer.finished} attempts finished; freshness max "
        f"{max(writer.fresh, default=0):.2f} s, median "
        f"{statistics.median(writer.fresh) if writer.fresh else 0:.2f} s")
    log(f"load average after: {Path('/proc/loadavg').read_text().strip()}")
    problems = errors + bare_errors + writer.errors
    if problems:
        print(f"FAILED: {sum(problems.values())} request(s) without a 200: {dict(problems)}")
    log(f"bare endpoint p95 {percentile(bare_values, 0.95) * 1000:.0f} ms "
        "(same server, same readers); targets: p95 under 50 ms, fresh at most 1 s")
    print(f"leaderboard: p95 {percentile(every, 0.95) * 1000:.0f} ms, "
          f"p99 {percentile(every, 0.99) * 1000:.0f} ms, "
          f"fresh {max(writer.fresh, default=0):.1f} s", flush=True)
    if problems or not writer.fresh:
        sys.exit(1)


if __name__ == "__main__":
    main()
