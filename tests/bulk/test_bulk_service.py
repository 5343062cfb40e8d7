"""tickets_bulk_update: the same change to many tickets, one event per ticket per change, all or
nothing, errors naming the ticket."""

import pytest

from helpdesk.errors import PermissionDenied, ValidationError
from tests.factories import AgentFactory, CustomerFactory, TeamFactory, make_ticket
from tickets import services
from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db

K = TicketEvent.Kind
S = Ticket.Status


@pytest.fixture
def tickets(team):
    return [make_ticket(team=team) for _ in range(3)]


def reloaded(tickets):
    return list(Ticket.objects.filter(pk__in=[t.pk for t in tickets]).order_by("pk"))


def events_of(tickets, kind):
    return TicketEvent.objects.filter(ticket__in=tickets, kind=kind)


def test_every_change_lands_with_one_event_per_ticket_each(tickets, agent, team):
    services.tickets_bulk_update(
        actor=agent,
        tickets=tickets,
        assignee=agent,
        status=S.PENDING,
        priority=Ticket.Priority.HIGH,
        add_tags=["vip"],
    )

    for ticket in reloaded(tickets):
        assert (ticket.assignee, ticket.status, ticket.priority) == (agent, S.PENDING, "high")
        assert list(ticket.tags.values_list("name", flat=True)) == ["vip"]
    for kind in (K.ASSIGNED, K.STATUS_CHANGED, K.PRIORITY_CHANGED, K.TAGS_CHANGED):
        assert sorted(events_of(tickets, kind).values_list("ticket_id", flat=True)) == sorted(
            t.pk for t in tickets
        )


def test_add_tags_keeps_each_tickets_own_tags(tickets, agent):
    services.ticket_set_tags(ticket=tickets[0], actor=agent, tags=["printer"])

    services.tickets_bulk_update(actor=agent, tickets=tickets, add_tags=["vip", "printer"])

    tags = [sorted(t.tags.values_list("name", flat=True)) for t in reloaded(tickets)]
    assert tags == [["printer", "vip"], ["printer", "vip"], ["printer", "vip"]]


def test_unchanged_tickets_get_no_event(tickets, agent):
    services.ticket_set_priority(ticket=tickets[0], actor=agent, priority="high")

    services.tickets_bulk_update(actor=agent, tickets=tickets, priority="high")

    assert events_of(tickets, K.PRIORITY_CHANGED).count() == 3  # one each, none twice


def test_ids_work_as_well_as_tickets(tickets, agent):
    services.tickets_bulk_update(actor=agent, tickets=[t.pk for t in tickets], priority="low")

    assert {t.priority for t in reloaded(tickets)} == {"low"}


def test_team_move_then_assignee_in_the_new_team(tickets, agent, other_team):
    newcomer = AgentFactory(teams=[other_team])
    agent.teams.add(other_team)

    services.tickets_bulk_update(actor=agent, tickets=tickets, team=other_team, assignee=newcomer)

    assert {(t.team_id, t.assignee_id) for t in reloaded(tickets)} == {(other_team.pk, newcomer.pk)}


def test_one_invalid_ticket_changes_nothing_and_names_the_ticket(tickets, agent):
    services.ticket_change_status(ticket=tickets[1], actor=agent, status=S.CLOSED)
    before = set(TicketEvent.objects.values_list("pk", flat=True))

    with pytest.raises(ValidationError) as raised:
        services.tickets_bulk_update(actor=agent, tickets=tickets, status=S.OPEN, priority="urgent")

    assert raised.value.message.startswith(f"{tickets[1].reference}: ")
    assert raised.value.field == "status"
    assert set(TicketEvent.objects.values_list("pk", flat=True)) == before
    assert [t.priority for t in reloaded(tickets)] == ["normal"] * 3
    assert reloaded(tickets)[0].status == S.NEW


def test_an_assignee_outside_a_tickets_team_fails_the_whole_action(tickets, agent, other_team):
    elsewhere = make_ticket(team=other_team)
    agent.teams.add(other_team)
    only_here = AgentFactory(teams=[tickets[0].team])

    with pytest.raises(ValidationError) as raised:
        services.tickets_bulk_update(actor=agent, tickets=[*tickets, elsewhere], assignee=only_here)

    assert elsewhere.reference in raised.value.message
    assert raised.value.field == "assignee"
    assert not events_of([*tickets, elsewhere], K.ASSIGNED).exists()


def test_a_ticket_of_another_team_is_refused_by_its_reference(tickets, agent, other_team):
    foreign = make_ticket(team=other_team)

    with pytest.raises(PermissionDenied) as raised:
        services.tickets_bulk_update(actor=agent, tickets=[*tickets, foreign], priority="low")

    assert raised.value.message.startswith(f"{foreign.reference}: ")
    assert [t.priority for t in reloaded(tickets)] == ["normal"] * 3


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"tickets": [], "priority": "low"}, "tickets"),
        ({"priority": "low", "tickets": list(range(1, 202))}, "tickets"),
        ({"tickets": None}, None),  # no change asked for
        ({"tickets": None, "priority": "sky-high"}, "priority"),
    ],
)
def test_bad_requests(tickets, agent, kwargs, field):
    if kwargs["tickets"] is None:
        kwargs["tickets"] = tickets

    with pytest.raises(ValidationError) as raised:
        services.tickets_bulk_update(actor=agent, **kwargs)

    assert raised.value.field == field


def test_customers_cannot_bulk_update(tickets):
    with pytest.raises(PermissionDenied):
        services.tickets_bulk_update(
            actor=CustomerFactory(with_login=True).user, tickets=tickets, priority="low"
        )


def test_moving_to_an_auto_assign_team_round_robins_each_ticket(tickets, manager):
    rr_team = TeamFactory(auto_assign=True)
    first, second = AgentFactory(teams=[rr_team]), AgentFactory(teams=[rr_team])

    services.tickets_bulk_update(actor=manager, tickets=tickets, team=rr_team)

    assert [t.assignee for t in reloaded(tickets)] == [first, second, first]


@pytest.mark.django_db(transaction=True)
def test_two_bulk_actions_over_the_same_rows_queue_up_instead_of_deadlocking(customer, team):
    from tests.concurrency import run_at_once

    agent = AgentFactory(teams=[team])
    tickets = [make_ticket(team=team, customer=customer) for _ in range(6)]
    orders = iter([tickets, tickets[::-1]])
    priorities = iter(["high", "low"])

    def bulk():
        selection, priority = next(orders), next(priorities)
        return services.tickets_bulk_update(actor=agent, tickets=selection, priority=priority)

    run_at_once(bulk)

    assert len({t.priority for t in reloaded(tickets)}) == 1  # one ran after the other
    assert events_of(tickets, K.PRIORITY_CHANGED).count() == 12
