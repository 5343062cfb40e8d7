"""A Redis cache that gives up instead of failing the request, for the rate-limit counters.

django-ratelimit only catches DNS errors: any other Redis error (a refused connection, or the
socket timeout of a paused server) would turn a public form into a 500. This backend answers
as a cache miss instead: ``add`` stores nothing (False), ``incr`` and ``get`` find nothing
(None / the default), and for HELPDESK_CACHE_RETRY_AFTER_SECONDS the process does not ask that
Redis again, so a request waits out one socket timeout at most, not one per counter. With
``RATELIMIT_FAIL_OPEN`` a rate limit then lets the request through (logged), which is the
usual choice: a limit that cannot count should not lock customers out.

Other users of this cache get the same answers: the webhook's replay check (``add`` with
SET NX) sees False and refuses the request as a possible replay, i.e. it fails closed, which is
right for a security check and still a 4xx, never a hang or a 500.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# Redis servers (by LOCATION) that did not answer lately, with the monotonic time until which
# they are not asked again: a request makes several rate-limit calls, and each one would
# otherwise wait out its own socket timeout. Per process, shared by its threads.
_quiet_until: dict[str, float] = {}
_quiet_lock = threading.Lock()


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.RedisError, OSError)


class FailSoftRedisCache(RedisCache):
    """RedisCache whose reads and writes log Redis errors and answer like a miss."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = str(server)

    def _skipping(self) -> bool:
        return time.monotonic() < _quiet_until.get(self._location, 0.0)

    def _unanswered(self, operation: str, error: BaseException) -> None:
        with _quiet_lock:
            _quiet_until[self._location] = (
                time.monotonic() + settings.HELPDESK_CACHE_RETRY_AFTER_SECONDS
            )
        logger.warning("Redis did not answer a cache %s (%r): treated as a miss", operation, error)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self._skipping():
            return False
        try:
            return super().add(key, value, timeout, version)
        except _redis_errors() as error:
            self._unanswered("add", error)
            return False

    def get(self, key, default=None, version=None):
        if self._skipping():
            return default
        try:
            return super().get(key, default, version=version)
        except _redis_errors() as error:
            self._unanswered("get", error)
            return default

    def incr(self, key, delta=1, version=None):
        if self._skipping():
            return None
        try:
            return super().incr(key, delta, version=version)
        except _redis_errors() as error:
            self._unanswered("incr", error)
            return None

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self._skipping():
            return
        try:
            super().set(key, value, timeout, version)
        except _redis_errors() as error:
            self._unanswered("set", error)

    def delete(self, key, version=None):
        if self._skipping():
            return False
        try:
            return super().delete(key, version=version)
        except _redis_errors() as error:
            self._unanswered("delete", error)
            return False
