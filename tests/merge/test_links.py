"""Related tickets: link and unlink through the services, one event on each ticket."""

import pytest

from tests.factories import AgentFactory, make_ticket
from tickets.models import TicketEvent, TicketLink
from tickets.related import ticket_relations_for_user
from tickets.services.merge import ticket_link, ticket_merge, ticket_unlink

pytestmark = pytest.mark.django_db

K = TicketEvent.Kind


@pytest.fixture
def pair(customer, other_customer, team):
    """Links may cross customers (unlike merges)."""
    return make_ticket(customer=customer, team=team), make_ticket(
        customer=other_customer, team=team
    )


def test_link_shows_on_both_tickets_with_an_event_on_each(pair, agent):
    first, second = pair

    link = ticket_link(ticket=first, other=second, actor=agent)

    assert [item.ticket for item in ticket_relations_for_user(user=agent, ticket=first).links] == [
        second
    ]
    assert [item.ticket for item in ticket_relations_for_user(user=agent, ticket=second).links] == [
        first
    ]
    for ticket, other in ((first, second), (second, first)):
        event = ticket.events.get(kind=K.LINKED)
        assert event.payload == {"link_id": link.pk, "ticket_id": other.pk, "number": other.number}
        assert event.actor_user == agent


@pytest.mark.parametrize("direction", ["same", "reverse"])
def test_a_pair_is_linked_once_in_either_direction(pair, agent, direction):
    first, second = pair
    ticket_link(ticket=first, other=second, actor=agent)
    again = (first, second) if direction == "same" else (second, first)

    with pytest.raises(Exception, match="already linked") as raised:
        ticket_link(ticket=again[0], other=again[1], actor=agent)

    assert raised.value.field == "ticket"
    assert TicketLink.objects.count() == 1
    assert TicketEvent.objects.filter(kind=K.LINKED).count() == 2


def test_refusals(pair, agent, other_team, customer, team):
    first, second = pair
    hidden = make_ticket(customer=customer, team=other_team)
    merged = make_ticket(customer=customer, team=team)
    ticket_merge(source=merged, target=first, actor=agent)

    for other in (first, hidden, merged):
        with pytest.raises(Exception):  # noqa: B017 - itself, not allowed, merged
            ticket_link(ticket=first, other=other, actor=agent)
    with pytest.raises(Exception):  # noqa: B017
        ticket_link(ticket=first, other=second, actor=AgentFactory(teams=[other_team]))

    assert not TicketLink.objects.exists()
    assert not TicketEvent.objects.filter(kind=K.LINKED).exists()


def test_unlink_from_either_end_records_it_on_both(pair, agent):
    first, second = pair
    link = ticket_link(ticket=first, other=second, actor=agent)

    ticket_unlink(ticket=second, link=link, actor=agent)

    assert not TicketLink.objects.exists()
    assert first.events.filter(kind=K.UNLINKED, payload__ticket_id=second.pk).exists()
    assert second.events.filter(kind=K.UNLINKED, payload__ticket_id=first.pk).exists()


def test_linked_tickets_the_agent_cannot_see_are_not_listed(pair, agent, other_team, customer):
    first, _second = pair
    hidden = make_ticket(customer=customer, team=other_team)
    ticket_link(
        ticket=first, other=hidden, actor=AgentFactory(teams=[agent.teams.get(), other_team])
    )

    assert ticket_relations_for_user(user=agent, ticket=first).links == []
