"""tickets/history.py: every event kind in plain words, from events written by the services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AgentFactory, TeamFactory, make_ticket
from tickets import services
from tickets.history import history_lines
from tickets.models import TicketEvent
from tickets.services.events import event_record
from tickets.ticket_page.selectors import changes_since, ticket_events, ticket_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(team):
    return AgentFactory(teams=[team], first_name="Anna", last_name="Petrova")


@pytest.fixture
def boris(team):
    return AgentFactory(teams=[team], first_name="Boris", last_name="Ivanov")


def texts(ticket):
    return [line.text for line in ticket_history(ticket=ticket)]


def test_a_ticket_story_in_plain_words(ticket, anna, boris, team):
    billing = TeamFactory(name="Billing")
    billing.members.add(anna)
    services.ticket_set_priority(ticket=ticket, actor=anna, priority="high")
    services.ticket_assign(ticket=ticket, actor=boris, assignee=anna)
    services.ticket_assign(ticket=ticket, actor=boris, assignee=boris)
    services.ticket_assign(ticket=ticket, actor=boris, assignee=None)
    services.message_add_from_agent(ticket=ticket, agent=anna, body="Try again")
    services.message_add_from_agent(ticket=ticket, agent=boris, body="VIP", is_internal=True)
    services.message_add_from_customer(ticket=ticket, customer=ticket.customer, body="Still bad")
    services.ticket_set_tags(ticket=ticket, actor=anna, tags=["printer", "vip"])
    services.ticket_set_tags(ticket=ticket, actor=anna, tags=["printer", "fire"])
    services.ticket_set_tags(ticket=ticket, actor=anna, tags=[])
    services.ticket_change_status(ticket=ticket, actor=anna, status="pending")
    services.ticket_change_team(ticket=ticket, actor=anna, team=billing)

    assert texts(ticket) == [
        "Customer opened the ticket (Web form)",
        "Anna Petrova set priority to High",
        "Boris Ivanov assigned the ticket to Anna Petrova",
        "Boris Ivanov took the ticket",
        "Boris Ivanov unassigned the ticket",
        "Anna Petrova replied to the customer",
        "Anna Petrova set status to Open",
        "Boris Ivanov added an internal note",
        "Customer replied",
        "Anna Petrova added the tags printer, vip",
        "Anna Petrova added the tags fire and removed vip",
        "Anna Petrova removed the tags fire, printer",
        "Anna Petrova set status to Pending",
        "Anna Petrova moved the ticket to the team Billing",
    ]


def test_system_actors_and_logged_tickets(customer, team, anna):
    ticket = make_ticket(customer=customer, team=team, created_by=anna, channel="phone")
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.SLA_BREACHED,
        system_actor=TicketEvent.SystemActor.SLA,
        payload={"target": "first_response"},
    )
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.SLA_WARNING,
        system_actor=TicketEvent.SystemActor.SLA,
        payload={"target": "resolution"},
    )
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.STATUS_CHANGED,
        system_actor=TicketEvent.SystemActor.AUTO_CLOSE,
        payload={"from": "solved", "to": "closed"},
    )

    lines = ticket_history(ticket=ticket)

    assert [line.text for line in lines] == [
        "Anna Petrova logged the ticket for the customer (Phone)",
        "SLA clock: first response target breached",
        "SLA clock: resolution target nearly due",
        "Automation: close solved tickets: status set to Closed",
    ]
    assert [line.by_system for line in lines] == [False, True, True, True]


def test_unknown_kinds_and_odd_payloads_never_break_the_page(ticket):
    TicketEvent.objects.create(
        ticket=ticket, kind="something_new", payload=[], created_at=ticket.created_at
    )
    TicketEvent.objects.create(
        ticket=ticket, kind=TicketEvent.Kind.ASSIGNED, payload={"to": 999999},
        created_at=ticket.created_at,
    )  # fmt: skip

    lines = ticket_history(ticket=ticket)

    assert lines[-2].text == "Someone: something_new"
    assert lines[-1].text == "Someone assigned the ticket to a former agent"


def test_history_is_one_query_for_the_events_and_at_most_two_for_names(ticket, anna, boris):
    for n in range(5):
        services.ticket_assign(ticket=ticket, actor=boris, assignee=anna if n % 2 else boris)
        services.message_add_from_agent(ticket=ticket, agent=anna, body=f"note {n}")

    with CaptureQueriesContext(connection) as queries:
        lines = history_lines(ticket_events(ticket=ticket))

    assert len(lines) == 1 + 5 + 5 + 1  # created, assignments, replies, the first reply's open
    assert len(queries) == 2  # the events with their actors, then the assignees' names


def test_changes_since_leaves_out_my_own_and_the_clocks(ticket, anna, boris):
    seen = ticket.events.latest("id").pk
    services.ticket_set_priority(ticket=ticket, actor=anna, priority="low")
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.SLA_WARNING,
        system_actor=TicketEvent.SystemActor.SLA,
        payload={"target": "first_response"},
    )
    assert changes_since(ticket=ticket, user=anna, event_id=seen) == []

    services.message_add_from_agent(ticket=ticket, agent=boris, body="On it")

    changes = changes_since(ticket=ticket, user=anna, event_id=seen)
    assert [line.text for line in changes] == [
        "Boris Ivanov replied to the customer",
        "Boris Ivanov set status to Open",
    ]
