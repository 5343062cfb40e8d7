"""Fixtures for end-to-end tests: a real Celery worker process and a real browser.

The worker is a subprocess pointed at the pytest test database, so tests that use it need
committed data: ``@pytest.mark.django_db(transaction=True)`` or ``live_server``.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.contrib.auth.models import Group

from helpdesk.celery import app as celery_app
from tests.mail.conftest import SmtpPeer, free_port
from tickets.models import OutboundEmail, Team, User

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = (
    f"BROWSER TESTS SKIPPED: {CHROMIUM} not found; "
    "apt-get install chromium (never `playwright install`)"
)
# The machine has no network: without these flags Chromium keeps trying to reach Google.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(settings.BASE_DIR) / "var" / "e2e-screenshots"
TEST_PASSWORD = "correct-horse-battery-staple"

WORKER_START_SECONDS = 30
WORKER_STOP_SECONDS = 10
_TASK_DONE = re.compile(
    r"Task tickets\.(?:process_pending_events|send_outbound_email)\[(?P<id>[0-9a-f-]+)\] "
    r"(?P<outcome>succeeded|raised|retry)"
)
_browser_skipped = pytest.StashKey[bool]()


def wait_until(condition: Callable[[], object], *, timeout: float, what: str, interval=0.2):
    """Poll ``condition`` until it returns something truthy and return that. A bounded wait for
    work done by another process, not a timing assertion."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {timeout} s waiting for {what}")
        time.sleep(interval)


@pytest.fixture(scope="session")
def poll() -> Callable[..., object]:
    return wait_until


# --- SMTP peer ---------------------------------------------------------------------------------


@dataclass
class SmtpInbox:
    """What the e2e worker sent: one real SMTP server (aiosmtpd) on 127.0.0.1 for the session."""

    peer: SmtpPeer

    def clear(self) -> None:
        self.peer.received.clear()
        self.peer.envelopes.clear()

    def messages_to(self, recipient: str) -> list:
        recipient = recipient.lower()
        return [
            message
            for envelope, message in zip(self.peer.envelopes, self.peer.received, strict=False)
            if recipient in (address.lower() for address in envelope.rcpt_tos)
        ]

    def wait_for(
        self,
        recipient: str,
        predicate: Callable[[object], bool] = lambda message: True,
        *,
        timeout: float = 20,
        what: str = "an e-mail",
    ):
        """The first message to ``recipient`` the peer received that ``predicate`` accepts."""

        def found():
            return next(filter(predicate, self.messages_to(recipient)), None)

        return wait_until(found, timeout=timeout, what=f"{what} to {recipient} at the SMTP peer")


@pytest.fixture(scope="session")
def smtp_peer_session() -> Iterator[SmtpPeer]:
    peer = SmtpPeer(host="127.0.0.1", port=free_port())
    controller = Controller(peer, hostname=peer.host, port=peer.port)
    controller.start()
    try:
        yield peer
    finally:
        controller.stop()


@pytest.fixture
def smtp_inbox(smtp_peer_session) -> Iterator[SmtpInbox]:
    """The session's SMTP peer, emptied for this test."""
    inbox = SmtpInbox(peer=smtp_peer_session)
    smtp_peer_session.reply = None
    inbox.clear()
    yield inbox
    inbox.clear()


# --- Celery worker --------------------------------------------------------------------------


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    log_path: Path
    queue: str
    sent_task_ids: list[str] = field(default_factory=list)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def finished_tasks(self) -> dict[str, str]:
        return {m["id"]: m["outcome"] for m in _TASK_DONE.finditer(self.log())}

    def wait_for_sent_tasks(self, timeout: float = 20) -> None:
        """Wait until the worker has run every task this test sent."""
        deadline = time.monotonic() + timeout
        while True:
            finished = self.finished_tasks()
            pending = [task_id for task_id in self.sent_task_ids if task_id not in finished]
            failed = [
                task_id
                for task_id in self.sent_task_ids
                if finished.get(task_id, "succeeded") != "succeeded"
            ]
            if failed:
                pytest.fail(f"worker task(s) {failed} did not succeed:\n{self.log()[-5000:]}")
            if not pending:
                return
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"worker did not run task(s) {pending} (exit code "
                    f"{self.process.poll()}):\n{self.log()[-5000:]}"
                )
            time.sleep(0.1)

    def wait_for_queued_emails(self, timeout: float = 20) -> None:
        """Wait until the worker has sent every queued e-mail. Its event tasks enqueue the send
        tasks themselves, out of this process's sight, so the rows tell when they are done."""
        deadline = time.monotonic() + timeout
        while queued := list(
            OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED).values_list(
                "pk", flat=True
            )
        ):
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"worker did not send e-mail(s) {queued} (exit code "
                    f"{self.process.poll()}):\n{self.log()[-5000:]}"
                )
            time.sleep(0.1)


