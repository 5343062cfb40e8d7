"""Daily rollups (metrics.rollups): every grain's rows equal a brute-force count over the facts,
a fill is idempotent, survives a crash half-way and two fills at once, and late events correct
the past days."""

from __future__ import annotations

import random
import threading
from collections import defaultdict
from datetime import UTC, date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from metrics import rollups
from metrics.histograms import histogram_of
from metrics.models import (
    CreatedRollup,
    Grain,
    ResolvedRollup,
    RollupDirtyDay,
    RollupState,
    SurveyRollup,
    TicketFacts,
)
from tests.factories import AgentFactory, CategoryFactory, CustomerFactory, make_ticket
from tickets import services
from tickets.models import Ticket
from tickets.services import events_process_pending

pytestmark = pytest.mark.django_db

ZONE = "Europe/Moscow"
DIMS = ("team_id", "agent_id", "channel", "priority", "category_id")
# The contract with the dashboard, written out again: which dimensions each grain keeps.
GRAIN_DIMS = {
    "all": (),
    "team": ("team_id",),
    "agent": ("agent_id",),
    "channel": ("channel",),
    "priority": ("priority",),
    "category": ("category_id",),
    "team_agent": ("team_id", "agent_id"),
    "team_channel": ("team_id", "channel"),
    "team_priority": ("team_id", "priority"),
    "team_category": ("team_id", "category_id"),
    "full": DIMS,
}
MODELS = (CreatedRollup, ResolvedRollup, SurveyRollup)


@pytest.fixture(autouse=True)
def _moscow(settings):
    # Days are local: a ticket at 22:30 UTC belongs to the next day in Moscow.
    settings.TIME_ZONE = ZONE


@pytest.fixture(autouse=True)
def _no_fill_queued():
    # The "a fill is queued" flag lives in the cache, which outlives a test.
    rollups.rollups_fill_request_clear()


# --- the pipeline ------------------------------------------------------------------------------


def fact_days() -> set[date]:
    zone = ZoneInfo(ZONE)
    days = set()
    for row in TicketFacts.objects.values_list(
        "created_at", "resolved_at", "csat_answered_at", "nps_answered_at"
    ):
        days |= {moment.astimezone(zone).date() for moment in row if moment is not None}
    return days


def process_and_fill() -> rollups.FillResult:
    """Events -> facts -> rollups, as the worker runs them. The days of the facts before and
    after are marked too (the facts refresh marks them itself; marking twice is harmless)."""
    before = fact_days()
    while events_process_pending():
        pass
    rollups.rollup_days_mark(days=before | fact_days())
    return rollups.rollups_fill()


def snapshot() -> dict:
    """Every rollup row's content, comparable across runs (no ids)."""
    rows = {}
    for model in MODELS:
        for row in model.objects.values():
            row.pop("id")
            key = (model.__name__, *(row[name] for name in ("day", "grain", *DIMS)))
            key += (row.get("first_response_bucket"), row.get("resolution_bucket"))
            rows[key] = row
    return rows


# --- brute force over the facts ----------------------------------------------------------------


def _local(moment) -> date | None:
    return moment.astimezone(ZoneInfo(ZONE)).date() if moment else None


def _dims(fact: TicketFacts, grain: str) -> tuple:
    values = {
        "team_id": fact.team_id,
        "agent_id": fact.agent_id,
        "channel": fact.channel or None,
        "priority": fact.priority or None,
        "category_id": fact.category_id,
    }
    return tuple(values[name] if name in GRAIN_DIMS[grain] else None for name in DIMS)


def _durations(prefix: str, values: list[int]) -> dict:
    return {f"{prefix}_sum": sum(values), f"{prefix}_hist": histogram_of(values)}


def expected_created(group: list[TicketFacts]) -> dict:
    first = [f.first_response_seconds for f in group if f.first_response_seconds is not None]
    first_b = [
        f.first_response_business_seconds
        for f in group
        if f.first_response_business_seconds is not None
    ]
    nexts = [s for f in group for s in f.next_response_seconds]
    nexts_b = [s for f in group for s in f.next_response_business_seconds]
    return {
        "created": len(group),
        "responded": len(first),
        **_durations("first_response", first),
        **_durations("first_response_business", first_b),
        "next_responses": len(nexts),
        **_durations("next_response", nexts),
        **_durations("next_response_business", nexts_b),
        "sla_met": sum(f.sla_outcome == "met" for f in group),
        "sla_missed": sum(f.sla_outcome == "missed" for f in group),
    }


def expected_resolved(group: list[TicketFacts]) -> dict:
    numbers = {"resolved": len(group), "reopened": sum(f.reopened for f in group)}
    numbers["one_touch"] = sum(bool(f.one_touch) for f in group)
    for name in ("resolution", "first_resolution", "requester_wait"):
        for suffix in ("", "_business"):
            values = [getattr(f, f"{name}{suffix}_seconds") for f in group]
            numbers.update(_durations(f"{name}{suffix}", [v for v in values if v is not None]))
    return numbers


