"""Benchmarks: `make bench` or `.venv/bin/python -m bench [--tickets N]` (N up to 1,000,000).

Runs against its own database (helpdesk_bench) on the configured server, so demo and test data
are untouched. Each benchmark prints a ratio against a baseline measured in the same run, so the
numbers compare across machines:

  create   ticket_create through the service (ticket + message + event, one transaction)
           vs. a bare single-row INSERT: what the event spine and validation cost per ticket.
  queue    the agent queue's first page, and the manager's 30-day summary, at N tickets vs. at
           1,000 tickets: how reads scale with the table (flat means the indexes work).

Bulk data for the scaling runs is generated in SQL (generate_series), not through services:
creating a million tickets one service call at a time would take an hour. That data is synthetic
and lives only in the bench database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings.local")
os.environ["HELPDESK_DATABASE_NAME"] = "helpdesk_bench"

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.data import bench_world, grow_tickets, reset  # noqa: E402
from metrics.selectors import period_summary  # noqa: E402
from tickets import services  # noqa: E402
from tickets.models import Team, Ticket, User  # noqa: E402
from tickets.roles import AGENTS  # noqa: E402
from tickets.selectors import agent_queue  # noqa: E402


def timed(fn, *, repeat: int) -> float:
    """Median seconds per call over `repeat` calls, after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def bench_create(repeat: int) -> None:
    customer = services.customer_get_or_create(email="bench@example.com", name="Bench")

    def raw_insert():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO tickets_tag (name) VALUES (%s)", [f"b{time.perf_counter_ns()}"]
            )

    def service_create():
        services.ticket_create(
            customer=customer, subject="Bench", body="Body", channel=Ticket.Channel.WEB
        )

    base = timed(raw_insert, repeat=repeat)
    cost = timed(service_create, repeat=repeat)
    print(f"create  baseline INSERT {base * 1e3:8.3f} ms")
    print(f"create  ticket_create   {cost * 1e3:8.3f} ms   ratio {cost / base:6.1f}x")


def bench_reads(agent: User, label: str) -> tuple[float, float]:
    end = timezone.now()
    queue = timed(lambda: list(agent_queue(user=agent)[:50]), repeat=20)
    summary = timed(lambda: period_summary(start=end - timedelta(days=30), end=end), repeat=10)
    print(
        f"reads   {label:>12}: queue page {queue * 1e3:8.3f} ms, 30-day summary "
        f"{summary * 1e3:8.3f} ms"
    )
    return queue, summary


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--tickets", type=int, default=100_000, help="tickets for the big run")
    parser.add_argument("--repeat", type=int, default=200, help="calls per create benchmark")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    reset()
    world = bench_world()
    team = Team.objects.get(pk=world.team_ids[0])
    agent = User.objects.create_user("bench-agent", password=None)
    agent.groups.add(Group.objects.get(name=AGENTS))
    team.members.add(agent)

    bench_create(args.repeat)
    reset(keep_users=True)
    grow_tickets(1_000, world=world)
    small = bench_reads(agent, "1,000")
    grow_tickets(args.tickets - 1_000, world=world)
    big = bench_reads(agent, f"{args.tickets:,}")
    print(
        f"scaling 1,000 -> {args.tickets:,}: queue {big[0] / small[0]:.2f}x, "
        f"summary {big[1] / small[1]:.2f}x"
    )


if __name__ == "__main__":
    main()
