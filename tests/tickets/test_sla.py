"""SLA clocks: due times stored on the ticket by every event, pauses, cycles, business time and
which policy applies. Everything goes through the services, as in production."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from tests.factories import AgentFactory, CategoryFactory, TeamFactory, make_ticket
from tickets import services
from tickets.business_time import ALWAYS
from tickets.models import BusinessCalendar, SlaPolicy, Ticket, TicketEvent, WorkingHours
from tickets.services.sla import sla_policy_for, ticket_sla_evaluation
from tickets.sla import sla_evaluate

pytestmark = pytest.mark.django_db

MIN = timedelta(minutes=1)
H = timedelta(hours=1)


def policy(**fields) -> SlaPolicy:
    values = {
        "name": "Normal",
        "priority": Ticket.Priority.NORMAL,
        "first_response_minutes": 60,
        "first_response_business": False,
        "next_response_minutes": 120,
        "next_response_business": False,
        "resolution_minutes": 480,
        "resolution_business": False,
    }
    return SlaPolicy.objects.create(**(values | fields))


def fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def reply(ticket, agent, **kwargs):
    services.message_add_from_agent(ticket=ticket, agent=agent, body="On it.", **kwargs)


def customer_reply(ticket):
    services.message_add_from_customer(ticket=ticket, customer=ticket.customer, body="Still?")


def test_due_times_stored_at_creation(at, t0, team):
    chosen = policy()
    with at():
        ticket = fresh(make_ticket(team=team))
    assert ticket.sla_policy == chosen
    assert ticket.first_response_due_at == t0 + 60 * MIN
    assert ticket.resolution_due_at == t0 + 8 * H
    assert ticket.next_response_due_at is None
    assert ticket.sla_due_at == t0 + 60 * MIN
    assert ticket.sla_warn_at == t0 + 48 * MIN  # 80 % of the hour


def test_no_policy_no_due_times(at, team):
    policy(priority=Ticket.Priority.HIGH)
    with at():
        ticket = fresh(make_ticket(team=team))
    assert ticket.sla_policy is None
    assert ticket.sla_due_at is None and ticket.sla_warn_at is None


def test_agent_reply_stops_first_response_and_is_met(at, t0, team, agent):
    policy()
    with at():
        ticket = make_ticket(team=team)
    with at(minutes=30):
        reply(ticket, agent)
    ticket = fresh(ticket)
    assert ticket.first_response_due_at is None
    assert ticket.sla_due_at == t0 + 8 * H
    with at(minutes=31):
        evaluation, _ = ticket_sla_evaluation(ticket)
    assert evaluation.first_response.met is True
    assert evaluation.first_response.elapsed_seconds == 30 * 60
    assert evaluation.first_response.stopped_at == t0 + 30 * MIN
    assert evaluation.outcome == "in_progress"


def test_internal_note_is_no_response(at, t0, team, agent):
    policy()
    with at():
        ticket = make_ticket(team=team)
    with at(minutes=10):
        reply(ticket, agent, is_internal=True)
    assert fresh(ticket).first_response_due_at == t0 + 60 * MIN


def test_pending_pauses_every_clock_and_a_reply_resumes(at, t0, team, agent):
    policy()
    with at():
        ticket = make_ticket(team=team)
    with at(hours=1):  # answered after exactly the hour, and waiting for the customer
        reply(ticket, agent, status=Ticket.Status.PENDING)
    ticket = fresh(ticket)
    assert ticket.resolution_due_at is None and ticket.sla_due_at is None
    with at(hours=4):  # three hours later the customer answers: the ticket reopens
        customer_reply(ticket)
    ticket = fresh(ticket)
    assert ticket.status == Ticket.Status.OPEN
    assert ticket.resolution_due_at == t0 + 11 * H  # 8 h of target + 3 h paused
    assert ticket.next_response_due_at == t0 + 6 * H  # the customer's reply starts cycle 1
    with at(hours=5):
        evaluation, _ = ticket_sla_evaluation(ticket)
    assert evaluation.resolution.paused_seconds == 3 * 3600
    assert evaluation.resolution.elapsed_seconds == 2 * 3600
    assert evaluation.first_response.met is True  # 60 min of 60 is within the target


def test_on_hold_pauses_a_first_response(at, t0, team, agent):
    policy()
    with at():
        ticket = make_ticket(team=team)
    with at(minutes=20):
        services.ticket_change_status(ticket=ticket, actor=agent, status=Ticket.Status.ON_HOLD)
    assert fresh(ticket).first_response_due_at is None
    with at(minutes=140):
        services.ticket_change_status(ticket=ticket, actor=agent, status=Ticket.Status.OPEN)
    assert fresh(ticket).first_response_due_at == t0 + 180 * MIN


def test_next_response_cycles(at, t0, team, agent):
    policy()
    with at():
        ticket = make_ticket(team=team)
    with at(minutes=10):
        reply(ticket, agent)
    with at(minutes=20):
        customer_reply(ticket)
    assert fresh(ticket).next_response_due_at == t0 + 140 * MIN
    with at(minutes=30):
        customer_reply(ticket)  # a second message in the same cycle starts nothing
    assert fresh(ticket).next_response_due_at == t0 + 140 * MIN
    with at(hours=3):  # answered 40 min late
        reply(ticket, agent)
    assert fresh(ticket).next_response_due_at is None
    with at(hours=4):
        customer_reply(ticket)
    assert fresh(ticket).next_response_due_at == t0 + 6 * H
    with at(hours=4, minutes=30):
        evaluation, _ = ticket_sla_evaluation(ticket)
    cycles = evaluation.next_responses
    assert [c.cycle for c in cycles] == [1, 2]
    assert cycles[0].met is False and cycles[0].elapsed_seconds == 160 * 60
    assert cycles[1].met is None and cycles[1].due_at == t0 + 6 * H
    assert evaluation.outcome == "missed"


def test_reopen_resumes_the_same_resolution_clock(at, t0, team, agent):
    policy()
    with at():
        ticket = make_ticket(team=team)
    with at(hours=2):
        reply(ticket, agent, status=Ticket.Status.SOLVED)
    ticket = fresh(ticket)
    assert ticket.sla_due_at is None
    with at(hours=5):
        customer_reply(ticket)  # reopens it
    ticket = fresh(ticket)
    assert ticket.status == Ticket.Status.OPEN
    assert ticket.resolution_due_at == t0 + 11 * H  # 6 h left of 8, from the reopen
    with at(hours=6):
        evaluation, _ = ticket_sla_evaluation(ticket)
    assert evaluation.resolution.elapsed_seconds == 3 * 3600
    assert evaluation.resolution.paused_seconds == 0  # time spent solved is no pause


def test_stopped_clocks_do_not_depend_on_now(at, t0, team, agent):
    policy()
    with at():
        ticket = make_ticket(team=team)
    with at(minutes=30):
        reply(ticket, agent, status=Ticket.Status.PENDING)
    with at(hours=2):
        services.ticket_change_status(ticket=ticket, actor=agent, status=Ticket.Status.CLOSED)
    ticket = fresh(ticket)
    events = list(ticket.events.all())
    one = sla_evaluate(events, policy=ticket.sla_policy, calendar=ALWAYS, now=t0 + 3 * H)
    two = sla_evaluate(events, policy=ticket.sla_policy, calendar=ALWAYS, now=t0 + 300 * H)
    assert one == two
    assert one.outcome == "met"
    assert one.resolution.elapsed_seconds == 30 * 60
    assert one.resolution.paused_seconds == 90 * 60


def test_resolution_over_target_is_missed(at, team, agent):
    policy(resolution_minutes=60)
    with at():
        ticket = make_ticket(team=team)
    with at(minutes=5):
        reply(ticket, agent)
    with at(minutes=61):
        services.ticket_change_status(ticket=ticket, actor=agent, status=Ticket.Status.SOLVED)
    evaluation, _ = ticket_sla_evaluation(fresh(ticket))
    assert evaluation.resolution.met is False
    assert evaluation.outcome == "missed"


def test_running_target_past_due_is_missed_only_with_its_breach_event(at, t0, team):
    policy()
    with at():
        ticket = fresh(make_ticket(team=team))
    events = list(ticket.events.all())
    late = t0 + 10 * H
    evaluation = sla_evaluate(events, policy=ticket.sla_policy, calendar=ALWAYS, now=late)
    assert evaluation.outcome == "in_progress"
    breach = TicketEvent(
        ticket=ticket,
        kind=TicketEvent.Kind.SLA_BREACHED,
        payload={"target": "first_response", "cycle": 0},
        created_at=t0 + 61 * MIN,
    )
    evaluation = sla_evaluate(
        [*events, breach], policy=ticket.sla_policy, calendar=ALWAYS, now=late
    )
    assert evaluation.first_response.met is False
    assert evaluation.outcome == "missed"


# --- Business time ---------------------------------------------------------------------------


@pytest.fixture
def office(team):
    """Moscow office hours, Monday to Friday 09:00-18:00 (UTC+3, no DST)."""
    calendar = BusinessCalendar.objects.create(name="Moscow office", time_zone="Europe/Moscow")
    for weekday in range(5):
        WorkingHours.objects.create(calendar=calendar, weekday=weekday, start=time(9), end=time(18))
    team.calendar = calendar
    team.save(update_fields=["calendar"])
    return calendar


def test_business_target_waits_for_office_hours(at, t0, team, office):
    # t0 is Monday 09:00 UTC = 12:00 Moscow. Filed on Friday at 17:00 Moscow (14:00 UTC).
    policy(first_response_minutes=120, first_response_business=True)
    with at(days=4, hours=5):
        ticket = fresh(make_ticket(team=team))
    # One hour on Friday, one on Monday from 09:00 Moscow (06:00 UTC).
    assert ticket.first_response_due_at == t0 + timedelta(days=7, hours=-2)
    # Calendar-time resolution is not moved by the office hours.
    assert ticket.resolution_due_at == t0 + timedelta(days=4, hours=13)


def test_business_and_calendar_elapsed_differ(at, t0, team, office, agent):
    policy(first_response_minutes=600, first_response_business=True)
    with at(days=4, hours=5):  # Friday 17:00 Moscow
        ticket = make_ticket(team=team)
    with at(days=7, hours=-1):  # Monday 11:00 Moscow
        reply(ticket, agent)
    evaluation, _ = ticket_sla_evaluation(fresh(ticket))
    state = evaluation.first_response
    assert state.business is True
    assert state.elapsed_seconds == 3 * 3600  # 1 h Friday + 2 h Monday
    assert state.met is True


# --- Which policy ------------------------------------------------------------------------------


def test_most_specific_policy_wins(team, other_team, customer):
    broad = policy(name="All normal")
    by_team = policy(name="Hardware", team=team)
    by_team_and_channel = policy(name="Hardware e-mail", team=team, channel=Ticket.Channel.EMAIL)
    policy(name="Inactive, most specific", team=team, channel="email", is_active=False)
    policy(name="Other priority", priority=Ticket.Priority.HIGH, team=team)
    assert sla_policy_for(make_ticket(team=team)) == by_team
    assert sla_policy_for(make_ticket(team=team, channel="email")) == by_team_and_channel
    assert sla_policy_for(make_ticket(team=other_team, channel="email")) == broad


def test_category_narrows_and_ties_go_to_lowest_id(team):
    category = CategoryFactory(team=team)
    first = policy(name="Category A", category=category)
    policy(name="Team B", team=team)
    ticket = make_ticket(team=team, category=category)
    assert sla_policy_for(ticket) == first
    assert fresh(ticket).sla_policy == first


def test_priority_change_moves_the_ticket_to_the_other_policy(at, t0, team, agent):
    policy()
    urgent = policy(name="Urgent", priority=Ticket.Priority.URGENT, first_response_minutes=15)
    with at():
        ticket = make_ticket(team=team)
    with at(minutes=5):
        services.ticket_update(ticket=ticket, actor=agent, priority=Ticket.Priority.URGENT)
    ticket = fresh(ticket)
    assert ticket.sla_policy == urgent
    assert ticket.first_response_due_at == t0 + 15 * MIN


def test_team_change_applies_the_new_teams_policy(at, t0, team, agent):
    policy()
    billing = TeamFactory(name="Billing desk")
    AgentFactory(teams=[billing])
    agent.teams.add(billing)
    theirs = policy(name="Billing", team=billing, first_response_minutes=30)
    with at():
        ticket = make_ticket(team=team)
    with at(minutes=1):
        services.ticket_update(ticket=ticket, actor=agent, team=billing)
    ticket = fresh(ticket)
    assert ticket.sla_policy == theirs
    assert ticket.first_response_due_at == t0 + 30 * MIN


# --- API and admin ----------------------------------------------------------------------------


def test_api_shows_the_due_times_read_only(at, t0, team, agent, api_client):
    policy()
    with at():
        ticket = make_ticket(team=team)
    api_client.force_authenticate(agent)
    url = f"/api/v1/tickets/{ticket.reference}/"
    body = api_client.get(url).json()
    assert body["first_response_due_at"] == (t0 + 60 * MIN).isoformat().replace("+00:00", "Z")
    assert body["sla_due_at"] == body["first_response_due_at"]
    assert body["next_response_due_at"] is None
    api_client.patch(url, {"sla_due_at": "2030-01-01T00:00:00Z"}, format="json")
    assert fresh(ticket).sla_due_at == t0 + 60 * MIN


@pytest.mark.parametrize("model", ["slapolicy", "slaalert"])
def test_admin_pages_render(client, at, team, model):
    from tests.factories import UserFactory

    policy()
    with at():
        make_ticket(team=team)
    with at(hours=2):
        from tickets.services.sla import sla_alerts_check

        assert sla_alerts_check() == 1
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(f"/admin/tickets/{model}/")
    assert response.status_code == 200
    assert "first_response" in response.content.decode() or model == "slapolicy"
    assert "Normal" in response.content.decode() or model == "slaalert"


def test_a_changed_policy_reaches_open_tickets(at, t0, team):
    from tickets.services.sla import open_tickets_sla_refresh

    chosen = policy()
    with at():
        waiting = make_ticket(team=team)
    chosen.first_response_minutes = 30
    chosen.save()
    assert fresh(waiting).first_response_due_at == t0 + 60 * MIN  # until its next event
    with at(minutes=1):
        assert open_tickets_sla_refresh() == 1
    assert fresh(waiting).first_response_due_at == t0 + 30 * MIN


def test_policy_admin_save_asks_for_the_refresh(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory
    from tickets import tasks

    asked = []
    monkeypatch.setattr(tasks.refresh_sla_due_times, "apply_async", lambda **kw: asked.append(kw))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/tickets/slapolicy/add/",
            {
                "name": "Urgent",
                "priority": "urgent",
                "first_response_minutes": "15",
                "warn_at_percent": "80",
                "is_active": "on",
            },
        )
    assert response.status_code == 302
    assert SlaPolicy.objects.filter(name="Urgent").exists()
    assert asked == [{"retry": False}]
