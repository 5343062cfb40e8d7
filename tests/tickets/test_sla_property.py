"""sla_evaluate against a minute-by-minute count over random ticket histories (calendar time):
the clocks run exactly in the minutes the rules say, and closed histories do not depend on
``now``. No database: events are unsaved rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tickets.business_time import ALWAYS
from tickets.models import SlaPolicy, Ticket, TicketEvent
from tickets.sla import SLA_EVENT_KINDS, sla_evaluate

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
S = Ticket.Status
K = TicketEvent.Kind
RUNS = {S.NEW, S.OPEN}
ACTIONS = ["agent", "customer", "pending", "on_hold", "open", "solved"]
POLICY = SlaPolicy(
    name="p",
    priority="normal",
    first_response_minutes=30,
    first_response_business=False,
    next_response_minutes=45,
    next_response_business=False,
    resolution_minutes=240,
    resolution_business=False,
    warn_at_percent=80,
)


def history(steps):
    """Events as the services write them, and the status after each minute's events."""
    events, status, minute = [], S.NEW, 0
    at = T0

    def add(kind, **payload):
        events.append(TicketEvent(pk=len(events) + 1, kind=kind, payload=payload, created_at=at))

    add(K.CREATED)
    timeline = [(0, S.NEW)]
    for gap, action in steps:
        minute += gap
        at = T0 + timedelta(minutes=minute)
        new = status
        if action == "agent":
            add(K.AGENT_REPLIED)
            if status == S.NEW:
                new = S.OPEN
        elif action == "customer":
            add(K.CUSTOMER_REPLIED)
            if status in (S.PENDING, S.SOLVED):
                new = S.OPEN
        elif action != status and not (status == S.SOLVED and action != "open"):
            new = action
        if new != status:
            add(K.STATUS_CHANGED, **{"from": status, "to": new})
            status = new
            timeline.append((minute, status))
    return events, timeline, minute


def status_at(timeline, minute):
    current = timeline[0][1]
    for start, status in timeline:
        if start <= minute:
            current = status
    return current


def brute(events, timeline, end):
    """Running minutes of each clock, counted one minute at a time up to ``end``."""
    kinds = [(int((e.created_at - T0).total_seconds() // 60), e.kind) for e in events]
    first_stop = min(
        [m for m, k in kinds if k == K.AGENT_REPLIED]
        + [m for m, s in timeline if s in (S.SOLVED, S.CLOSED)]
        + [end]
    )
    # Cycles: a customer reply after a public agent reply starts one, ended by the next agent
    # reply or a solve.
    cycles, last_agent, running = [], False, None
    for m, k in kinds:
        if k == K.AGENT_REPLIED:
            if running is not None:
                cycles.append((running, m))
                running = None
            last_agent = True
        elif k == K.CUSTOMER_REPLIED:
            if last_agent and running is None:
                running = m
            last_agent = False
        elif k == K.STATUS_CHANGED and running is not None:
            if status_at(timeline, m) in (S.SOLVED, S.CLOSED):
                cycles.append((running, m))
                running = None
    if running is not None:
        cycles.append((running, end))

    def count(start, stop):
        return sum(1 for m in range(start, stop) if status_at(timeline, m) in RUNS)

    return {
        "first": count(0, first_stop),
        "resolution": count(0, end),
        "cycles": [count(a, b) for a, b in cycles],
    }


steps_strategy = st.lists(
    st.tuples(st.integers(min_value=1, max_value=90), st.sampled_from(ACTIONS)), max_size=12
)


@settings(max_examples=150, deadline=None)
@given(steps=steps_strategy, tail=st.integers(min_value=0, max_value=300))
def test_elapsed_minutes_equal_a_minute_by_minute_count(steps, tail):
    events, timeline, last = history(steps)
    end = last + tail
    evaluation = sla_evaluate(
        events, policy=POLICY, calendar=ALWAYS, now=T0 + timedelta(minutes=end)
    )
    expected = brute(events, timeline, end)
    assert evaluation.first_response.elapsed_seconds == expected["first"] * 60
    assert evaluation.resolution.elapsed_seconds == expected["resolution"] * 60
    assert [c.elapsed_seconds for c in evaluation.next_responses] == [
        minutes * 60 for minutes in expected["cycles"]
    ]
    for state in evaluation.targets:
        if state.stopped_at is not None:
            assert state.met == (state.elapsed_seconds <= state.target_seconds)
        if state.due_at is not None:  # running now: due = now + what is left of the target
            left = state.target_seconds - state.elapsed_seconds
            now = T0 + timedelta(minutes=end)
            if left > 0:
                assert state.due_at == now + timedelta(seconds=left)
            else:  # used up already: due when it ran out, which was no later than now
                assert state.due_at <= now


@settings(max_examples=60, deadline=None)
@given(steps=steps_strategy, later=st.integers(min_value=1, max_value=10_000))
def test_a_closed_history_does_not_depend_on_now(steps, later):
    events, timeline, last = history(steps)
    at = T0 + timedelta(minutes=last + 1)
    closing = TicketEvent(
        pk=len(events) + 1,
        kind=K.STATUS_CHANGED,
        payload={"from": timeline[-1][1], "to": S.CLOSED},
        created_at=at,
    )
    events = [*events, closing]
    one = sla_evaluate(events, policy=POLICY, calendar=ALWAYS, now=at)
    two = sla_evaluate(events, policy=POLICY, calendar=ALWAYS, now=at + timedelta(minutes=later))
    assert one == two
    assert one.outcome in ("met", "missed")
    assert all(state.stopped_at is not None for state in one.targets)


@settings(max_examples=60, deadline=None)
@given(
    steps=steps_strategy,
    others=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=600),
            st.sampled_from(sorted(set(K.values) - SLA_EVENT_KINDS)),
        ),
        max_size=8,
    ),
)
def test_events_outside_the_sla_kinds_change_nothing(steps, others):
    # The services read only SLA_EVENT_KINDS for the clocks: every other kind must be one
    # sla_evaluate ignores, or a refresh would miss it.
    events, timeline, last = history(steps)
    extra = [
        TicketEvent(
            pk=1000 + n,
            kind=kind,
            payload={"from": S.OPEN, "to": S.PENDING, "target": "resolution"},
            created_at=T0 + timedelta(minutes=minute),
        )
        for n, (minute, kind) in enumerate(others)
    ]
    now = T0 + timedelta(minutes=last + 700)
    assert sla_evaluate([*events, *extra], policy=POLICY, calendar=ALWAYS, now=now) == (
        sla_evaluate(events, policy=POLICY, calendar=ALWAYS, now=now)
    )
