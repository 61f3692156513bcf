"""How many answers a second one server saves, and how fast it starts attempts, mid-contest.

Serves the app with gunicorn on PostgreSQL (4 sync workers, as bench/logins.py) and prepares
one school of 2,000 students with a bearer token each (issued directly in the database) and one
open contest whose papers are drawn per student (4 rules of 5 questions over four scam types:
20 questions). Then, against the app:

1. starts: students start attempts, 16 at a time (the first 64 warm the server up and are
   not counted); each start draws and stores a 20-question paper. Starts stop being issued
   after 30 s so a slow server cannot stall the run. Prints `starts: N/s, p99 N ms`
   (target at least 170 starts/s).
2. saturation: 16, 32 and then 64 concurrent keep-alive clients save answers for 10 s each,
   each client looping over its own attempts: a random question, a random option key. The
   best throughput counts.
3. open loop: requests are sent on a fixed schedule at 60 % of that throughput for 15 s,
   whatever the responses; latency runs from the scheduled send time, so queueing shows.

In the same run and with the same gunicorn settings it serves a bare Flask app whose answer
endpoint only parses the JSON body and answers, and saturates it the same way: the baseline.
The load generator (2 processes of threads, raw keep-alive sockets, cheaper than
http.client) runs on the same machine and shares its cores with gunicorn and PostgreSQL; the
CPU it used is logged on stderr, as is a warning when the machine was busy before the run.

Sync workers close every connection after the response, so the clients reconnect for each
request; the free worker takes the next one. With gthread workers (`--worker-class gthread
--workers 2 --threads 4`) connections stay open, but a keep-alive connection stays with the
worker that accepted it, and the benchmark's few dozen connections land unevenly, so results
then depend on chance (docs/PERFORMANCE.md).

    .venv/bin/python bench/answers.py [--students 2000] [--worker-class sync] [--workers 4]
                                      [--threads 1] [--generators 2] [--seconds 10]
                                      [--profile]

`--profile` instead runs a few hundred starts and saves in-process (Flask's test client),
times them, and logs where the time goes under cProfile. Needs PostgreSQL on 127.0.0.1:5432
(user postgres) and Redis on 127.0.0.1:6379; all traffic stays on 127.0.0.1; stops by itself
within about three minutes. Any response other than 200 is counted and printed, and the exit
status is then 1. Prints last:
    answers: app N req/s, bare N req/s, ratio R, p99 N ms at N req/s offered
(targets: ratio at least 0.25, p99 under 100 ms)
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import gunicorn_server  # bench/gunicorn_server.py (the script's own folder is on sys.path)
import psycopg
from common import ADMIN_URL, ROOT, database_url, ensure_database, log, make_app, percentile

DATABASE = "quiz_bench_answers"
URL = database_url(DATABASE)
SCAM_TYPES = ("fan-circle", "game-trading", "phishing", "impersonate-police")  # junior: 20+
START_CLIENTS = 16
START_SECONDS = 30  # starts stop being issued after this, so a slow server cannot stall the run
SATURATION_CLIENTS = (16, 32, 64)
OPEN_LOOP_SHARE = 0.6
OPEN_LOOP_SECONDS = 15
OPEN_LOOP_CLIENTS = 64
TIME_LIMIT = 200  # seconds: a safety net; a normal run takes about two minutes
BARE_APP = '''
from flask import Flask, jsonify, request
app = Flask(__name__)
@app.put("/api/v1/attempts/<int:attempt_id>/answers/<int:question_id>")
def put_answer(attempt_id, question_id):
    request.get_json()
    return jsonify(saved=True, question_id=question_id, remaining_seconds=0)
'''

# Given to gunicorn for the app and the bare endpoint alike (unless --no-freeze): once a
# worker has loaded its app, the objects it holds (about 190,000 for the app) leave the
# garbage collector's generations, so no full collection over them pauses a request.
GUNICORN_CONFIG = """
import gc


def post_worker_init(worker):
    gc.freeze()
