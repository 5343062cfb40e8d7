"""Tokens never reach a log: Django's 404 warnings, runserver's access lines, the root handler
and gunicorn's access log all show [redacted] where a tracking token, a sign-in token or a
signed address proof was."""

from __future__ import annotations

import io
import logging
import runpy
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from gunicorn.config import Config

from helpdesk.logging import redact
from tests.factories import make_ticket

TOKEN = "Zx9-secretTOKENvalue_0123456789abcdefABCDEF"
PROOF = "eyJhIjoxfQ:1t2u3v:signedPROOFvalue"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f"GET /track/HD-000123/{TOKEN}/ HTTP/1.1", "GET /track/HD-000123/[redacted]/ HTTP/1.1"),
        (f"/track/HD-000123/{TOKEN}/files/7/", "/track/HD-000123/[redacted]/files/7/"),
        (f"/track/HD-000123/{TOKEN}", "/track/HD-000123/[redacted]"),
        (f"/request/HD-000123/{TOKEN}/received/", "/request/HD-000123/[redacted]/received/"),
        (f"/my/sign-in/{TOKEN}/", "/my/sign-in/[redacted]/"),
        (f"/track/HD-1/{TOKEN}/?v={PROOF}", "/track/HD-1/[redacted]/?v=[redacted]"),
        (f"/anything/?a=1&token={TOKEN}&b=2", "/anything/?a=1&token=[redacted]&b=2"),
        (f"/x/?TOKEN={TOKEN}", "/x/?TOKEN=[redacted]"),
        (
            f'"http://testserver/track/HD-1/{TOKEN}/" "Mozilla/5.0"',
            '"http://testserver/track/HD-1/[redacted]/" "Mozilla/5.0"',
        ),
        ("POST /request/new/ HTTP/1.1", "POST /request/new/ HTTP/1.1"),
        ("POST /my/sign-in/password/ HTTP/1.1", "POST /my/sign-in/password/ HTTP/1.1"),
        ("GET /my/sign-in/sent/", "GET /my/sign-in/sent/"),
        ("GET /my/sign-in/sent", "GET /my/sign-in/sent"),
        (f"GET /my/sign-in/sentinel{TOKEN}/", "GET /my/sign-in/[redacted]/"),
        ("GET /request/sent/ HTTP/1.1", "GET /request/sent/ HTTP/1.1"),
        ("GET /agent/tickets/HD-000123/ HTTP/1.1", "GET /agent/tickets/HD-000123/ HTTP/1.1"),
        ("GET /?view=open&vv=1 HTTP/1.1", "GET /?view=open&vv=1 HTTP/1.1"),
    ],
)
def test_redact(line, expected):
    assert redact(line) == expected
    assert redact(redact(line)) == expected


@contextmanager
def handler_output(logger_name: str):
    """What the configured handlers of ``logger_name`` write, as text."""
    stream = io.StringIO()
    # The handlers settings.LOGGING configured (pytest adds its own capturing ones to the root).
    handlers = [
        h for h in logging.getLogger(logger_name).handlers if type(h) is logging.StreamHandler
    ]
    assert handlers, f"{logger_name!r} has no handler configured"
    previous = [handler.setStream(stream) for handler in handlers]
    try:
        yield stream
    finally:
        for handler, old in zip(handlers, previous, strict=True):
            handler.setStream(old)


@pytest.mark.django_db
def test_a_404_on_a_bad_tracking_token_logs_no_token(client, caplog):
    ticket = make_ticket()
    bad = f"{ticket.tracking_token[:-4]}XXXX"

    with handler_output("") as root_output, caplog.at_level(logging.WARNING):
        response = client.get(f"/track/{ticket.reference}/{bad}/?v={PROOF}")

    assert response.status_code == 404
    logged = root_output.getvalue() + "\n".join(r.getMessage() for r in caplog.records)
    assert f"/track/{ticket.reference}/[redacted]/" in logged
    for secret in (bad, ticket.tracking_token, PROOF):
        assert secret not in logged


