"""A real IMAP server for the poller tests: Debian's dovecot (package dovecot-imapd), started in a
temporary directory on a free port of 127.0.0.1, with plain-text logins from a passwd-file.

Import the fixtures into a test module (``from tests.mail.imap_server import dovecot,
imap_account``). Without /usr/sbin/dovecot the tests that use them are skipped, and the run ends
with a red banner saying so: a missing server never passes quietly.
"""

from __future__ import annotations

import grp
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from imapclient import IMAPClient

DOVECOT = Path("/usr/sbin/dovecot")
DOVECOT_MISSING = (
    f"IMAP TESTS SKIPPED: {DOVECOT} not found; apt-get install dovecot-imapd (.ci/run installs it)"
)
START_SECONDS = 20
STOP_SECONDS = 10

CONFIG = """\
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {internal_user}
first_valid_uid = {mail_uid}
first_valid_gid = {mail_gid}
mail_location = maildir:{root}/mail/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users/%u
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/users/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _users() -> tuple[str, str, int, int]:
    """(internal user, its group, mail uid, mail gid). Dovecot's login processes refuse to run
    as root and it serves no mail for uid 0, so under root everything runs as nobody; as anyone
    else it all runs as that user (a rootless dovecot)."""
    if os.geteuid() != 0:
        user = pwd.getpwuid(os.geteuid())
        return user.pw_name, grp.getgrgid(os.getegid()).gr_name, user.pw_uid, user.pw_gid
    nobody = pwd.getpwnam("nobody")
    return nobody.pw_name, grp.getgrgid(nobody.pw_gid).gr_name, nobody.pw_uid, nobody.pw_gid


@dataclass
class Account:
    username: str
    password: str


class DovecotServer:
    host = "127.0.0.1"

    def __init__(self) -> None:
        # Short path: dovecot's unix sockets live under base_dir (sun_path is 108 bytes).
        self.root = Path(tempfile.mkdtemp(prefix="hd-dovecot-"))
        self.root.chmod(0o755)  # the mail processes (nobody under root) must get in
        self.port = _free_port()
        self.internal_user, self.internal_group, self.mail_uid, self.mail_gid = _users()
        # One passwd-file per account: a new account is a new file, never a changed one that
        # dovecot would have to notice within the same second.
        self.users_dir = self.root / "users"
        self.users_dir.mkdir()
        self.users_dir.chmod(0o755)
        mail = self.root / "mail"
        mail.mkdir()
        if os.geteuid() == 0:
            os.chown(mail, self.mail_uid, self.mail_gid)
        self.config = self.root / "dovecot.conf"
        self.config.write_text(
            CONFIG.format(
                root=self.root,
                port=self.port,
                internal_user=self.internal_user,
                internal_group=self.internal_group,
                mail_uid=self.mail_uid,
                mail_gid=self.mail_gid,
            )
        )
        self.log_path = self.root / "dovecot.log"
        self.process: subprocess.Popen | None = None

    # --- life cycle -----------------------------------------------------------------------

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(DOVECOT), "-F", "-c", str(self.config)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=open(self.root / "stderr.log", "w"),  # noqa: SIM115 - the child keeps it
            start_new_session=True,
        )
        deadline = time.monotonic() + START_SECONDS
        while not self._answers():
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"dovecot exited with status {self.process.returncode}:\n{self.log()}"
                )
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"dovecot did not answer in {START_SECONDS} s:\n{self.log()}")
            time.sleep(0.1)

    def _answers(self) -> bool:
        try:
            with socket.create_connection((self.host, self.port), timeout=1) as connection:
                return connection.recv(64).startswith(b"* OK")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        parts = [self.root / "stderr.log", self.log_path]
        return "\n".join(p.read_text(errors="replace") for p in parts if p.exists())

    # --- accounts and messages ------------------------------------------------------------

    def add_account(self, username: str | None = None) -> Account:
        """A new, empty mail account."""
        account = Account(
            username=username or f"desk-{secrets.token_hex(4)}",
            password=secrets.token_urlsafe(12),
        )
        home = self.root / "mail" / account.username
        passwd = self.users_dir / account.username
        passwd.write_text(
            f"{account.username}:{{PLAIN}}{account.password}:"
            f"{self.mail_uid}:{self.mail_gid}::{home}::\n"
        )
        passwd.chmod(0o644)
        return account

    def client(self, account: Account) -> IMAPClient:
        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        client.login(account.username, account.password)
        return client

    def append(
        self, account: Account, raw: bytes, *, folder: str = "INBOX", flags: tuple = ()
    ) -> None:
        with self.client(account) as client:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            client.append(folder, raw, flags=flags)

    def messages(self, account: Account, folder: str = "INBOX") -> list[tuple[set, bytes]]:
        """(flags, raw bytes) of every message in the folder, oldest first; read without
        touching \\Seen."""
        with self.client(account) as client:
            if not client.folder_exists(folder):
                return []
            client.select_folder(folder, readonly=True)
            uids = client.search(["ALL"])
            fetched = client.fetch(uids, ["FLAGS", "BODY.PEEK[]"]) if uids else {}
            return [
                ({flag.decode() for flag in fetched[uid][b"FLAGS"]}, fetched[uid][b"BODY[]"])
                for uid in sorted(fetched)
            ]


class _SkipBanner:
    """Registered when the server is missing: repeats the skip reason at the end of the run."""

    def pytest_terminal_summary(self, terminalreporter) -> None:
        terminalreporter.write_sep("!", DOVECOT_MISSING, red=True, bold=True)


@pytest.fixture(scope="session")
def dovecot(request) -> Iterator[DovecotServer]:
    if not DOVECOT.exists():
        plugins = request.config.pluginmanager
        if not plugins.has_plugin("imap-skip-banner"):
            plugins.register(_SkipBanner(), "imap-skip-banner")
        pytest.skip(DOVECOT_MISSING)
    server = DovecotServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def imap_account(dovecot) -> Account:
    """A fresh account on the server: tests never see each other's mail."""
    return dovecot.add_account()
