"""Per-ticket facts derived from the event history (metrics.services)."""

from datetime import UTC, datetime, timedelta

import pytest

from metrics.models import TicketFacts
from metrics.services import FACT_FIELDS, facts_from_events, ticket_facts_refresh
from tests.factories import make_ticket
from tickets import services
from tickets.models import Ticket, TicketEvent

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


def test_refresh_is_idempotent(fresh_ticket, agent, at):
    with at(minutes=4):
        services.message_add_from_agent(ticket=fresh_ticket, agent=agent, body="Hi")
    first = refreshed_facts(fresh_ticket)

    again = refreshed_facts(fresh_ticket)

    assert (again.agent_replies, again.first_response_seconds) == (1, 240)
    assert (first.agent_replies, first.first_response_seconds) == (1, 240)


def test_refresh_ignores_tickets_that_are_gone(db):
    assert ticket_facts_refresh(ticket_ids=[987654]) == 0
    assert not TicketFacts.objects.exists()


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
