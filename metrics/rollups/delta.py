"""The rollups follow changed facts at once: the difference between a ticket's old and new facts
is added to the rollup rows it lands in, in the facts refresh's own transaction.

Why not rewrite the days: at a million tickets a day's rewrite costs ~0.5 s, and the tickets
agents work on were created over the last weeks, so under load ~15 days (and their weeks and
months) are dirty at any moment; a fill cycle took 15-20 s and set the event -> dashboard lag.
A difference touches only the cells of the changed tickets (one per grain and span) and costs a
few milliseconds per batch.

How. The old rows of the changed tickets are copied with sign -1 into a temporary table before
the facts upsert, the new ones with sign +1 after it. One INSERT ... SELECT per rollup table
groups them like the day fill (metrics.rollups.sql, every grain with GROUPING SETS), here by day,
week and month at once, every count and sum multiplied by the sign and histograms as signed bin
counts, and adds the result to the existing rows (ON CONFLICT ... DO UPDATE: counts and sums
add, histograms merge by metrics_hist_add, dropping bins that reach zero). Cells left with no
ticket are deleted, so the rows are exactly those a rewrite of the day would write.

Concurrency. A delta takes a transaction-scoped advisory lock on each day, week and month it
touches (in one order, so two deltas cannot deadlock); a day rewrite and a span rewrite take the
lock of theirs (metrics.rollups.fill, .spans). So a rewrite never interleaves with a delta of the
same cells, and whichever commits first, the other sees its facts or its rows.

Stale rollups. A delta is only right on top of right rows. Rows that are not (lost, or a day
never filled) show as a negative count or a cell the delta creates that holds no ticket: the
delta is then undone and its days are marked dirty instead, for the fill to rewrite from the
facts. A day already marked dirty is rewritten by the next fill whatever a delta did to it
meanwhile (the rewrite reads the facts, under the lock)."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.db import connection, transaction

from metrics.models import CreatedRollup, Grain, ResolvedRollup, SurveyRollup, TicketFacts
from metrics.rollups.cuts import DIMS, GRAIN_DIMS
from metrics.rollups.locks import rollup_locks_take
from metrics.rollups.spans import SPAN_HISTS, span_start
from metrics.rollups.sql import (
    _DIM_LIST,
    _FACT_DIMS,
    _RESOLVED_DURATIONS,
    DIM_COLUMNS,
    _grain_case,
    _speed_bucket,
)

_FACTS = TicketFacts._meta.db_table
logger = logging.getLogger(__name__)

_SIGNED = "metrics_facts_delta"  # the temporary table of signed facts rows
_SPANS = ("day", "week", "month")


def rollups_delta_begin(*, ticket_ids: list[int]) -> None:
    """Before the facts of these tickets are rewritten: keep their old rows (sign -1)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_SIGNED}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_SIGNED} ON COMMIT DROP AS "  # noqa: S608 - our names
            f"SELECT -1 AS sign, f.* FROM {_FACTS} f WHERE f.ticket_id = ANY(%s)",
            [ticket_ids],
        )


def rollups_delta_apply(*, ticket_ids: list[int], days: set[date]) -> None:
    """After the facts upsert: add the tickets' new rows (sign +1) and the differences to the
    rollups of ``days`` (every local day their old or new facts fall on). Falls back to marking
    the days dirty when the rows under them are stale (see the module docstring)."""
    from metrics.rollups.fill import rollup_days_mark, rollups_fill_request

    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_SIGNED} SELECT 1, f.* FROM {_FACTS} f "  # noqa: S608
            f"WHERE f.ticket_id = ANY(%s)",
            [ticket_ids],
        )
    if not days:
        return
    rollup_locks_take((span, span_start(span, day)) for day in days for span in _SPANS)
    try:
        with transaction.atomic():
            for model in (CreatedRollup, ResolvedRollup, SurveyRollup):
                _apply(model)
    except StaleRollups as error:
        # Undone by the savepoint; a fill rewrites these days from the facts once committed.
        logger.warning(
            "rollup delta refused on %d day(s) (%s); marked for a rewrite", len(days), error
        )
        rollup_days_mark(days=days)
        transaction.on_commit(rollups_fill_request)


class StaleRollups(Exception):
    """A delta met rows that were not right (see the module docstring)."""


def _apply(model) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(_STATEMENTS[model], {"tz": settings.TIME_ZONE})
        returned = cursor.fetchall()
        # A negative count, or a cell the delta had to create that holds no ticket (it can only
        # hold new ones): the old facts had no row to be taken from.
        if any(count < 0 or (inserted and count == 0) for _id, count, inserted in returned):
            raise StaleRollups(table)
        emptied = [row_id for row_id, count, _inserted in returned if count == 0]
        if emptied:
            cursor.execute(f"DELETE FROM {table} WHERE id = ANY(%s)", [emptied])  # noqa: S608


# -- SQL -------------------------------------------------------------------------------------

