"""The manager dashboard's numbers, read from the rollup tables only (metrics.rollups fills
them; definitions in docs/metrics.md). Every read scans the rows of one grain for the days
asked: O(days × cells), never facts or tickets. Percentiles come from histograms merged over
those rows (metrics.histograms: nearest rank, at most 4.9 % off), never from averaged medians.

Which day a number counts on: created tickets, first response times and SLA outcomes on the
ticket's created day; solved tickets, resolution and requester-wait times, reopens and
one-touch resolutions on its full-resolution day; CSAT and NPS on the answer day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from metrics.models import CreatedRollup, ResolvedRollup, SurveyRollup
from metrics.selectors.query import DashboardQuery, grain_for
from metrics.selectors.reads import (
    CREATED_HISTS,
    CREATED_SUMS,
    RESOLVED_HISTS,
    RESOLVED_SUMS,
    SURVEY_SUMS,
    Key,
    Numbers,
    aggregate,
    backlog_before,
    combine,
)

# Past this many days the series has one point per 7 days (the point's day is the first day
# of its week-long step, counted from the period's start; the last step may be shorter).
DAILY_SERIES_MAX_DAYS = 120


@dataclass(frozen=True)
class Kpi:
    key: str
    value: float | None
    previous: float | None
    count: int
    unit: str  # "count" | "seconds" | "percent" | "score"

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass(frozen=True)
class DayPoint:
    day: date
    created: int
    solved: int
    backlog: int
    frt_p50: float | None
    frt_p90: float | None
    resolution_p50: float | None
    resolution_p90: float | None
    csat: float | None
    nps: float | None
    sla_attainment: float | None
    days: int = 1  # how many days the point covers (7 past DAILY_SERIES_MAX_DAYS)


def share(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole``; None when there is nothing to divide."""
    return 100.0 * part / whole if whole else None


def csat_of(numbers: Numbers) -> float | None:
    """Share of 4-5 answers among the answered CSAT surveys, in percent."""
    return share(numbers.sum("csat_satisfied"), numbers.sum("csat_answered"))


def nps_of(numbers: Numbers) -> float | None:
    """% promoters (9-10) minus % detractors (0-6), from -100 to 100."""
    answered = numbers.sum("nps_answered")
    if not answered:
        return None
    return 100.0 * (numbers.sum("nps_promoters") - numbers.sum("nps_detractors")) / answered


def sla_attainment_of(numbers: Numbers) -> float | None:
    """Share of met among met + missed (tickets in progress without a breach are left out)."""
    met = numbers.sum("sla_met")
    return share(met, met + numbers.sum("sla_missed"))


# The histograms the series and the breakdowns show (KPIs show every one): merging histograms
# is the dearest part of a read, so each read merges only those it shows.
SHOWN_HISTS = ("first_response_hist", "resolution_hist")


def _numbers(
    query: DashboardQuery,
    *,
    key: Key,
    start: date,
    by: str | None = None,
    hists: tuple[str, ...] = SHOWN_HISTS,
) -> dict[object, Numbers]:
    """Sums and ``hists`` of the three rollups on days [start, query.end], by ``key``."""
    dimensions = set(query.filters()) | ({by} if by else set())
    grain = grain_for(dimensions)
    common = {"grain": grain, "start": start, "end": query.end, "columns": query.columns()}
    created_hists = [name for name in hists if name in CREATED_HISTS]
    resolved_hists = [name for name in hists if name in RESOLVED_HISTS]
    return combine(
        aggregate(CreatedRollup, key=key, sums=CREATED_SUMS, hists=created_hists, **common),
        aggregate(ResolvedRollup, key=key, sums=RESOLVED_SUMS, hists=resolved_hists, **common),
        # Survey rows are also keyed by speed bucket: their sum over all buckets is the total.
        aggregate(SurveyRollup, key=key, sums=SURVEY_SUMS, **common),
    )


def _backlog_at_ends(query: DashboardQuery, days: list[date]) -> dict[date, int]:
    """Open tickets at the end of each day: created up to it minus fully resolved up to it.

    The rollups count a ticket as resolved on its LAST solve only, so over past days this
    backlog counts a ticket solved, reopened and solved again as open from its creation to the
    last solve (also while it sat solved before the reopen), and a ticket now reopened as open
    since its creation. Dimensions are the ticket's current ones: a ticket moved to another
    team counts in the new team's backlog for its whole life."""
    grain = grain_for(query.filters())
    before = backlog_before(
        grain=grain, columns=query.columns(), days=[day + timedelta(days=1) for day in days]
    )
    return {day: before[day + timedelta(days=1)] for day in days}


