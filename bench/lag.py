"""Event -> dashboard lag under load (step 3 of bench.metrics; see its docstring)."""

from __future__ import annotations

import random
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from helpdesk import clock
from metrics.models import Span
from metrics.rollups import local_day, rollups_fill
from metrics.rollups.spans import span_start
from tickets.models import Team, Ticket, TicketEvent
from tickets.services import message_add_from_agent, ticket_change_status

QUEUE = "helpdesk-bench"
RECENT_DAYS = 14
THREADS = 4  # service calls take tens of ms on a busy box: one thread cannot write 100/s


@dataclass
class Probe:
    event_id: int
    committed: float  # time.monotonic() when the service call returned (committed)
    next_xid: int | None = None  # the transaction that processed the event
    days: tuple = ()  # (span, first day) of each rollup row the probe must see rewritten
    processed: float | None = None  # when the watcher first saw it processed
    reflected: float | None = None


@dataclass
class Run:
    probes: list[Probe] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: threading.Event = field(default_factory=threading.Event)
    queue_lengths: list[int] = field(default_factory=list)  # broker queue, sampled by the watcher


def start_worker(
    env: dict, log_dir: Path, *, queue: str = QUEUE, concurrency: int = 2
) -> subprocess.Popen:
    subprocess.run(  # noqa: S603 - fixed arguments; stale messages of an interrupted run
        [sys.executable, "-m", "celery", "-A", "helpdesk", "purge", "-f", "-Q", queue],
        env=env, capture_output=True, check=False,
    )  # fmt: skip
    log_path = log_dir / f"bench-worker-{queue}.log"
    log = open(log_path, "w")  # noqa: SIM115 - lives with the process
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "celery", "-A", "helpdesk", "worker", "-Q", queue]
        + [f"--concurrency={concurrency}", "-l", "info", "-n", f"{queue}@%h"]
        + ["--without-mingle", "--without-gossip"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not re.search(r"@\S+ ready\.", log_path.read_text()):
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"Celery worker not ready; see {log_path}")
        time.sleep(0.2)
    return process


def _pool() -> tuple[list[int], dict[int, list]]:
    since = clock.now() - timedelta(days=RECENT_DAYS)
    ids = list(
        Ticket.objects.filter(created_at__gte=since)
        .exclude(status=Ticket.Status.CLOSED)
        .values_list("pk", flat=True)
    )
    teams = Team.objects.prefetch_related("members")
    agents = {team.pk: list(team.members.all()) for team in teams}
    return ids, agents


def _act(ticket_id: int, agents: dict[int, list], rng: random.Random) -> None:
    ticket = Ticket.objects.select_related("assignee").get(pk=ticket_id)
    agent = ticket.assignee or rng.choice(agents[ticket.team_id])
    status = ticket.status
    if status == Ticket.Status.NEW or (status == Ticket.Status.OPEN and rng.random() < 0.5):
        message_add_from_agent(ticket=ticket, agent=agent, body="Bench reply")
    elif status == Ticket.Status.OPEN:
        ticket_change_status(ticket=ticket, actor=agent, status=Ticket.Status.SOLVED)
    else:  # pending or solved: back to open (a reopen counts on the facts, too)
        ticket_change_status(ticket=ticket, actor=agent, status=Ticket.Status.OPEN)


def _generate(run: Run, *, rate: float, seconds: float, pool, agents, seed: int) -> None:
    rng = random.Random(seed)
    began = time.monotonic()
    n = 0
    try:
        while (due := began + n / rate) < began + seconds:
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            ticket_id = rng.choice(pool)
            try:
                _act(ticket_id, agents, rng)
            except Exception as error:  # noqa: BLE001 - reported, the run goes on
                run.errors.append(f"{type(error).__name__}: {error}")
            else:
                committed = time.monotonic()
                last = (
                    TicketEvent.objects.filter(ticket_id=ticket_id)
                    .order_by("-id")
                    .values_list("pk", flat=True)
                    .first()
                )
                with run.lock:
                    run.probes.append(Probe(event_id=last, committed=committed))
            n += 1
    finally:
        connections.close_all()


# The event row's xmin is the transaction that set processed_at: the one that refreshed the
# ticket's facts and added their changes to the rollups (metrics.rollups.delta).
SQL_PROCESSED = """
SELECT e.id, f.created_at, f.resolved_at, e.xmin::text::bigint
FROM tickets_ticketevent e JOIN metrics_ticketfacts f ON f.ticket_id = e.ticket_id
WHERE e.id = ANY(%s) AND e.processed_at IS NOT NULL
"""
# A probe is reflected once the rollup rows of its days and of the weeks and months holding
# them were written by the transaction that processed its event or a later one (a delta, or
# the fill that rewrote a day a refused delta left dirty), and none of them is dirty.
SQL_SPAN_XID = """
SELECT span, day, max(xmin::text::bigint) FROM (
    SELECT span, day, xmin FROM metrics_createdrollup WHERE day = ANY(%(days)s)
    UNION ALL SELECT span, day, xmin FROM metrics_resolvedrollup WHERE day = ANY(%(days)s)
    UNION ALL SELECT span, day, xmin FROM metrics_surveyrollup WHERE day = ANY(%(days)s)
) AS rows GROUP BY span, day
"""
SQL_DIRTY = """
SELECT 'day', day FROM metrics_rollupdirtyday
UNION ALL SELECT span, day FROM metrics_rollupdirtyspan
"""


