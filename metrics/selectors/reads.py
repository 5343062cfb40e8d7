"""Aggregation over rollup rows in SQL: sums, and histograms merged bin by bin
(``jsonb_each_text`` + SUM), grouped by a key (the period, the day, the week, a dimension).
Reads scan one grain's rows of the days asked (whole weeks and months as one row each where
the key allows), so their cost grows with days × cells of that grain, never with the number
of tickets."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection

from metrics import histograms
from metrics.models import CreatedRollup, Grain, ResolvedRollup, Span, SurveyRollup
from metrics.rollups.spans import SPAN_HISTS, spans_covering

ONE_DAY = timedelta(days=1)

CREATED_SUMS = ("created", "responded", "sla_met", "sla_missed")
CREATED_HISTS = ("first_response_hist", "first_response_business_hist")
RESOLVED_SUMS = ("resolved", "reopened", "one_touch")
RESOLVED_HISTS = ("resolution_hist", "resolution_business_hist", "requester_wait_hist")
SURVEY_SUMS = ("csat_answered", "csat_satisfied", "nps_answered", "nps_promoters", "nps_detractors")
# Every column a read may name, so no caller-supplied text ever reaches the SQL.
_COLUMNS = frozenset(
    {
        *CREATED_SUMS,
        *CREATED_HISTS,
        *RESOLVED_SUMS,
        *RESOLVED_HISTS,
        *SURVEY_SUMS,
        "team_id",
        "agent_id",
        "channel",
        "priority",
        "category_id",
        "first_response_bucket",
        "resolution_bucket",
    }
)


@dataclass
class Numbers:
    """Merged sums and histograms of some rollup rows (of one or several rollup tables)."""

    sums: dict[str, int] = field(default_factory=dict)
    hists: dict[str, dict[str, int]] = field(default_factory=dict)

    def sum(self, name: str) -> int:
        return self.sums.get(name, 0)

    def hist(self, name: str) -> dict[str, int]:
        return self.hists.get(name, {})

    def percentile(self, name: str, q: float) -> float | None:
        return histograms.percentile(self.hist(name), q)

    def add(self, other: Numbers) -> None:
        for name, value in other.sums.items():
            self.sums[name] = self.sums.get(name, 0) + value
        for name, hist in other.hists.items():
            self.hists[name] = histograms.merge([self.hists.get(name, {}), hist])


@dataclass(frozen=True)
class Key:
    """How rows are grouped: a SQL expression over the rollup row and its parameters.
    ``splits``: the days a week or month row must not straddle (its rows are keyed by their
    first day); None: day rows only (the key changes from day to day)."""

    sql: str = "NULL"
    params: tuple = ()
    splits: tuple[date, ...] | None = ()

    @classmethod
    def column(cls, name: str) -> Key:
        _check(name)
        return cls(sql=f"r.{name}")

    @classmethod
    def day(cls) -> Key:
        return cls(sql="r.day", splits=None)

    @classmethod
    def step(cls, *, start: date, days: int) -> Key:
        """The index of the ``days``-long step from ``start`` the row's day falls in."""
        return cls(sql="(r.day - %s::date) / %s", params=(start, days), splits=None)

    @classmethod
    def since(cls, day: date) -> Key:
        """True for rows on or after ``day``, false before (two periods in one scan)."""
        return cls(sql="(r.day >= %s::date)", params=(day,), splits=(day,))


def _check(name: str) -> None:
    if name not in _COLUMNS:
        raise ValueError(f"not a rollup column: {name}")


def _where(
    *,
    grain: Grain,
    start: date | None,
    end: date,
    columns: dict,
    extra: dict,
    splits: tuple[date, ...] | None = None,
) -> tuple[str, list]:
    """The rows of ``grain`` that sum the days [start, end] once each: with ``splits`` not None,
    whole weeks and months as their own rows (metrics.rollups.spans), else day rows."""
    clauses, params = ["r.grain = %s"], [str(grain)]
    if start is None or splits is None or grain == Grain.FULL:
        clauses += ["r.span = 'day'", "r.day <= %s"]
        params.append(end)
        if start is not None:
            clauses.append("r.day >= %s")
            params.append(start)
    else:
        found: dict[str, list[date]] = {Span.DAY: [], Span.WEEK: [], Span.MONTH: []}
        bounds = [start, *sorted(day for day in splits if start < day <= end), end + ONE_DAY]
        for low, high in itertools.pairwise(bounds):
            for span, days in spans_covering(low, high - ONE_DAY, grain=grain).items():
                found[span] += days
        clauses.append(
            "((r.span = 'day' AND r.day = ANY(%s::date[]))"
            " OR (r.span = 'week' AND r.day = ANY(%s::date[]))"
            " OR (r.span = 'month' AND r.day = ANY(%s::date[])))"
        )
        params += [found[Span.DAY], found[Span.WEEK], found[Span.MONTH]]
    for name, value in {**columns, **extra}.items():
        _check(name)
        if value is None:
            clauses.append(f"r.{name} IS NULL")
        else:
            clauses.append(f"r.{name} = %s")
            params.append(value)
    return " AND ".join(clauses), params


