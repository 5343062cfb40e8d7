"""Test support for the dashboard reads (tests/metrics/test_selectors.py, test_api.py,
test_export.py): a world of random facts, the rollup fill as the worker runs it, and a
brute-force computation of every dashboard number straight from the facts."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.utils import timezone

from metrics import histograms
from metrics.models import TicketFacts
from metrics.rollups import rollup_days_mark, rollups_fill
from metrics.selectors import DIMENSIONS, DashboardQuery
from tests.factories import AgentFactory, CategoryFactory, TeamFactory, make_ticket
from tickets.models import Ticket

DAY0 = date(2026, 3, 2)  # the day of conftest's T0
TOLERANCE = histograms.MAX_RELATIVE_ERROR + 1e-9


# --- the world -------------------------------------------------------------------------------


def fill_rollups(first: date, last: date) -> None:
    """Mark the days (the facts refresh marks them too; this keeps the test independent of
    which facts it derives) and run the fill, as the worker does."""
    rollup_days_mark(days=[first + timedelta(days=i) for i in range((last - first).days + 1)])
    rollups_fill()


def random_facts(rng: random.Random, *, count: int, t0) -> dict:
    """``count`` tickets whose facts are overwritten with random values spread over DAY0 - 20
    .. DAY0 + 20, in two teams, three agents (and none), two categories (and none)."""
    teams = [TeamFactory(), TeamFactory()]
    agents = [AgentFactory(teams=[teams[0]]), AgentFactory(teams=teams), AgentFactory()]
    categories = [CategoryFactory(team=teams[0]), CategoryFactory(team=teams[1])]
    facts = []
    for _ in range(count):
        ticket = make_ticket(team=teams[0])
        created = t0 + timedelta(hours=rng.uniform(-20 * 24, 20 * 24))
        frt = rng.choice([None, 0, rng.randint(1, 600), rng.randint(600, 30 * 3600)])
        resolution = rng.choice([None, rng.randint(60, 3 * 3600), rng.randint(3600, 9 * 86400)])
        resolved_at = created + timedelta(seconds=resolution) if resolution is not None else None
        csat = rng.choice([None, None, *range(1, 6)])
        nps = rng.choice([None, None, *range(0, 11)])
        answered = (resolved_at or created) + timedelta(hours=rng.uniform(1, 200))
        row = TicketFacts(
            ticket=ticket,
            team=rng.choice(teams),
            agent=rng.choice([None, *agents]),
            category=rng.choice([None, *categories]),
            channel=rng.choice(["", *Ticket.Channel.values[:3]]),
            priority=rng.choice(Ticket.Priority.values),
            status="solved" if resolved_at else "open",
            created_at=created,
            first_response_seconds=frt,
            first_response_business_seconds=None if frt is None else frt // 2,
            resolved_at=resolved_at,
            resolution_seconds=resolution,
            resolution_business_seconds=None if resolution is None else resolution // 3,
            requester_wait_seconds=None if resolution is None else resolution // 2,
            reopened=rng.choice([0, 0, 1, 2]) if resolved_at else 0,
            one_touch=rng.choice([True, False]) if resolved_at else None,
            sla_outcome=rng.choice(TicketFacts.SlaOutcome.values),
            csat_score=csat,
            csat_answered_at=answered if csat is not None else None,
            nps_score=nps,
            nps_answered_at=answered if nps is not None else None,
        )
        facts.append(row)
    TicketFacts.objects.bulk_create(
        facts,
        update_conflicts=True,
        unique_fields=["ticket"],
        update_fields=[f.name for f in TicketFacts._meta.concrete_fields if f.name != "ticket"],
    )
    fill_rollups(DAY0 - timedelta(days=30), DAY0 + timedelta(days=40))
    return {"teams": teams, "agents": agents, "categories": categories}


# --- the brute force -------------------------------------------------------------------------


def local(moment):
    return timezone.localtime(moment).date() if moment else None


def all_facts() -> list[TicketFacts]:
    return list(TicketFacts.objects.all())


def value_of(fact: TicketFacts, dimension: str):
    value = getattr(fact, DIMENSIONS[dimension])
    return value or None if dimension in ("channel", "priority") else value


def narrowed(facts, query: DashboardQuery):
    return [
        f
        for f in facts
        if all(value_of(f, name) == value for name, value in query.filters().items())
    ]


def brute(facts, query: DashboardQuery) -> dict:
    facts = narrowed(facts, query)

    def within(moment) -> bool:
        return moment is not None and query.start <= local(moment) <= query.end

    created = [f for f in facts if within(f.created_at)]
    resolved = [f for f in facts if within(f.resolved_at)]
    csat = [f.csat_score for f in facts if f.csat_score is not None and within(f.csat_answered_at)]
    nps = [f.nps_score for f in facts if f.nps_score is not None and within(f.nps_answered_at)]
    met = sum(f.sla_outcome == "met" for f in created)
    missed = sum(f.sla_outcome == "missed" for f in created)

    def pct(values, q):
        return histograms.exact_percentile([v for v in values if v is not None], q)

    frt = [f.first_response_seconds for f in created]
    return {
        "created": len(created),
        "solved": len(resolved),
        "backlog": sum(local(f.created_at) <= query.end for f in facts)
        - sum(f.resolved_at is not None and local(f.resolved_at) <= query.end for f in facts),
        "frt_median": pct(frt, 0.5),
        "frt_p90": pct(frt, 0.9),
        "frt_business_median": pct([f.first_response_business_seconds for f in created], 0.5),
        "resolution_median": pct([f.resolution_seconds for f in resolved], 0.5),
        "resolution_p90": pct([f.resolution_seconds for f in resolved], 0.9),
        "resolution_business_median": pct([f.resolution_business_seconds for f in resolved], 0.5),
        "requester_wait_median": pct([f.requester_wait_seconds for f in resolved], 0.5),
        "csat": 100 * sum(s >= 4 for s in csat) / len(csat) if csat else None,
        "csat_count": len(csat),
        "nps": 100 * (sum(s >= 9 for s in nps) - sum(s <= 6 for s in nps)) / len(nps)
        if nps
        else None,
        "nps_count": len(nps),
        "sla_attainment": 100 * met / (met + missed) if met + missed else None,
        "one_touch": 100 * sum(bool(f.one_touch) for f in resolved) / len(resolved)
        if resolved
        else None,
        "reopened": sum(f.reopened for f in resolved),
    }


def same(actual, expected, *, percentile: bool = False) -> bool:
    if expected is None or actual is None:
        return actual is expected
    if percentile:
        return actual == pytest.approx(expected, rel=TOLERANCE, abs=1e-9)
    return actual == pytest.approx(expected)


PERCENTILES = {
    "frt_median",
    "frt_p90",
    "frt_business_median",
    "resolution_median",
    "resolution_p90",
    "resolution_business_median",
    "requester_wait_median",
}
