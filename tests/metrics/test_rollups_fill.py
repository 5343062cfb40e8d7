"""Filling the rollups: run twice, crashed half-way, two at once, and asked for after commit."""

from __future__ import annotations

import random
import threading
from datetime import timedelta

import pytest
from django.db import connection

from metrics import rollups
from metrics.models import (
    CreatedRollup,
    Grain,
    RollupDirtyDay,
    RollupState,
    SurveyRollup,
)
from tests.factories import make_ticket
from tests.metrics.rollup_checks import (
    ZONE,
    fact_days,
    fill_all,
    make_cast,
    random_facts,
    snapshot,
)
from tickets import services
from tickets.services import events_process_pending

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


# --- idempotence, crashes, concurrency ---------------------------------------------------------


def test_a_fill_run_twice_gives_the_same_rows(cast, t0):
    random_facts(random.Random(3), cast, t0)
    fill_all()
    first = snapshot()

    assert rollups.rollups_fill().days == 0  # nothing dirty: nothing rewritten
    fill_all()

    assert snapshot() == first
    assert not RollupDirtyDay.objects.exists()


def test_a_fill_that_crashes_half_way_is_redone_to_the_numbers_of_a_clean_run(
    cast, t0, at, monkeypatch
):
    random_facts(random.Random(4), cast, t0)
    with at(days=10):
        fill_all()
    clean = snapshot()
    days = fact_days()
    assert len(days) >= 3
    real_insert = rollups.fill.rollup_rows_insert
    calls = []

    def crash_on_the_second_day(model, **kwargs):
        # After the day's old rows were deleted and its new created/resolved rows written.
        if model is SurveyRollup:
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("worker killed")
        return real_insert(model, **kwargs)

    monkeypatch.setattr(rollups.fill, "rollup_rows_insert", crash_on_the_second_day)
    with at(days=11), pytest.raises(RuntimeError):
        fill_all()
    state = RollupState.objects.get(name="daily")
    assert state.started_at > state.done_at
    assert RollupDirtyDay.objects.count() == len(days) - 1  # the crashed day stays dirty
    assert snapshot() == clean  # ... and kept its rows: the delete was rolled back

    monkeypatch.setattr(rollups.fill, "rollup_rows_insert", real_insert)
    with at(days=12):
        result = rollups.rollups_fill()

    assert result.redone and result.days == len(days) - 1
    assert snapshot() == clean
    state.refresh_from_db()
    assert state.done_at >= state.started_at
    assert state.filled_until == t0 + timedelta(days=12)


@pytest.mark.django_db(transaction=True)
def test_two_fills_at_once_fill_each_day_once_and_count_nothing_twice(cast, t0, monkeypatch):
    # No "look" message to a worker: one left running by the end-to-end tests would refresh
    # these tickets' facts from their events (and fill days itself) while this test runs.
    monkeypatch.setattr("tickets.services.events._ask_worker_to_look", lambda: None)
    random_facts(random.Random(6), cast, t0, tickets=60, days=20)
    fill_all()
    clean = snapshot()
    days = fact_days()
    rollups.rollup_days_mark(days=days)
    real_rewrite = rollups.fill.rollup_day_rewrite
    start = threading.Barrier(2)

    def slow_rewrite(*, day):
        real_rewrite(day=day)
        threading.Event().wait(0.01)  # hold the day's lock a little: the runs overlap

    monkeypatch.setattr(rollups.fill, "rollup_day_rewrite", slow_rewrite)
    results, errors = [], []

    def run():
        try:
            start.wait()
            results.append(rollups.rollups_fill())
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(r.days > 0 for r in results) == [True, True]  # both did work
    assert sum(r.days for r in results) == len(days)  # and no day was done twice
    assert snapshot() == clean


# --- asking for a fill -------------------------------------------------------------------------


@pytest.fixture
def sent(monkeypatch):
    from metrics.tasks import fill_rollups

    calls = []
    monkeypatch.setattr(fill_rollups, "apply_async", lambda **kw: calls.append(kw))
    return calls


def test_a_refused_delta_asks_for_one_debounced_fill_after_commit(
    customer, team, agent, sent, django_capture_on_commit_callbacks, settings
):
    settings.HELPDESK_ROLLUP_FILL_DEBOUNCE_SECONDS = 2.0
    tickets = [make_ticket(customer=customer, team=team) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        events_process_pending()
    assert sent == []  # the deltas brought the rows up to date: nothing for a fill to do

    CreatedRollup.objects.all().delete()  # rows lost: the next deltas are refused
    services.message_add_from_agent(ticket=tickets[0], agent=agent, body="On it")
    events_process_pending()  # not committed (the callbacks are not run): nothing asked
    assert sent == []
    for ticket in tickets[1:]:
        services.message_add_from_agent(ticket=ticket, agent=agent, body="On it")
        with django_capture_on_commit_callbacks(execute=True):
            events_process_pending(batch_size=1)
    assert sent == [{"countdown": 2.0, "retry": False}]  # the second commit shares the first

    from metrics.tasks import fill_rollups

    fill_rollups()  # the task starts (and repairs the days): the next refusal asks again
    CreatedRollup.objects.all().delete()
    services.message_add_from_agent(ticket=tickets[0], agent=agent, body="Still on it")
    with django_capture_on_commit_callbacks(execute=True):
        events_process_pending()
    assert len(sent) == 2


def test_a_broker_that_is_down_costs_the_request_nothing(monkeypatch, caplog):
    from metrics.tasks import fill_rollups

    def refuse(**kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(fill_rollups, "apply_async", refuse)
    rollups.rollups_fill_request()  # does not raise
    assert "broker unreachable" in caplog.text
    sent = []
    monkeypatch.setattr(fill_rollups, "apply_async", lambda **kw: sent.append(kw))
    rollups.rollups_fill_request()
    assert len(sent) == 1  # the failed request left no "already queued" flag behind


def test_the_task_fills_and_beat_runs_it(cast, t0, settings):
    from metrics.tasks import fill_rollups

    random_facts(random.Random(8), cast, t0, tickets=10)
    rollups.rollup_days_mark(days=fact_days())

    assert fill_rollups() == len(fact_days())
    assert CreatedRollup.objects.filter(grain=Grain.ALL).exists()
    assert settings.CELERY_BEAT_SCHEDULE["fill-rollups"]["task"] == "metrics.fill_rollups"
