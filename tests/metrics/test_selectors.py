"""Dashboard reads (metrics.selectors) against a brute-force computation over the facts.

Given facts (random ones written straight into TicketFacts, or real ones from tickets driven
through the services and the event pipeline), when the rollups are filled, then every KPI,
series point, breakdown row and speed bucket equals the same number computed directly from the
facts in Python (percentiles within the histograms' stated error)."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from metrics import histograms
from metrics.models import TicketFacts
from metrics.rollups import rollup_days_mark, rollups_fill, speed_bucket
from metrics.selectors import (
    DIMENSIONS,
    DashboardQuery,
    dashboard_breakdown,
    dashboard_kpis,
    dashboard_series,
    satisfaction_by_speed,
    speed_buckets,
)
from tests.factories import AgentFactory, CategoryFactory, TeamFactory, make_ticket
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

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


# --- the tests -------------------------------------------------------------------------------


@pytest.fixture
def world(t0):
    return random_facts(random.Random(6), count=70, t0=t0)


def queries(world) -> list[DashboardQuery]:
    team, other_team = world["teams"]
    agent = world["agents"][1]
    return [
        DashboardQuery(start=DAY0 - timedelta(days=6), end=DAY0),
        DashboardQuery(start=DAY0, end=DAY0),
        DashboardQuery(start=DAY0 - timedelta(days=13), end=DAY0 + timedelta(days=14)),
        DashboardQuery(
            start=DAY0 - timedelta(days=6), end=DAY0 + 2 * timedelta(7), team_id=team.pk
        ),
        DashboardQuery(start=DAY0 - timedelta(days=9), end=DAY0 + timedelta(9), agent_id=agent.pk),
        DashboardQuery(
            start=DAY0 - timedelta(days=9),
            end=DAY0 + timedelta(days=9),
            team_id=other_team.pk,
            channel="web",
            priority="normal",
        ),
        DashboardQuery(
            start=DAY0 - timedelta(days=20),
            end=DAY0 + timedelta(days=20),
            category_id=world["categories"][0].pk,
        ),
    ]


def test_kpis_equal_the_facts_this_period_and_the_previous_one(world):
    facts = all_facts()
    for query in queries(world):
        kpis = {kpi.key: kpi for kpi in dashboard_kpis(query)}
        now, before = brute(facts, query), brute(facts, query.previous())
        for key, kpi in kpis.items():
            percentile = key in PERCENTILES
            assert same(kpi.value, now[key], percentile=percentile), (query, key)
            assert same(kpi.previous, before[key], percentile=percentile), (query, key)
        assert kpis["created"].value > 0 or query.days == 1  # the random world is not empty
        assert kpis["csat"].count == now["csat_count"]
        assert kpis["nps"].count == now["nps_count"]
        assert kpis["created"].change == now["created"] - before["created"]


def test_a_kpi_change_is_the_difference_and_none_without_both_values():
    from metrics.selectors import Kpi

    assert Kpi(key="csat", value=80.0, previous=60.0, count=5, unit="percent").change == 20.0
    assert Kpi(key="csat", value=80.0, previous=None, count=5, unit="percent").change is None


def test_previous_period_has_the_same_length_right_before():
    query = DashboardQuery(start=date(2026, 3, 1), end=date(2026, 3, 31), team_id=4)

    previous = query.previous()

    assert (previous.start, previous.end) == (date(2026, 1, 29), date(2026, 2, 28))
    assert previous.team_id == 4
    assert query.filters() == {"team": 4}


def test_series_points_equal_each_day_of_the_facts(world):
    facts = all_facts()
    team = world["teams"][0]
    for query in [
        DashboardQuery(start=DAY0 - timedelta(days=10), end=DAY0 + timedelta(days=10)),
        DashboardQuery(start=DAY0 - timedelta(days=5), end=DAY0 + timedelta(5), team_id=team.pk),
    ]:
        points = dashboard_series(query)

        assert [p.day for p in points] == [
            query.start + timedelta(days=i) for i in range(query.days)
        ]
        for point in points:
            day = brute(facts, DashboardQuery(start=point.day, end=point.day, **_dims(query)))
            assert (point.created, point.solved, point.backlog) == (
                day["created"],
                day["solved"],
                day["backlog"],
            )
            for attribute, key in [
                ("frt_p50", "frt_median"),
                ("frt_p90", "frt_p90"),
                ("resolution_p50", "resolution_median"),
                ("resolution_p90", "resolution_p90"),
            ]:
                assert same(getattr(point, attribute), day[key], percentile=True), point
            for key in ("csat", "nps", "sla_attainment"):
                assert same(getattr(point, key), day[key]), point


def _dims(query: DashboardQuery) -> dict:
    return {
        "team_id": query.team_id,
        "agent_id": query.agent_id,
        "channel": query.channel,
        "priority": query.priority,
        "category_id": query.category_id,
    }


def test_long_series_has_weekly_points_covering_every_day(world):
    facts = all_facts()
    query = DashboardQuery(start=DAY0 - timedelta(days=100), end=DAY0 + timedelta(days=49))

    points = dashboard_series(query)

    assert len(points) == math.ceil(150 / 7)
    assert {p.days for p in points[:-1]} == {7}
    assert sum(p.days for p in points) == 150
    assert sum(p.created for p in points) == brute(facts, query)["created"]
    for point in points:
        last = point.day + timedelta(days=point.days - 1)
        week = brute(facts, DashboardQuery(start=point.day, end=last))
        assert (point.created, point.solved, point.backlog) == (
            week["created"],
            week["solved"],
            week["backlog"],
        )
        assert same(point.frt_p50, week["frt_median"], percentile=True)


@pytest.mark.parametrize("by", list(DIMENSIONS))
def test_breakdown_rows_equal_the_facts_of_each_value(world, by):
    facts = all_facts()
    query = DashboardQuery(start=DAY0 - timedelta(days=12), end=DAY0 + timedelta(days=12))

    rows = dashboard_breakdown(query, by=by)

    keys = {value_of(f, by) for f in facts}
    expected = {}
    for key in keys:
        numbers = brute([f for f in facts if value_of(f, by) == key], query)
        if numbers["created"] or numbers["solved"] or numbers["csat_count"] or numbers["nps_count"]:
            expected[key] = numbers
    assert {row.key for row in rows} == set(expected)
    assert len(rows) >= 2
    for row in rows:
        numbers = expected[row.key]
        assert (row.created, row.solved, row.csat_count, row.nps_count) == (
            numbers["created"],
            numbers["solved"],
            numbers["csat_count"],
            numbers["nps_count"],
        ), row
        assert same(row.frt_median, numbers["frt_median"], percentile=True)
        assert same(row.resolution_median, numbers["resolution_median"], percentile=True)
        for key in ("csat", "nps", "sla_attainment"):
            assert same(getattr(row, key), numbers[key]), row
    assert [row.created for row in rows] == sorted((row.created for row in rows), reverse=True)


def test_breakdown_within_a_filter_keeps_the_filter(world):
    facts = all_facts()
    team = world["teams"][1]
    query = DashboardQuery(
        start=DAY0 - timedelta(days=20), end=DAY0 + timedelta(20), team_id=team.pk
    )

    rows = dashboard_breakdown(query, by="channel")

    in_team = [f for f in facts if f.team_id == team.pk]
    for row in rows:
        assert (
            row.created
            == brute([f for f in in_team if value_of(f, "channel") == row.key], query)["created"]
        )
    assert sum(row.created for row in rows) == brute(facts, query)["created"]


def test_breakdown_labels_are_names_in_the_active_language(world):
    query = DashboardQuery(start=DAY0 - timedelta(days=20), end=DAY0 + timedelta(days=20))
    agent = world["agents"][1]
    category = world["categories"][0]

    with translation.override("ru"):
        channels = {row.key: row.label for row in dashboard_breakdown(query, by="channel")}
        categories = {row.key: row.label for row in dashboard_breakdown(query, by="category")}
        web = str(Ticket.Channel.WEB.label)
    agents = {row.key: row.label for row in dashboard_breakdown(query, by="agent")}
    teams = {row.key: row.label for row in dashboard_breakdown(query, by="team")}

    assert channels["web"] == web
    assert categories[category.pk] == category.name_ru
    assert agents[agent.pk] == agent.get_full_name()
    assert agents[None] == "Unassigned"
    assert set(teams.values()) <= {team.name for team in world["teams"]}


def test_satisfaction_by_speed_equals_the_answers_by_bucket(world):
    facts = all_facts()
    query = DashboardQuery(start=DAY0 - timedelta(days=20), end=DAY0 + timedelta(days=40))

    speed = satisfaction_by_speed(query)

    for rows, field in [
        (speed.first_response, "first_response_seconds"),
        (speed.resolution, "resolution_seconds"),
    ]:
        assert [row.bucket for row in rows] == [key for key, _label in speed_buckets()]
        for row in rows:
            in_bucket = [f for f in facts if speed_bucket(getattr(f, field)) == row.bucket]
            numbers = brute(in_bucket, query)
            assert (row.csat_count, row.nps_count) == (numbers["csat_count"], numbers["nps_count"])
            assert same(row.csat, numbers["csat"]) and same(row.nps, numbers["nps"]), row
        assert sum(row.csat_count for row in rows) > 0


def test_reads_scan_rollups_only_in_a_bounded_number_of_queries(
    world, django_assert_max_num_queries
):
    query = DashboardQuery(
        start=DAY0 - timedelta(days=300),
        end=DAY0 + timedelta(days=30),
        team_id=world["teams"][0].pk,
    )

    with CaptureQueriesContext(connection) as captured:
        with django_assert_max_num_queries(7):
            dashboard_kpis(query)
        with django_assert_max_num_queries(7):
            dashboard_series(query)
        for by in DIMENSIONS:
            with django_assert_max_num_queries(6):
                dashboard_breakdown(query, by=by)
        with django_assert_max_num_queries(2):
            satisfaction_by_speed(query)

    scanned = " ".join(q["sql"] for q in captured.captured_queries)
    assert "rollup" in scanned
    assert "metrics_ticketfacts" not in scanned
    assert "tickets_ticket" not in scanned


# --- through the pipeline ---------------------------------------------------------------------


def test_numbers_from_tickets_through_the_services_and_the_pipeline(customer, team, agent, at):
    """Given three tickets answered after 10 min, 2 h and never, one solved, when the events are
    processed and the rollups filled, then the day's numbers equal the facts and the story."""
    tickets = []
    for hours, reply_after in [(0, timedelta(minutes=10)), (1, timedelta(hours=2)), (2, None)]:
        with at(hours=hours):
            ticket = make_ticket(customer=customer, team=team)
        if reply_after is not None:
            with at(hours=hours, seconds=reply_after.total_seconds()):
                services.message_add_from_agent(ticket=ticket, agent=agent, body="On it")
        tickets.append(ticket)
    with at(hours=5):
        services.ticket_change_status(ticket=tickets[0], actor=agent, status="solved")
    services.events_process_pending()
    fill_rollups(DAY0, DAY0)
    query = DashboardQuery(start=DAY0, end=DAY0, team_id=team.pk)

    kpis = {kpi.key: kpi for kpi in dashboard_kpis(query)}

    expected = brute(all_facts(), query)
    assert (kpis["created"].value, kpis["solved"].value, kpis["backlog"].value) == (3, 1, 2)
    assert kpis["frt_median"].count == 2
    assert kpis["frt_median"].value == pytest.approx(600, rel=TOLERANCE)
    assert kpis["frt_p90"].value == pytest.approx(7200, rel=TOLERANCE)
    assert kpis["resolution_median"].value == pytest.approx(5 * 3600, rel=TOLERANCE)
    for key in ("created", "solved", "backlog", "frt_median", "resolution_median"):
        assert same(kpis[key].value, expected[key], percentile=key in PERCENTILES), key


def test_a_reopen_later_corrects_the_solved_day(customer, team, agent, at):
    with at():
        ticket = make_ticket(customer=customer, team=team)
        services.ticket_change_status(ticket=ticket, actor=agent, status="solved")
    services.events_process_pending()
    fill_rollups(DAY0, DAY0)
    query = DashboardQuery(start=DAY0, end=DAY0)
    assert {k.key: k.value for k in dashboard_kpis(query)}["solved"] == 1

    with at(days=3):
        services.ticket_change_status(ticket=ticket, actor=agent, status="open")
    services.events_process_pending()
    fill_rollups(DAY0, DAY0 + timedelta(days=3))

    kpis = {k.key: k.value for k in dashboard_kpis(query)}
    assert (kpis["solved"], kpis["backlog"]) == (0, 1)