def _purge(queue: str) -> None:
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_purge(queue)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # Celery's warm shutdown
        try:
            process.wait(timeout=WORKER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def celery_worker_process(
    django_db_setup, live_server, smtp_peer_session, tmp_path_factory
) -> Iterator[WorkerProcess]:
    """A real ``celery worker`` subprocess consuming the test queue, using the test database.
    It sends e-mail by SMTP to the session's peer (``smtp_inbox``), and the links in it point
    at the live server (both session-scoped, as this is)."""
    from django.db import connection

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    if not queue.startswith("helpdesk-test_"):
        # Purging or consuming any other queue would eat a developer's real tasks.
        pytest.fail(f"e2e tests need the test settings' queue, got {queue!r}")
    _purge(queue)  # stale "look" messages from earlier, interrupted runs

    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings.test",
        # django_db_setup has switched the connection to the test database by now.
        "HELPDESK_DATABASE_NAME": connection.settings_dict["NAME"],
        # ...and test.py derives the task queue from the *test* database's name: without this
        # the worker would send its own tasks (the e-mails it queues) to another queue than
        # the one it consumes, unless the caller happened to set HELPDESK_TEST_DATABASE.
        "HELPDESK_TEST_DATABASE": connection.settings_dict["NAME"],
        "PYTHONUNBUFFERED": "1",
        # helpdesk/settings/test.py and product.py read these: real SMTP to the peer, no auth.
        "HELPDESK_TEST_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": smtp_peer_session.host,
        "EMAIL_PORT": str(smtp_peer_session.port),
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_USE_TLS": "false",
        "EMAIL_USE_SSL": "false",
        "EMAIL_TIMEOUT": "5",
        "HELPDESK_TEST_BASE_URL": live_server.url,
    }
    command = [
        sys.executable, "-m", "celery", "-A", "helpdesk", "worker",
        "--pool=solo", "--concurrency=1", "-l", "info", "-Q", queue,
        "-n", f"e2e-{os.getpid()}@%h",
        # Talking to other workers only slows the start down.
        "--without-mingle", "--without-gossip",
    ]  # fmt: skip
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Out of the terminal's process group: a Ctrl-C reaches pytest, whose teardown
            # then stops the worker in order.
            start_new_session=True,
        )
    worker = WorkerProcess(process=process, log_path=log_path, queue=queue)
    try:
        deadline = time.monotonic() + WORKER_START_SECONDS
        while not re.search(r"@\S+ ready\.", worker.log()):
            if process.poll() is not None:
                pytest.fail(
                    f"Celery worker exited with status {process.returncode} before it was "
                    f"ready; its log:\n{worker.log()}"
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"Celery worker not ready after {WORKER_START_SECONDS} s; "
                    f"its log:\n{worker.log()}"
                )
            time.sleep(0.1)
        yield worker
    finally:
        _stop(process)


@pytest.fixture
def live_worker(celery_worker_process) -> Iterator[WorkerProcess]:
    """The worker, plus a record of the tasks this test enqueues. Teardown waits until the
    worker has run them all and sent the e-mails they queued, so no task of this test lands in
    the next one (or races the database flush)."""
    from tickets.tasks import process_pending_events

    # The registered task object itself: what the services' on-commit hook calls.
    task = celery_app.tasks[process_pending_events.name]
    real_apply_async = task.apply_async
    worker = celery_worker_process
    worker.sent_task_ids = []

    def apply_async_recorded(*args, **kwargs):
        result = real_apply_async(*args, **kwargs)
        worker.sent_task_ids.append(result.id)
        return result

    with mock.patch.object(task, "apply_async", side_effect=apply_async_recorded):
        yield worker
        worker.wait_for_sent_tasks()
        worker.wait_for_queued_emails()


# --- Data --------------------------------------------------------------------------------------


@pytest.fixture
def default_team(transactional_db) -> Team:
    # Migration 0002 creates it, but a transactional test's flush deletes it again (after a flush
    # post_migrate only re-creates the role groups).
    team, _created = Team.objects.get_or_create(is_default=True, defaults={"name": "Support"})
    return team


@pytest.fixture
def make_staff_user(default_team) -> Callable[..., User]:
    """A user who signs in with TEST_PASSWORD, in the given role group and the default team."""

    def make(username: str, *, group: str, first_name: str = "") -> User:
        user = User.objects.create_user(
            username=username,
            password=TEST_PASSWORD,
            email=f"{username}@helpdesk.example",
            first_name=first_name,
        )
        user.groups.add(Group.objects.get(name=group))
        default_team.members.add(user)
        return user

    return make


# --- Browser -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(request) -> Iterator[object]:
    if not CHROMIUM.exists():
        request.config.stash[_browser_skipped] = True
        pytest.skip(CHROMIUM_MISSING)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio event loop in this (the test) thread, and Django
    # refuses ORM calls from a thread with a running loop (SynchronousOnlyOperation). Browser
    # tests do set up data with the ORM in between browser steps; nothing here is async.
    with mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}):
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()


@dataclass
class PageProblems:
    """What went wrong in the browser beyond what a test looks at: script errors, failed
    requests and server errors."""

    items: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("pageerror", self._page_error)
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def _page_error(self, error) -> None:
        self.items.append(f"page error: {error}")

    def _request_failed(self, request) -> None:
        if request.failure == "net::ERR_ABORTED":
            return  # a navigation that turned into a download (attachments) or was superseded
        self.items.append(f"request failed: {request.method} {request.url} {request.failure}")

    def _response(self, response) -> None:
        if response.status >= 500:
            self.items.append(f"HTTP {response.status}: {response.request.method} {response.url}")


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def new_page(browser, page_problems) -> Iterator[Callable[..., object]]:
    """Open a page in a fresh browser context (its own cookies: one per person)."""
    contexts = []

    def open_page(**context_options):
        context = browser.new_context(
            locale="en-US", viewport={"width": 1280, "height": 900}, **context_options
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page_problems.watch(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def sign_in() -> Callable[[object, str], None]:
    """Sign in on the login page the browser is showing, as a user from make_staff_user."""
    from playwright.sync_api import expect

    def sign_in_as(page, username: str) -> None:
        page.fill("#id_username", username)
        page.fill("#id_password", TEST_PASSWORD)
        page.click("main form button[type=submit]")
        expect(page.locator(".session .who")).to_be_visible()

    return sign_in_as


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if config.stash.get(_browser_skipped, False):
        terminalreporter.write_sep("!", CHROMIUM_MISSING, red=True, bold=True)
