"""Signed requests from chat and social integrations (README: "Chat and social integrations").

An integration signs each request with its shared secret:

    X-Helpdesk-Timestamp: <unix seconds>
    X-Helpdesk-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>

We accept a timestamp within HELPDESK_CONVERSATION_WEBHOOK_WINDOW_SECONDS of our clock, compare
the signature in constant time, and refuse a signature seen before. Seen signatures are kept
with the cache's atomic ``add`` (SET NX) in the "ratelimit" cache, which is always Redis: the
check and the mark are one step across every web process, and each mark expires by itself once
its timestamp has left the window, so nothing needs pruning. (A database row would be as atomic
but needs a table, a migration and a cleanup job for a few minutes' memory.) Should Redis lose
the marks, a replay inside the window is still appended only once, by its message id."""

from __future__ import annotations

import hashlib
import hmac
import json
import math

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _

from helpdesk import clock

TIMESTAMP_HEADER = "X-Helpdesk-Timestamp"
SIGNATURE_HEADER = "X-Helpdesk-Signature"
SIGNATURE_PREFIX = "sha256="
PROVIDER_MAX = 50  # ExternalConversation.provider
REPLAY_CACHE = "ratelimit"


class SignatureError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BodyError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def provider_secret(provider: str) -> str | None:
    """The provider's secret, or None when it is not configured (or configured empty)."""
    secrets = settings.HELPDESK_CONVERSATION_WEBHOOK_SECRETS or {}
    if not provider or len(provider) > PROVIDER_MAX:
        return None
    secret = secrets.get(provider)
    return secret if isinstance(secret, str) and secret else None


def signature_compute(*, secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` over ``timestamp + "." + body``: what an integration sends."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def _timestamp(value: str) -> int:
    value = (value or "").strip()
    # isascii: "١٢٣" (Arabic-Indic digits) is isdigit() too; ten digits last until 2286.
    if not value or not value.isascii() or not value.isdigit() or len(value) > 12:
        raise SignatureError(
            _("%(header)s must be the time of the request in Unix seconds.")
            % {"header": TIMESTAMP_HEADER}
        )
    return int(value)


def _replay_key(provider: str, signature: str) -> str:
    digest = hashlib.sha256(f"{provider}\n{signature}".encode()).hexdigest()
    return f"helpdesk:conversation-webhook:{digest}"


def signed_request_verify(
    *, provider: str, secret: str, timestamp: str, signature: str, body: bytes
) -> None:
    """Raise SignatureError unless the request is signed with ``secret``, recent, and new.
    A request that passes marks its signature as seen."""
    window = settings.HELPDESK_CONVERSATION_WEBHOOK_WINDOW_SECONDS
    sent_at = _timestamp(timestamp)
    if abs(clock.now().timestamp() - sent_at) > window:
        raise SignatureError(
            _("The request is too old or from the future; sign it again with the current time.")
        )
    expected = signature_compute(secret=secret, timestamp=str(timestamp).strip(), body=body)
    given = (signature or "").strip()
    if not given.startswith(SIGNATURE_PREFIX):
        raise SignatureError(
            _("%(header)s must be “sha256=” and the hex HMAC-SHA256 of the request.")
            % {"header": SIGNATURE_HEADER}
        )
    # Compare bytes: compare_digest refuses str with non-ASCII characters.
    if not hmac.compare_digest(expected.encode(), given.encode("utf-8", "backslashreplace")):
        raise SignatureError(_("The signature does not match."))
    # A signature stays valid while its timestamp is within the window on either side of now.
    if not caches[REPLAY_CACHE].add(_replay_key(provider, expected), 1, timeout=2 * window + 1):
        raise SignatureError(_("This request was already received; sign each request anew."))


def signature_forget(*, provider: str, signature: str) -> None:
    """Let a request be retried with the same signature (after a failure on our side)."""
    caches[REPLAY_CACHE].delete(_replay_key(provider, (signature or "").strip()))


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def json_body(body: bytes) -> object:
    """The parsed body, or BodyError: not UTF-8, not JSON, nested too deep, numbers too large
    (Python refuses integers of more than 4300 digits; 1e400 would be infinity)."""
    try:
        return json.loads(
            body.decode("utf-8"), parse_float=_finite_float, parse_constant=_no_constant
        )
    except UnicodeDecodeError:
        raise BodyError(_("The body must be JSON in UTF-8.")) from None
    except RecursionError:
        raise BodyError(_("The JSON body is nested too deeply.")) from None
    except ValueError as error:  # JSONDecodeError is a ValueError
        raise BodyError(_("The body is not valid JSON: %(error)s") % {"error": error}) from None
