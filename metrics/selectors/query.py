"""What a dashboard read asks for: a range of local days and the dimension filters, and which
precomputed rollup cut (grain) answers it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from metrics.models import Grain
from metrics.rollups import DIM_COLUMNS
from metrics.rollups import grain_for as rollups_grain_for

# Dashboard dimension -> rollup column. The dimension names are also the URL parameters (of the
# dashboard, the API, the CSV export and the agent queue's filters).
DIMENSIONS: dict[str, str] = dict(DIM_COLUMNS)
# The longest period a read accepts: ``period_too_long`` (to the same date three years later,
# so at most this many days).
MAX_YEARS = 3
MAX_DAYS = 3 * 365 + 2


@dataclass(frozen=True)
class DashboardQuery:
    """Inclusive local days (settings.TIME_ZONE) and optional dimension filters."""

    start: date
    end: date
    team_id: int | None = None
    agent_id: int | None = None
    channel: str | None = None
    priority: str | None = None
    category_id: int | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> DashboardQuery:
        """The period of the same length that ends the day before this one starts."""
        length = timedelta(days=self.days)
        return replace(self, start=self.start - length, end=self.end - length)

    def filters(self) -> dict:
        """The non-empty filters by dimension name (``{"team": 3, "channel": "web"}``): the
        names the URLs use."""
        values = {
            "team": self.team_id,
            "agent": self.agent_id,
            "channel": self.channel or None,
            "priority": self.priority or None,
            "category": self.category_id,
        }
        return {name: value for name, value in values.items() if value is not None}

    def columns(self) -> dict:
        """The same filters keyed by rollup column."""
        return {DIMENSIONS[name]: value for name, value in self.filters().items()}


def grain_for(dimensions: Iterable[str]) -> Grain:
    """The coarsest grain that groups by every dimension asked (metrics.rollups decides)."""
    return rollups_grain_for(dimensions)


def _years_later(day: date, years: int) -> date:
    if day.year + years > date.max.year:
        return date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def period_too_long(start: date, end: date) -> bool:
    """True past three years: ``end`` after the same date three years after ``start``."""
    return end > _years_later(start, MAX_YEARS)
