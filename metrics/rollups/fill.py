"""Filling the rollups: one dirty day at a time, each in one transaction, with a watermark row
that records every run (see the package docstring)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from helpdesk import clock
from helpdesk.debounce import enqueue_once, enqueue_once_clear
from metrics.models import (
    CreatedRollup,
    ResolvedRollup,
    RollupDirtyDay,
    RollupDirtySpan,
    RollupState,
    Span,
    SurveyRollup,
)
from metrics.rollups.locks import rollup_lock
from metrics.rollups.spans import span_rewrite, spans_mark
from metrics.rollups.sql import rollup_rows_insert

logger = logging.getLogger(__name__)

STATE_NAME = "daily"
# Set while a fill task is queued and not yet started: commits in between need no task of
# their own (the queued one starts after them and sees their dirty days).
FILL_REQUESTED_KEY = "metrics:rollups-fill-requested"
_INSERT_BATCH = 2000
ROLLUP_MODELS = (CreatedRollup, ResolvedRollup, SurveyRollup)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of a local day in settings.TIME_ZONE, as aware datetimes (23 or 25 hours
    long on DST changes)."""
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(day, time.min, tzinfo=zone),
        datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone),
    )


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def rollup_days_mark(*, days: Iterable[date]) -> int:
    """Mark days dirty (the facts refresh does the same in its own transaction). A day being
    filled right now is marked again once that fill commits, so it is filled once more."""
    now = clock.now()
    rows = [RollupDirtyDay(day=day, marked_at=now) for day in sorted(set(days))]
    RollupDirtyDay.objects.bulk_create(
        rows,
        update_conflicts=True,
        update_fields=["marked_at"],
        unique_fields=["day"],
        batch_size=_INSERT_BATCH,
    )
    return len(rows)


def rollup_day_rewrite(*, day: date) -> None:
    """Replace ``day``'s rows of the three rollups with rows recomputed from the facts, by
    PostgreSQL (metrics.rollups.sql). The caller holds the day's dirty row (or otherwise knows
    no other fill writes this day). Its lock keeps deltas of the day (metrics.rollups.delta)
    out until the transaction ends."""
    rollup_lock(Span.DAY, day)
    start, end = day_bounds(day)
    for model in ROLLUP_MODELS:
        model.objects.filter(span=Span.DAY, day=day).delete()
    for model in ROLLUP_MODELS:
        rollup_rows_insert(model, day=day, start=start, end=end)
    spans_mark(span=Span.WEEK, days=[day])  # its week (and so its month) sums it again


def _fill_one_dirty_day() -> date | None:
    """Claim one dirty day nobody else is filling, rewrite it and clear its mark, all in one
    transaction: a crash rolls it all back and the day stays dirty. Longest-waiting mark first:
    a day marked again and again (today, under load) must not starve the others."""
    with transaction.atomic():
        dirty = (
            RollupDirtyDay.objects.select_for_update(skip_locked=True)
            .order_by("marked_at", "day")
            .first()
        )
        if dirty is None:
            return None
        rollup_day_rewrite(day=dirty.day)
        dirty.delete()
        return dirty.day


def _fill_one_dirty_span() -> tuple[str, date] | None:
    """The same for one week or month (metrics.rollups.spans)."""
    with transaction.atomic():
        dirty = (
            RollupDirtySpan.objects.select_for_update(skip_locked=True)
            .order_by("marked_at", "day")
            .first()
        )
        if dirty is None:
            return None
        span_rewrite(span=dirty.span, start=dirty.day)
        dirty.delete()
        return dirty.span, dirty.day


def _fill_next() -> tuple[str, date] | None:
    """Fill the day or span marked longest ago: a week waits for no more than the days marked
    before it. Returns (span, first day), or None when nothing is left to claim."""
    day_mark = RollupDirtyDay.objects.order_by("marked_at").values_list("marked_at").first()
    span_mark = RollupDirtySpan.objects.order_by("marked_at").values_list("marked_at").first()
    span_first = span_mark is not None and (day_mark is None or span_mark < day_mark)
    if span_first and (span := _fill_one_dirty_span()):
        return span
    if (day := _fill_one_dirty_day()) is not None:
        return Span.DAY, day
    return _fill_one_dirty_span()


@dataclass(frozen=True)
class FillResult:
    days: int  # days rewritten by this run
    # The previous run had started and not finished: it crashed or was killed (or is still
    # running; either way its unfinished days are dirty, and one of the two fills them).
    redone: bool
    drained: bool  # no dirty day or span was left that this run could claim
    spans: int = 0  # weeks and months summed again by this run


def rollups_fill(
    *, max_days: int | None = None, on_day: Callable[[date], None] | None = None
) -> FillResult:
    """Rewrite every dirty day (at most ``max_days``). Safe to run any number of times, also
    at once: each day is claimed with SKIP LOCKED and rewritten whole, so nothing is counted
    twice; days a crashed run left are still dirty, so the next run redoes them."""
    started = clock.now()
    with transaction.atomic():
        state, _ = RollupState.objects.select_for_update().get_or_create(name=STATE_NAME)
        redone = state.started_at is not None and (
            state.done_at is None or state.started_at > state.done_at
        )
        state.started_at = started
        state.save(update_fields=["started_at"])
    if redone:
        logger.info("the previous rollup fill had not finished; filling the days it left dirty")
    days = spans = 0
    drained = False
    while max_days is None or days < max_days:
        filled = _fill_next()
        if filled is None:
            drained = True
            break
        span, day = filled
        if span != Span.DAY:
            spans += 1
            continue
        days += 1
        if on_day is not None:
            on_day(day)
    _watermark_done(started=started, drained=drained)
    return FillResult(days=days, redone=redone, drained=drained, spans=spans)


def _watermark_done(*, started: datetime, drained: bool) -> None:
    with transaction.atomic():
        state = RollupState.objects.select_for_update().get(name=STATE_NAME)
        state.done_at = clock.now()
        fields = ["done_at"]
        # filled_until: every day marked before this moment is in the rollups, unless another
        # run still holds it (checked without a lock: its row is still visible to us).
        complete = (
            drained
            and not RollupDirtyDay.objects.filter(marked_at__lte=started).exists()
            and not RollupDirtySpan.objects.filter(marked_at__lte=started).exists()
        )
        if complete and (state.filled_until is None or state.filled_until < started):
            state.filled_until = started
            fields.append("filled_until")
        state.save(update_fields=fields)


def rollups_fill_request() -> None:
    """Ask a worker for a fill soon (called on commit, after facts were refreshed). Commits
    within HELPDESK_ROLLUP_FILL_DEBOUNCE_SECONDS share one task (helpdesk.debounce)."""
    from metrics.tasks import fill_rollups

    enqueue_once(
        fill_rollups,
        key=FILL_REQUESTED_KEY,
        within_seconds=settings.HELPDESK_ROLLUP_FILL_DEBOUNCE_SECONDS,
    )


def rollups_fill_request_clear() -> None:
    """A fill task starting: the next commit asks for another one."""
    enqueue_once_clear(FILL_REQUESTED_KEY)