def aggregate(
    model: type[CreatedRollup | ResolvedRollup | SurveyRollup],
    *,
    grain: Grain,
    start: date | None,
    end: date,
    columns: dict,
    key: Key = Key(),  # noqa: B008 - frozen, immutable
    sums: Sequence[str] = (),
    hists: Sequence[str] = (),
    extra: dict | None = None,
) -> dict[Any, Numbers]:
    """Sums and merged histograms of ``model``'s rows of ``grain`` on days in [start, end]
    matching ``columns`` (rollup column -> value) and ``extra``, by ``key``. Two queries at
    most: one for the sums, one for the histograms."""
    spans_ok = all(name in SPAN_HISTS[model] for name in hists)
    where, where_params = _where(
        grain=grain,
        start=start,
        end=end,
        columns=columns,
        extra=extra or {},
        splits=key.splits if spans_ok else None,
    )
    table = model._meta.db_table
    found: dict[Any, Numbers] = {}
    with connection.cursor() as cursor:
        if sums:
            for name in sums:
                _check(name)
            totals = ", ".join(f"COALESCE(SUM(r.{name}), 0)" for name in sums)
            cursor.execute(
                f"SELECT {key.sql} AS k, {totals} FROM {table} r WHERE {where} GROUP BY 1",  # noqa: S608
                [*key.params, *where_params],
            )
            for k, *values in cursor.fetchall():
                numbers = found.setdefault(k, Numbers())
                numbers.sums.update(zip(sums, (int(v) for v in values), strict=True))
        if hists:
            for name in hists:
                _check(name)
            pairs = ", ".join(f"('{name}', r.{name})" for name in hists)
            cursor.execute(
                f"SELECT {key.sql} AS k, h.name, b.key, SUM(b.value::bigint) "  # noqa: S608
                f"FROM {table} r CROSS JOIN LATERAL (VALUES {pairs}) AS h(name, hist) "
                f"CROSS JOIN LATERAL jsonb_each_text(h.hist) AS b(key, value) "
                f"WHERE {where} GROUP BY 1, 2, 3",
                [*key.params, *where_params],
            )
            for k, name, bin_key, count in cursor.fetchall():
                if count:
                    numbers = found.setdefault(k, Numbers())
                    numbers.hists.setdefault(name, {})[bin_key] = int(count)
    return found


def combine(*parts: dict[Any, Numbers]) -> dict[Any, Numbers]:
    """The numbers of several tables side by side, by key (their column names differ)."""
    combined: dict[Any, Numbers] = {}
    for part in parts:
        for k, numbers in part.items():
            combined.setdefault(k, Numbers()).add(numbers)
    return combined


def backlog_before(*, grain: Grain, columns: dict, days: Iterable[date]) -> dict[date, int]:
    """For each day: tickets created before it minus tickets fully resolved before it (both
    from the first rollup day on), in one query."""
    days = sorted(set(days))
    if not days:
        return {}
    last = days[-1]
    where, params = _where(grain=grain, start=None, end=last, columns=columns, extra={})
    created = ", ".join("COALESCE(SUM(r.created) FILTER (WHERE r.day < %s), 0)" for _ in days)
    resolved = ", ".join("COALESCE(SUM(r.resolved) FILTER (WHERE r.day < %s), 0)" for _ in days)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {created} FROM {CreatedRollup._meta.db_table} r WHERE {where}",  # noqa: S608
            [*days, *params],
        )
        opened = cursor.fetchone()
        cursor.execute(
            f"SELECT {resolved} FROM {ResolvedRollup._meta.db_table} r WHERE {where}",  # noqa: S608
            [*days, *params],
        )
        closed = cursor.fetchone()
    return {day: int(o) - int(c) for day, o, c in zip(days, opened, closed, strict=True)}
