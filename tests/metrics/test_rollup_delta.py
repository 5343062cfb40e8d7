"""Rollup deltas (metrics.rollups.delta): processing events adds the facts' differences to the
day, week and month rows at once, and the rows are exactly those a rewrite from the facts gives;
stale rows make the delta fall back to marking the days for a rewrite."""

from __future__ import annotations

import random
import threading

import pytest
from django.db import connections

from metrics import rollups
from metrics.models import CreatedRollup, Grain, ResolvedRollup, RollupDirtyDay, Span, SurveyRollup
from tests.factories import AgentFactory, CustomerFactory, make_ticket
from tests.metrics.rollup_checks import (
    GRAIN_DIMS,
    ZONE,
    actual_cells,
    expected_cells,
    fill_all,
    local,
    snapshot,
    span_mismatches,
)
from tickets import services
from tickets.models import Ticket
from tickets.services import events_process_pending
from tickets.services.surveys import csat_answer_on_tracking_page

pytestmark = pytest.mark.django_db
MODELS = (CreatedRollup, ResolvedRollup, SurveyRollup)
S = Ticket.Status


@pytest.fixture(autouse=True)
def _moscow(settings):
    settings.TIME_ZONE = ZONE


@pytest.fixture(autouse=True)
def _no_fill_queued():
    rollups.rollups_fill_request_clear()


def process() -> None:
    while events_process_pending():
        pass


def work_randomly(rng: random.Random, at, *, teams, agents, tickets: int, steps: int) -> None:
    """Tickets created over three weeks (across a month's end), then worked in random order:
    replies, solves, reopens, team, agent and priority changes, CSAT answers."""
    customer = CustomerFactory()
    made = []
    for _n in range(tickets):
        with at(days=rng.randrange(21), hours=rng.randrange(24)):
            made.append(make_ticket(customer=customer, team=rng.choice(teams)))
    for step in range(steps):
        ticket = Ticket.objects.get(pk=rng.choice(made).pk)
        agent = rng.choice(agents)
        with at(days=21 + step // 6, hours=step % 6 * 3):
            action = rng.choice(["reply", "solve", "reopen", "team", "assign", "priority", "csat"])
            if action == "reply":
                services.message_add_from_agent(ticket=ticket, agent=agent, body="Looking")
            elif action == "solve" and ticket.status not in (S.SOLVED, S.CLOSED):
                services.ticket_change_status(ticket=ticket, actor=agent, status=S.SOLVED)
            elif action == "reopen" and ticket.status == S.SOLVED:
                services.ticket_change_status(ticket=ticket, actor=agent, status=S.OPEN)
            elif action == "team":
                services.ticket_change_team(ticket=ticket, actor=agent, team=rng.choice(teams))
            elif action == "assign":
                services.ticket_assign(ticket=ticket, actor=agent, assignee=rng.choice(agents))
            elif action == "priority":
                priority = rng.choice(["low", "normal", "high", "urgent"])
                services.ticket_set_priority(ticket=ticket, actor=agent, priority=priority)
            elif action == "csat" and ticket.status == S.SOLVED:
                csat_answer_on_tracking_page(ticket=ticket, score=rng.randint(1, 5))
        if rng.random() < 0.3:  # the worker looks now and then, not after every event
            process()
    process()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rows_after_random_work_equal_a_rewrite_from_the_facts(seed, team, other_team, at):
    rng = random.Random(seed)
    agents = [AgentFactory(teams=[team, other_team]) for _ in range(2)]
    work_randomly(rng, at, teams=[team, other_team], agents=agents, tickets=25, steps=60)

    assert not RollupDirtyDay.objects.exists()  # nothing was left for a fill
    by_delta = snapshot()
    assert {key[2] for key in by_delta} == {"day", "week", "month"}
    for model in MODELS:
        model.objects.all().delete()
    fill_all()
    assert by_delta == snapshot()


def test_every_grain_follows_a_reply_a_solve_and_a_move_without_a_fill(
    customer, team, other_team, agent, at, t0
):
    with at():
        ticket = make_ticket(customer=customer, team=team)
    process()
    with at(hours=2):
        services.message_add_from_agent(ticket=ticket, agent=agent, body="On it")
        services.ticket_change_status(ticket=ticket, actor=agent, status=S.SOLVED)
    process()
    (row,) = CreatedRollup.objects.filter(span=Span.DAY, grain=Grain.TEAM, team_id=team.pk)
    assert (row.created, row.responded, row.first_response_sum) == (1, 1, 2 * 3600)
    assert row.first_response_hist and sum(row.first_response_hist.values()) == 1

    with at(hours=3):
        services.ticket_change_team(ticket=ticket, actor=agent, team=other_team)
    process()
    # The old team's cells emptied and are gone; the new team's hold the ticket.
    assert not CreatedRollup.objects.filter(grain=Grain.TEAM, team_id=team.pk).exists()
    assert not ResolvedRollup.objects.filter(grain=Grain.TEAM, team_id=team.pk).exists()
    week = CreatedRollup.objects.get(span=Span.WEEK, grain=Grain.TEAM, team_id=other_team.pk)
    assert week.created == 1
    for grain in GRAIN_DIMS:
        assert actual_cells(grain) == expected_cells(grain), grain
    assert span_mismatches() == []


def test_stale_rows_make_the_delta_mark_the_days_for_a_rewrite(customer, team, agent, at, t0):
    with at():
        ticket = make_ticket(customer=customer, team=team)
    process()
    CreatedRollup.objects.all().delete()  # rows lost (or never filled)
    with at(hours=1):
        services.message_add_from_agent(ticket=ticket, agent=agent, body="On it")
    process()  # the old facts' -1 finds no row: refused, nothing half-applied

    assert set(RollupDirtyDay.objects.values_list("day", flat=True)) == {local(t0)}
    rollups.rollups_fill()
    (row,) = CreatedRollup.objects.filter(span=Span.DAY, grain=Grain.ALL)
    assert (row.created, row.first_response_sum) == (1, 3600)
    for grain in GRAIN_DIMS:
        assert actual_cells(grain) == expected_cells(grain), grain


@pytest.mark.django_db(transaction=True)
def test_deltas_and_a_rewrite_at_once_count_every_ticket_once(team, agent, at, t0):
    customer = CustomerFactory()
    with at():
        tickets = [make_ticket(customer=customer, team=team) for _ in range(6)]
    process()
    with at(hours=1):
        for ticket in tickets:
            services.message_add_from_agent(ticket=ticket, agent=agent, body="On it")
    rollups.rollup_days_mark(days=[local(t0)])
    errors, done = [], {}

    def run(work):
        try:
            done.setdefault(work.__name__, []).append(work())
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    def process_some():
        return sum(iter(lambda: events_process_pending(batch_size=2), 0))

    def rewrite():
        return rollups.rollups_fill().days

    threads = [threading.Thread(target=run, args=(work,)) for work in (process_some,) * 2]
    threads.append(threading.Thread(target=run, args=(rewrite,)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(done["process_some"]) >= 6  # the workers processed every reply between them
    assert done["rewrite"][0] >= 1  # and the fill rewrote the marked day meanwhile
    process()
    rollups.rollups_fill()
    (row,) = CreatedRollup.objects.filter(span=Span.DAY, grain=Grain.ALL)
    assert (row.created, row.responded, row.first_response_sum) == (6, 6, 6 * 3600)
    for grain in GRAIN_DIMS:
        assert actual_cells(grain) == expected_cells(grain), grain
    assert span_mismatches() == []
