"""Beat's automations: solved tickets close, unanswered pending tickets are solved with a
notice; both recorded as the system, both safe to run twice or at once."""

from __future__ import annotations

import pytest

from tests.concurrency import run_at_once
from tests.factories import CustomerFactory, make_ticket
from tickets import services
from tickets.models import OutboundEmail, Ticket, TicketEvent
from tickets.services.automations import tickets_auto_close, tickets_pending_solve
from tickets.tasks import run_automations

pytestmark = pytest.mark.django_db

System = TicketEvent.SystemActor


def status_of(ticket) -> str:
    return Ticket.objects.get(pk=ticket.pk).status


def system_changes(ticket):
    return list(
        TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.STATUS_CHANGED)
        .exclude(system_actor="")
        .values_list("system_actor", "payload__to", "actor_user", "actor_customer")
    )


@pytest.fixture
def solved(at, team, agent):
    with at():
        ticket = make_ticket(team=team)
        services.message_add_from_agent(
            ticket=ticket, agent=agent, body="Fixed.", status=Ticket.Status.SOLVED
        )
    return ticket


@pytest.fixture
def pending(at, team, agent):
    customer = CustomerFactory(language="ru")
    with at():
        ticket = make_ticket(team=team, customer=customer)
        services.message_add_from_agent(
            ticket=ticket, agent=agent, body="Which model?", status=Ticket.Status.PENDING
        )
    return ticket


def test_solved_ticket_closes_after_the_days(at, solved):
    with at(days=6, hours=23):
        assert tickets_auto_close() == 0
    assert status_of(solved) == Ticket.Status.SOLVED
    with at(days=7, minutes=1):
        assert tickets_auto_close() == 1
        assert tickets_auto_close() == 0
    assert status_of(solved) == Ticket.Status.CLOSED
    assert system_changes(solved) == [(System.AUTO_CLOSE, "closed", None, None)]


def test_auto_close_days_come_from_settings(at, settings, solved):
    settings.HELPDESK_AUTO_CLOSE_DAYS = 2
    with at(days=2, minutes=1):
        assert tickets_auto_close() == 1
    assert status_of(solved) == Ticket.Status.CLOSED


def test_a_reopened_ticket_does_not_close(at, solved):
    with at(days=1):
        services.message_add_from_customer(ticket=solved, customer=solved.customer, body="No")
    with at(days=30):
        assert tickets_auto_close() == 0
    assert status_of(solved) == Ticket.Status.OPEN


def test_unanswered_pending_ticket_is_solved_with_a_notice(at, pending):
    with at(days=6):
        assert tickets_pending_solve() == 0
    with at(days=7, minutes=1):
        assert run_automations() == {"closed": 0, "solved": 1}
        assert tickets_pending_solve() == 0
    assert status_of(pending) == Ticket.Status.SOLVED
    assert system_changes(pending) == [(System.PENDING_TIMEOUT, "solved", None, None)]
    notices = list(
        OutboundEmail.objects.filter(ticket=pending)
        .exclude(kind__in=[OutboundEmail.Kind.ACKNOWLEDGEMENT, OutboundEmail.Kind.AGENT_REPLY])
        .values_list("kind", "recipient", "language")
    )
    assert notices == [(OutboundEmail.Kind.PENDING_SOLVED, pending.customer.email, "ru")]
    # and seven days after that, it closes
    with at(days=14, minutes=2):
        assert tickets_auto_close() == 1
    assert status_of(pending) == Ticket.Status.CLOSED


def test_notice_counts_the_days_in_the_customers_language(at, settings, pending):
    settings.HELPDESK_PENDING_SOLVE_DAYS = 1
    with at(days=1, minutes=1):
        tickets_pending_solve()
    notice = OutboundEmail.objects.get(kind=OutboundEmail.Kind.PENDING_SOLVED)
    assert pending.reference in notice.subject
    assert " 1 " in notice.body_text


def test_a_customer_answer_keeps_the_ticket_open(at, agent, pending):
    with at(days=3):
        services.message_add_from_customer(ticket=pending, customer=pending.customer, body="X1")
    with at(days=4):
        services.message_add_from_agent(
            ticket=pending, agent=agent, body="And the serial?", status=Ticket.Status.PENDING
        )
    with at(days=10):  # 10 days after the first question, 6 after the second
        assert tickets_pending_solve() == 0
    assert status_of(pending) == Ticket.Status.PENDING
    with at(days=11, minutes=1):
        assert tickets_pending_solve() == 1


def test_system_changes_send_no_agent_style_status_notice(at, pending):
    from tickets.services import events_process_pending

    with at(days=8):
        tickets_pending_solve()
        while events_process_pending():
            pass
    kinds = set(OutboundEmail.objects.filter(ticket=pending).values_list("kind", flat=True))
    assert OutboundEmail.Kind.PENDING_SOLVED in kinds
    assert OutboundEmail.Kind.SOLVED not in kinds


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_change_each_ticket_once(at, team, agent):
    with at():
        tickets = []
        for _ in range(4):
            ticket = make_ticket(team=team)
            services.message_add_from_agent(
                ticket=ticket, agent=agent, body="?", status=Ticket.Status.PENDING
            )
            tickets.append(ticket)
    with at(days=8):
        results = run_at_once(lambda: tickets_pending_solve(batch_size=1))

    assert sum(results) == len(tickets)
    changes = TicketEvent.objects.filter(system_actor=System.PENDING_TIMEOUT)
    assert changes.count() == len(tickets)
    assert OutboundEmail.objects.filter(kind=OutboundEmail.Kind.PENDING_SOLVED).count() == len(
        tickets
    )


def test_one_ticket_that_fails_holds_up_no_other(at, team, agent, monkeypatch):
    from tickets.services import automations

    with at():
        tickets = [make_ticket(team=team, customer=CustomerFactory()) for _ in range(2)]
        for ticket in tickets:
            services.message_add_from_agent(
                ticket=ticket, agent=agent, body="Which model?", status=Ticket.Status.PENDING
            )
    broken, fine = tickets
    real_queue = automations.outbound_email_queue

    def queue(**kwargs):
        if kwargs["ticket"].pk == broken.pk:
            raise RuntimeError("mail template broke")
        return real_queue(**kwargs)

    monkeypatch.setattr(automations, "outbound_email_queue", queue)
    with at(days=8):
        assert tickets_pending_solve() == 1
    assert (status_of(broken), status_of(fine)) == ("pending", "solved")

    monkeypatch.setattr(automations, "outbound_email_queue", real_queue)
    with at(days=8, minutes=1):
        assert tickets_pending_solve() == 1
    assert status_of(broken) == "solved"
