"""How long the item analysis of a whole 100,000-student city takes (issue 12: under 2 s).

    .venv/bin/python bench/item_stats.py [--url postgresql://postgres@127.0.0.1:5432/quiz_city]
                                         [--runs 5]

Uses the city of bench/citygen.py (built first when missing: about 100,000 finished attempts
with 2,000,000 answered items). Each run computes, in process, exactly what the bureau's page
and `flask banks stats` compute: quiz.item_analysis.stats.item_rows over every bank and every
contest (a sum over the running totals of quiz.item_analysis.tallies, then the figures in
Python). The baseline, measured in the same run on the same connection, is the cheapest query
that touches the rows a computation from the answers would need: `SELECT count(*)` over
attempt items, attempts and answers joined. The first run warms PostgreSQL's cache and is not
counted; the median of the others is. Once, at the end, it also times recomputing the totals
from the attempts (`rebuild_item_tallies`, what the migration and the city generator run), in a
transaction it rolls back.

Prints last `item stats: N s for N versions (baseline join count N s, ratio R)`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import citygen  # bench/citygen.py (the script's own folder is on sys.path)
from common import make_app
from sqlalchemy import text

BASELINE = text(
    "SELECT count(*) FROM attempt_item ai JOIN attempt a ON a.id = ai.attempt_id "
    "AND a.finished_at IS NOT NULL AND a.score IS NOT NULL LEFT JOIN answer ans "
    "ON ans.attempt_id = ai.attempt_id AND ans.position = ai.position")


def timed(work) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("QUIZ_CITY_URL", citygen.DEFAULT_URL))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.runs < 2:
        sys.exit("--runs must be at least 2 (the first run only warms the cache)")

    city = citygen.ensure_city(args.url)
    print(f"city: {city['students']:,} students, {city['attempts']:,} attempts, "
          f"{city['answers']:,} answers")
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f}")

    from quiz.extensions import db
    from quiz.item_analysis.stats import item_rows

    app = make_app(args.url)
    with app.app_context():
        stats_times, baseline_times, rows = [], [], []
        for run in range(args.runs):
            baseline, count = timed(lambda: db.session.execute(BASELINE).scalar_one())
            seconds, rows = timed(lambda: item_rows(db.session))
            flagged = sum(1 for r in rows if r.flags)
            print(f"run {run + 1}: item stats {seconds:.2f} s ({len(rows)} versions, "
                  f"{flagged} flagged), baseline {baseline:.2f} s ({count:,} items)"
                  + (" (warm-up)" if run == 0 else ""))
            if run:
                stats_times.append(seconds)
                baseline_times.append(baseline)
        from quiz.item_analysis.tallies import rebuild_item_tallies

        rebuild, _ = timed(lambda: rebuild_item_tallies(db.session))
        db.session.rollback()
        print(f"rebuild of the totals from the attempts: {rebuild:.2f} s (rolled back)")
    median, base = statistics.median(stats_times), statistics.median(baseline_times)
    print(f"item stats: {median:.2f} s for {len(rows)} versions "
          f"(baseline join count {base:.2f} s, ratio {median / base:.1f})")


if __name__ == "__main__":
    main()
