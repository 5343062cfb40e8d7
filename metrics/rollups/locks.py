"""Transaction-scoped advisory locks on the rollup rows of a day, a week or a month: a delta
(metrics.rollups.delta) takes those of every day, week and month it touches, a day or span
rewrite (metrics.rollups.fill, .spans) the one of its own, so they never interleave."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import connection

# Keys: (kind, days since 2000-01-01). Kinds sort day < week < month, the order deltas take them.
LOCK_KIND = {"day": 72001, "week": 72002, "month": 72003}
_EPOCH = date(2000, 1, 1)


def rollup_lock(span: str, start: date) -> None:
    """Hold the lock of a day, or of the week or month that starts on ``start``."""
    rollup_locks_take([(span, start)])


def rollup_locks_take(spans: Iterable[tuple[str, date]]) -> None:
    """Hold the locks of these (span, first day) pairs, taken in one order so that two holders
    cannot deadlock."""
    keys = sorted({(LOCK_KIND[str(span)], (start - _EPOCH).days) for span, start in spans})
    if not keys:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(k, n) FROM unnest(%s::int[], %s::int[]) "
            "WITH ORDINALITY AS u(k, n, i) ORDER BY i",
            [[kind for kind, _ in keys], [number for _, number in keys]],
        )
