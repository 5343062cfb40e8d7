"""Metrics benchmark: `make bench-metrics` or `.venv/bin/python -m bench.metrics [--tickets N]`.

Against its own database (helpdesk_bench) and its own Celery queue (helpdesk-bench), so demo,
test data and a running `make up` worker are untouched. Steps, each printed beside a baseline
measured in the same run:

1. 1,000 tickets with full event histories (bench.data) -> `metrics_rebuild` -> the dashboard
   (/manager/) served by gunicorn, timed from a client on localhost for 30 and 365 days, all
   teams and one team (--requests after a warm-up); baseline: /healthz/ the same way.
2. Grow to N tickets (default 1,000,000) -> time the full `metrics_rebuild` -> the same timings
   -> ratios N vs 1,000.
3. Lag: a real Celery worker on the bench database and a generator writing --rate events/s for
   --seconds through the real services (agent replies, solves, reopens on recent tickets, real
   clock). An event counts as reflected once it is processed AND the rollup rows of every day
   its ticket's facts fall on (and of their weeks and months) were written by the transaction
   that processed it or a later one (the rows' xmin against the event row's), with none of
   those days or spans left dirty: so the dashboard's reads show it. Printed: lag p50/p95/max,
   and the part of it until the event was processed.

With --keep the big database is reused as it is (no generation, no rebuild) and the 1,000-ticket
baseline is built and timed afresh in its own database (helpdesk_bench_1k), by a child run.

Requests are timed end to end from the client (server time plus a localhost round trip; the
/healthz/ baseline carries the same overhead).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings.local")
DATABASE = os.environ.setdefault("BENCH_DATABASE", "helpdesk_bench")
os.environ["HELPDESK_DATABASE_NAME"] = DATABASE
os.environ["CELERY_TASK_DEFAULT_QUEUE"] = "helpdesk-bench"
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bench.data import bench_world, grow_tickets, reset  # noqa: E402
from bench.lag import measure_lag  # noqa: E402
from helpdesk import clock  # noqa: E402
from metrics.rollups import local_day  # noqa: E402
from tickets.models import User  # noqa: E402
from tickets.roles import MANAGERS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings.local",
        "HELPDESK_DATABASE_NAME": DATABASE,
        "BENCH_DATABASE": DATABASE,
        "CELERY_TASK_DEFAULT_QUEUE": "helpdesk-bench",
        "DEBUG": "false",
        "PYTHONUNBUFFERED": "1",
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(log_dir: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    log = open(log_dir / "bench-gunicorn.log", "w")  # noqa: SIM115 - lives with the process
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "gunicorn", "helpdesk.wsgi:application", "-c", "gunicorn.conf.py"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "1"]
        + ["--timeout", "300", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=_env() | {"DATABASE_CONN_MAX_AGE": "60"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited; see {log.name}")
        try:
            if requests.get(f"{base}/healthz/", timeout=2).status_code == 200:
                return process, base
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz/ within 60 s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def manager_session(base: str) -> requests.Session:
    """A signed-in manager's session, made server-side (the login form is not what is timed)."""
    from importlib import import_module

    user, _ = User.objects.get_or_create(username="bench-manager")
    user.groups.add(Group.objects.get(name=MANAGERS))
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, store.session_key)
    return session


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def time_get(session, url: str, *, repeat: int, warmup: int = 3) -> tuple[float, float]:
    for _ in range(warmup):
        response = session.get(url, timeout=300, allow_redirects=False)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} -> {response.status_code}")
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = session.get(url, timeout=300, allow_redirects=False)
        samples.append(time.perf_counter() - began)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} -> {response.status_code}")
    return percentiles(samples)


def dashboard_cases(team_id: int) -> dict[str, str]:
    today = local_day(clock.now())
    cases = {}
    for days in (30, 365):
        start = (today - timedelta(days=days - 1)).isoformat()
        query = f"/manager/?start={start}&end={today.isoformat()}"
        cases[f"{days}d all teams"] = query
        cases[f"{days}d one team"] = f"{query}&team={team_id}"
    return cases


def time_pages(base: str, team_id: int, *, repeat: int) -> dict[str, tuple[float, float]]:
    session = manager_session(base)
    results = {"/healthz/ baseline": time_get(session, f"{base}/healthz/", repeat=repeat)}
    for label, path in dashboard_cases(team_id).items():
        results[label] = time_get(session, base + path, repeat=repeat)
    return results


def rebuild() -> float:
    began = time.perf_counter()
    call_command("metrics_rebuild", no_progress=True)
    return time.perf_counter() - began


