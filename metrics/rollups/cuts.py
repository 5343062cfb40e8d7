"""Which rows of the rollup tables answer a question: the grains (precomputed cuts), the speed
buckets of the satisfaction-against-speed view, and the queryset helper the dashboard reads
with. Semantics of the rows: the package docstring (metrics/rollups/__init__.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from metrics.models import CreatedRollup, Grain, ResolvedRollup, Span, SurveyRollup

# Dimension name (as the dashboard, API and URLs spell it) -> rollup column.
DIM_COLUMNS: dict[str, str] = {
    "team": "team_id",
    "agent": "agent_id",
    "channel": "channel",
    "priority": "priority",
    "category": "category_id",
}
DIMS: tuple[str, ...] = tuple(DIM_COLUMNS)

# The dimensions each grain groups by; the other columns of its rows are null ("all").
GRAIN_DIMS: dict[Grain, frozenset[str]] = {
    Grain.ALL: frozenset(),
    Grain.TEAM: frozenset({"team"}),
    Grain.AGENT: frozenset({"agent"}),
    Grain.CHANNEL: frozenset({"channel"}),
    Grain.PRIORITY: frozenset({"priority"}),
    Grain.CATEGORY: frozenset({"category"}),
    Grain.TEAM_AGENT: frozenset({"team", "agent"}),
    Grain.TEAM_CHANNEL: frozenset({"team", "channel"}),
    Grain.TEAM_PRIORITY: frozenset({"team", "priority"}),
    Grain.TEAM_CATEGORY: frozenset({"team", "category"}),
    Grain.FULL: frozenset(DIMS),
}


class SpeedBucket(NamedTuple):
    key: str
    label: str
    # Calendar seconds: the bucket holds durations in [lower, upper); upper None = no bound.
    lower: int
    upper: int | None


HOUR = 3600
# The one definition of the satisfaction-against-speed buckets, fastest first.
SPEED_BUCKETS: tuple[SpeedBucket, ...] = (
    SpeedBucket("lt1h", _("< 1 h"), 0, HOUR),
    SpeedBucket("1-4h", _("1–4 h"), HOUR, 4 * HOUR),
    SpeedBucket("4-24h", _("4–24 h"), 4 * HOUR, 24 * HOUR),
    SpeedBucket("gt24h", _("> 24 h"), 24 * HOUR, None),
)
# How a survey read cuts by speed: ``speed`` argument -> SurveyRollup column.
SPEED_COLUMNS: dict[str, str] = {
    "first_response": "first_response_bucket",
    "resolution": "resolution_bucket",
}


def speed_bucket(seconds: int | None) -> str | None:
    """The bucket key of a calendar duration; None when there is no duration (no first
    response yet, not resolved)."""
    if seconds is None:
        return None
    for bucket in SPEED_BUCKETS:
        if bucket.upper is None or seconds < bucket.upper:
            return bucket.key
    raise AssertionError("unreachable: the last bucket has no upper bound")


def grain_for(dims: Iterable[str]) -> Grain:
    """The coarsest grain that groups by every dimension asked (the fewest rows to scan); FULL
    when no precomputed cut has them all."""
    wanted = frozenset(dims)
    unknown = wanted - set(DIMS)
    if unknown:
        raise ValueError(f"unknown rollup dimensions: {sorted(unknown)}")
    fitting = [grain for grain, grain_dims in GRAIN_DIMS.items() if wanted <= grain_dims]
    # Dict order breaks ties between grains of the same size (none exist today).
    return min(fitting, key=lambda grain: len(GRAIN_DIMS[grain]))


RollupModel = type[CreatedRollup] | type[ResolvedRollup] | type[SurveyRollup]


def rollup_queryset(
    model: RollupModel,
    *,
    start: date,
    end: date,
    grain: Grain | str | None = None,
    speed: str | None = None,
    **dims,
) -> QuerySet:
    """The rows of ``model`` on local days ``start``..``end`` (inclusive) whose SUM answers the
    question. ``dims`` filter by dimension name (``team=3, channel="web"``); a value of None
    (or "") asks for "none" (no agent, no category). ``grain`` defaults to ``grain_for(dims)``;
    pass a finer one to group by another dimension too (a breakdown). ``speed``
    ("first_response" or "resolution", SurveyRollup only) keeps the rows that fall in a speed
    bucket, for grouping by that bucket's column (``SPEED_COLUMNS[speed]``). Day rows only:
    week and month rows sum them (metrics.rollups.spans)."""
    unknown = set(dims) - set(DIMS)
    if unknown:
        raise ValueError(f"unknown rollup dimensions: {sorted(unknown)}")
    grain = Grain(grain) if grain is not None else grain_for(dims)
    if not set(dims) <= GRAIN_DIMS[grain]:
        raise ValueError(f"grain {grain} does not group by {sorted(set(dims) - GRAIN_DIMS[grain])}")
    rows = model.objects.filter(grain=grain, span=Span.DAY, day__gte=start, day__lte=end)
    for dim, value in dims.items():
        column = DIM_COLUMNS[dim]
        if value is None or value == "":
            rows = rows.filter(**{f"{column}__isnull": True})
        else:
            rows = rows.filter(**{column: value})
    if speed is not None:
        if model is not SurveyRollup or speed not in SPEED_COLUMNS:
            raise ValueError(f"no speed cut {speed!r} on {model.__name__}")
        rows = rows.filter(**{f"{SPEED_COLUMNS[speed]}__isnull": False})
    return rows
