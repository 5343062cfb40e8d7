"""Week and month rollup rows (metrics.rollups.spans): the pieces a period is read from, the
span rows equal to the sums of their days after every fill, and the dashboard reading them."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from metrics.models import CreatedRollup, Grain, ResolvedRollup, Span, SurveyRollup, TicketFacts
from metrics.rollups import rollups_fill
from metrics.rollups.spans import spans_covering
from metrics.selectors import DashboardQuery, dashboard_kpis
from tests.metrics.dashdata_world import (
    DAY0,
    PERCENTILES,
    all_facts,
    brute,
    fill_rollups,
    random_facts,
    same,
)
from tests.metrics.rollup_checks import span_mismatches

pytestmark = pytest.mark.django_db


def days_of(found: dict) -> list[date]:
    """Every day the pieces cover, with repeats (a week is 7 days, a month its length)."""
    covered = []
    for start in found[Span.DAY]:
        covered.append(start)
    for start in found[Span.WEEK]:
        assert start.weekday() == 0, start
        covered += [start + timedelta(days=n) for n in range(7)]
    for start in found[Span.MONTH]:
        assert start.day == 1, start
        day = start
        while day.month == start.month:
            covered.append(day)
            day += timedelta(days=1)
    return covered


@pytest.mark.parametrize("seed", range(5))
def test_the_pieces_cover_every_day_once(seed):
    rng = random.Random(seed)
    for _ in range(200):
        start = date(2025, 1, 1) + timedelta(days=rng.randint(0, 700))
        end = start + timedelta(days=rng.randint(0, 400))
        found = spans_covering(start, end, grain=Grain.TEAM)
        wanted = [start + timedelta(days=n) for n in range((end - start).days + 1)]
        assert sorted(days_of(found)) == wanted, (start, end)


def test_a_year_is_a_few_dozen_rows_and_full_is_days_only():
    year = spans_covering(date(2025, 12, 2), date(2026, 12, 1), grain=Grain.ALL)
    assert len(year[Span.MONTH]) == 11
    assert sum(len(pieces) for pieces in year.values()) == 11 + 3 + 10  # not 365
    full = spans_covering(date(2025, 12, 2), date(2026, 12, 1), grain=Grain.FULL)
    assert (len(full[Span.DAY]), full[Span.WEEK], full[Span.MONTH]) == (365, [], [])


def test_span_rows_are_the_sums_of_their_days_after_each_fill(t0):
    world = random_facts(random.Random(3), count=60, t0=t0)
    assert CreatedRollup.objects.filter(span=Span.MONTH).exists()
    assert ResolvedRollup.objects.filter(span=Span.WEEK).exists()
    assert SurveyRollup.objects.filter(span=Span.MONTH).exists()
    assert span_mismatches() == []

    # Facts change (a reopen moves a solve, another team): the days are marked and filled
    # again, and their weeks and months follow in the same fill.
    random_facts(random.Random(4), count=10, t0=t0 - timedelta(days=9))
    facts = TicketFacts.objects.filter(team=world["teams"][0])[:5]
    TicketFacts.objects.filter(pk__in=[f.pk for f in facts]).update(team=world["teams"][1])
    fill_rollups(DAY0 - timedelta(days=40), DAY0 + timedelta(days=40))
    assert span_mismatches() == []
    assert rollups_fill().drained


def test_a_whole_month_is_read_from_its_month_row(t0):
    random_facts(random.Random(8), count=60, t0=t0)
    february = DashboardQuery(start=date(2026, 2, 1), end=date(2026, 2, 28))
    expected = brute(all_facts(), february)

    # Day rows of February gone (FULL kept for other reads): the month row still answers.
    for model in (CreatedRollup, ResolvedRollup, SurveyRollup):
        model.objects.filter(span=Span.DAY, day__month=2).exclude(grain=Grain.FULL).delete()

    for kpi in dashboard_kpis(february):
        if kpi.key in expected and kpi.key != "backlog":  # backlog reads day rows
            assert same(kpi.value, expected[kpi.key], percentile=kpi.key in PERCENTILES), kpi.key
