"""A day's rollup rows computed and written by PostgreSQL in one INSERT ... SELECT per table:
every grain at once with GROUPING SETS, histograms binned by ``metrics_hist_bin`` (the SQL twin
of metrics.histograms.bin_of, created by migration metrics 0003 and tested against it).

Why SQL and not Python: a busy day at a million tickets a year holds ~2,700 tickets, each adding
to one cell of every grain; aggregating that in Python and shipping ~10,000 rows back took
0.5-0.8 s a day, and the fill rewrites every day an event touched, so it set the event ->
dashboard lag. In PostgreSQL the same rows cost a few tens of milliseconds and never leave the
server. The semantics are the package docstring's (metrics/rollups/__init__.py)."""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from metrics.models import CreatedRollup, Grain, ResolvedRollup, SurveyRollup, TicketFacts
from metrics.rollups.cuts import DIMS, GRAIN_DIMS, SPEED_BUCKETS

DIM_COLUMNS = ("team_id", "agent_id", "channel", "priority", "category_id")
_DIM_LIST = ", ".join(DIM_COLUMNS)


def _grain_case(extra: int = 0) -> str:
    """``GROUPING(<dims>)`` -> grain name. GROUPING sets bit (4 - i) for the i-th dimension
    left out of the grouping set; ``extra`` columns (the speed buckets) are always grouped."""
    whens = []
    for grain, dims in GRAIN_DIMS.items():
        mask = sum(1 << (len(DIMS) - 1 - i) for i, dim in enumerate(DIMS) if dim not in dims)
        whens.append(f"WHEN {mask} THEN '{Grain(grain).value}'")
    return f"CASE GROUPING({_DIM_LIST}) {' '.join(whens)} END"


def _grouping_sets(extra: tuple[str, ...] = ()) -> str:
    columns = dict(zip(DIMS, DIM_COLUMNS, strict=True))
    sets = []
    for dims in GRAIN_DIMS.values():
        names = [columns[dim] for dim in DIMS if dim in dims] + list(extra)
        sets.append(f"({', '.join(names)})")
    return f"GROUPING SETS ({', '.join(sets)})"


def _speed_bucket(column: str) -> str:
    whens = " ".join(
        f"WHEN {column} < {bucket.upper} THEN '{bucket.key}'"
        for bucket in SPEED_BUCKETS
        if bucket.upper is not None
    )
    last = SPEED_BUCKETS[-1].key
    return f"CASE WHEN {column} IS NULL THEN NULL {whens} ELSE '{last}' END"


_FACTS = TicketFacts._meta.db_table
# The facts' dimensions as the rollups store them: a blank channel/priority is null ("none").
_FACT_DIMS = (
    "team_id, agent_id, NULLIF(channel, '') AS channel, NULLIF(priority, '') AS priority, "
    "category_id"
)


def _hist(column: str) -> str:
    bins = f"array_agg(metrics_hist_bin({column})) FILTER (WHERE {column} IS NOT NULL)"
    return f"metrics_hist_of({bins})"


def _sum(column: str) -> str:
    return f"COALESCE(SUM({column}), 0)"


_CREATED = f"""
INSERT INTO {CreatedRollup._meta.db_table} (day, span, grain, {_DIM_LIST}, created, responded,
    first_response_sum, first_response_business_sum, first_response_hist,
    first_response_business_hist, next_responses, next_response_sum, next_response_business_sum,
    next_response_hist, next_response_business_hist, sla_met, sla_missed)
SELECT %(day)s, 'day', {_grain_case()}, {_DIM_LIST}, COUNT(*), COUNT(frs),
    {_sum("frs")}, {_sum("frbs")}, {_hist("frs")}, {_hist("frbs")},
    COALESCE(SUM(cardinality(nrs)), 0), {_sum("nr_sum")}, {_sum("nrb_sum")},
    metrics_hist_of(metrics_array_cat_agg(nr_bins)),
    metrics_hist_of(metrics_array_cat_agg(nrb_bins)),
    COUNT(*) FILTER (WHERE sla_outcome = 'met'), COUNT(*) FILTER (WHERE sla_outcome = 'missed')
FROM (
    SELECT {_FACT_DIMS}, first_response_seconds AS frs, first_response_business_seconds AS frbs,
        next_response_seconds AS nrs, sla_outcome,
        (SELECT SUM(s) FROM unnest(next_response_seconds) AS s) AS nr_sum,
        (SELECT SUM(s) FROM unnest(next_response_business_seconds) AS s) AS nrb_sum,
        ARRAY(SELECT metrics_hist_bin(s) FROM unnest(next_response_seconds) AS s) AS nr_bins,
        ARRAY(SELECT metrics_hist_bin(s) FROM unnest(next_response_business_seconds) AS s)
            AS nrb_bins
    FROM {_FACTS} WHERE created_at >= %(start)s AND created_at < %(end)s
) AS f
GROUP BY {_grouping_sets()}
HAVING COUNT(*) > 0  -- the grouping set () gives a row even for a day without tickets
"""  # noqa: S608 - table and column names are ours, values are parameters

