"""Week and month rollup rows: the sums of their days, so a long period reads a few rows per
cell instead of one per day (a year is 11 months, a few weeks and a few days). At a million
tickets a year every day row of a cell carries a histogram of ~50 bins, and merging 365 of them
per cell set the 365-day dashboard's cost.

What a span row holds. Every column of the day rows it sums, over its days (``span`` WEEK: the
ISO week from its Monday; MONTH: the calendar month from its first), for every grain except
FULL (any filter combination is answered from FULL's day rows; summing its thousands of cells
per day into spans would cost more than it saves). Histograms: only those the dashboard merges
(metrics.selectors.reads CREATED_HISTS / RESOLVED_HISTS); the others stay empty in span rows,
and reads of them use day rows.

Freshness. A fill that rewrites a day marks the day's week dirty in the same transaction; the
fill that sums a week marks every month it touches; a month sums the weeks wholly inside it and
its other days. Each span is summed in one transaction that claims its RollupDirtySpan row with
SKIP LOCKED, like a day (metrics.rollups.fill), so the same guarantees hold: idempotent, a crash
leaves it dirty, two fills never sum the same span at once."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection, models

from helpdesk import clock
from metrics.models import (
    CreatedRollup,
    Grain,
    ResolvedRollup,
    RollupDirtySpan,
    Span,
    SurveyRollup,
)
from metrics.rollups.locks import rollup_lock

DIM_COLUMNS = ("team_id", "agent_id", "channel", "priority", "category_id")
# The histograms the dashboard merges (metrics.selectors.reads), the only ones span rows carry.
SPAN_HISTS = {
    CreatedRollup: ("first_response_hist", "first_response_business_hist"),
    ResolvedRollup: ("resolution_hist", "resolution_business_hist", "requester_wait_hist"),
    SurveyRollup: (),
}
_KEY_COLUMNS = {
    CreatedRollup: DIM_COLUMNS,
    ResolvedRollup: DIM_COLUMNS,
    SurveyRollup: (*DIM_COLUMNS, "first_response_bucket", "resolution_bucket"),
}


def span_start(span: Span | str, day: date) -> date:
    if span == Span.WEEK:
        return day - timedelta(days=day.weekday())
    if span == Span.MONTH:
        return day.replace(day=1)
    return day


def span_end(span: Span | str, start: date) -> date:
    """The first day after the span that starts on ``start``."""
    if span == Span.WEEK:
        return start + timedelta(days=7)
    if span == Span.MONTH:
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=1)


def spans_covering(start: date, end: date, *, grain: Grain | str) -> dict[str, list[date]]:
    """The fewest rows that sum the days [start, end] exactly: whole months inside, then whole
    weeks inside what is left, then single days. FULL has day rows only."""
    found: dict[str, list[date]] = {Span.DAY: [], Span.WEEK: [], Span.MONTH: []}
    if grain == Grain.FULL:
        found[Span.DAY] = _days(start, end)
        return found
    first_month = span_start(Span.MONTH, start)
    if first_month < start:
        first_month = span_end(Span.MONTH, first_month)
    month = first_month
    while span_end(Span.MONTH, month) <= end + timedelta(days=1):
        found[Span.MONTH].append(month)
        month = span_end(Span.MONTH, month)
    if found[Span.MONTH]:
        edges = [(start, first_month - timedelta(days=1)), (month, end)]
    else:
        edges = [(start, end)]
    for low, high in edges:
        _weeks_and_days(low, high, found)
    return found


def _weeks_and_days(low: date, high: date, found: dict[str, list[date]]) -> None:
    day = low
    while day <= high:
        if day.weekday() == 0 and day + timedelta(days=6) <= high:
            found[Span.WEEK].append(day)
            day += timedelta(days=7)
        else:
            found[Span.DAY].append(day)
            day += timedelta(days=1)


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def spans_mark(*, span: Span, days: list[date]) -> None:
    """Mark the spans of ``span`` kind holding ``days`` dirty (in the caller's transaction)."""
    now = clock.now()
    starts = sorted({span_start(span, day) for day in days})
    RollupDirtySpan.objects.bulk_create(
        [RollupDirtySpan(span=span, day=start, marked_at=now) for start in starts],
        update_conflicts=True,
        update_fields=["marked_at"],
        unique_fields=["span", "day"],
    )


def span_rewrite(*, span: Span | str, start: date) -> None:
    """Replace the rows of the span that starts on ``start`` with the sums of its parts (days;
    for a month, the weeks wholly inside it and its other days). The caller holds the span's
    dirty row, and takes the span's lock (metrics.rollups.locks) to keep deltas out."""
    rollup_lock(span, start)
    end = span_end(span, start) - timedelta(days=1)
    parts: dict[str, list[date]] = {Span.DAY: [], Span.WEEK: [], Span.MONTH: []}
    if span == Span.MONTH:
        _weeks_and_days(start, end, parts)
    else:
        parts[Span.DAY] = _days(start, end)
    for model in (CreatedRollup, ResolvedRollup, SurveyRollup):
        model.objects.filter(span=span, day=start).delete()
        _insert_sums(model, span=span, start=start, parts=parts)
    if span == Span.WEEK:
        # Months summing this week (whole or by its days) must be summed again.
        spans_mark(span=Span.MONTH, days=[start, start + timedelta(days=6)])


def _insert_sums(model, *, span: str, start: date, parts: dict[str, list[date]]) -> None:
    table = model._meta.db_table
    keys = _KEY_COLUMNS[model]
    hists = SPAN_HISTS[model]
    # Every count and sum column: the integer fields that are not a key.
    sums = [
        field.column
        for field in model._meta.concrete_fields
        if isinstance(field, models.IntegerField)
        and not field.primary_key
        and field.column not in keys
    ]
    # Histograms span rows do not carry are stored empty (the columns are NOT NULL).
    empty = [
        field.column
        for field in model._meta.concrete_fields
        if isinstance(field, models.JSONField) and field.column not in hists
    ]
    key_list = ", ".join([*keys, *empty])
    key_values = ", ".join([*(f"s.{k}" for k in keys), *("'{}'::jsonb" for _ in empty)])
    where = (
        "r.grain <> 'full' AND ((r.span = 'day' AND r.day = ANY(%(days)s)) "
        "OR (r.span = 'week' AND r.day = ANY(%(weeks)s)))"
    )
    params = {
        "start": start,
        "span": str(span),
        "days": parts[Span.DAY],
        "weeks": parts[Span.WEEK],
    }
    if not hists:
        sql = (
            f"INSERT INTO {table} (day, span, grain, {key_list}, {', '.join(sums)}) "  # noqa: S608
            f"SELECT %(start)s, %(span)s, s.grain, {key_values}, {', '.join(sums)} FROM ("
            f"SELECT r.grain, {', '.join(f'r.{k}' for k in keys)}, "
            f"{', '.join(f'SUM(r.{c}) AS {c}' for c in sums)} FROM {table} r WHERE {where} "
            f"GROUP BY r.grain, {', '.join(f'r.{k}' for k in keys)}) AS s"
        )
    else:
        pairs = ", ".join(f"('{name}', r.{name})" for name in hists)
        merged = ", ".join(f"COALESCE(h.{name}, '{{}}'::jsonb)" for name in hists)
        pivot = ", ".join(
            f"jsonb_object_agg(b.bin, b.n) FILTER (WHERE b.name = '{name}') AS {name}"
            for name in hists
        )
        same = " AND ".join(f"s.{k} IS NOT DISTINCT FROM h.{k}" for k in keys)
        sql = f"""
        INSERT INTO {table} (day, span, grain, {key_list}, {", ".join(sums)}, {", ".join(hists)})
        SELECT %(start)s, %(span)s, s.grain, {key_values},
            {", ".join(f"s.{c}" for c in sums)}, {merged}
        FROM (
            SELECT r.grain, {", ".join(f"r.{k}" for k in keys)},
                {", ".join(f"SUM(r.{c}) AS {c}" for c in sums)}
            FROM {table} r WHERE {where} GROUP BY r.grain, {", ".join(f"r.{k}" for k in keys)}
        ) AS s
        LEFT JOIN (
            SELECT b.grain, {", ".join(f"b.{k}" for k in keys)}, {pivot}
            FROM (
                SELECT r.grain, {", ".join(f"r.{k}" for k in keys)}, h.name, e.key AS bin,
                    SUM(e.value::bigint) AS n
                FROM {table} r
                CROSS JOIN LATERAL (VALUES {pairs}) AS h(name, hist)
                CROSS JOIN LATERAL jsonb_each_text(h.hist) AS e(key, value)
                WHERE {where}
                GROUP BY r.grain, {", ".join(f"r.{k}" for k in keys)}, h.name, e.key
            ) AS b
            GROUP BY b.grain, {", ".join(f"b.{k}" for k in keys)}
        ) AS h ON s.grain = h.grain AND {same}
        """  # noqa: S608 - table and column names are the model's, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
