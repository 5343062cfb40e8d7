"""'Take it': an agent assigns an unassigned ticket to themselves; exactly one of two wins."""

import pytest

from helpdesk.errors import PermissionDenied
from tests.concurrency import run_at_once
from tests.factories import AgentFactory, make_ticket
from tickets import services
from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db

K = TicketEvent.Kind


def test_take_assigns_an_unassigned_ticket_with_one_event(ticket, agent):
    taken = services.ticket_take(ticket=ticket, agent=agent)

    assert taken.assignee == agent
    event = ticket.events.get(kind=K.ASSIGNED)
    assert event.actor_user == agent
    assert event.payload == {"from": None, "to": agent.pk}


def test_taking_ones_own_ticket_again_changes_nothing(ticket, agent):
    services.ticket_take(ticket=ticket, agent=agent)

    services.ticket_take(ticket=ticket, agent=agent)

    assert ticket.events.filter(kind=K.ASSIGNED).count() == 1


def test_a_taken_ticket_names_who_has_it(ticket, agent, team):
    anna = AgentFactory(teams=[team], first_name="Anna", last_name="Petrova")
    services.ticket_take(ticket=ticket, agent=anna)

    with pytest.raises(services.TicketAlreadyTaken) as raised:
        services.ticket_take(ticket=ticket, agent=agent)

    assert raised.value.message == "Already taken by Anna Petrova."
    assert raised.value.status_code == 409
    assert raised.value.as_dict()["assignee"] == anna.username
    ticket.refresh_from_db()
    assert ticket.assignee == anna


def test_an_agent_of_another_team_cannot_take(ticket, other_agent):
    with pytest.raises(PermissionDenied):
        services.ticket_take(ticket=ticket, agent=other_agent)

    assert Ticket.objects.get(pk=ticket.pk).assignee is None


@pytest.mark.django_db(transaction=True)
def test_two_agents_taking_at_once_exactly_one_wins(team, customer):
    ticket = make_ticket(customer=customer, team=team)
    anna, boris = AgentFactory(teams=[team]), AgentFactory(teams=[team])
    agents = iter([anna, boris])
    outcomes = []

    def take():
        agent = next(agents)  # each thread takes the next agent (next() holds the GIL)
        try:
            services.ticket_take(ticket=ticket, agent=agent)
            outcomes.append(("won", agent))
        except services.TicketAlreadyTaken as error:
            outcomes.append(("lost", error.assignee))

    run_at_once(take)

    ticket.refresh_from_db()
    assert sorted(kind for kind, _agent in outcomes) == ["lost", "won"]
    # The loser is told the winner's name, and the winner is the assignee.
    assert {agent for _kind, agent in outcomes} == {ticket.assignee}
    assert ticket.events.filter(kind=K.ASSIGNED).count() == 1
