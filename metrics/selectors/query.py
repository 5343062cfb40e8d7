"""What a dashboard read asks for: a range of local days and the dimension filters, and which
precomputed rollup cut (grain) answers it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from metrics.models import Grain

# Dashboard dimension -> rollup column. The dimension names are also the URL parameters (of the
# dashboard, the API, the CSV export and the agent queue's filters).
DIMENSIONS: dict[str, str] = {
    "team": "team_id",
    "agent": "agent_id",
    "channel": "channel",
    "priority": "priority",
    "category": "category_id",
}
# The longest period the API and the CSV accept is three years (metrics.api.serializers); in
# days at most this many.
MAX_DAYS = 3 * 366 + 1


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


# The dimensions each grain groups by (the rest are null, "all").
GRAIN_DIMENSIONS: dict[Grain, frozenset[str]] = {
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
    Grain.FULL: frozenset(DIMENSIONS),
}


def grain_for(dimensions: Iterable[str]) -> Grain:
    """The coarsest grain that groups by every dimension asked (fewest rows to scan)."""
    try:
        from metrics.rollups import grain_for as rollups_grain_for
    except ImportError:  # pragma: no cover - the rollups module defines the canonical one
        rollups_grain_for = None
    wanted = frozenset(dimensions)
    if rollups_grain_for is not None:
        return Grain(rollups_grain_for(wanted))
    fitting = [grain for grain, dims in GRAIN_DIMENSIONS.items() if wanted <= dims]
    return min(fitting, key=lambda grain: len(GRAIN_DIMENSIONS[grain]))