def test_runserver_access_lines_are_redacted():
    """django.server records as runserver writes them (WSGIRequestHandler.log_message)."""
    with handler_output("django.server") as output:
        logging.getLogger("django.server").info(
            '"%s" %s %s',
            f"GET /track/HD-000001/{TOKEN}/?v={PROOF} HTTP/1.1",
            "200",
            "5120",
            extra={"request": None, "server_time": "01/Dec/2026 23:00:00", "status_code": 200},
        )

    line = output.getvalue()
    assert '"GET /track/HD-000001/[redacted]/?v=[redacted] HTTP/1.1" 200 5120' in line
    assert TOKEN not in line and PROOF not in line


def test_the_root_handler_redacts_any_logger_and_tracebacks():
    with handler_output("") as output:
        try:
            raise ValueError(f"could not open /my/sign-in/{TOKEN}/")
        except ValueError:
            logging.getLogger("tickets.somewhere").exception("failed for %s", f"?token={TOKEN}")

    text = output.getvalue()
    assert "failed for ?token=[redacted]" in text
    assert "could not open /my/sign-in/[redacted]/" in text
    assert TOKEN not in text


# --- gunicorn --------------------------------------------------------------------------------

GUNICORN_CONF = Path(settings.BASE_DIR) / "gunicorn.conf.py"


def gunicorn_logger(tmp_path, access_log_format=None):
    conf = runpy.run_path(str(GUNICORN_CONF))
    cfg = Config()
    for name in ("logger_class", "accesslog"):
        cfg.set(name, conf[name])
    log_file = tmp_path / "access.log"
    cfg.set("accesslog", str(log_file))
    if access_log_format:
        cfg.set("access_log_format", access_log_format)
    return cfg.logger_class(cfg), log_file


def access(logger, path, query):
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": f"http://localhost:8000{path}",
        "HTTP_USER_AGENT": "pytest",
    }
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"]), ("HOST", "x")])
    response = SimpleNamespace(status="404 Not Found", sent=123, headers=[])
    logger.access(response, request, environ, timedelta(microseconds=2500))


def test_gunicorn_conf_uses_the_redacting_logger():
    conf = runpy.run_path(str(GUNICORN_CONF))

    assert conf["logger_class"].__name__ == "RedactingLogger"
    assert conf["accesslog"] == "-"


@pytest.mark.parametrize(
    "access_log_format",
    [None, '%(r)s %(U)s %(q)s "%(f)s" %({referer}i)s %({raw_uri}e)s'],
    ids=["default-format", "every-url-atom"],
)
def test_gunicorn_access_log_is_redacted(tmp_path, access_log_format):
    logger, log_file = gunicorn_logger(tmp_path, access_log_format)

    access(logger, f"/track/HD-000042/{TOKEN}/files/3/", f"v={PROOF}")
    access(logger, f"/my/sign-in/{TOKEN}/", "")
    for handler in logger.access_log.handlers:
        handler.flush()

    text = log_file.read_text()
    assert "/track/HD-000042/[redacted]/files/3/" in text
    assert "/my/sign-in/[redacted]/" in text
    assert TOKEN not in text
    assert PROOF not in text


@pytest.mark.parametrize("signal_name", ["after_setup_logger", "after_setup_task_logger"])
def test_celery_worker_log_handlers_redact(signal_name):
    from celery import signals

    stream = io.StringIO()
    logger = logging.getLogger(f"test.worker.{signal_name}")
    logger.propagate = False
    logger.addHandler(logging.StreamHandler(stream))
    try:
        getattr(signals, signal_name).send(
            sender=None,
            logger=logger,
            loglevel=logging.INFO,
            logfile=None,
            format="",
            colorize=False,
        )
        logger.warning("mailed %s", f"http://testserver/track/HD-1/{TOKEN}/?v={PROOF}")
    finally:
        logger.handlers.clear()

    assert (
        stream.getvalue().strip() == "mailed http://testserver/track/HD-1/[redacted]/?v=[redacted]"
    )