def _bucket(seconds):
    if seconds is None:
        return None
    return (
        "lt1h"
        if seconds < 3600
        else "1-4h"
        if seconds < 14400
        else "4-24h"
        if seconds < 86400
        else "gt24h"
    )


def expected_cells(grain: str) -> dict:
    """{(table, day, dims..., fr bucket, res bucket): numbers} for one grain, from the facts."""
    facts = list(TicketFacts.objects.all())
    groups = defaultdict(list)
    for f in facts:
        if f.created_at:
            groups[("CreatedRollup", _local(f.created_at), *_dims(f, grain), None, None)].append(f)
        if f.resolved_at:
            groups[("ResolvedRollup", _local(f.resolved_at), *_dims(f, grain), None, None)].append(
                f
            )
    answers = defaultdict(lambda: {"csat": [], "nps": []})
    for f in facts:
        buckets = (_bucket(f.first_response_seconds), _bucket(f.resolution_seconds))
        for kind in ("csat", "nps"):
            score, moment = getattr(f, f"{kind}_score"), getattr(f, f"{kind}_answered_at")
            if score is not None and moment is not None:
                key = ("SurveyRollup", _local(moment), *_dims(f, grain), *buckets)
                answers[key][kind].append(score)
    cells = {}
    for key, group in groups.items():
        table = key[0]
        cells[key] = (
            expected_created(group) if table == "CreatedRollup" else expected_resolved(group)
        )
    for key, scores in answers.items():
        csat, nps = scores["csat"], scores["nps"]
        cells[key] = {
            "csat_answered": len(csat),
            "csat_satisfied": sum(s >= 4 for s in csat),
            "csat_sum": sum(csat),
            "nps_answered": len(nps),
            "nps_promoters": sum(s >= 9 for s in nps),
            "nps_detractors": sum(s <= 6 for s in nps),
        }
    return {key: _nonzero(numbers) for key, numbers in cells.items()}


def actual_cells(grain: str) -> dict:
    cells = {}
    for key, row in snapshot().items():
        if key[2] == grain:
            numbers = {
                name: value
                for name, value in row.items()
                if name not in {"day", "grain", *DIMS, "first_response_bucket", "resolution_bucket"}
            }
            cells[(key[0], key[1], *key[3:])] = _nonzero(numbers)
    return cells


def _nonzero(numbers: dict) -> dict:
    return {name: value for name, value in numbers.items() if value}


# --- random facts ------------------------------------------------------------------------------


@pytest.fixture
def cast(team, other_team, agent):
    agents = [agent, AgentFactory(teams=[team]), AgentFactory(teams=[other_team])]
    categories = [CategoryFactory(team=team), CategoryFactory(team=other_team)]
    return {"teams": [team, other_team], "agents": agents, "categories": categories}


def random_facts(rng: random.Random, cast: dict, t0, *, tickets: int = 40, days: int = 5):
    """Facts with random values in every column the rollups read (as the facts refresh would
    write them), on tickets made by the services."""
    customer = CustomerFactory()
    for _ in range(tickets):
        ticket = make_ticket(customer=customer)
        created = t0 + timedelta(seconds=rng.randrange(days * 86400))
        maybe = lambda value: value if rng.random() < 0.7 else None  # noqa: E731
        resolution = maybe(rng.choice([600, 5000, 20000, 100000, rng.randrange(1, 400000)]))
        first = maybe(rng.choice([0, 59, 3599, 3600, 14400, 86399, 86400, rng.randrange(200000)]))
        csat, nps = maybe(rng.randint(1, 5)), maybe(rng.randint(0, 10))
        TicketFacts.objects.update_or_create(
            ticket=ticket,
            defaults={
                "team": maybe(rng.choice(cast["teams"])),
                "agent": maybe(rng.choice(cast["agents"])),
                "category": maybe(rng.choice(cast["categories"])),
                "channel": rng.choice(["web", "email", "chat", ""]),
                "priority": rng.choice(["low", "normal", "high", ""]),
                "created_at": created,
                "first_response_seconds": first,
                "first_response_business_seconds": maybe(rng.randrange(100000)),
                "next_response_seconds": [rng.randrange(50000) for _ in range(rng.randrange(3))],
                "next_response_business_seconds": [
                    rng.randrange(9000) for _ in range(rng.randrange(3))
                ],
                "resolved_at": created + timedelta(seconds=resolution) if resolution else None,
                "resolution_seconds": resolution,
                "resolution_business_seconds": resolution and rng.randrange(resolution + 1),
                "first_resolution_seconds": resolution and rng.randrange(resolution + 1),
                "first_resolution_business_seconds": resolution and rng.randrange(9000),
                "requester_wait_seconds": resolution and rng.randrange(resolution + 1),
                "requester_wait_business_seconds": maybe(rng.randrange(9000)),
                "reopened": rng.choice([0, 0, 1, 2]),
                "one_touch": rng.choice([True, False, None]),
                "sla_outcome": rng.choice(["", "in_progress", "met", "missed"]),
                "csat_score": csat,
                "csat_answered_at": created + timedelta(hours=rng.randrange(300)) if csat else None,
                "nps_score": nps,
                "nps_answered_at": (
                    created + timedelta(hours=rng.randrange(300)) if nps is not None else None
                ),
            },
        )