_SPAN_COLUMNS = ("d_day", "d_week", "d_month")
# GROUPING(d_day, d_week, d_month) of a set grouped by one of them.
_GROUPED = {"d_day": 3, "d_week": 5, "d_month": 6}


def _days_of(column: str) -> str:
    local = f"({column} AT TIME ZONE %(tz)s)"
    return (
        f"{local}::date AS d_day, date_trunc('week', {local})::date AS d_week, "
        f"date_trunc('month', {local})::date AS d_month"
    )


def _sets(extra: tuple[str, ...] = ()) -> str:
    """Every grain by day, week and month (FULL by day only, as span rows leave it out)."""
    columns = dict(zip(DIMS, DIM_COLUMNS, strict=True))
    sets = []
    for grain, dims in GRAIN_DIMS.items():
        names = [columns[dim] for dim in DIMS if dim in dims] + list(extra)
        for span_column in _SPAN_COLUMNS:
            if grain == Grain.FULL and span_column != "d_day":
                continue
            sets.append(f"({', '.join([span_column, *names])})")
    return f"GROUPING SETS ({', '.join(sets)})"


_SPAN_OF_ROW = (
    f"CASE GROUPING({', '.join(_SPAN_COLUMNS)}) WHEN {_GROUPED['d_day']} THEN 'day' "
    f"WHEN {_GROUPED['d_week']} THEN 'week' ELSE 'month' END"
)
_DAY_OF_ROW = f"COALESCE({', '.join(_SPAN_COLUMNS)})"


def _signed_bin(column: str) -> str:
    # A bin and a sign in one integer: sign * (bin + 1); metrics_hist_signed undoes it.
    return f"CASE WHEN {column} IS NULL THEN NULL ELSE sign * (metrics_hist_bin({column}) + 1) END"


def _hist(model, name: str, codes: str) -> str:
    value = f"metrics_hist_signed({codes})"
    if name in SPAN_HISTS[model]:
        return value
    # Span rows carry only the histograms the dashboard merges; the others stay empty.
    day_only = _GROUPED["d_day"]
    grouping = f"GROUPING({', '.join(_SPAN_COLUMNS)})"
    return f"CASE WHEN {grouping} = {day_only} THEN {value} ELSE '{{}}'::jsonb END"


def _signed_sum(column: str) -> str:
    return f"COALESCE(SUM(sign * {column}), 0)"


def _count(condition: str = "") -> str:
    where = f" FILTER (WHERE {condition})" if condition else ""
    return f"COALESCE(SUM(sign){where}, 0)"


def _upsert(model, *, keys: tuple[str, ...], columns: list[str], select: str) -> str:
    table = model._meta.db_table
    hists = {
        field.column
        for field in model._meta.concrete_fields
        if field.get_internal_type() == "JSONField"
    }
    # Histograms that did not change (most of them: a status change leaves the response
    # times' bins as they were) keep the stored value instead of a merge.
    updates = ", ".join(
        f"{column} = CASE WHEN EXCLUDED.{column} = '{{}}'::jsonb THEN t.{column} "
        f"ELSE metrics_hist_add(t.{column}, EXCLUDED.{column}) END"
        if column in hists
        else f"{column} = t.{column} + EXCLUDED.{column}"
        for column in columns
    )
    names = ", ".join(("day", "span", "grain", *keys, *columns))
    key_list = ", ".join(("day", "span", "grain", *keys))
    # Cells the change does not move (every difference zero) are not written at all.
    moved = " OR ".join(
        f"d.{column} <> '{{}}'::jsonb" if column in hists else f"d.{column} <> 0"
        for column in columns
    )
    return (
        f"INSERT INTO {table} AS t ({names}) "  # noqa: S608 - our names; values are parameters
        f"SELECT * FROM ({select}) AS d({names}) WHERE {moved} "
        f"ON CONFLICT ({key_list}) DO UPDATE SET {updates} "
        f"RETURNING t.id, t.{_EMPTY_WHEN_ZERO[model]}, t.xmax = 0"
    )


# The count that is zero exactly when a cell holds no ticket (survey cells: two, summed).
_EMPTY_WHEN_ZERO = {
    CreatedRollup: "created",
    ResolvedRollup: "resolved",
    SurveyRollup: "csat_answered + t.nps_answered",
}

