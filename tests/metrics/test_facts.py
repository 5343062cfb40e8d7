"""Per-ticket facts derived from the event history (metrics.facts, metrics.services), one
test per definition of docs/metrics.md."""

from datetime import UTC, datetime, time, timedelta

import pytest

from metrics.models import TicketFacts
from metrics.services import FACT_FIELDS, facts_from_events, ticket_facts_refresh
from tests.factories import make_ticket
from tickets import services
from tickets.models import BusinessCalendar, SlaPolicy, Ticket, TicketEvent, WorkingHours
from tickets.services.events import event_record

pytestmark = pytest.mark.django_db

S = Ticket.Status


def refreshed_facts(ticket) -> TicketFacts:
    ticket_facts_refresh(ticket_ids=[ticket.pk])
    return TicketFacts.objects.get(ticket=ticket)


@pytest.fixture
def fresh_ticket(customer, team, at):
    with at():
        return make_ticket(customer=customer, team=team)


def test_first_response_is_the_first_public_agent_reply(fresh_ticket, customer, agent, at, t0):
    with at(minutes=1):
        services.message_add_from_agent(
            ticket=fresh_ticket, agent=agent, body="Note", is_internal=True
        )
    with at(minutes=2):
        services.message_add_from_customer(ticket=fresh_ticket, customer=customer, body="Hello?")
    with at(minutes=7):
        services.message_add_from_agent(ticket=fresh_ticket, agent=agent, body="Answer")
    with at(minutes=9):
        services.message_add_from_agent(ticket=fresh_ticket, agent=agent, body="Another")

    facts = refreshed_facts(fresh_ticket)

    assert facts.first_response_at == t0 + timedelta(minutes=7)
    assert facts.first_response_seconds == 7 * 60
    assert facts.agent_replies == 2
    assert facts.customer_replies == 1


def test_ticket_without_public_reply_has_no_first_response(fresh_ticket, customer, agent, at):
    with at(minutes=1):
        services.message_add_from_agent(
            ticket=fresh_ticket, agent=agent, body="Note", is_internal=True
        )
        services.message_add_from_customer(ticket=fresh_ticket, customer=customer, body="Hi?")

    facts = refreshed_facts(fresh_ticket)

    assert facts.first_response_at is None
    assert facts.first_response_seconds is None
    assert facts.agent_replies == 0


def test_resolution_runs_from_creation_to_solving(fresh_ticket, agent, at, t0):
    with at(hours=3):
        services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.SOLVED)

    facts = refreshed_facts(fresh_ticket)

    assert facts.resolved_at == t0 + timedelta(hours=3)
    assert facts.resolution_seconds == 3 * 3600
    assert facts.status == S.SOLVED
    assert facts.reopened == 0


def test_closing_a_solved_ticket_keeps_its_resolution_time(fresh_ticket, agent, at):
    with at(hours=3):
        services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.SOLVED)
    with at(days=2):
        services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.CLOSED)

    facts = refreshed_facts(fresh_ticket)

    assert facts.resolution_seconds == 3 * 3600
    assert facts.status == S.CLOSED


def test_closing_directly_resolves(fresh_ticket, agent, at):
    with at(minutes=30):
        services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.CLOSED)

    assert refreshed_facts(fresh_ticket).resolution_seconds == 30 * 60


def test_reopen_clears_resolution_and_counts_the_reopen(fresh_ticket, customer, agent, at, t0):
    with at(hours=1):
        services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.SOLVED)
    with at(hours=2):
        services.message_add_from_customer(ticket=fresh_ticket, customer=customer, body="No!")

    reopened = refreshed_facts(fresh_ticket)

    assert reopened.resolved_at is None
    assert reopened.resolution_seconds is None
    assert reopened.reopened == 1
    assert reopened.status == S.OPEN

    with at(hours=5):
        services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.SOLVED)

    solved_again = refreshed_facts(fresh_ticket)

    assert solved_again.resolved_at == t0 + timedelta(hours=5)
    assert solved_again.resolution_seconds == 5 * 3600
    assert solved_again.reopened == 1


