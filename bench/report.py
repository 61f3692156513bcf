"""How long the bureau's participation report takes for a 100,000-student city, and how much
memory it needs.

    .venv/bin/python bench/report.py [--url postgresql://postgres@127.0.0.1:5432/quiz_city]
                                     [--runs 3] [--format xlsx|csv] [--keep FILE]

Uses the city of bench/citygen.py (10 districts, 400 schools, 100,000 students, three contests,
about 100,000 finished attempts with 2,000,000 answers; URL also from QUIZ_CITY_URL). When the
database has no city yet it is built first by calling bench/citygen.py (a few minutes on
2 cores). Each run is a fresh child process doing exactly what an official types:

    flask --app quiz report participation -o FILE.xlsx

(the whole city, every contest: sheets 区县汇总, 学校汇总, 班级汇总, 题型正确率, 志愿服务).
For each run it measures the wall time of the whole command (interpreter start, app creation,
queries, writing the file), the time the command itself reports for building and writing the
report, the command's CPU time (a steadier figure on a shared machine; PostgreSQL's own work
is not in it), and the child's peak resident memory (ru_maxrss from os.wait4 on that child, which
counts C allocations too: PostgreSQL driver, pandas, XlsxWriter). The first run also warms
PostgreSQL's cache; the median of the runs counts. The load average before the runs is
printed, with a warning when the machine is busy, since the figures are then not comparable.

Prints last `report: N s, peak N MB` (median wall time of the command, largest peak).
Targets: under 3 s and under 300 MB.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import citygen  # bench/citygen.py (the script's own folder is on sys.path)
from common import ROOT, flask_command


def run_once(url: str, output: Path) -> tuple[float, float | None, float, float, str]:
    """(wall seconds, the command's own seconds, peak MB, CPU seconds of the command itself
    (PostgreSQL's work is not in it), its progress lines)."""
    env = dict(os.environ, QUIZ_DATABASE_URL=url)
    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 (our own command, fixed arguments)
        flask_command("report", "participation", "-o", str(output)),
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    out, err = child.stdout.read().decode(), child.stderr.read().decode()
    child.stdout.close()
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"the report command failed:\n{out}{err}")
    own = re.search(r" in ([0-9.]+) s$", out.strip())
    cpu = usage.ru_utime + usage.ru_stime
    return wall, float(own.group(1)) if own else None, usage.ru_maxrss / 1024, cpu, err + out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("QUIZ_CITY_URL", citygen.DEFAULT_URL))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--keep", type=Path, help="also keep the last report at this path")
    args = parser.parse_args()

    city = citygen.ensure_city(args.url)
    print(f"city: {city['students']:,} students, {city['schools']} schools, "
          f"{city['attempts']:,} attempts, {city['answers']:,} answers")
    load = os.getloadavg()
    cores = os.cpu_count() or 1
    print(f"machine: {cores} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if load[0] > 0.5 * cores:
        print("warning: the machine is busy; times will be longer than on a quiet machine",
              file=sys.stderr)
    walls, owns, peaks = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / f"report.{args.format}"
        for number in range(1, args.runs + 1):
            wall, own, peak, cpu, lines = run_once(args.url, output)
            walls.append(wall)
            peaks.append(peak)
            if own is not None:
                owns.append(own)
            steps = ", ".join(line.strip() for line in lines.splitlines()
                              if line.startswith("  "))
            print(f"run {number}: command {wall:.2f} s (report itself "
                  f"{own if own is not None else float('nan'):.2f} s: {steps}), "
                  f"peak {peak:.0f} MB, command CPU {cpu:.2f} s, "
                  f"{output.stat().st_size:,} bytes")
        if args.keep:
            args.keep.write_bytes(output.read_bytes())
    if owns:
        print(f"report itself (queries + writing, median): {statistics.median(owns):.2f} s")
    print(f"report: {statistics.median(walls):.2f} s, peak {max(peaks):.0f} MB")


if __name__ == "__main__":
    main()
