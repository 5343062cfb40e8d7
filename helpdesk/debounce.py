"""Ask for a Celery task once for many callers: at 100 commits a second, one "look" per commit
filled the broker queue with thousands of messages that each found nothing left to do, and the
rollup fill queued behind them.

``enqueue_once`` sets a flag in the cache (an atomic add) and sends the task with a countdown of
the same length as the flag's life; callers that find the flag set send nothing. That is safe
because the task must do whatever the skipped callers asked for when it runs (it looks at rows,
not at its arguments): a caller skipped while the flag lives committed before the flag expires,
and the task starts no earlier than that. The task calls ``enqueue_once_clear`` when it starts,
so with a shared cache (Redis) the next caller after that queues the next run at once; with a
per-process cache (tests) the flag simply expires in time. A cache or broker that fails is
logged and costs at most a delay: beat runs every such task as a backstop."""

from __future__ import annotations

import logging
import math

from django.core.cache import cache

logger = logging.getLogger(__name__)


def enqueue_once(task, *, key: str, within_seconds: float) -> None:
    # Whole seconds: Django's Redis cache keeps timeouts in seconds.
    seconds = max(1, math.ceil(within_seconds))
    try:
        if not cache.add(key, 1, timeout=seconds):
            return
    except Exception:  # a cache that is down must not cost the task; send it anyway
        logger.warning("cache unreachable; sending %s without debounce", task.name, exc_info=True)
    try:
        task.apply_async(countdown=seconds, retry=False)
    except Exception:  # any broker/transport failure; deliberately broad
        logger.warning("broker unreachable; %s waits for beat", task.name, exc_info=True)
        enqueue_once_clear(key)


def enqueue_once_clear(key: str) -> None:
    """The task is starting: the next caller asks for another run."""
    try:
        cache.delete(key)
    except Exception:  # the flag expires on its own
        logger.warning("cache unreachable; the flag %s expires by itself", key, exc_info=True)