def test_team_and_priority_follow_their_latest_change(fresh_ticket, agent, other_team):
    services.ticket_update(ticket=fresh_ticket, actor=agent, priority=Ticket.Priority.URGENT)
    services.ticket_change_team(ticket=fresh_ticket, actor=agent, team=other_team)

    facts = refreshed_facts(fresh_ticket)

    assert facts.team == other_team
    assert facts.priority == Ticket.Priority.URGENT


def test_channel_comes_from_creation(customer, team, agent):
    ticket = make_ticket(
        customer=customer, team=team, created_by=agent, channel=Ticket.Channel.PHONE
    )

    assert refreshed_facts(ticket).channel == Ticket.Channel.PHONE


def test_facts_from_events_folds_in_order_without_the_database(t0):
    """The fold itself, on unsaved events: order decides, nothing is read from the database."""

    def event(kind, minutes, **payload):
        return TicketEvent(kind=kind, created_at=t0 + timedelta(minutes=minutes), payload=payload)

    K = TicketEvent.Kind
    events = [
        event(K.CREATED, 0, team_id=7, channel="email", priority="high"),
        event(K.STATUS_CHANGED, 5, **{"from": "new", "to": "solved"}),
        event(K.STATUS_CHANGED, 6, **{"from": "solved", "to": "open"}),
        event(K.AGENT_REPLIED, 8),
        event(K.STATUS_CHANGED, 9, **{"from": "open", "to": "closed"}),
    ]

    facts = facts_from_events(events)

    assert facts["team_id"] == 7
    assert facts["channel"] == "email"
    assert facts["first_response_seconds"] == 8 * 60
    assert facts["resolution_seconds"] == 9 * 60
    assert facts["reopened"] == 1
    assert facts["status"] == "closed"


def test_an_event_older_than_the_ticket_counts_as_zero_seconds_not_a_crash():
    # Given events written by machines whose clocks disagree
    created = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    events = [
        TicketEvent(kind=TicketEvent.Kind.CREATED, created_at=created, payload={}),
        TicketEvent(kind=TicketEvent.Kind.AGENT_REPLIED, created_at=created - timedelta(seconds=5)),
    ]
    # When they are folded into facts
    facts = facts_from_events(events)
    # Then the first response took no time rather than a negative one
    assert facts["first_response_seconds"] == 0


def test_every_derived_fact_is_a_saved_column():
    # A fact computed but missing from FACT_FIELDS would silently never reach the table.
    assert set(facts_from_events([])) == set(FACT_FIELDS)
    assert set(FACT_FIELDS) <= {field.attname for field in TicketFacts._meta.fields}


# --- The definitions of docs/metrics.md, one by one ----------------------------------------

H = timedelta(hours=1)


def reply(ticket, agent, **kwargs):
    services.message_add_from_agent(ticket=ticket, agent=agent, body="On it.", **kwargs)


def customer_says(ticket, customer):
    services.message_add_from_customer(ticket=ticket, customer=customer, body="Still broken")


def test_created_event_and_ticket_share_one_instant(customer, team, at, t0):
    with at(microseconds=123456):
        ticket = make_ticket(customer=customer, team=team)

    created = ticket.events.get(kind=TicketEvent.Kind.CREATED)

    assert created.created_at == ticket.created_at == t0 + timedelta(microseconds=123456)
    assert refreshed_facts(ticket).created_at == Ticket.objects.get(pk=ticket.pk).created_at


def test_an_agent_logged_ticket_is_answered_from_its_creation(customer, team, agent, at):
    # Given a ticket an agent logged for a customer (the first message is the customer's)
    with at():
        ticket = make_ticket(customer=customer, team=team, created_by=agent, channel="phone")
    with at(minutes=25):
        reply(ticket, agent)

    facts = refreshed_facts(ticket)

    assert facts.first_response_seconds == 25 * 60
    assert facts.next_response_seconds == []


