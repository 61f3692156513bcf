"""What every benchmark shares: the checkout on sys.path, timestamped progress lines,
percentiles, PostgreSQL databases of their own, the app on one, and the `flask` command.

The benchmarks are scripts run as `python bench/NAME.py`, so bench/ is on sys.path and they
import this as `common`. Whatever runs as a child (flask, gunicorn) runs under the interpreter
the benchmark was started with, not a guessed .venv path.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the checkout's quiz package, not an installed copy

SERVER_URL = "postgresql://postgres@127.0.0.1:5432"
ADMIN_URL = f"{SERVER_URL}/postgres"
STARTED = time.monotonic()


def log(message: str, *, stdout: bool = False) -> None:
    """A progress line with the seconds since the benchmark started, on stderr so that stdout
    keeps the results and ends with the line that counts (`stdout=True`: citygen, whose
    progress is its output)."""
    print(f"[{time.monotonic() - STARTED:6.1f} s] {message}",
          file=sys.stdout if stdout else sys.stderr, flush=True)


def percentile(values: list[float], share: float) -> float:
    """The `share` (0.95, 0.99) percentile of `values`; 0 for fewer than two values."""
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] if len(values) > 1 else 0


def database_url(name: str) -> str:
    """The URL of database `name` on the local PostgreSQL server."""
    return f"{SERVER_URL}/{name}"


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[1].split("?")[0]


def admin_url(url: str) -> str:
    """The `postgres` maintenance database on the same server as `url`."""
    return url.rsplit("/", 1)[0] + "/postgres"


def ensure_database(url: str, force: bool = False) -> None:
    """Create the database of `url` if missing; with `force`, drop it first."""
    name = database_name(url)
    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    (name,)).fetchone()
        if exists and force:
            log(f"dropping {name}")
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            log(f"creating {name}")
            connection.execute(f'CREATE DATABASE "{name}"')


def make_app(url: str, secret_key: str = "bench"):  # noqa: S107 (a benchmark's own key)
    """The real app on the PostgreSQL database of `url` (a plain postgresql:// URL)."""
    from quiz import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url.replace("postgresql:",
                                                              "postgresql+psycopg:", 1),
                       "SECRET_KEY": secret_key})


def flask_command(*args: str) -> list[str]:
    """`flask --app quiz ARGS` under this interpreter (whatever venv started the benchmark)."""
    return [sys.executable, "-m", "flask", "--app", "quiz", *args]