def _kpis_of(numbers: Numbers) -> dict[str, tuple[float | None, int, str]]:
    responded, resolved = numbers.sum("responded"), numbers.sum("resolved")
    met_or_missed = numbers.sum("sla_met") + numbers.sum("sla_missed")
    return {
        "created": (numbers.sum("created"), numbers.sum("created"), "count"),
        "solved": (resolved, resolved, "count"),
        "frt_median": (numbers.percentile("first_response_hist", 0.5), responded, "seconds"),
        "frt_p90": (numbers.percentile("first_response_hist", 0.9), responded, "seconds"),
        "frt_business_median": (
            numbers.percentile("first_response_business_hist", 0.5),
            responded,
            "seconds",
        ),
        "resolution_median": (numbers.percentile("resolution_hist", 0.5), resolved, "seconds"),
        "resolution_p90": (numbers.percentile("resolution_hist", 0.9), resolved, "seconds"),
        "resolution_business_median": (
            numbers.percentile("resolution_business_hist", 0.5),
            resolved,
            "seconds",
        ),
        "requester_wait_median": (
            numbers.percentile("requester_wait_hist", 0.5),
            resolved,
            "seconds",
        ),
        "csat": (csat_of(numbers), numbers.sum("csat_answered"), "percent"),
        "nps": (nps_of(numbers), numbers.sum("nps_answered"), "score"),
        "sla_attainment": (sla_attainment_of(numbers), met_or_missed, "percent"),
        "one_touch": (share(numbers.sum("one_touch"), resolved), resolved, "percent"),
        "reopened": (numbers.sum("reopened"), numbers.sum("reopened"), "count"),
    }


KPI_KEYS = (
    "created",
    "solved",
    "backlog",
    "frt_median",
    "frt_p90",
    "frt_business_median",
    "resolution_median",
    "resolution_p90",
    "resolution_business_median",
    "requester_wait_median",
    "csat",
    "nps",
    "sla_attainment",
    "one_touch",
    "reopened",
)


def dashboard_kpis(query: DashboardQuery) -> list[Kpi]:
    """The tiles, each with its value in the period before, of the same length. One scan covers
    both periods (grouped by which one a day falls in)."""
    previous = query.previous()
    by_period = _numbers(
        query,
        key=Key.since(query.start),
        start=previous.start,
        hists=(*CREATED_HISTS, *RESOLVED_HISTS),
    )
    current = _kpis_of(by_period.get(True, Numbers()))
    before = _kpis_of(by_period.get(False, Numbers()))
    backlog = _backlog_at_ends(query, [query.end, previous.end])
    current["backlog"] = (backlog[query.end], backlog[query.end], "count")
    before["backlog"] = (backlog[previous.end], backlog[previous.end], "count")
    return [
        Kpi(
            key=key,
            value=current[key][0],
            previous=before[key][0],
            count=current[key][1],
            unit=current[key][2],
        )
        for key in KPI_KEYS
    ]


def series_step(query: DashboardQuery) -> int:
    """Days per point of ``dashboard_series``: 1, or 7 past DAILY_SERIES_MAX_DAYS."""
    return 1 if query.days <= DAILY_SERIES_MAX_DAYS else 7


def dashboard_series(query: DashboardQuery) -> list[DayPoint]:
    """One point per day of the period (per 7 days past DAILY_SERIES_MAX_DAYS, see
    ``series_step``); backlog is the one at the end of the point's last day."""
    step = series_step(query)
    by_step = _numbers(query, key=Key.step(start=query.start, days=step), start=query.start)
    starts = [query.start + timedelta(days=i) for i in range(0, query.days, step)]
    ends = [min(day + timedelta(days=step - 1), query.end) for day in starts]
    # Backlog before the period, then each step's created minus solved (one aggregate, not one
    # per point).
    backlog = _backlog_at_ends(query, [query.start - timedelta(days=1)])[
        query.start - timedelta(days=1)
    ]
    points = []
    for index, (first, last) in enumerate(zip(starts, ends, strict=True)):
        numbers = by_step.get(index, Numbers())
        backlog += numbers.sum("created") - numbers.sum("resolved")
        points.append(
            DayPoint(
                day=first,
                created=numbers.sum("created"),
                solved=numbers.sum("resolved"),
                backlog=backlog,
                frt_p50=numbers.percentile("first_response_hist", 0.5),
                frt_p90=numbers.percentile("first_response_hist", 0.9),
                resolution_p50=numbers.percentile("resolution_hist", 0.5),
                resolution_p90=numbers.percentile("resolution_hist", 0.9),
                csat=csat_of(numbers),
                nps=nps_of(numbers),
                sla_attainment=sla_attainment_of(numbers),
                days=(last - first).days + 1,
            )
        )
    return points