def fill_all() -> rollups.FillResult:
    rollups.rollup_days_mark(days=fact_days())
    return rollups.rollups_fill()


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
    start, end = _local(t0) + timedelta(days=1), _local(t0) + timedelta(days=3)

    for channel in ("web", "chat"):
        for priority in ("high", "low"):
            grain = rollups.grain_for({"channel", "priority"})
            rows = rollups.rollup_queryset(
                CreatedRollup, start=start, end=end, grain=grain, channel=channel, priority=priority
            )
            chosen = [
                f
                for f in facts
                if start <= _local(f.created_at) <= end
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
    start, end = _local(t0), _local(t0) + timedelta(days=30)

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
    start, end = _local(t0) - timedelta(days=1), _local(t0) + timedelta(days=30)
    facts = [f for f in TicketFacts.objects.all() if f.csat_score is not None]

    totals = rollups.rollup_queryset(SurveyRollup, start=start, end=end, team=cast["teams"][0].pk)
    by_speed = rollups.rollup_queryset(
        SurveyRollup, start=start, end=end, speed="first_response", team=cast["teams"][0].pk
    )

    mine = [f for f in facts if f.team_id == cast["teams"][0].pk]
    assert sum(r.csat_answered for r in totals) == len(mine)
    for bucket in rollups.SPEED_BUCKETS:
        in_bucket = [f for f in mine if _bucket(f.first_response_seconds) == bucket.key]
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

    day = _local(t0)
    created = {r.day: r for r in CreatedRollup.objects.filter(grain=Grain.ALL)}
    assert {d: r.created for d, r in created.items()} == {day: 1, day + timedelta(days=1): 1}
    assert created[day].first_response_sum == 13 * 3600
    assert created[day + timedelta(days=1)].first_response_sum == 30 * 60
    team_rows = CreatedRollup.objects.filter(grain=Grain.TEAM, team_id=team.pk)
    assert sum(r.created for r in team_rows) == 2
    (resolved,) = ResolvedRollup.objects.filter(grain=Grain.ALL)
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
    assert [(r.day, r.resolved) for r in ResolvedRollup.objects.filter(grain=Grain.ALL)] == [
        (_local(t0), 1)
    ]

    with at(days=3):
        services.ticket_change_status(ticket=ticket, actor=agent, status=Ticket.Status.OPEN)
    with at(days=4):
        services.ticket_change_status(ticket=ticket, actor=agent, status=Ticket.Status.SOLVED)
    process_and_fill()

    rows = ResolvedRollup.objects.filter(grain=Grain.ALL)
    assert [(r.day, r.resolved, r.reopened) for r in rows] == [
        (_local(t0) + timedelta(days=4), 1, 1)
    ]


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
    real_survey_rows = rollups.fill.survey_rows
    calls = []

    def crash_on_the_second_day(*args, **kwargs):
        # After the day's old rows were deleted and its new created/resolved rows computed.
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return real_survey_rows(*args, **kwargs)

    monkeypatch.setattr(rollups.fill, "survey_rows", crash_on_the_second_day)
    with at(days=11), pytest.raises(RuntimeError):
        fill_all()
    state = RollupState.objects.get(name="daily")
    assert state.started_at > state.done_at
    assert RollupDirtyDay.objects.count() == len(days) - 1  # the crashed day stays dirty
    assert snapshot() == clean  # ... and kept its rows: the delete was rolled back

    monkeypatch.setattr(rollups.fill, "survey_rows", real_survey_rows)
    with at(days=12):
        result = rollups.rollups_fill()

    assert result.redone and result.days == len(days) - 1
    assert snapshot() == clean
    state.refresh_from_db()
    assert state.done_at >= state.started_at
    assert state.filled_until == t0 + timedelta(days=12)


@pytest.mark.django_db(transaction=True)
def test_two_fills_at_once_fill_each_day_once_and_count_nothing_twice(cast, t0, monkeypatch):
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


def test_processing_events_asks_for_one_debounced_fill_after_commit(
    customer, team, sent, django_capture_on_commit_callbacks, settings
):
    settings.HELPDESK_ROLLUP_FILL_DEBOUNCE_SECONDS = 2.0
    make_ticket(customer=customer, team=team)
    with django_capture_on_commit_callbacks(execute=True):
        events_process_pending(batch_size=1)
    make_ticket(customer=customer, team=team)
    with django_capture_on_commit_callbacks(execute=True):
        events_process_pending(batch_size=1)

    assert sent == [{"countdown": 2.0, "retry": False}]  # the second commit shares the first

    from metrics.tasks import fill_rollups

    fill_rollups()  # the task starts: the next commit asks again
    make_ticket(customer=customer, team=team)
    with django_capture_on_commit_callbacks(execute=True):
        events_process_pending()
    assert len(sent) == 2


def test_nothing_is_asked_before_the_commit(customer, team, sent):
    make_ticket(customer=customer, team=team)
    events_process_pending()  # inside the test's transaction: never committed
    assert sent == []


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