"""

FIRST_ERROR_SHOWN = threading.Event()

# One open attempt as its client holds it: (attempt id, token, [(question id, option keys)]).
Seat = tuple[int, str, list[tuple[int, list[str]]]]


def idle_share(seconds: float = 1.0) -> float:
    """The share of the machine's CPU time that was idle over `seconds` (from /proc/stat)."""
    def sample() -> tuple[int, int]:
        fields = [int(n) for n in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle + iowait, total

    idle, total = sample()
    time.sleep(seconds)
    idle_after, total_after = sample()
    return (idle_after - idle) / max(1, total_after - total)


def cpu_seconds(groups: set[int]) -> tuple[float, float, float]:
    """CPU seconds so far: the machine's (user + system), this run's own processes', and the
    time the hypervisor gave to other machines (steal).

    Ours are the processes in `groups` (this one, gunicorn's) and PostgreSQL's backends
    serving the benchmark's database; generator processes that already exited report their
    own CPU time.
    """
    hertz = os.sysconf("SC_CLK_TCK")
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    ours = gunicorn_server.process_cpu(groups, DATABASE)
    return sum(int(n) for n in fields[:3]) / hertz, ours, int(fields[7]) / hertz


class CpuWatch:
    """How much of the machine other work took while this run measured (it is shared)."""

    def __init__(self, name: str, server: subprocess.Popen) -> None:
        self.name, self.groups = name, {os.getpgrp(), server.pid}  # gunicorn leads its group
        self.started = time.monotonic()
        self.busy, self.ours, self.steal = cpu_seconds(self.groups)

    def report(self, tallies: list[Tally]) -> None:
        busy, ours, steal = cpu_seconds(self.groups)
        seconds = time.monotonic() - self.started
        generators = sum(tally.cpu_seconds for tally in tallies)
        others = max(0.0, busy - self.busy - (ours - self.ours) - generators) / seconds
        stolen = (steal - self.steal) / seconds
        warning = "; warning: figures are low" if others + stolen > 0.15 else ""
        log(f"while the {self.name} was measured, other processes used {others:.2f} and the "
            f"hypervisor withheld {stolen:.2f} of {os.cpu_count()} cores{warning}")


# --- the database -------------------------------------------------------------------------------


def prepare_database(students: int) -> tuple[int, list[str]]:
    """A fresh database: banks, one school, its students and admin, one open contest.

    Returns the contest id and one bearer token per student.
    """
    ensure_database(URL, force=True)
    from datetime import timedelta

    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from quiz.api import tokens
    from quiz.banks.importer import import_bank_files
    from quiz.banks.validation import validate_paths
    from quiz.contests.creation import ContestSpec, create_contest
    from quiz.contests.rules.drawing import DrawRule
    from quiz.extensions import db
    from quiz.models import District, Role, School, SchoolClass, StaffUser, Student, utcnow
    from quiz.passwords import hash_password

    app = make_app(URL)
    with app.app_context():
        upgrade()
        files, problems = validate_paths([str(ROOT / "question_banks")])
        if problems:
            raise SystemExit(f"question_banks/ has {len(problems)} problem(s): {problems[0]}")
        now = utcnow()
        import_bank_files(db.session, files, now=now)
        school = School(code="BENCH", name="压测中学", level="junior",
                        district=District(name="压测区"))
        classes = [SchoolClass(school=school, grade=7 + n % 3, name=f"{n // 3 + 1}班")
                   for n in range(40)]
        admin = StaffUser(username="bench-admin", name="压测管理员", role=Role.SCHOOL_ADMIN.value,
                          school=school, password_hash=hash_password("bench", for_student=False))
        db.session.add_all([school, admin, *classes])
        db.session.flush()
        password_hash = hash_password("357924", for_student=True)
        db.session.execute(insert(Student), [
            {"school_id": school.id, "class_id": classes[i % len(classes)].id,
             "student_no": f"B{i:05d}", "name": "学生", "password_hash": password_hash}
            for i in range(students)
        ])
        contest = create_contest(db.session, admin, ContestSpec(
            title="压测竞赛", opens_at=now - timedelta(minutes=1),
            closes_at=now + timedelta(hours=4), duration_seconds=3 * 3600,
            school_codes=["BENCH"], paper="per_student",
            draw=[DrawRule(scam_type=code, count=5, difficulties=(1, 2, 3))
                  for code in SCAM_TYPES],
        ), now)
        everyone = db.session.scalars(select(Student).order_by(Student.id)).all()
        issued = [tokens.issue(db.session, student, now, timedelta(hours=12))[0]
                  for student in everyone]
        db.session.commit()
        contest_id = contest.id
        db.engine.dispose()
    return contest_id, issued


# --- gunicorn -----------------------------------------------------------------------------------


def serve(app_spec: str, args: argparse.Namespace, env: dict[str, str], cwd: str
          ) -> tuple[subprocess.Popen, int]:
    hooks = ["-c", args.gunicorn_config] if args.gunicorn_config else []
    return gunicorn_server.start(
        app_spec, ["-k", args.worker_class, "-w", str(args.workers), "--threads",
                   str(args.threads), *hooks], env, cwd)


# --- the client ---------------------------------------------------------------------------------


class Closed(ConnectionError):
    """The server closed the connection before a response began."""


class Client:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1 sending prepared requests.

    Much cheaper per request than http.client, which matters because the load generator
    shares the machine's cores with the server it measures.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock: socket.socket | None = None
        self.buffer = b""

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock, self.buffer = None, b""

    def request(self, data: bytes) -> tuple[int, bytes]:
        """Send one request; a keep-alive connection the server dropped is reopened once."""
        for retry in (False, True):
            if self.sock is None:
                # Sync workers close every connection, so the server keeps each one in
                # TIME_WAIT for a minute; hundreds of new connections a second from one
                # source address soon reuse a port whose old connection is still there, and
                # that SYN goes unanswered for a second. Source addresses spread over the
                # loopback range (all of 127.0.0.0/8 is this machine) avoid such clashes.
                source = (f"127.0.0.{random.randint(2, 254)}", 0)  # noqa: S311
                self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=30,
                                                     source_address=source)
                self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                self.sock.sendall(data)
                return self._response()
            except (Closed, ConnectionResetError, BrokenPipeError):
                self.close()
                if retry:
                    raise
        raise AssertionError("unreachable")

    def _receive(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise Closed
        self.buffer += chunk

    def _response(self) -> tuple[int, bytes]:
        while b"\r\n\r\n" not in self.buffer:
            self._receive()
        head, _sep, rest = self.buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").lower().split("\r\n")
        headers = dict(line.split(":", 1) for line in lines[1:])
        length = int(headers["content-length"])
        self.buffer = rest
        while len(self.buffer) < length:
            self._receive()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        if headers.get("connection", "").strip() == "close":
            self.close()
        return int(lines[0].split()[1]), body


def http_request(method: str, path: str, token: str, body: bytes = b"") -> bytes:
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode("ascii") + body


def answer_request(seat: Seat, rng: random.Random) -> bytes:
    attempt_id, token, questions = seat
    question_id, keys = rng.choice(questions)
    body = json.dumps({"answer": [rng.choice(keys)]}).encode("utf-8")
    return http_request("PUT", f"/api/v1/attempts/{attempt_id}/answers/{question_id}", token,
                        body)


@dataclass
class Tally:
    """What one generator process saw."""

    ok: int = 0
    errors: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    cpu_seconds: float = 0.0

    def record(self, client: Client, data: bytes) -> bool:
        try:
            status, body = client.request(data)
        except OSError as error:  # includes socket timeouts and a dropped connection
            client.close()
            self.errors[type(error).__name__] += 1
            return False
        if status == 200:
            self.ok += 1
            return True
        self.errors[f"HTTP {status}"] += 1
        if not FIRST_ERROR_SHOWN.is_set():  # once per process
            FIRST_ERROR_SHOWN.set()
            log(f"first error: HTTP {status} {body[:300]!r}")
        return False

    def merge(self, other: Tally) -> None:
        self.ok += other.ok
        self.errors.update(other.errors)
        self.latencies += other.latencies
        self.cpu_seconds += other.cpu_seconds


# --- load generation ----------------------------------------------------------------------------


def run_threads(count: int, target: Callable[[int], Tally]) -> Tally:
    results: list[Tally] = []
    threads = [threading.Thread(target=lambda k=k: results.append(target(k)))
               for k in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Tally()
    for result in results:
        total.merge(result)
    return total


def saturate_part(port: int, seats: list[Seat], part: int, parts: int, clients: int,
                  start_at: float, seconds: float) -> Tally:
    """This process's share of `clients` closed-loop clients, each with its own attempts."""
    end = start_at + seconds

    def client(j: int) -> Tally:
        number = part + j * parts
        own, rng, tally = seats[number::clients], random.Random(number), Tally()
        connection = Client(port)
        time.sleep(max(0.0, start_at - time.monotonic()))
        while True:
            data = answer_request(rng.choice(own), rng)
            ok = tally.record(connection, data)
            if time.monotonic() > end:  # completed after the window: not counted
                tally.ok -= ok
                break
        connection.close()
        return tally

    return run_threads(len(range(part, clients, parts)), client)


def open_loop_part(port: int, seats: list[Seat], part: int, parts: int, clients: int,
                   start_at: float, rate: float, seconds: float) -> Tally:
    """Send requests part, part + parts, … of a fixed schedule, whatever the responses."""
    scheduled = iter(range(part, int(rate * seconds), parts))
    lock = threading.Lock()

    def client(j: int) -> Tally:
        number = part + j * parts
        own, rng, tally = seats[number::clients], random.Random(number), Tally()
        connection = Client(port)
        while True:
            with lock:
                index = next(scheduled, None)
            if index is None:
                break
            send_at = start_at + index / rate
            data = answer_request(rng.choice(own), rng)
            time.sleep(max(0.0, send_at - time.monotonic()))
            tally.record(connection, data)
            tally.latencies.append(time.monotonic() - send_at)
        connection.close()
        return tally

    return run_threads(len(range(part, clients, parts)), client)


def _generator(queue: multiprocessing.Queue, work: Callable[..., Tally], args: tuple) -> None:
    cpu = time.process_time()
    try:
        tally = work(*args)
    except Exception as error:  # noqa: BLE001 (reported as an error, not a hang)
        tally = Tally(errors=Counter({f"generator failed: {error!r}": 1}))
    tally.cpu_seconds = time.process_time() - cpu
    queue.put(tally)


def generate(work: Callable[..., Tally], parts: int, *args) -> Tally:
    """Run `work(port, seats, part, parts, …)` in `parts` forked processes; merge their tallies.

    Monotonic time is the same clock in every process, so a shared start time lines them up.
    """
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    port, seats, *rest = args
    processes = [context.Process(target=_generator, daemon=True,
                                 args=(queue, work, (port, seats, part, parts, *rest)))
                 for part in range(parts)]
    for process in processes:
        process.start()
    total = Tally()
    for _process in processes:
        total.merge(queue.get(timeout=120))
    for process in processes:
        process.join()
    return total


def saturation(port: int, seats: list[Seat], args: argparse.Namespace, name: str,
               server: subprocess.Popen) -> tuple[float, Tally, float]:
    """The best throughput over the client counts (after a short warm-up); all tallies merged;
    and the least CPU per request (server, database and load generator) over the steps."""
    merged = generate(saturate_part, args.generators, port, seats, 16, time.monotonic() + 0.5, 2)
    best, least_cpu = 0.0, float("inf")
    groups = {os.getpgrp(), server.pid}
    for clients in SATURATION_CLIENTS:
        ours = cpu_seconds(groups)[1]
        tally = generate(saturate_part, args.generators, port, seats, clients,
                         time.monotonic() + 0.5, args.seconds)
        served = (cpu_seconds(groups)[1] - ours) / max(1, tally.ok) * 1000
        generated = tally.cpu_seconds / max(1, tally.ok) * 1000
        rate = tally.ok / args.seconds
        log(f"{name}: {clients} clients, {rate:.0f} req/s; CPU per request: {served:.2f} ms "
            f"server and database, {generated:.2f} ms load generator")
        best, least_cpu = max(best, rate), min(least_cpu, served + generated)
        merged.merge(tally)
    return best, merged, least_cpu


def start_attempts(port: int, contest_id: int, tokens: list[str]
                   ) -> tuple[list[Seat], list[float], float, Tally]:
    """Each token's student starts an attempt, START_CLIENTS at a time, for START_SECONDS at most.
    """
    queue = iter(tokens)
    deadline = time.monotonic() + START_SECONDS
    lock = threading.Lock()
    seats: list[Seat] = []
    path = f"/api/v1/contests/{contest_id}/attempts"

    def client(_j: int) -> Tally:
        tally, connection = Tally(), Client(port)
        while True:
            with lock:
                token = next(queue, None)
            if token is None or time.monotonic() > deadline:
                break
            started = time.perf_counter()
            try:
                status, body = connection.request(http_request("POST", path, token))
            except OSError as error:
                connection.close()
                tally.errors[type(error).__name__] += 1
                continue
            tally.latencies.append(time.perf_counter() - started)
            if status != 200:
                tally.errors[f"HTTP {status}"] += 1
                continue
            tally.ok += 1
            attempt = json.loads(body)
            seats.append((attempt["id"], token, [
                (q["id"], [o["key"] for o in q["options"]]) for q in attempt["questions"]]))
        connection.close()
        return tally

    started = time.perf_counter()
    tally = run_threads(START_CLIENTS, client)
    return seats, tally.latencies, time.perf_counter() - started, tally


# --- profiling ----------------------------------------------------------------------------------


START_STEPS = [  # (file, function, what it is), for the profile
    ("quiz/api/tokens.py", "user_for", "token and its user (one query)"),
    ("quiz/api/routes.py", "_visible_contest", "contest and the student's scope (one query)"),
    ("quiz/contests/attempts.py", "_state", "attempts so far, extra time, level (one query)"),
    ("quiz/contests/papers.py", "load_candidates", "candidate questions query"),
    ("quiz/contests/rules/drawing.py", "draw", "the draw itself (pure Python)"),
    ("quiz/contests/attempts.py", "_new_paper",
     "new attempt: candidates, draw, the attempt row, its 20 items in one INSERT"),
    ("sqlalchemy/orm/session.py", "commit", "commits"),
    ("quiz/contests/attempts.py", "show", "presenting the 20 questions (versions cached)"),
    ("quiz/api/routes.py", "respond", "response serialisation"),
]
SAVE_STEPS = [
    ("quiz/api/routes.py", "_quick_put", "the save: body, token hash, one statement"),
    ("quiz/api/routes.py", "parse", "  JSON body parse and validation (checked path only)"),
    ("pydantic/main.py", "model_validate_json", "  of which the body's validation"),
    ("quiz/contests/quick_save.py", "quick_save", "  of which keys to indices and the statement"),
    ("sqlalchemy/engine/base.py", "connect", "  of which the pooled connection's checkout"),
    ("quiz/api/routes.py", "_checked_put", "checked path (first save of an attempt in a "
     "worker is not: it only reads the attempt's keys)"),
    ("quiz/api/routes.py", "respond", "response serialisation"),
]
PACKAGES = ("sqlalchemy", "psycopg", "werkzeug", "flask", "pydantic", "quiz")


def profile_requests(name: str, requests: list[Callable[[], object]],
                     steps: list[tuple[str, str, str]], engine) -> None:
    """Time the first half of `requests` plainly, cProfile the second; log where time goes."""
    import cProfile
    import pstats

    from sqlalchemy import event

    statements = []
    half = len(requests) // 2

    def listener(*_args) -> None:
        statements.append(1)

    event.listen(engine, "before_cursor_execute", listener)
    started = time.perf_counter()
    for request in requests[:half]:
        request()
    plain = (time.perf_counter() - started) / half * 1000
    event.remove(engine, "before_cursor_execute", listener)
    profiler = cProfile.Profile()
    profiler.enable()
    for request in requests[half:]:
        request()
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = sum(row[2] for row in stats.values())
    log(f"{name}: {plain:.1f} ms each in-process (test client, no profiler), "
        f"{len(statements) / half:.0f} SQL statements each besides pool pings and "
        "BEGIN/COMMIT; share of the time under cProfile:")
    for where, function, meaning in steps:
        # The outermost of same-named functions (Session.commit calls its transaction's).
        cumulative = max((row[3] for (filename, _line, found), row in stats.items()
                          if found == function and filename.endswith(where)), default=0.0)
        log(f"  {cumulative / total:4.0%}  {meaning}")
    own: Counter = Counter()
    for (filename, _line, _function), row in stats.items():
        own[next((p for p in PACKAGES if f"/{p}/" in filename), "other")] += row[2]
    log("  own time by package: " + ", ".join(
        f"{package} {seconds / total:.0%}" for package, seconds in own.most_common()))


def profile(contest_id: int, tokens: list[str], count: int = 200) -> None:
    """Starts and saves in-process through Flask's test client, profiled (`--profile`)."""
    from quiz.extensions import db

    app = make_app(URL)
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    seats: list[Seat] = []

    def start(token: str) -> None:
        response = client.post(f"/api/v1/contests/{contest_id}/attempts",
                               headers={"Authorization": f"Bearer {token}"})
        if response.status_code != 200:
            raise SystemExit(f"a profiled start answered {response.status}")
        attempt = response.get_json()
        seats.append((attempt["id"], token, [
            (q["id"], [o["key"] for o in q["options"]]) for q in attempt["questions"]]))

    for token in tokens[:20]:  # warm up
        start(token)
    profile_requests("starts", [lambda t=t: start(t) for t in tokens[20:20 + count]],
                     START_STEPS, engine)
    rng = random.Random(1)

    def save() -> None:
        attempt_id, token, questions = rng.choice(seats)
        question_id, keys = rng.choice(questions)
        response = client.put(f"/api/v1/attempts/{attempt_id}/answers/{question_id}",
                              headers={"Authorization": f"Bearer {token}"},
                              json={"answer": [rng.choice(keys)]})
        if response.status_code != 200:
            raise SystemExit(f"a profiled save answered {response.status}")

    for _ in range(50):  # warm up
        save()
    profile_requests("saves", [save] * (4 * count), SAVE_STEPS, engine)


# --- the run ------------------------------------------------------------------------------------


def _too_long(_signum, _frame) -> None:
    raise SystemExit(f"the benchmark ran longer than {TIME_LIMIT} s; stopped")


def measure_app(port: int, contest_id: int, tokens: list[str], args: argparse.Namespace,
                server: subprocess.Popen) -> tuple[list[Seat], float, float, list[Tally], float]:
    """Starts, then saturation, then the open loop; returns seats, rates, every tally and the
    CPU per save."""
    warm_up = START_CLIENTS * 4
    seats, _, _, warm_tally = start_attempts(port, contest_id, tokens[:warm_up])
    more, latencies, seconds, start_tally = start_attempts(port, contest_id, tokens[warm_up:])
    seats += more
    if not latencies or not seats:
        raise SystemExit(f"no attempt started: {dict(start_tally.errors + warm_tally.errors)}")
    log(f"starts: {len(latencies)} in {seconds:.1f} s with {START_CLIENTS} clients, "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms; target 170/s")
    print(f"starts: {len(latencies) / seconds:.0f}/s, "
          f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms", flush=True)
    rate, saturated, cpu_ms = saturation(port, seats, args, "app", server)
    offered = rate * OPEN_LOOP_SHARE
    opened = generate(open_loop_part, args.generators, port, seats, OPEN_LOOP_CLIENTS,
                      time.monotonic() + 0.5, offered, OPEN_LOOP_SECONDS)
    found = opened.latencies
    log(f"open loop: {len(found)} requests at {offered:.0f}/s offered for "
        f"{OPEN_LOOP_SECONDS} s, p50 {statistics.median(found) * 1000:.1f} ms, "
        f"p99 {percentile(found, 0.99) * 1000:.1f} ms, max {max(found) * 1000:.0f} ms; "
        f"the load generator used {opened.cpu_seconds / OPEN_LOOP_SECONDS:.2f} of "
        f"{os.cpu_count()} cores")
    return seats, rate, offered, [warm_tally, start_tally, saturated, opened], cpu_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--worker-class", default="sync", help="gunicorn -k")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn --threads (gthread)")
    parser.add_argument("--generators", type=int, default=2,
                        help="load generator processes")
    parser.add_argument("--seconds", type=float, default=10, help="per saturation step")
    parser.add_argument("--no-freeze", dest="freeze", action="store_false",
                        help="no gc.freeze() in the gunicorn workers after loading the app")
    parser.add_argument("--profile", action="store_true",
                        help="profile starts and saves in-process instead of serving")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _too_long)
    signal.alarm(TIME_LIMIT)
    # Two runs at once would drop each other's database and share the cores.
    with psycopg.connect(ADMIN_URL, autocommit=True) as guard:
        locked = guard.execute("SELECT pg_try_advisory_lock(hashtext(%s))", (DATABASE,))
        if not locked.fetchone()[0]:
            raise SystemExit("another bench/answers.py is running; try again when it ends")
        run(args)


def run(args: argparse.Namespace) -> None:
    idle = idle_share()
    if idle < 0.8:
        log(f"warning: only {idle:.0%} of the CPU was idle before the run; other work on this "
            "machine will lower every figure")
    log(f"preparing {args.students} students with tokens on PostgreSQL…")
    contest_id, tokens = prepare_database(args.students)
    if args.profile:
        profile(contest_id, tokens)
        return
    # The setup left the app and its objects in this process (and the generators it forks): a
    # full collection over them takes a few hundred ms here, which must not count as latency.
    gc.freeze()
    env = {**os.environ, "QUIZ_DATABASE_URL": URL, "QUIZ_SECRET_KEY": "bench-secret",
           "QUIZ_REDIS_URL": "redis://127.0.0.1:6379/14"}
    log(f"gunicorn: {args.worker_class}, {args.workers} workers × {args.threads} threads"
        f"{', gc.freeze() after loading' if args.freeze else ''}; {args.generators} load "
        f"generator processes on the same {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as hooks:
        args.gunicorn_config = None
        if args.freeze:
            args.gunicorn_config = str(Path(hooks, "gunicorn_hooks.py"))
            Path(args.gunicorn_config).write_text(GUNICORN_CONFIG, encoding="utf-8")
        serve_both(args, env, contest_id, tokens)


def serve_both(args: argparse.Namespace, env: dict[str, str], contest_id: int,
               tokens: list[str]) -> None:
    """The app, then the bare endpoint, with the same gunicorn settings; prints the results."""
    app, port = serve("wsgi:app", args, env, str(ROOT))
    try:
        watch = CpuWatch("app", app)
        seats, app_rate, offered, tallies, cpu_ms = measure_app(port, contest_id, tokens, args,
                                                               app)
        watch.report(tallies)
    finally:
        gunicorn_server.stop(app)
    with tempfile.TemporaryDirectory() as bare_dir:
        Path(bare_dir, "bare.py").write_text(BARE_APP, encoding="utf-8")
        bare, port = serve("bare:app", args, env, bare_dir)
        try:
            watch = CpuWatch("bare app", bare)
            bare_rate, bare_tally, bare_cpu_ms = saturation(port, seats, args, "bare", bare)
            watch.report([bare_tally])
        finally:
            gunicorn_server.stop(bare)

    # Throughput swings with other work on a shared machine; CPU per request swings less
    # (though contention inflates it too, the app's more than the bare endpoint's).
    log(f"CPU per save, all of it (server, database, load generator; best step): app "
        f"{cpu_ms:.2f} ms, bare {bare_cpu_ms:.2f} ms, ratio {bare_cpu_ms / cpu_ms:.2f}")
    log("targets: at least 170 starts/s; ratio at least 0.25; p99 under 100 ms")
    errors: Counter = Counter()
    for tally in (*tallies, bare_tally):
        errors.update(tally.errors)
    if errors:
        print(f"FAILED: {sum(errors.values())} request(s) without a 200: {dict(errors)}")
    p99 = percentile(tallies[-1].latencies, 0.99) * 1000
    print(f"answers: app {app_rate:.0f} req/s, bare {bare_rate:.0f} req/s, "
          f"ratio {app_rate / bare_rate:.2f}, p99 {p99:.0f} ms at {offered:.0f} req/s offered")
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
