"""Secrets never reach a log: tracking tokens, sign-in links and signed address proofs are cut
out of every log line (Django's loggers through settings.LOGGING, gunicorn's access log through
gunicorn.conf.py).

Anyone who can read a log must not be able to open a customer's ticket from it. The reference
(HD-000123) stays: it is not a secret and it is what an operator needs to follow a request."""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"

# A path segment or query value: stops at the characters that end one in a log line.
_SEGMENT = r"[^/\s?#&;\"'<>]+"
_PATTERNS = [
    # /track/<reference>/<token>/... and /request/<reference>/<token>/received/
    # (/request/new/ and /request/sent/ have no second segment and stay as they are).
    re.compile(rf"(/(?:track|request)/{_SEGMENT}/){_SEGMENT}"),
    # The customer portal's one-time sign-in link: /my/sign-in/<token>/ (not its fixed pages
    # /my/sign-in/password/ and /my/sign-in/sent/).
    re.compile(rf"(/my/sign-in/)(?!(?:password|sent)(?:[/?#\s\"']|$)){_SEGMENT}"),
    # ?v=<signed address proof> in e-mailed links, and any ?token=... (also a bare query
    # string, as gunicorn's %(q)s atom is).
    re.compile(rf"((?:^|[?&;\s])(?:v|token)=){_SEGMENT}", re.IGNORECASE),
]


def redact(text: str) -> str:
    """``text`` with the secret parts of our token URLs replaced by [redacted]."""
    if not text:
        return text
    for pattern in _PATTERNS:
        text = pattern.sub(rf"\1{REDACTED}", text)
    return text


def redact_record(record: logging.LogRecord) -> None:
    """Redact a record in place: its message (with the arguments merged in) and its traceback
    text. Safe to run twice."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a broken format string is the handler's to report
        return
    cleaned = redact(message)
    if cleaned != message:
        record.msg, record.args = cleaned, ()
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)


class RedactTokensFilter(logging.Filter):
    """A logging filter (on loggers or handlers) that redacts and never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


def redact_atoms(atoms: dict) -> dict:
    """gunicorn's access-log atoms with every string value redacted: the request line, the path,
    the query string, the Referer (a page under a token URL sends it for its own assets) and
    any header or environ atom a custom access_log_format may use."""
    return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}


def logging_settings(*, level: str) -> dict:
    """settings.LOGGING: the redacting filter on every handler, and on the loggers that write
    request paths (404 warnings, runserver)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        # Tracking tokens, sign-in links and ?v= proofs never reach a log (helpdesk/logging.py): on
        # every handler, and on the loggers that write request paths (404 warnings, runserver).
        "filters": {"redact_tokens": {"()": "helpdesk.logging.RedactTokensFilter"}},
        "formatters": {
            "django.server": {
                "()": "django.utils.log.ServerFormatter",
                "format": "[{server_time}] {message}",
                "style": "{",
            }
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]},
            # runserver's access lines (replaces Django's default handler of the same name).
            "django.server": {
                "class": "logging.StreamHandler",
                "formatter": "django.server",
                "filters": ["redact_tokens"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own console handler would print every line a second time via the root.
            "django": {"handlers": [], "level": "INFO", "propagate": True},
            "django.request": {"filters": ["redact_tokens"]},
            "django.server": {
                "handlers": ["django.server"],
                "level": "INFO",
                "propagate": False,
                "filters": ["redact_tokens"],
            },
            "pgserver": {"level": "WARNING"},
        },
    }
