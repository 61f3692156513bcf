"""How many student logins a minute one server takes when a whole school starts at once.

Serves the app with gunicorn on PostgreSQL (and Redis for the login throttle), creates a school
of 1,500 students, and has 1,500 students log in through one address as fast as 24 concurrent
clients can: each opens the login page (CSRF cookie and token) and posts school code, number
and password, like a phone would. In the same run and with the same gunicorn settings it
serves a bare Flask app whose login page and post do no work, as the baseline.

    .venv/bin/python bench/logins.py [--students 1500] [--clients 24] [--workers 4]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on 127.0.0.1:6379. Prints last:
    logins: N/min, p50 N ms, p99 N ms (bare N/min); target 1500/min
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import gunicorn_server  # bench/gunicorn_server.py (the script's own folder is on sys.path)
from common import ROOT, database_url, ensure_database, make_app, percentile

PASSWORD = "357924"
DATABASE = "quiz_bench_logins"
BARE_APP = '''
from flask import Flask, redirect, request
app = Flask(__name__)
@app.get("/login")
def page():
    return '<form><input name="csrf_token" value="x"></form>'
@app.post("/login")
def post():
    request.form.get("school")
    return redirect("/")
'''


def prepare_database(students: int) -> str:
    url = database_url(DATABASE)
    ensure_database(url, force=True)
    from flask_migrate import upgrade

    from quiz.extensions import db
    from quiz.models import District, School, SchoolClass, Student
    from quiz.passwords import hash_password

    app = make_app(url)
    with app.app_context():
        upgrade()
        school = School(code="BENCH", name="压测中学", level="junior",
                        district=District(name="压测区"))
        classes = [SchoolClass(school=school, grade=7, name=f"{n}班") for n in range(1, 41)]
        password_hash = hash_password(PASSWORD, for_student=True)  # the production method
        db.session.add_all([
            Student(school=school, school_class=classes[i % len(classes)],
                    student_no=f"B{i:05d}", name="学生", password_hash=password_hash)
            for i in range(students)
        ])
        db.session.commit()
        db.engine.dispose()
    return url


def serve(app_spec: str, workers: int, env: dict[str, str], cwd: str
          ) -> tuple[subprocess.Popen, int]:
    return gunicorn_server.start(app_spec, ["-w", str(workers)], env, cwd)


TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def one_login(port: int, number: int) -> float:
    """GET the login page, POST the form; returns the seconds both took."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode("utf-8")
    cookie = (response.getheader("Set-Cookie") or "").split(";", 1)[0]
    token = TOKEN.search(page)
    body = urllib.parse.urlencode({
        "csrf_token": token.group(1) if token else "", "school": "BENCH",
        "student_no": f"B{number:05d}", "password": PASSWORD,
    })
    connection.request("POST", "/login", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 302:
        raise RuntimeError(f"login {number} answered {response.status}")
    return time.perf_counter() - started


def drive(port: int, students: int, clients: int) -> tuple[float, list[float]]:
    """All students log in once, `clients` at a time; returns (wall seconds, latencies)."""
    numbers = iter(range(students))
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[BaseException] = []

    def worker() -> None:
        while True:
            with lock:
                number = next(numbers, None)
            if number is None:
                return
            try:
                latencies.append(one_login(port, number))
            except BaseException as error:  # noqa: BLE001 (reported below)
                errors.append(error)
                return

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"{len(errors)} login(s) failed, first: {errors[0]}")
    return time.perf_counter() - started, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=1500)
    parser.add_argument("--clients", type=int, default=24)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    print(f"preparing {args.students} students on PostgreSQL…", file=sys.stderr)
    url = prepare_database(args.students)
    env = {**os.environ, "QUIZ_DATABASE_URL": url, "QUIZ_SECRET_KEY": "bench-secret",
           "QUIZ_REDIS_URL": "redis://127.0.0.1:6379/14"}

    with tempfile.TemporaryDirectory() as bare_dir:
        Path(bare_dir, "bare.py").write_text(BARE_APP, encoding="utf-8")
        bare, port = serve("bare:app", args.workers, env, bare_dir)
        try:
            bare_seconds, _ = drive(port, args.students, args.clients)
        finally:
            gunicorn_server.stop(bare)

    app, port = serve("wsgi:app", args.workers, env, str(ROOT))
    try:
        drive(port, min(100, args.students), args.clients)  # warm up: imports, pools
        subprocess.run(["redis-cli", "-n", "14", "flushdb"], check=False,
                       stdout=subprocess.DEVNULL)
        seconds, latencies = drive(port, args.students, args.clients)
    finally:
        gunicorn_server.stop(app)

    per_minute = args.students / seconds * 60
    bare_per_minute = args.students / bare_seconds * 60
    p50 = statistics.median(latencies) * 1000
    p99 = percentile(latencies, 0.99) * 1000
    print(f"{args.students} logins in {seconds:.1f} s with {args.clients} clients, "
          f"{args.workers} gunicorn workers", file=sys.stderr)
    print(f"logins: {per_minute:.0f}/min, p50 {p50:.0f} ms, p99 {p99:.0f} ms "
          f"(bare {bare_per_minute:.0f}/min); target 1500/min")


if __name__ == "__main__":
    main()
