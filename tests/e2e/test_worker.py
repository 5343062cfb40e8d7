"""Ticket events reach a real Celery worker through the real broker and end up as facts."""

import logging
import time
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.conf import settings
from kombu.exceptions import OperationalError

from helpdesk.celery import app as celery_app
from helpdesk.clock import frozen_at
from metrics.models import TicketFacts
from tickets.models import Ticket, TicketEvent
from tickets.roles import AGENTS
from tickets.services import customer_get_or_create, message_add_from_agent, ticket_create
from tickets.tasks import process_pending_events

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _open_ticket(subject: str) -> Ticket:
    customer = customer_get_or_create(email="ada@example.com", name="Ada Lovelace")
    return ticket_create(
        customer=customer,
        subject=subject,
        body="The invoice for March shows the wrong address.",
        channel=Ticket.Channel.WEB,
    )


def _facts_with_first_response(ticket: Ticket) -> TicketFacts | None:
    return TicketFacts.objects.filter(ticket=ticket, first_response_seconds__isnull=False).first()


def test_worker_turns_ticket_events_into_facts(live_worker, make_staff_user, poll):
    agent = make_staff_user("agent", group=AGENTS)

    # Given a ticket answered 47 minutes after it came in (the services read this clock)
    opened = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    with frozen_at(opened):
        ticket = _open_ticket("Wrong address on invoice")
    with frozen_at(opened + timedelta(minutes=47)):
        message_add_from_agent(
            ticket=ticket, agent=agent, body="Fixed, a new invoice is on its way."
        )

    facts = poll(
        lambda: _facts_with_first_response(ticket),
        timeout=20,
        what="the worker to record the first response",
    )
    assert facts.first_response_seconds == 47 * 60
    assert facts.agent_replies == 1
    assert facts.status == Ticket.Status.OPEN
    events = TicketEvent.objects.filter(ticket=ticket)
    assert events.count() >= 2
    assert not events.filter(processed_at__isnull=True).exists()
    # The events went through the broker, not an in-process shortcut.
    assert live_worker.sent_task_ids


def test_events_lost_with_the_broker_are_processed_by_the_redrive(
    live_worker, default_team, poll, caplog
):
    task = celery_app.tasks[process_pending_events.name]
    broker_down = OperationalError("Error 111 connecting to the broker. Connection refused.")

    with (
        caplog.at_level(logging.WARNING, logger="tickets.services.events"),
        mock.patch.object(task, "apply_async", side_effect=broker_down),
    ):
        ticket = _open_ticket("Broker was down when I wrote")

    assert "broker unreachable" in caplog.text
    event = TicketEvent.objects.get(ticket=ticket)
    # The worker is up and idle, but nothing told it to look.
    time.sleep(1)
    event.refresh_from_db()
    assert event.processed_at is None
    assert not TicketFacts.objects.filter(ticket=ticket).exists()

    # What beat does on its schedule.
    redrive = settings.CELERY_BEAT_SCHEDULE["process-pending-ticket-events"]
    assert redrive["task"] == process_pending_events.name
    process_pending_events.delay()

    poll(
        lambda: TicketEvent.objects.filter(pk=event.pk, processed_at__isnull=False).exists(),
        timeout=20,
        what="the re-driven task to process the event",
    )
    facts = TicketFacts.objects.get(ticket=ticket)
    assert facts.created_at == event.created_at
    assert facts.first_response_seconds is None