def test_next_responses_run_from_the_first_customer_reply_after_an_agent_reply(
    fresh_ticket, customer, agent, at
):
    with at(minutes=5):
        customer_says(fresh_ticket, customer)  # before any agent reply: not a next response
    with at(minutes=10):
        reply(fresh_ticket, agent)
    with at(minutes=20):
        customer_says(fresh_ticket, customer)  # starts the wait
    with at(minutes=25):
        customer_says(fresh_ticket, customer)  # the same wait
    with at(minutes=50):
        reply(fresh_ticket, agent)
    with at(minutes=60):
        reply(fresh_ticket, agent)
    with at(minutes=70):
        customer_says(fresh_ticket, customer)
    with at(minutes=75):
        reply(fresh_ticket, agent)
    with at(minutes=90):
        customer_says(fresh_ticket, customer)  # never answered: not counted

    facts = refreshed_facts(fresh_ticket)

    assert facts.first_response_seconds == 10 * 60
    assert facts.next_response_seconds == [30 * 60, 5 * 60]
    assert facts.next_response_business_seconds == [30 * 60, 5 * 60]
    assert (facts.agent_replies, facts.customer_replies) == (4, 5)


def test_solving_answers_a_waiting_reply(fresh_ticket, customer, agent, at):
    with at(minutes=10):
        reply(fresh_ticket, agent)
    with at(minutes=20):
        customer_says(fresh_ticket, customer)
    with at(minutes=30):
        services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.SOLVED)
    with at(hours=5):
        services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.OPEN)
        reply(fresh_ticket, agent)

    assert refreshed_facts(fresh_ticket).next_response_seconds == []


def test_first_and_full_resolution_after_a_reopen(fresh_ticket, agent, at, t0):
    with at(hours=1):
        services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.SOLVED)
    with at(hours=2):
        services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.OPEN)
    with at(hours=5):
        services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.SOLVED)

    facts = refreshed_facts(fresh_ticket)

    assert facts.first_resolved_at == t0 + 1 * H
    assert facts.first_resolution_seconds == 3600
    assert facts.resolved_at == t0 + 5 * H
    assert facts.resolution_seconds == 5 * 3600
    assert facts.reopened == 1


def test_requester_wait_counts_new_open_and_on_hold_and_pauses_are_told(
    fresh_ticket, customer, agent, at
):
    # new 0-30 min, pending 30-90 min, open 90-120 min (first reply at 120), on hold 3-4 h,
    # open 4-6 h, solved at 6 h.
    with at(minutes=30):
        services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.PENDING)
    with at(minutes=90):
        customer_says(fresh_ticket, customer)  # pending -> open
    with at(minutes=120):
        reply(fresh_ticket, agent)
    with at(hours=3):
        services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.ON_HOLD)
    with at(hours=4):
        services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.OPEN)
    with at(hours=6):
        services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.SOLVED)

    facts = refreshed_facts(fresh_ticket)

    assert facts.requester_wait_seconds == 6 * 3600 - 3600  # all but the pending hour
    assert facts.paused_before_first_response_seconds == 3600
    assert facts.paused_before_resolution_seconds == 2 * 3600  # pending + on hold
    assert facts.first_response_seconds == 2 * 3600  # pauses are not taken off


@pytest.mark.parametrize(
    ("replies", "reopen", "solve", "expected"),
    [
        (1, False, True, True),
        (2, False, True, False),
        (0, False, True, False),
        (1, True, True, False),
        (1, False, False, None),
    ],
)
def test_one_touch_is_solved_with_one_public_reply_never_reopened(
    fresh_ticket, agent, at, replies, reopen, solve, expected
):
    for minute in range(replies):
        with at(minutes=1 + minute):
            reply(fresh_ticket, agent)
    with at(minutes=10):
        services.message_add_from_agent(
            ticket=fresh_ticket, agent=agent, body="note", is_internal=True
        )
    if reopen:
        with at(minutes=20):
            services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.SOLVED)
        with at(minutes=30):
            services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.OPEN)
    if solve:
        with at(minutes=40):
            services.ticket_change_status(ticket=fresh_ticket, actor=agent, status=S.SOLVED)

    assert refreshed_facts(fresh_ticket).one_touch is expected


