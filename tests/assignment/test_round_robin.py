"""Round-robin within a team: in turn, skipping away agents and agents at the team's cap."""

import pytest

from tests.concurrency import run_at_once
from tests.factories import AgentFactory, ManagerFactory, TeamFactory, make_ticket
from tickets import services
from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db

K = TicketEvent.Kind


@pytest.fixture
def rr_team(db):
    return TeamFactory(name="Round robin", auto_assign=True)


@pytest.fixture
def three(rr_team):
    """Three agents of the team, in id order (the round-robin's order)."""
    return [AgentFactory(teams=[rr_team]) for _ in range(3)]


def assignees(tickets):
    return [Ticket.objects.get(pk=ticket.pk).assignee for ticket in tickets]


def test_new_tickets_go_round_in_turn_and_wrap(rr_team, three):
    tickets = [make_ticket(team=rr_team) for _ in range(4)]

    assert assignees(tickets) == [three[0], three[1], three[2], three[0]]


def test_the_assignment_is_an_event_of_the_round_robin(rr_team, three):
    ticket = make_ticket(team=rr_team)

    event = ticket.events.get(kind=K.ASSIGNED)
    assert event.system_actor == TicketEvent.SystemActor.ROUND_ROBIN
    assert event.actor_user is None
    assert event.payload == {"from": None, "to": three[0].pk}
    assert [e.kind for e in ticket.events.order_by("id")] == [K.CREATED, K.ASSIGNED]


def test_a_team_without_auto_assign_leaves_tickets_unassigned(team, agent):
    ticket = make_ticket(team=team)

    assert ticket.assignee is None
    assert not ticket.events.filter(kind=K.ASSIGNED).exists()


def test_away_agents_are_skipped(rr_team, three):
    three[1].is_away = True
    three[1].save()

    tickets = [make_ticket(team=rr_team) for _ in range(3)]

    assert assignees(tickets) == [three[0], three[2], three[0]]


def test_agents_at_the_cap_are_skipped_and_nobody_eligible_leaves_it_unassigned(rr_team, three):
    rr_team.max_open_per_agent = 1
    rr_team.save()

    tickets = [make_ticket(team=rr_team) for _ in range(4)]

    assert assignees(tickets) == [*three, None]


def test_a_solved_ticket_frees_a_place_under_the_cap(rr_team, three):
    rr_team.max_open_per_agent = 1
    rr_team.save()
    first, *_rest = [make_ticket(team=rr_team) for _ in range(3)]
    services.ticket_change_status(ticket=first, actor=three[0], status=Ticket.Status.SOLVED)

    assert make_ticket(team=rr_team).assignee == three[0]


def test_only_the_teams_open_tickets_count_towards_its_cap(rr_team, three, team):
    rr_team.max_open_per_agent = 1
    rr_team.save()
    three[0].teams.add(team)
    elsewhere = make_ticket(team=team)
    services.ticket_assign(ticket=elsewhere, actor=three[0], assignee=three[0])

    assert make_ticket(team=rr_team).assignee == three[0]


def test_manual_assignment_may_exceed_the_cap(rr_team, three):
    rr_team.max_open_per_agent = 1
    rr_team.save()
    make_ticket(team=rr_team)  # three[0] is at the cap now
    unassigned = make_ticket(team=TeamFactory())
    services.ticket_change_team(ticket=unassigned, actor=ManagerFactory(), team=rr_team)

    ticket = Ticket.objects.get(pk=unassigned.pk)
    services.ticket_assign(ticket=ticket, actor=ManagerFactory(), assignee=three[0])

    assert Ticket.objects.get(pk=ticket.pk).assignee == three[0]


def test_moving_a_ticket_to_an_auto_assign_team_assigns_it(rr_team, three, team, agent):
    ticket = make_ticket(team=team)

    moved = services.ticket_change_team(ticket=ticket, actor=agent, team=rr_team)

    assert moved.assignee == three[0]
    kinds = list(ticket.events.order_by("id").values_list("kind", "system_actor"))
    assert kinds[-2:] == [(K.TEAM_CHANGED, ""), (K.ASSIGNED, "round_robin")]


def test_moving_with_an_explicit_assignee_keeps_that_choice(rr_team, three, team):
    manager = ManagerFactory()
    ticket = make_ticket(team=team)

    moved = services.ticket_update(ticket=ticket, actor=manager, team=rr_team, assignee=None)

    assert moved.assignee is None


def test_picker_shows_open_counts_and_away(rr_team, three):
    from tickets.forms import assignee_choice_label
    from tickets.selectors import assignable_agents

    three[2].is_away = True
    three[2].save()
    ticket = make_ticket(team=rr_team)  # to three[0]
    make_ticket(team=rr_team)  # to three[1]
    make_ticket(team=rr_team)  # three[2] is away: to three[0]

    labels = [assignee_choice_label(user) for user in assignable_agents(ticket=ticket)]

    name = [agent.get_full_name() for agent in three]
    assert sorted(labels) == sorted(
        [f"{name[0]} (2 open)", f"{name[1]} (1 open)", f"{name[2]} (0 open, away)"]
    )


def test_picker_counts_stop_at_the_limit_and_say_so(rr_team, three, monkeypatch):
    """The picker's counts are bounded (a busy agent's thousands are not all counted); the
    round-robin cap still counts them all."""
    from tickets import selectors
    from tickets.forms import assignee_choice_label

    monkeypatch.setattr(selectors, "PICKER_COUNT_LIMIT", 2)
    for _ in range(3):
        make_ticket(team=rr_team)  # one each, round-robin
    ticket = make_ticket(team=rr_team)  # three[0]'s second
    services.ticket_assign(ticket=make_ticket(team=rr_team), actor=three[0], assignee=three[0])

    labels = {
        user.pk: assignee_choice_label(user) for user in selectors.assignable_agents(ticket=ticket)
    }
    exact = {user.pk: user.open_count for user in selectors.agents_with_open_counts(team=rr_team)}

    name = three[0].get_full_name()
    assert labels[three[0].pk] == f"{name} (more than 1 open)"
    assert labels[three[2].pk] == f"{three[2].get_full_name()} (1 open)"
    assert exact[three[0].pk] == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_never_give_an_agent_more_than_the_cap(customer):
    team = TeamFactory(name="Busy", auto_assign=True, max_open_per_agent=1)
    agents = [AgentFactory(teams=[team]) for _ in range(2)]

    tickets = run_at_once(lambda: make_ticket(team=team, customer=customer), times=3)

    got = sorted(
        (Ticket.objects.get(pk=ticket.pk).assignee_id or 0 for ticket in tickets), reverse=True
    )
    assert got == sorted([agents[0].pk, agents[1].pk, 0], reverse=True)
    assert TicketEvent.objects.filter(kind=K.ASSIGNED).count() == 2


def test_managers_and_admins_in_the_team_are_not_in_the_rotation(rr_team, three):
    from tests.factories import UserFactory

    ManagerFactory(teams=[rr_team])
    UserFactory(teams=[rr_team], is_superuser=True)

    tickets = [make_ticket(team=rr_team) for _ in range(4)]

    assert assignees(tickets) == [*three, three[0]]