_RESOLVED_DURATIONS = (
    ("resolution", "resolution_seconds"),
    ("resolution_business", "resolution_business_seconds"),
    ("first_resolution", "first_resolution_seconds"),
    ("first_resolution_business", "first_resolution_business_seconds"),
    ("requester_wait", "requester_wait_seconds"),
    ("requester_wait_business", "requester_wait_business_seconds"),
)
_RESOLVED = f"""
INSERT INTO {ResolvedRollup._meta.db_table} (day, span, grain, {_DIM_LIST}, resolved, reopened,
    one_touch, {", ".join(f"{name}_sum, {name}_hist" for name, _ in _RESOLVED_DURATIONS)})
SELECT %(day)s, 'day', {_grain_case()}, {_DIM_LIST}, COUNT(*), {_sum("reopened")},
    COUNT(*) FILTER (WHERE one_touch),
    {", ".join(f"{_sum(field)}, {_hist(field)}" for _, field in _RESOLVED_DURATIONS)}
FROM (
    SELECT {_FACT_DIMS}, reopened, one_touch,
        {", ".join(field for _, field in _RESOLVED_DURATIONS)}
    FROM {_FACTS} WHERE resolved_at >= %(start)s AND resolved_at < %(end)s
) AS f
GROUP BY {_grouping_sets()}
HAVING COUNT(*) > 0  -- the grouping set () gives a row even for a day without tickets
"""  # noqa: S608

_SURVEY = f"""
INSERT INTO {SurveyRollup._meta.db_table} (day, span, grain, {_DIM_LIST}, first_response_bucket,
    resolution_bucket, csat_answered, csat_satisfied, csat_sum, nps_answered, nps_promoters,
    nps_detractors)
SELECT %(day)s, 'day', {_grain_case()}, {_DIM_LIST}, first_response_bucket, resolution_bucket,
    COUNT(*) FILTER (WHERE csat), COUNT(*) FILTER (WHERE csat AND csat_score >= 4),
    COALESCE(SUM(csat_score) FILTER (WHERE csat), 0),
    COUNT(*) FILTER (WHERE nps), COUNT(*) FILTER (WHERE nps AND nps_score >= 9),
    COUNT(*) FILTER (WHERE nps AND nps_score <= 6)
FROM (
    SELECT {_FACT_DIMS}, csat_score, nps_score,
        {_speed_bucket("first_response_seconds")} AS first_response_bucket,
        {_speed_bucket("resolution_seconds")} AS resolution_bucket,
        (csat_score IS NOT NULL AND csat_answered_at >= %(start)s AND csat_answered_at < %(end)s)
            AS csat,
        (nps_score IS NOT NULL AND nps_answered_at >= %(start)s AND nps_answered_at < %(end)s)
            AS nps
    FROM {_FACTS}
    WHERE (csat_answered_at >= %(start)s AND csat_answered_at < %(end)s)
        OR (nps_answered_at >= %(start)s AND nps_answered_at < %(end)s)
) AS f
WHERE csat OR nps
GROUP BY {_grouping_sets(("first_response_bucket", "resolution_bucket"))}
HAVING COUNT(*) > 0
"""  # noqa: S608

STATEMENTS = {CreatedRollup: _CREATED, ResolvedRollup: _RESOLVED, SurveyRollup: _SURVEY}


def rollup_rows_insert(model, *, day, start: datetime, end: datetime) -> None:
    """Insert ``model``'s rows of ``day`` (whose bounds are [start, end)) computed from the
    facts. The caller deleted the day's old rows in the same transaction."""
    with connection.cursor() as cursor:
        cursor.execute(STATEMENTS[model], {"day": day, "start": start, "end": end})