def _queue_length() -> int | None:
    try:
        import redis

        return redis.from_url(settings.REDIS_URL).llen(QUEUE)
    except Exception:  # noqa: BLE001 - only a diagnostic
        return None


def _watch(run: Run, interval: float = 0.1) -> None:
    try:
        while True:
            finished = run.done.is_set()
            with run.lock:
                open_probes = [p for p in run.probes if p.reflected is None]
            _check(open_probes)
            if (length := _queue_length()) is not None:
                run.queue_lengths.append(length)
            if finished:
                return
            time.sleep(interval)
    finally:
        connections.close_all()


def _check(open_probes: list[Probe]) -> None:
    unseen = {p.event_id: p for p in open_probes if p.next_xid is None}
    with connection.cursor() as cursor:
        if unseen:
            cursor.execute(SQL_PROCESSED, [list(unseen)])
            seen = time.monotonic()
            for event_id, created_at, resolved_at, next_xid in cursor.fetchall():
                probe = unseen[event_id]
                probe.next_xid, probe.processed = next_xid, seen
                days = {local_day(moment) for moment in (created_at, resolved_at) if moment}
                probe.days = tuple(
                    (span, span_start(span, day)) for day in days for span in Span.values
                )
        waiting = [p for p in open_probes if p.next_xid is not None]
        days = sorted({day for p in waiting for _span, day in p.days})
        if not days:
            return
        cursor.execute(SQL_SPAN_XID, {"days": days})
        span_xid = {(span, day): xid for span, day, xid in cursor.fetchall()}
        cursor.execute(SQL_DIRTY)
        dirty = set(cursor.fetchall())
    now = time.monotonic()
    for probe in waiting:
        if all(span_xid.get(key, 0) >= probe.next_xid and key not in dirty for key in probe.days):
            probe.reflected = now


ROLLUP_QUEUE = "helpdesk-bench-rollups"  # bench/settings_rollup_queue.py routes the fill here


def measure_lag(
    *, rate: float, seconds: float, env: dict, log_dir: Path, rollup_queue: bool = False
) -> None:
    # Start from rollups with nothing dirty (a run interrupted mid-fill leaves days or spans
    # dirty; in production beat's fill drains them): deltas then keep them up to date.
    rollups_fill()
    pool, agents = _pool()
    if not pool:
        print("lag: no recent open tickets to work on")
        return
    workers = []
    if rollup_queue:
        env = env | {"DJANGO_SETTINGS_MODULE": "bench.settings_rollup_queue"}
        workers.append(start_worker(env, log_dir, queue=ROLLUP_QUEUE, concurrency=1))
    workers.append(start_worker(env, log_dir))
    run = Run()
    try:
        threads = [
            threading.Thread(
                target=_generate,
                kwargs={
                    "run": run,
                    "rate": rate / THREADS,
                    "seconds": seconds,
                    "pool": pool,
                    "agents": agents,
                    "seed": seed,
                },
            )  # fmt: skip
            for seed in range(THREADS)
        ]
        watcher = threading.Thread(target=_watch, args=(run,))
        watcher.start()
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
        deadline = time.monotonic() + 120  # time for the backlog to drain
        while time.monotonic() < deadline:
            with run.lock:
                if all(p.reflected is not None for p in run.probes):
                    break
            time.sleep(0.5)
        run.done.set()
        watcher.join()
    finally:
        run.done.set()
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
    _report(run, elapsed=elapsed, rate=rate, seconds=seconds, pool=len(pool))


def _report(run: Run, *, elapsed: float, rate: float, seconds: float, pool: int) -> None:
    lags = sorted(p.reflected - p.committed for p in run.probes if p.reflected is not None)
    to_facts = sorted(p.processed - p.committed for p in run.probes if p.processed is not None)
    missing = sum(1 for p in run.probes if p.reflected is None)
    written = len(run.probes)
    print(
        f"\nlag: {written} service calls in {elapsed:.1f} s ({written / elapsed:.1f}/s, "
        f"target {rate:g}/s for {seconds:g} s) on {pool:,} recent tickets; "
        f"{len(run.errors)} errors"
    )
    if run.queue_lengths:
        print(f"broker queue {QUEUE}: max {max(run.queue_lengths)} messages waiting")
    for error in sorted(set(run.errors))[:5]:
        print(f"  error: {error}")
    if lags:

        def at(q):
            return lags[min(len(lags) - 1, round(q * (len(lags) - 1)))]

        def at_facts(q):
            return to_facts[min(len(to_facts) - 1, round(q * (len(to_facts) - 1)))]

        print(
            f"lag event -> dashboard rollups: p50 {at(0.5):.2f} s, p95 {at(0.95):.2f} s, "
            f"max {lags[-1]:.2f} s (target p95 <= 5 s); not reflected after 120 s: {missing}"
        )
        print(
            f"  of which event -> processed (facts committed): p50 {at_facts(0.5):.2f} s, "
            f"p95 {at_facts(0.95):.2f} s, max {to_facts[-1]:.2f} s"
        )
    else:
        print(f"lag: nothing reflected; {missing} events waiting")
