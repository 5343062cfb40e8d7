"""Daily rollups (metrics.rollups): every grain's rows equal a brute-force count over the facts,
a fill is idempotent, survives a crash half-way and two fills at once, and late events correct
the past days."""

from __future__ import annotations

import random
from datetime import UTC, date, timedelta

import pytest

from metrics import rollups
from metrics.models import (
    CreatedRollup,
    Grain,
    ResolvedRollup,
    Span,
    SurveyRollup,
    TicketFacts,
)
from tests.factories import make_ticket
from tests.metrics.rollup_checks import (
    GRAIN_DIMS,
    ZONE,
    actual_cells,
    bucket_of,
    expected_cells,
    fact_days,
    fill_all,
    local,
    make_cast,
    process_and_fill,
    random_facts,
)
from tickets import services
from tickets.models import Ticket
from tickets.services.surveys import csat_answer_on_tracking_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _moscow(settings):
    # Days are local: a ticket at 22:30 UTC belongs to the next day in Moscow.
    settings.TIME_ZONE = ZONE


@pytest.fixture(autouse=True)
def _no_fill_queued():
    # The "a fill is queued" flag lives in the cache, which outlives a test.
    rollups.rollups_fill_request_clear()


@pytest.fixture
def cast(team, other_team, agent):
    return make_cast(team, other_team, agent)


# --- every grain equals the brute force --------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_grain_of_every_day_equals_a_count_over_the_facts(cast, t0, seed):
    random_facts(random.Random(seed), cast, t0)

    result = fill_all()

    assert result.drained and result.days == len(fact_days())
    for grain in GRAIN_DIMS:
        assert actual_cells(grain) == expected_cells(grain), grain


def test_a_filtered_read_on_a_finer_grain_sums_to_the_brute_force(cast, t0):
    random_facts(random.Random(7), cast, t0, tickets=60)
    fill_all()
    facts = list(TicketFacts.objects.all())
    start, end = local(t0) + timedelta(days=1), local(t0) + timedelta(days=3)

    for channel in ("web", "chat"):
        for priority in ("high", "low"):
            grain = rollups.grain_for({"channel", "priority"})
            rows = rollups.rollup_queryset(
                CreatedRollup, start=start, end=end, grain=grain, channel=channel, priority=priority
            )
            chosen = [
                f
                for f in facts
                if start <= local(f.created_at) <= end
                and f.channel == channel
                and f.priority == priority
            ]
            assert grain == Grain.FULL
            assert sum(r.created for r in rows) == len(chosen)
            assert sum(r.first_response_sum for r in rows) == sum(
                f.first_response_seconds or 0 for f in chosen
            )


def test_an_agent_filter_reads_the_agent_grain_and_none_means_unassigned(cast, t0):
    random_facts(random.Random(11), cast, t0, tickets=50)
    fill_all()
    facts = list(TicketFacts.objects.all())
    start, end = local(t0), local(t0) + timedelta(days=30)

    for agent in [*cast["agents"], None]:
        rows = rollups.rollup_queryset(
            ResolvedRollup, start=start, end=end, agent=agent.pk if agent else None
        )
        mine = [f for f in facts if f.resolved_at and f.agent_id == (agent.pk if agent else None)]
        assert {r.grain for r in rows} <= {Grain.AGENT}
        assert sum(r.resolved for r in rows) == len(mine)
        assert sum(r.reopened for r in rows) == sum(f.reopened for f in mine)


def test_satisfaction_by_speed_rows_group_by_the_bucket_and_add_up_to_the_totals(cast, t0):
    random_facts(random.Random(5), cast, t0, tickets=60)
    fill_all()
    start, end = local(t0) - timedelta(days=1), local(t0) + timedelta(days=30)
    facts = [f for f in TicketFacts.objects.all() if f.csat_score is not None]

    totals = rollups.rollup_queryset(SurveyRollup, start=start, end=end, team=cast["teams"][0].pk)
    by_speed = rollups.rollup_queryset(
        SurveyRollup, start=start, end=end, speed="first_response", team=cast["teams"][0].pk
    )

    mine = [f for f in facts if f.team_id == cast["teams"][0].pk]
    assert sum(r.csat_answered for r in totals) == len(mine)
    for bucket in rollups.SPEED_BUCKETS:
        in_bucket = [f for f in mine if bucket_of(f.first_response_seconds) == bucket.key]
        rows = [r for r in by_speed if r.first_response_bucket == bucket.key]
        assert sum(r.csat_answered for r in rows) == len(in_bucket), bucket.key
        assert sum(r.csat_satisfied for r in rows) == sum(f.csat_score >= 4 for f in in_bucket)
    assert [b.key for b in rollups.SPEED_BUCKETS] == ["lt1h", "1-4h", "4-24h", "gt24h"]


# --- through the services ----------------------------------------------------------------------


