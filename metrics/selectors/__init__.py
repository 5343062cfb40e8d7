"""Dashboard reads (rollup rows only; see metrics.selectors.dashboard)."""

from metrics.selectors.breakdown import (
    BREAKDOWNS,
    BreakdownRow,
    BucketRow,
    SatisfactionBySpeed,
    dashboard_breakdown,
    dimension_label,
    satisfaction_by_speed,
    speed_buckets,
)
from metrics.selectors.dashboard import (
    DAILY_SERIES_MAX_DAYS,
    KPI_KEYS,
    DayPoint,
    Kpi,
    dashboard_kpis,
    dashboard_series,
    series_step,
)
from metrics.selectors.query import (
    DIMENSIONS,
    MAX_DAYS,
    MAX_YEARS,
    DashboardQuery,
    grain_for,
    period_too_long,
)
from metrics.selectors.summary import PeriodSummary, period_summary

__all__ = [
    "BREAKDOWNS",
    "DAILY_SERIES_MAX_DAYS",
    "DIMENSIONS",
    "KPI_KEYS",
    "MAX_DAYS",
    "MAX_YEARS",
    "BreakdownRow",
    "BucketRow",
    "DashboardQuery",
    "DayPoint",
    "Kpi",
    "PeriodSummary",
    "SatisfactionBySpeed",
    "dashboard_breakdown",
    "dashboard_kpis",
    "dashboard_series",
    "dimension_label",
    "grain_for",
    "period_summary",
    "period_too_long",
    "satisfaction_by_speed",
    "series_step",
    "speed_buckets",
]