@pytest.fixture
def office(team):
    """Moscow office hours, Monday to Friday 09:00-18:00 (UTC+3, no DST)."""
    calendar = BusinessCalendar.objects.create(name="Moscow office", time_zone="Europe/Moscow")
    for weekday in range(5):
        WorkingHours.objects.create(calendar=calendar, weekday=weekday, start=time(9), end=time(18))
    team.calendar = calendar
    team.save(update_fields=["calendar"])
    return calendar


def test_business_time_follows_the_calendar_of_the_team_holding_the_ticket(
    customer, team, other_team, office, manager, at
):
    # Given a ticket of a 24/7 team (t0 is Monday 12:00 in Moscow) moved after 2 h to the
    # Moscow office (09:00-18:00) and solved at 22:00 Moscow time
    with at():
        ticket = make_ticket(customer=customer, team=other_team)
    with at(hours=2):
        services.ticket_change_team(ticket=ticket, actor=manager, team=team)
    with at(hours=10):
        services.ticket_change_status(ticket=ticket, actor=manager, status=S.SOLVED)

    facts = refreshed_facts(ticket)

    # Then 2 h count round the clock and 14:00-18:00 in the office's hours
    assert facts.resolution_seconds == 10 * 3600
    assert facts.resolution_business_seconds == 6 * 3600
    assert facts.requester_wait_business_seconds == 6 * 3600
    assert facts.calendar_id == office.pk
    assert facts.team_id == team.pk


def test_business_first_response_waits_for_office_hours(customer, team, office, agent, at):
    # Created Monday 12:00 Moscow, answered Tuesday 10:00 Moscow (22 h later)
    with at():
        ticket = make_ticket(customer=customer, team=team)
    with at(hours=22):
        reply(ticket, agent)

    facts = refreshed_facts(ticket)

    assert facts.first_response_seconds == 22 * 3600
    assert facts.first_response_business_seconds == 6 * 3600 + 3600


def test_surveys_keep_the_latest_answer(fresh_ticket, at, t0):
    for hours, kind, score in [
        (1, TicketEvent.Kind.CSAT_ANSWERED, 2),
        (2, TicketEvent.Kind.NPS_ANSWERED, 6),
        (3, TicketEvent.Kind.CSAT_ANSWERED, 5),
        (4, TicketEvent.Kind.NPS_ANSWERED, 10),
    ]:
        with at(hours=hours):
            event_record(ticket=fresh_ticket, kind=kind, payload={"score": score})

    facts = refreshed_facts(fresh_ticket)

    assert (facts.csat_score, facts.csat_answered_at) == (5, t0 + 3 * H)
    assert (facts.nps_score, facts.nps_answered_at) == (10, t0 + 4 * H)


def test_sla_facts_come_from_the_tickets_policy(customer, team, agent, at):
    policy = SlaPolicy.objects.create(
        name="Normal",
        priority=Ticket.Priority.NORMAL,
        first_response_minutes=60,
        first_response_business=False,
        resolution_minutes=120,
        resolution_business=False,
    )
    with at():
        ticket = make_ticket(customer=customer, team=team)
    with at(minutes=30):
        reply(ticket, agent)
    with at(hours=3):
        services.ticket_change_status(ticket=ticket, actor=agent, status=S.SOLVED)

    facts = refreshed_facts(ticket)

    assert facts.sla_policy_id == policy.pk
    assert facts.sla_first_response_met is True
    assert facts.sla_resolution_met is False
    assert facts.sla_next_response_met is None
    assert facts.sla_outcome == TicketFacts.SlaOutcome.MISSED


def test_no_policy_no_sla_facts(fresh_ticket):
    facts = refreshed_facts(fresh_ticket)

    assert (facts.sla_policy_id, facts.sla_outcome, facts.sla_resolution_met) == (None, "", None)