def print_pages(small: dict, big: dict, big_label: str) -> None:
    print(f"\n{'page (ms)':<20} {'1,000 p50':>10} {'p95':>8} {big_label + ' p50':>14} {'p95':>8}"
          f" {'ratio p50':>10} {'p95':>6} {'x baseline':>11}")  # fmt: skip
    base_p50 = big["/healthz/ baseline"][0]
    for label, (p50, p95) in small.items():
        b50, b95 = big[label]
        print(
            f"{label:<20} {p50 * 1e3:10.1f} {p95 * 1e3:8.1f} {b50 * 1e3:14.1f} {b95 * 1e3:8.1f}"
            f" {b50 / p50:9.2f}x {b95 / p95:5.2f}x {b50 / base_p50:10.1f}x"
        )


BASELINE_DATABASE = "helpdesk_bench_1k"
BASELINE_MARK = "baseline-json: "


def measure_baseline(*, repeat: int) -> tuple[dict, float]:
    """1,000 tickets in this database: generate, rebuild, time the pages."""
    world = bench_world()
    reset(keep_users=True)
    grow_tickets(1_000, world=world)
    seconds = rebuild()
    web, base = start_gunicorn(ROOT / "var")
    try:
        return time_pages(base, world.team_ids[0], repeat=repeat), seconds
    finally:
        stop(web)


def baseline_in_child(*, repeat: int) -> tuple[dict, float]:
    """The 1,000-ticket baseline in its own database, so the big one is kept as it is."""
    env = _env() | {
        "BENCH_DATABASE": BASELINE_DATABASE,
        "HELPDESK_DATABASE_NAME": BASELINE_DATABASE,
    }
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "bench.metrics", "--baseline-only", "--requests", str(repeat)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = next(line for line in done.stdout.splitlines() if line.startswith(BASELINE_MARK))
    found = json.loads(line.removeprefix(BASELINE_MARK))
    return {label: tuple(times) for label, times in found["pages"].items()}, found["rebuild"]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.metrics")
    parser.add_argument("--tickets", type=int, default=1_000_000, help="tickets for the big run")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--rate", type=float, default=100, help="lag generator: events/s")
    parser.add_argument("--seconds", type=float, default=60, help="lag generator: duration")
    parser.add_argument("--skip-lag", action="store_true")
    parser.add_argument(
        "--rollup-queue",
        action="store_true",
        help="lag experiment: the rollup fill on its own queue and worker",
    )
    parser.add_argument("--skip-pages", action="store_true", help="with --keep: only the lag")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="reuse the big database as it is; the 1,000 baseline is rebuilt in its own",
    )
    parser.add_argument("--baseline-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    log_dir = ROOT / "var"
    log_dir.mkdir(exist_ok=True)

    call_command("migrate", verbosity=0)
    if args.baseline_only:
        pages, seconds = measure_baseline(repeat=args.requests)
        print(BASELINE_MARK + json.dumps({"pages": pages, "rebuild": seconds}))
        return
    world = bench_world()
    team_id = world.team_ids[0]
    small = None
    if args.keep:
        small, small_rebuild = baseline_in_child(repeat=args.requests)
        print(
            f"baseline: 1,000 tickets in {BASELINE_DATABASE}, metrics_rebuild {small_rebuild:.1f} s"
        )
    else:
        reset(keep_users=True)
        began = time.perf_counter()
        grow_tickets(1_000, world=world)
        print(f"generated 1,000 tickets in {time.perf_counter() - began:.1f} s")
        small_rebuild = rebuild()
        print(f"metrics_rebuild at 1,000: {small_rebuild:.1f} s")
        web, base = start_gunicorn(log_dir)
        try:
            small = time_pages(base, team_id, repeat=args.requests)
        finally:
            stop(web)
        began = time.perf_counter()
        grow_tickets(args.tickets - 1_000, world=world)
        print(f"generated {args.tickets - 1_000:,} more tickets in "
              f"{time.perf_counter() - began:.1f} s")  # fmt: skip
        big_rebuild = rebuild()
        print(f"metrics_rebuild at {args.tickets:,}: {big_rebuild:.1f} s "
              f"({big_rebuild / args.tickets * 1e3:.2f} ms/ticket; at 1,000: "
              f"{small_rebuild:.1f} s)")  # fmt: skip
    big = None
    if not args.skip_pages:
        web, base = start_gunicorn(log_dir)
        try:
            big = time_pages(base, team_id, repeat=args.requests)
        finally:
            stop(web)
    if big is None:
        pass
    elif small is not None:
        print_pages(small, big, f"{args.tickets // 1000:,}k")
    else:
        for label, (p50, p95) in big.items():
            print(f"{label:<20} p50 {p50 * 1e3:8.1f} ms  p95 {p95 * 1e3:8.1f} ms")

    if not args.skip_lag:
        measure_lag(
            rate=args.rate,
            seconds=args.seconds,
            env=_env(),
            log_dir=log_dir,
            rollup_queue=args.rollup_queue,
        )


if __name__ == "__main__":
    main()
