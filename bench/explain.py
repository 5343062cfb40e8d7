"""Where the dashboard's time goes: `.venv/bin/python -m bench.explain [--days 365] [--team]`.

Runs the page's reads (the selectors the view calls) on the bench database in-process, lists
the queries by time and prints EXPLAIN ANALYZE of the slowest ones."""

from __future__ import annotations

import argparse
import os
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings.local")
os.environ["HELPDESK_DATABASE_NAME"] = "helpdesk_bench"
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from helpdesk import clock  # noqa: E402
from metrics.rollups import local_day  # noqa: E402
from metrics.selectors import (  # noqa: E402
    BREAKDOWNS,
    DashboardQuery,
    dashboard_breakdown,
    dashboard_kpis,
    dashboard_series,
    satisfaction_by_speed,
)
from tickets.models import Team  # noqa: E402


def page_reads(query: DashboardQuery) -> dict[str, float]:
    """The reads of one dashboard page, each timed (seconds)."""
    parts = {
        "kpis": lambda: dashboard_kpis(query),
        "series": lambda: dashboard_series(query),
        **{
            f"breakdown {by}": (lambda by=by: dashboard_breakdown(query, by=by))
            for by in BREAKDOWNS
        },
        "speed": lambda: satisfaction_by_speed(query),
    }
    timings = {}
    for name, read in parts.items():
        began = time.perf_counter()
        read()
        timings[name] = time.perf_counter() - began
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.explain")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--team", action="store_true", help="filter by the first bench team")
    parser.add_argument("--top", type=int, default=3, help="queries to EXPLAIN ANALYZE")
    args = parser.parse_args()
    end = local_day(clock.now())
    filters = {}
    if args.team:
        filters["team_id"] = Team.objects.filter(name="bench-team-1").values_list("pk", flat=True)[
            0
        ]
    query = DashboardQuery(start=end - timedelta(days=args.days - 1), end=end, **filters)
    page_reads(query)  # warm-up
    with CaptureQueriesContext(connection) as captured:
        timings = page_reads(query)
    print(f"{args.days} days{' one team' if args.team else ''}: {len(captured)} queries, "
          f"{sum(timings.values()) * 1e3:.1f} ms")  # fmt: skip
    for name, seconds in timings.items():
        print(f"  {name:<22} {seconds * 1e3:8.1f} ms")
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    for item in slowest[: args.top]:
        print(f"\n--- {float(item['time']) * 1e3:.1f} ms\n{item['sql']}\n")
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {item['sql']}")
            print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