_CREATED_COLUMNS = [
    "created", "responded", "first_response_sum", "first_response_business_sum",
    "first_response_hist", "first_response_business_hist", "next_responses", "next_response_sum",
    "next_response_business_sum", "next_response_hist", "next_response_business_hist",
    "sla_met", "sla_missed",
]  # fmt: skip
_CREATED = _upsert(
    CreatedRollup,
    keys=DIM_COLUMNS,
    columns=_CREATED_COLUMNS,
    select=f"""
SELECT {_DAY_OF_ROW}, {_SPAN_OF_ROW}, {_grain_case()}, {_DIM_LIST},
    {_count()}, {_count("frs IS NOT NULL")}, {_signed_sum("frs")}, {_signed_sum("frbs")},
    {_hist(CreatedRollup, "first_response_hist", "array_agg(frs_code)")},
    {_hist(CreatedRollup, "first_response_business_hist", "array_agg(frbs_code)")},
    {_signed_sum("cardinality(nrs)")}, {_signed_sum("nr_sum")}, {_signed_sum("nrb_sum")},
    {_hist(CreatedRollup, "next_response_hist", "metrics_array_cat_agg(nr_codes)")},
    {_hist(CreatedRollup, "next_response_business_hist", "metrics_array_cat_agg(nrb_codes)")},
    {_count("sla_outcome = 'met'")}, {_count("sla_outcome = 'missed'")}
FROM (
    SELECT sign, {_days_of("created_at")}, {_FACT_DIMS},
        first_response_seconds AS frs, first_response_business_seconds AS frbs,
        {_signed_bin("first_response_seconds")} AS frs_code,
        {_signed_bin("first_response_business_seconds")} AS frbs_code,
        next_response_seconds AS nrs, sla_outcome,
        (SELECT SUM(s) FROM unnest(next_response_seconds) AS s) AS nr_sum,
        (SELECT SUM(s) FROM unnest(next_response_business_seconds) AS s) AS nrb_sum,
        ARRAY(SELECT {_signed_bin("s")} FROM unnest(next_response_seconds) AS s) AS nr_codes,
        ARRAY(SELECT {_signed_bin("s")} FROM unnest(next_response_business_seconds) AS s)
            AS nrb_codes
    FROM {_SIGNED} WHERE created_at IS NOT NULL
) AS f
GROUP BY {_sets()}
""",  # noqa: S608 - table and column names are ours, values are parameters
)

_RESOLVED_AGGREGATES = ", ".join(
    f"{_signed_sum(field)}, {_hist(ResolvedRollup, f'{name}_hist', f'array_agg({name}_code)')}"
    for name, field in _RESOLVED_DURATIONS
)
_RESOLVED = _upsert(
    ResolvedRollup,
    keys=DIM_COLUMNS,
    columns=[
        "resolved",
        "reopened",
        "one_touch",
        *(f"{name}_{part}" for name, _ in _RESOLVED_DURATIONS for part in ("sum", "hist")),
    ],  # fmt: skip
    select=f"""
SELECT {_DAY_OF_ROW}, {_SPAN_OF_ROW}, {_grain_case()}, {_DIM_LIST},
    {_count()}, {_signed_sum("reopened")}, {_count("one_touch")},
    {_RESOLVED_AGGREGATES}
FROM (
    SELECT sign, {_days_of("resolved_at")}, {_FACT_DIMS}, reopened, one_touch,
        {", ".join(field for _, field in _RESOLVED_DURATIONS)},
        {", ".join(f"{_signed_bin(field)} AS {name}_code" for name, field in _RESOLVED_DURATIONS)}
    FROM {_SIGNED} WHERE resolved_at IS NOT NULL
) AS f
GROUP BY {_sets()}
""",  # noqa: S608 - table and column names are ours, values are parameters
)

_BUCKETS = ("first_response_bucket", "resolution_bucket")
_SURVEY = _upsert(
    SurveyRollup,
    keys=(*DIM_COLUMNS, *_BUCKETS),
    columns=[
        "csat_answered",
        "csat_satisfied",
        "csat_sum",
        "nps_answered",
        "nps_promoters",
        "nps_detractors",
    ],  # fmt: skip
    select=f"""
SELECT {_DAY_OF_ROW}, {_SPAN_OF_ROW}, {_grain_case()}, {_DIM_LIST}, {", ".join(_BUCKETS)},
    {_count("csat")}, {_count("csat AND csat_score >= 4")},
    COALESCE(SUM(sign * csat_score) FILTER (WHERE csat), 0),
    {_count("nps")}, {_count("nps AND nps_score >= 9")}, {_count("nps AND nps_score <= 6")}
FROM (
    SELECT sign, {_days_of("a.answered_at")}, {_FACT_DIMS}, csat_score, nps_score, a.csat, a.nps,
        {_speed_bucket("first_response_seconds")} AS first_response_bucket,
        {_speed_bucket("resolution_seconds")} AS resolution_bucket
    FROM {_SIGNED} CROSS JOIN LATERAL (VALUES
        (csat_answered_at, csat_score IS NOT NULL AND csat_answered_at IS NOT NULL, false),
        (nps_answered_at, false, nps_score IS NOT NULL AND nps_answered_at IS NOT NULL)
    ) AS a(answered_at, csat, nps)
    WHERE a.csat OR a.nps
) AS f
GROUP BY {_sets(_BUCKETS)}
""",  # noqa: S608
)

_STATEMENTS = {CreatedRollup: _CREATED, ResolvedRollup: _RESOLVED, SurveyRollup: _SURVEY}
