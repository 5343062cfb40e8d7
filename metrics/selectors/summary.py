"""The old two-median summary over TicketFacts; kept until the dashboard page reads the rollups
(metrics.selectors.dashboard), then it goes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Aggregate, Count, FloatField, Q

from metrics.models import TicketFacts


class Median(Aggregate):
    """PostgreSQL's exact median; medians are computed from facts, never averaged."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


@dataclass(frozen=True)
class PeriodSummary:
    tickets_created: int
    tickets_responded: int
    median_first_response_seconds: float | None
    tickets_resolved: int
    median_resolution_seconds: float | None


def period_summary(*, start: datetime, end: datetime, team_id: int | None = None) -> PeriodSummary:
    """Tickets created in [start, end) with the median time to their first agent reply, and
    tickets resolved in [start, end) with the median time from creation to resolution."""
    facts = TicketFacts.objects.all()
    if team_id is not None:
        facts = facts.filter(team_id=team_id)
    created = facts.filter(created_at__gte=start, created_at__lt=end).aggregate(
        count=Count("pk"),
        responded=Count("pk", filter=Q(first_response_seconds__isnull=False)),
        median=Median("first_response_seconds"),
    )
    resolved = facts.filter(resolved_at__gte=start, resolved_at__lt=end).aggregate(
        count=Count("pk"), median=Median("resolution_seconds")
    )
    return PeriodSummary(
        tickets_created=created["count"],
        tickets_responded=created["responded"],
        median_first_response_seconds=created["median"],
        tickets_resolved=resolved["count"],
        median_resolution_seconds=resolved["median"],
    )
