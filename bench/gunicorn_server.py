"""Starting and stopping the gunicorn under test, the same way in every benchmark."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(app_spec: str, options: list[str], env: dict[str, str], cwd: str
          ) -> tuple[subprocess.Popen, int]:
    """gunicorn serving `app_spec` on a free local port with `options` (worker class, counts,
    config hooks), in its own process group; returns once it accepts connections."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *options, "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", app_spec],
        cwd=cwd, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def process_cpu(groups: set[int], database: str) -> float:
    """CPU seconds (user + system) used so far by the processes of the process `groups` and by
    PostgreSQL's backends serving `database`: the server side of a benchmark, whatever else
    runs on the machine."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[2]) in groups or (command.startswith(b"postgres:")
                                      and f" {database} ".encode() in command):
            total += int(stat[11]) + int(stat[12])
    return total / os.sysconf("SC_CLK_TCK")
