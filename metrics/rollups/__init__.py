"""Daily rollups of the ticket facts: what the dashboard reads, so its cost grows with days,
never with tickets. Definitions of the numbers: docs/metrics.md.

Rows. A day is a local date in settings.TIME_ZONE. Every table has, for every day that has any
ticket in it, rows of every Grain (metrics.models.Grain; cuts.GRAIN_DIMS says which dimensions
each grain groups by):

- CreatedRollup counts tickets on the day they were created: created, responded (has a first
  response), first- and next-response sums and histograms (calendar and business seconds; one
  next response per value of facts.next_response_seconds), sla_met / sla_missed
  (facts.sla_outcome "met" / "missed"; in-progress and no-target tickets are in neither).
- ResolvedRollup counts tickets on the day of their FULL resolution (facts.resolved_at, the last
  solve): resolution, first-resolution and requester-wait sums and histograms, reopened (the sum
  of the tickets' reopens), one_touch (how many were one-touch).
- SurveyRollup counts the latest CSAT answer on the day it was given (csat_answered_at:
  csat_answered, csat_satisfied = score 4-5, csat_sum) and the latest NPS answer on its day
  (nps_answered_at: nps_answered, nps_promoters = 9-10, nps_detractors = 0-6).

Dimensions. A column of a dimension the grain does not group by is null and means "all"; within
the grain, a null agent / category / channel / priority / team means "none" (a blank channel or
priority of the facts is stored as null). A ticket counts under its current dimensions (those
of its facts).

Speed buckets (the satisfaction-against-speed view). Every SurveyRollup row of every grain also
carries the ticket's first_response_bucket and resolution_bucket (cuts.SPEED_BUCKETS over
calendar first_response_seconds / resolution_seconds; null: the ticket had no first response,
or is not resolved). So the totals of a grain are the SUM over all its rows, and the cut by a
bucket is the same rows grouped by that bucket's column (null rows left out). Reads stay
O(days × cells of the grain).

Spans. Besides the day rows (span "day"), every grain but FULL has week rows (ISO week, keyed by
its Monday) and month rows (keyed by its first day) holding the sums of their days, so a
365-day read takes ~25 rows per cell, not 365 (metrics.rollups.spans; the reads pick them with
spans.spans_covering). They carry every count and sum, and only the histograms the dashboard
merges (spans.SPAN_HISTS); a read of another histogram, the backlog and per-day series use day
rows.

Histograms are sparse {"bin": count} (metrics.histograms) and merge by adding counts per bin.
Sums over several rows (a period, a filter on a finer grain) are exact; percentiles come from
the merged histograms.

Keeping up. Event processing brings the rollups up to date in the facts refresh's transaction:
the differences between the changed tickets' old and new facts are added to the day, week and
month rows they land in (metrics.rollups.delta), so the dashboard follows an event as soon as
its facts are committed, and late events correct past days the same way.

Filling (rewriting days from the facts): what a rebuild does, and the repair of rows a delta
found stale. The days to rewrite are marked in RollupDirtyDay. A fill takes one dirty day at a
time, the one marked longest ago first, and in ONE transaction claims its row (SELECT ... FOR
UPDATE SKIP LOCKED), deletes that day's rows of all three tables, inserts rows recomputed from
that day's facts (by PostgreSQL, every grain in one INSERT ... SELECT per table:
metrics.rollups.sql), marks the day's week in RollupDirtySpan and deletes the dirty row. Weeks
and months are filled the same way (a week's fill marks its months), in the order they were
marked among the days. So a fill is idempotent by construction, two fills at once never touch
the same day, and a crash rolls the day back and leaves it dirty. RollupState "daily" is the
watermark: a run sets started_at, and done_at when it ends; a run that finds started_at >
done_at knows the previous one died and redoes what it left (its days are still dirty).
filled_until: every change marked before that moment is in the rollups (set by a run that
drained every dirty day and span).

Who runs it: a refused delta asks for a fill (metrics.tasks.fill_rollups, debounced by
HELPDESK_ROLLUP_FILL_DEBOUNCE_SECONDS) on commit; beat runs it every HELPDESK_ROLLUP_FILL_SECONDS
as a backstop; ``manage.py metrics_rebuild`` recomputes all facts (marking their days) and then
rewrites every day. Deltas and rewrites of the same day, week or month never interleave: both
hold its advisory lock (metrics.rollups.locks)."""

from metrics.rollups.cuts import (
    DIM_COLUMNS,
    DIMS,
    GRAIN_DIMS,
    SPEED_BUCKETS,
    SPEED_COLUMNS,
    SpeedBucket,
    grain_for,
    rollup_queryset,
    speed_bucket,
)
from metrics.rollups.fill import (
    FillResult,
    day_bounds,
    local_day,
    rollup_day_rewrite,
    rollup_days_mark,
    rollups_fill,
    rollups_fill_request,
    rollups_fill_request_clear,
)

__all__ = [
    "DIMS",
    "DIM_COLUMNS",
    "GRAIN_DIMS",
    "SPEED_BUCKETS",
    "SPEED_COLUMNS",
    "FillResult",
    "SpeedBucket",
    "day_bounds",
    "grain_for",
    "local_day",
    "rollup_day_rewrite",
    "rollup_days_mark",
    "rollup_queryset",
    "rollups_fill",
    "rollups_fill_request",
    "rollups_fill_request_clear",
    "speed_bucket",
]