def test_tickets_worked_through_the_services_count_on_their_local_days(
    customer, team, agent, at, t0
):
    # t0 is 09:00 UTC, 12:00 in Moscow; 21:30 UTC is already the next day there.
    with at():
        early = make_ticket(customer=customer, team=team)
    with at(hours=12, minutes=30):
        late = make_ticket(customer=customer, team=team)
    with at(hours=13):
        services.message_add_from_agent(ticket=early, agent=agent, body="On it")
        services.message_add_from_agent(ticket=late, agent=agent, body="On it too")
    with at(hours=14):
        services.ticket_change_status(ticket=early, actor=agent, status=Ticket.Status.SOLVED)

    process_and_fill()

    day = local(t0)
    created = {r.day: r for r in CreatedRollup.objects.filter(span=Span.DAY, grain=Grain.ALL)}
    assert {d: r.created for d, r in created.items()} == {day: 1, day + timedelta(days=1): 1}
    assert created[day].first_response_sum == 13 * 3600
    assert created[day + timedelta(days=1)].first_response_sum == 30 * 60
    team_rows = CreatedRollup.objects.filter(span=Span.DAY, grain=Grain.TEAM, team_id=team.pk)
    assert sum(r.created for r in team_rows) == 2
    (resolved,) = ResolvedRollup.objects.filter(span=Span.DAY, grain=Grain.ALL)
    assert (resolved.day, resolved.resolved, resolved.resolution_sum) == (
        day + timedelta(days=1),  # solved at 23:00 UTC, 02:00 in Moscow
        1,
        14 * 3600,
    )
    for grain in GRAIN_DIMS:
        assert actual_cells(grain) == expected_cells(grain), grain


def test_a_late_reopen_moves_the_resolution_out_of_the_past_day(customer, team, agent, at, t0):
    with at():
        ticket = make_ticket(customer=customer, team=team)
    with at(hours=1):
        services.ticket_change_status(ticket=ticket, actor=agent, status=Ticket.Status.SOLVED)
    process_and_fill()
    rows = ResolvedRollup.objects.filter(span=Span.DAY, grain=Grain.ALL)
    assert [(r.day, r.resolved) for r in rows] == [(local(t0), 1)]

    with at(days=3):
        services.ticket_change_status(ticket=ticket, actor=agent, status=Ticket.Status.OPEN)
    with at(days=4):
        services.ticket_change_status(ticket=ticket, actor=agent, status=Ticket.Status.SOLVED)
    process_and_fill()

    rows = ResolvedRollup.objects.filter(span=Span.DAY, grain=Grain.ALL)
    assert [(r.day, r.resolved, r.reopened) for r in rows] == [
        (local(t0) + timedelta(days=4), 1, 1)
    ]


def test_a_csat_answer_a_week_later_counts_on_its_day_and_a_change_moves_it(
    customer, team, agent, at, t0
):
    with at():
        ticket = make_ticket(customer=customer, team=team)
        services.ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    with at(minutes=30):
        services.message_add_from_agent(ticket=ticket, agent=agent, body="Fixed")
    with at(hours=2):
        services.ticket_change_status(ticket=ticket, actor=agent, status=Ticket.Status.SOLVED)
    with at(days=7):
        csat_answer_on_tracking_page(ticket=ticket, score=5)
    process_and_fill()

    def answers():
        rows = SurveyRollup.objects.filter(span=Span.DAY, grain=Grain.TEAM_AGENT, team_id=team.pk)
        return [
            (r.day, r.agent_id, r.first_response_bucket, r.resolution_bucket, r.csat_satisfied)
            for r in rows.order_by("day")
        ]

    assert answers() == [(local(t0) + timedelta(days=7), agent.pk, "lt1h", "1-4h", 1)]

    with at(days=9):
        csat_answer_on_tracking_page(ticket=ticket, score=2)
    process_and_fill()

    assert answers() == [(local(t0) + timedelta(days=9), agent.pk, "lt1h", "1-4h", 0)]
    for grain in GRAIN_DIMS:
        assert actual_cells(grain) == expected_cells(grain), grain


# --- the read helpers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dims", "grain"),
    [
        (set(), Grain.ALL),
        ({"team"}, Grain.TEAM),
        ({"agent"}, Grain.AGENT),
        ({"category", "team"}, Grain.TEAM_CATEGORY),
        ({"agent", "channel"}, Grain.FULL),
        ({"team", "agent", "channel", "priority", "category"}, Grain.FULL),
    ],
)
def test_grain_for_is_the_coarsest_cut_with_every_dimension(dims, grain):
    assert rollups.grain_for(frozenset(dims)) == grain


@pytest.mark.parametrize(
    ("model", "kwargs"),
    [
        (CreatedRollup, {"colour": "red"}),
        (CreatedRollup, {"grain": Grain.TEAM, "agent": 1}),
        (CreatedRollup, {"speed": "first_response"}),
        (SurveyRollup, {"speed": "slowness"}),
    ],
)
def test_rollup_queryset_refuses_what_its_rows_cannot_answer(model, kwargs):
    with pytest.raises(ValueError):
        rollups.rollup_queryset(model, start=date(2026, 3, 1), end=date(2026, 3, 2), **kwargs)


def test_a_local_day_is_23_hours_long_when_the_clocks_go_forward(settings):
    settings.TIME_ZONE = "Europe/London"
    start, end = rollups.day_bounds(date(2026, 3, 29))
    # (Subtracting in UTC: Python subtracts wall-clock times of the same zone.)
    assert (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() == 23 * 3600
