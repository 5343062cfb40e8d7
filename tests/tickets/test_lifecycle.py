"""The status lifecycle, driven through the services: agents' transitions, and what customer and
agent replies do to the status."""

from datetime import timedelta

import pytest

from helpdesk.errors import ValidationError
from tests.factories import make_ticket
from tickets import services
from tickets.models import Message, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

S = Ticket.Status
K = TicketEvent.Kind

# Written out here on purpose (not read from tickets.lifecycle), so a wrong table fails.
ALLOWED = {
    S.NEW: {S.OPEN, S.PENDING, S.ON_HOLD, S.SOLVED, S.CLOSED},
    S.OPEN: {S.PENDING, S.ON_HOLD, S.SOLVED, S.CLOSED},
    S.PENDING: {S.OPEN, S.ON_HOLD, S.SOLVED, S.CLOSED},
    S.ON_HOLD: {S.OPEN, S.PENDING, S.SOLVED, S.CLOSED},
    S.SOLVED: {S.OPEN, S.CLOSED},
    S.CLOSED: set(),
}
ALLOWED_PAIRS = [(current, target) for current in S for target in sorted(ALLOWED[current])]
DISALLOWED_PAIRS = [
    (current, target)
    for current in S
    for target in S
    if target != current and target not in ALLOWED[current]
]


def ticket_in_status(status, *, customer, team, agent) -> Ticket:
    ticket = make_ticket(customer=customer, team=team)
    if status != S.NEW:
        services.ticket_change_status(ticket=ticket, actor=agent, status=status)
    ticket.refresh_from_db()
    return ticket


def status_events(ticket):
    return list(ticket.events.filter(kind=K.STATUS_CHANGED).order_by("id"))


@pytest.mark.parametrize(("current", "target"), ALLOWED_PAIRS)
def test_allowed_transition_changes_status_and_records_event(
    current, target, customer, team, agent
):
    ticket = ticket_in_status(current, customer=customer, team=team, agent=agent)
    events_before = len(status_events(ticket))

    services.ticket_change_status(ticket=ticket, actor=agent, status=target)

    ticket.refresh_from_db()
    assert ticket.status == target
    events = status_events(ticket)
    assert len(events) == events_before + 1
    assert events[-1].payload == {"from": current, "to": target}
    assert events[-1].actor_user == agent


@pytest.mark.parametrize(("current", "target"), DISALLOWED_PAIRS)
def test_disallowed_transition_is_refused_and_changes_nothing(
    current, target, customer, team, agent
):
    ticket = ticket_in_status(current, customer=customer, team=team, agent=agent)
    events_before = list(ticket.events.values_list("id", flat=True))

    with pytest.raises(ValidationError) as error:
        services.ticket_change_status(ticket=ticket, actor=agent, status=target)

    assert error.value.field == "status"
    ticket.refresh_from_db()
    assert ticket.status == current
    assert list(ticket.events.values_list("id", flat=True)) == events_before


@pytest.mark.parametrize("status", list(S))
def test_setting_the_current_status_is_a_no_op_without_event(status, customer, team, agent):
    ticket = ticket_in_status(status, customer=customer, team=team, agent=agent)
    events_before = ticket.events.count()

    services.ticket_change_status(ticket=ticket, actor=agent, status=status)

    ticket.refresh_from_db()
    assert ticket.status == status
    assert ticket.events.count() == events_before


def test_unknown_status_is_a_validation_error(ticket, agent):
    with pytest.raises(ValidationError) as error:
        services.ticket_change_status(ticket=ticket, actor=agent, status="archived")

    assert error.value.field == "status"
    ticket.refresh_from_db()
    assert ticket.status == S.NEW


def test_solving_stamps_solved_at_and_reopening_clears_it(ticket, agent, at, t0):
    with at(minutes=5):
        services.ticket_change_status(ticket=ticket, actor=agent, status=S.SOLVED)
    ticket.refresh_from_db()
    assert ticket.solved_at == t0 + timedelta(minutes=5)
    assert ticket.closed_at is None

    with at(minutes=9):
        services.ticket_change_status(ticket=ticket, actor=agent, status=S.OPEN)

    ticket.refresh_from_db()
    assert ticket.solved_at is None


def test_closing_stamps_closed_at_and_keeps_the_solved_time(ticket, agent, at):
    with at(minutes=5):
        services.ticket_change_status(ticket=ticket, actor=agent, status=S.SOLVED)
    with at(minutes=30):
        services.ticket_change_status(ticket=ticket, actor=agent, status=S.CLOSED)

    ticket.refresh_from_db()
    assert (ticket.closed_at - ticket.solved_at).total_seconds() == 25 * 60


