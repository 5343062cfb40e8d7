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
from django.utils import translation

from metrics.rollups import speed_bucket
from metrics.selectors import (
    DIMENSIONS,
    DashboardQuery,
    dashboard_breakdown,
    dashboard_kpis,
    dashboard_series,
    satisfaction_by_speed,
    speed_buckets,
)
from tests.factories import make_ticket
from tests.metrics.dashdata_world import (
    DAY0,
    PERCENTILES,
    TOLERANCE,
    all_facts,
    brute,
    fill_rollups,
    random_facts,
    same,
    value_of,
)
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

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
        # Whole weeks and a whole month (February), read from their span rows.
        DashboardQuery(start=date(2026, 1, 26), end=DAY0 + timedelta(days=25)),
        DashboardQuery(start=date(2026, 1, 29), end=date(2026, 3, 11), team_id=team.pk),
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


def test_backlog_follows_the_last_solve_and_the_current_team(
    customer, team, other_team, manager, at
):
    """The backlog of docs/metrics.md: a ticket solved on day 1, reopened and moved to another
    team on day 3, solved again on day 5 is open from its creation to day 5, also on the days it
    sat solved, and only in its current team's backlog, on every day of its life."""
    with at(hours=1):
        ticket = make_ticket(customer=customer, team=team)
    with at(days=1, hours=1):
        services.ticket_change_status(ticket=ticket, actor=manager, status="solved")
    with at(days=3, hours=1):
        services.ticket_update(ticket=ticket, actor=manager, status="open", team=other_team)
    with at(days=5, hours=1):
        services.ticket_change_status(ticket=ticket, actor=manager, status="solved")
    services.events_process_pending()
    fill_rollups(DAY0, DAY0 + timedelta(days=6))
    week = {"start": DAY0, "end": DAY0 + timedelta(days=6)}

    def backlogs(**filters):
        return [point.backlog for point in dashboard_series(DashboardQuery(**week, **filters))]

    assert backlogs() == [1, 1, 1, 1, 1, 0, 0]
    assert backlogs(team_id=other_team.pk) == [1, 1, 1, 1, 1, 0, 0]
    assert backlogs(team_id=team.pk) == [0] * 7
    end_of_day_2 = DashboardQuery(start=DAY0 + timedelta(days=2), end=DAY0 + timedelta(days=2))
    assert {k.key: k.value for k in dashboard_kpis(end_of_day_2)}["backlog"] == 1
