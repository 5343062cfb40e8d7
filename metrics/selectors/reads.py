"""Aggregation over rollup rows in SQL: sums, and histograms merged bin by bin
(``jsonb_each_text`` + SUM), grouped by a key (the period, the day, the week, a dimension).
Reads scan one grain's rows of the days asked, so their cost grows with days × cells of that
grain, never with the number of tickets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection

from metrics import histograms
from metrics.models import CreatedRollup, Grain, ResolvedRollup, SurveyRollup

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
    """How rows are grouped: a SQL expression over the rollup row and its parameters."""

    sql: str = "NULL"
    params: tuple = ()

    @classmethod
    def column(cls, name: str) -> Key:
        _check(name)
        return cls(sql=f"r.{name}")

    @classmethod
    def day(cls) -> Key:
        return cls(sql="r.day")

    @classmethod
    def step(cls, *, start: date, days: int) -> Key:
        """The index of the ``days``-long step from ``start`` the row's day falls in."""
        return cls(sql="(r.day - %s::date) / %s", params=(start, days))

    @classmethod
    def since(cls, day: date) -> Key:
        """True for rows on or after ``day``, false before (two periods in one scan)."""
        return cls(sql="(r.day >= %s::date)", params=(day,))


def _check(name: str) -> None:
    if name not in _COLUMNS:
        raise ValueError(f"not a rollup column: {name}")


def _where(
    *, grain: Grain, start: date | None, end: date, columns: dict, extra: dict
) -> tuple[str, list]:
    clauses, params = ["r.grain = %s", "r.day <= %s"], [str(grain), end]
    if start is not None:
        clauses.append("r.day >= %s")
        params.append(start)
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
    where, where_params = _where(
        grain=grain, start=start, end=end, columns=columns, extra=extra or {}
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