# --- Customer replies ------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.PENDING, S.SOLVED])
def test_customer_reply_reopens_pending_or_solved_ticket(status, customer, team, agent):
    ticket = ticket_in_status(status, customer=customer, team=team, agent=agent)

    services.message_add_from_customer(ticket=ticket, customer=customer, body="Still broken.")

    ticket.refresh_from_db()
    assert ticket.status == S.OPEN
    reopened = status_events(ticket)[-1]
    assert reopened.payload == {"from": status, "to": S.OPEN}
    assert reopened.actor_customer == customer
    assert reopened.actor_user is None


@pytest.mark.parametrize("status", [S.ON_HOLD, S.NEW, S.OPEN])
def test_customer_reply_leaves_other_open_statuses_alone(status, customer, team, agent):
    ticket = ticket_in_status(status, customer=customer, team=team, agent=agent)
    status_events_before = len(status_events(ticket))

    services.message_add_from_customer(ticket=ticket, customer=customer, body="Any news?")

    ticket.refresh_from_db()
    assert ticket.status == status
    assert len(status_events(ticket)) == status_events_before
    assert ticket.messages.count() == 2


def test_customer_reply_to_closed_ticket_opens_linked_follow_up(customer, team, agent):
    closed = ticket_in_status(S.CLOSED, customer=customer, team=team, agent=agent)

    message = services.message_add_from_customer(
        ticket=closed, customer=customer, body="It broke again."
    )

    follow_up = message.ticket
    assert follow_up.pk != closed.pk
    assert follow_up.follow_up_of == closed
    assert follow_up.status == S.NEW
    assert follow_up.team == team
    assert follow_up.customer == customer
    assert list(follow_up.messages.values_list("body", flat=True)) == ["It broke again."]
    closed.refresh_from_db()
    assert closed.status == S.CLOSED
    assert closed.messages.count() == 1
    marker = closed.events.get(kind=K.FOLLOW_UP_CREATED)
    assert marker.payload["follow_up_id"] == follow_up.pk
    assert marker.actor_customer == customer


# --- Agent replies ---------------------------------------------------------------------------


def test_first_public_agent_reply_opens_new_ticket(ticket, agent):
    services.message_add_from_agent(ticket=ticket, agent=agent, body="Looking into it.")

    ticket.refresh_from_db()
    assert ticket.status == S.OPEN
    assert status_events(ticket)[-1].payload == {"from": S.NEW, "to": S.OPEN}


@pytest.mark.parametrize("current", [S.NEW, S.OPEN])
def test_agent_reply_can_set_pending(current, customer, team, agent):
    ticket = ticket_in_status(current, customer=customer, team=team, agent=agent)

    reply = services.message_add_from_agent(
        ticket=ticket, agent=agent, body="Can you send a photo?", status=S.PENDING
    )

    ticket.refresh_from_db()
    assert ticket.status == S.PENDING
    assert status_events(ticket)[-1].payload == {
        "from": current,
        "to": S.PENDING,
        "with_message_id": reply.pk,
    }


@pytest.mark.parametrize("current", [S.NEW, S.PENDING])
def test_internal_note_does_not_change_status(current, customer, team, agent):
    ticket = ticket_in_status(current, customer=customer, team=team, agent=agent)
    status_events_before = len(status_events(ticket))

    services.message_add_from_agent(
        ticket=ticket, agent=agent, body="Customer is a VIP.", is_internal=True
    )

    ticket.refresh_from_db()
    assert ticket.status == current
    assert len(status_events(ticket)) == status_events_before


def test_public_reply_on_closed_ticket_is_refused(customer, team, agent):
    ticket = ticket_in_status(S.CLOSED, customer=customer, team=team, agent=agent)
    events_before = ticket.events.count()

    with pytest.raises(ValidationError) as error:
        services.message_add_from_agent(ticket=ticket, agent=agent, body="One more thing")

    assert error.value.field == "body"
    assert ticket.messages.count() == 1
    assert ticket.events.count() == events_before


def test_internal_note_on_closed_ticket_is_still_possible(customer, team, agent):
    ticket = ticket_in_status(S.CLOSED, customer=customer, team=team, agent=agent)

    services.message_add_from_agent(
        ticket=ticket, agent=agent, body="Post-mortem", is_internal=True
    )

    assert ticket.messages.filter(is_internal=True).count() == 1
    ticket.refresh_from_db()
    assert ticket.status == S.CLOSED


def test_agent_reply_with_disallowed_status_writes_nothing(customer, team, agent):
    ticket = ticket_in_status(S.SOLVED, customer=customer, team=team, agent=agent)
    events_before = ticket.events.count()

    with pytest.raises(ValidationError) as error:
        services.message_add_from_agent(
            ticket=ticket, agent=agent, body="Waiting for you", status=S.PENDING
        )

    assert error.value.field == "status"
    assert Message.objects.filter(ticket=ticket).count() == 1
    assert ticket.events.count() == events_before
