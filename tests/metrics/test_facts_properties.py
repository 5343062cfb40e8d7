"""Property tests: the facts of random ticket histories equal a brute-force computation.

The brute force is written differently on purpose: it walks the history minute by minute
(every event falls on a whole minute), decides for each minute the status, the team and whether
that team's calendar works then (its own wall-clock check through zoneinfo, not
tickets.business_time), and counts minutes; the milestones are found by scanning the event list
with their definitions from docs/metrics.md. Histories are fed to the pure fold as event lists
and, fewer of them, through the real services with the frozen clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpdesk import clock
from metrics.facts import facts_from_events
from metrics.models import TicketFacts
from metrics.services import ticket_facts_refresh
from tests.factories import CustomerFactory, TeamFactory, make_ticket
from tickets import lifecycle, services
from tickets.business_time import CalendarSpec
from tickets.models import BusinessCalendar, Holiday, Ticket, TicketEvent, WorkingHours
from tickets.services.events import event_record

K = TicketEvent.Kind
S = Ticket.Status
RESOLVED = {S.SOLVED, S.CLOSED}
PAUSED = {S.PENDING, S.ON_HOLD}
MINUTE = timedelta(minutes=1)

# Calendars as plain data: (time zone, shifts, holidays). None is round the clock.
CALENDARS = {
    "london": (
        "Europe/London",
        tuple((weekday, time(9), time(17, 30)) for weekday in range(5)),
        frozenset({date(2026, 3, 30), date(2026, 10, 26)}),
    ),
    "moscow": (
        "Europe/Moscow",
        tuple(
            shift
            for weekday in range(6)
            for shift in ((weekday, time(10), time(13)), (weekday, time(14), time(19)))
        ),
        frozenset({date(2026, 3, 9), date(2026, 11, 4)}),
    ),
    # Overnight shifts across the spring-forward (8 March) and fall-back (1 November) nights.
    "new_york": (
        "America/New_York",
        ((5, time(22), time(6)), (6, time(22), time(6)), *((d, time(9), time(17)) for d in (0, 2))),
        frozenset({date(2026, 3, 11)}),
    ),
}
# Histories start near DST changes (London 29 March / 25 October, New York 8 March / 1 Nov).
STARTS = [
    datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    datetime(2026, 3, 6, 20, 0, tzinfo=UTC),
    datetime(2026, 3, 27, 12, 0, tzinfo=UTC),
    datetime(2026, 10, 23, 9, 0, tzinfo=UTC),
    datetime(2026, 10, 30, 15, 0, tzinfo=UTC),
]
PROPERTY_SETTINGS = settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def works(calendar, moment: datetime) -> bool:
    """Does ``calendar`` work at ``moment``? Read off the local wall clock."""
    if calendar is None:
        return True
    zone, shifts, holidays = calendar
    local = moment.astimezone(ZoneInfo(zone))
    day, clock_time = local.date(), local.time()
    yesterday = day - timedelta(days=1)
    for weekday, start, end in shifts:
        if end > start:
            if day.weekday() == weekday and day not in holidays and start <= clock_time < end:
                return True
        else:  # overnight: runs from start on its day to end on the next
            if day.weekday() == weekday and day not in holidays and clock_time >= start:
                return True
            if yesterday.weekday() == weekday and yesterday not in holidays and clock_time < end:
                return True
    return False


def brute_force(events, calendar_of_team) -> dict:
    """The facts, by definition, minute by minute."""
    created = next(e for e in events if e.kind == K.CREATED)
    c = created.created_at
    last = max(e.created_at for e in events)
    minutes = int((last - c) / MINUTE)
    # The state during each minute: after every event at or before its start.
    status_at, team_at = [], []
    status, team, index = S.NEW, None, 0
    for m in range(minutes):
        moment = c + m * MINUTE
        while index < len(events) and events[index].created_at <= moment:
            e = events[index]
            if e.kind == K.CREATED:
                team = e.payload["team_id"]
            elif e.kind == K.TEAM_CHANGED:
                team = e.payload["to"]
            elif e.kind == K.STATUS_CHANGED:
                status = e.payload["to"]
            index += 1
        status_at.append(status)
        team_at.append(team)
    working = [works(calendar_of_team(team_at[m]), c + m * MINUTE) for m in range(minutes)]

    def minute_of(moment):
        return int((moment - c) / MINUTE)

    def count(start, end, statuses=None):
        if start is None or end is None:
            return None, None
        picked = [
            m
            for m in range(minute_of(start), minute_of(end))
            if statuses is None or status_at[m] in statuses
        ]
        return 60 * len(picked), 60 * sum(working[m] for m in picked)

    # Entries into solved/closed (from an unresolved status) and reopens, by event position.
    entry_positions, reopens, previous = [], 0, S.NEW
    for position, e in enumerate(events):
        if e.kind != K.STATUS_CHANGED:
            continue
        after = e.payload["to"]
        if after in RESOLVED and previous not in RESOLVED:
            entry_positions.append(position)
        if previous in RESOLVED and after not in RESOLVED:
            reopens += 1
        previous = after
    entries = [events[position].created_at for position in entry_positions]
    trail = [(None, previous)]
    final_status = trail[-1][1]
    resolved = entries[-1] if entries and final_status in RESOLVED else None
    first_resolved = entries[0] if entries else None
    agent_replies = [e.created_at for e in events if e.kind == K.AGENT_REPLIED]
    first_response = agent_replies[0] if agent_replies else None

    # Next responses over the tokens A (agent reply), C (customer reply), R (resolved).
    tokens = []
    for position, e in enumerate(events):
        if e.kind == K.AGENT_REPLIED:
            tokens.append(("A", e.created_at))
        elif e.kind == K.CUSTOMER_REPLIED:
            tokens.append(("C", e.created_at))
        elif position in entry_positions:
            tokens.append(("R", e.created_at))
    waits = []
    for i, (token, at) in enumerate(tokens):
        public_before = [t for t, _ in tokens[:i] if t in "AC"]
        if token != "C" or not public_before or public_before[-1] != "A":
            continue
        for later, end in tokens[i + 1 :]:
            if later == "R":
                break
            if later == "A":
                waits.append(count(at, end))
                break

    def latest(kind):
        answers = [e for e in events if e.kind == kind]
        return (answers[-1].payload["score"], answers[-1].created_at) if answers else (None, None)

    teams_held = [created.payload["team_id"]]
    teams_held += [e.payload["to"] for e in events if e.kind == K.TEAM_CHANGED]
    first = count(c, first_response)
    full = count(c, resolved)
    return {
        "status": final_status,
        "team_id": teams_held[-1],
        "created_at": c,
        "first_response_at": first_response,
        "first_response_seconds": first[0],
        "first_response_business_seconds": first[1],
        "next_response_seconds": [w[0] for w in waits],
        "next_response_business_seconds": [w[1] for w in waits],
        "first_resolved_at": first_resolved,
        "first_resolution_seconds": count(c, first_resolved)[0],
        "first_resolution_business_seconds": count(c, first_resolved)[1],
        "resolved_at": resolved,
        "resolution_seconds": full[0],
        "resolution_business_seconds": full[1],
        "requester_wait_seconds": count(c, resolved, {S.NEW, S.OPEN, S.ON_HOLD})[0],
        "requester_wait_business_seconds": count(c, resolved, {S.NEW, S.OPEN, S.ON_HOLD})[1],
        "paused_before_first_response_seconds": count(c, first_response, PAUSED)[0] or 0,
        "paused_before_resolution_seconds": count(c, resolved, PAUSED)[0] or 0,
        "agent_replies": len(agent_replies),
        "customer_replies": sum(1 for e in events if e.kind == K.CUSTOMER_REPLIED),
        "reopened": reopens,
        "one_touch": None if resolved is None else len(agent_replies) == 1 and reopens == 0,
        "csat_score": latest(K.CSAT_ANSWERED)[0],
        "csat_answered_at": latest(K.CSAT_ANSWERED)[1],
        "nps_score": latest(K.NPS_ANSWERED)[0],
        "nps_answered_at": latest(K.NPS_ANSWERED)[1],
    }


def assert_matches(facts: dict, expected: dict) -> None:
    assert {name: facts[name] for name in expected} == expected


# --- Random histories as event lists, through the pure fold ---------------------------------

TEAMS = {1: None, 2: "london", 3: "moscow", 4: "new_york"}  # team 1: no calendar (24/7)
ACTIONS = ["customer", "agent", "note", "status", "team", "priority", "assign", "csat", "nps"]
# Replies and status changes are what most definitions turn on: drawn five times as often.
WEIGHTED_ACTIONS = [*ACTIONS[:2] * 4, *["status"] * 4, *ACTIONS]


def next_status_choices(status: str) -> list[str]:
    """The valid next statuses, closing (final: it ends the history) drawn less often."""
    allowed = lifecycle.next_statuses(status)
    return [*[s for s in allowed if s != S.CLOSED] * 3, *allowed]


@st.composite
def histories(draw):
    moment = draw(st.sampled_from(STARTS)) + draw(st.integers(0, 3000)) * MINUTE
    team, status = draw(st.sampled_from(sorted(TEAMS))), S.NEW
    events = [TicketEvent(kind=K.CREATED, created_at=moment, payload={"team_id": team})]

    def emit(kind, **payload):
        events.append(TicketEvent(kind=kind, created_at=moment, payload=payload))

    def change_status(to):
        nonlocal status
        emit(K.STATUS_CHANGED, **{"from": status, "to": to})
        status = to

    for _ in range(draw(st.integers(0, 20))):
        gap = draw(st.one_of(st.integers(0, 90), st.integers(0, 1500)))
        moment += gap * MINUTE
        action = draw(st.sampled_from(WEIGHTED_ACTIONS))
        if action == "customer" and status != S.CLOSED:
            emit(K.CUSTOMER_REPLIED)
            if status in lifecycle.REOPENED_BY_CUSTOMER_REPLY:
                change_status(S.OPEN)
        elif action == "agent" and status != S.CLOSED:
            emit(K.AGENT_REPLIED)
            chosen = draw(st.sampled_from([None, None, *next_status_choices(status)]))
            if chosen is None and status == S.NEW:
                chosen = S.OPEN
            if chosen:
                change_status(chosen)
        elif action == "note":
            emit(K.NOTE_ADDED)
        elif action == "status" and lifecycle.next_statuses(status):
            change_status(draw(st.sampled_from(next_status_choices(status))))
        elif action == "team":
            to = draw(st.sampled_from([t for t in TEAMS if t != team]))
            emit(K.TEAM_CHANGED, **{"from": team, "to": to})
            team = to
        elif action == "priority":
            emit(K.PRIORITY_CHANGED, **{"from": "normal", "to": draw(st.sampled_from(["low"]))})
        elif action == "assign":
            emit(K.ASSIGNED, to=draw(st.sampled_from([None, 7, 8])))
        elif action == "csat":
            emit(K.CSAT_ANSWERED, score=draw(st.integers(1, 5)))
        elif action == "nps":
            emit(K.NPS_ANSWERED, score=draw(st.integers(0, 10)))
    return events


def spec_of(name: str, calendar_id: int) -> CalendarSpec:
    zone, shifts, holidays = CALENDARS[name]
    return CalendarSpec(zone, shifts, holidays, calendar_id=calendar_id, name=name)


PURE_SPECS = {team: spec_of(name, team) for team, name in TEAMS.items() if name}


@PROPERTY_SETTINGS
@given(events=histories())
def test_the_fold_equals_the_brute_force(events):
    facts = facts_from_events(events, calendars=PURE_SPECS)

    expected = brute_force(events, lambda team: CALENDARS.get(TEAMS.get(team)))
    assert_matches(facts, expected)
    final_team = expected["team_id"]
    assert facts["calendar_id"] == (final_team if final_team in PURE_SPECS else None)


# --- Random histories through the real services ---------------------------------------------


@pytest.fixture
def calendar_teams(db):
    """Teams with the calendars above, stored as rows; the first has no calendar (24/7)."""
    teams = {None: TeamFactory(name="Round the clock")}
    for name, (zone, shifts, holidays) in CALENDARS.items():
        calendar = BusinessCalendar.objects.create(name=name, time_zone=zone)
        WorkingHours.objects.bulk_create(
            WorkingHours(calendar=calendar, weekday=w, start=s, end=e) for w, s, e in shifts
        )
        Holiday.objects.bulk_create(Holiday(calendar=calendar, date=day) for day in holidays)
        teams[name] = TeamFactory(name=f"Team {name}", calendar=calendar)
    return teams


@pytest.mark.django_db
@settings(PROPERTY_SETTINGS, max_examples=40)
@given(data=st.data())
def test_facts_through_the_services_equal_the_brute_force(data, calendar_teams, manager):
    by_id = {team.pk: CALENDARS.get(name) for name, team in calendar_teams.items()}
    moment = data.draw(st.sampled_from(STARTS)) + data.draw(st.integers(0, 3000)) * MINUTE
    customer = CustomerFactory()
    with clock.frozen_at(moment):
        ticket = make_ticket(
            customer=customer,
            team=data.draw(st.sampled_from(list(calendar_teams.values()))),
            created_by=manager,
        )
    for _ in range(data.draw(st.integers(0, 10))):
        moment += data.draw(st.one_of(st.integers(0, 90), st.integers(0, 1500))) * MINUTE
        ticket.refresh_from_db()
        action = data.draw(st.sampled_from(ACTIONS[:6]))
        with clock.frozen_at(moment):
            if action == "customer" and ticket.status != S.CLOSED:
                services.message_add_from_customer(ticket=ticket, customer=customer, body="Hm")
            elif action == "agent" and ticket.status != S.CLOSED:
                services.message_add_from_agent(
                    ticket=ticket,
                    agent=manager,
                    body="Try this",
                    status=data.draw(
                        st.sampled_from([None, None, *next_status_choices(ticket.status)])
                    ),
                )
            elif action == "note":
                services.message_add_from_agent(
                    ticket=ticket, agent=manager, body="note", is_internal=True
                )
            elif action == "status" and lifecycle.next_statuses(ticket.status):
                status = data.draw(st.sampled_from(next_status_choices(ticket.status)))
                services.ticket_change_status(ticket=ticket, actor=manager, status=status)
            elif action == "team":
                team = data.draw(st.sampled_from(list(calendar_teams.values())))
                services.ticket_change_team(ticket=ticket, actor=manager, team=team)
            elif action == "priority":
                services.ticket_set_priority(
                    ticket=ticket,
                    actor=manager,
                    priority=data.draw(st.sampled_from(Ticket.Priority.values)),
                )
    if data.draw(st.booleans()):
        with clock.frozen_at(moment + MINUTE):
            event_record(ticket=ticket, kind=K.CSAT_ANSWERED, payload={"score": 3})

    ticket_facts_refresh(ticket_ids=[ticket.pk])

    events = list(ticket.events.order_by("created_at", "id"))
    expected = brute_force(events, by_id.get)
    stored = TicketFacts.objects.filter(ticket=ticket).values(*expected).get()
    assert stored == expected
    ticket.refresh_from_db()
    assert (stored["status"], stored["team_id"]) == (ticket.status, ticket.team_id)
