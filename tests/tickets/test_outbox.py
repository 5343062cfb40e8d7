"""The event outbox: services ask a worker to look only after their transaction commits, a dead
broker loses nothing, and beat's re-drive processes what was left behind, exactly once."""

from unittest import mock

import pytest
from django.db import transaction
from kombu.exceptions import OperationalError

from helpdesk.errors import ValidationError
from metrics.models import TicketFacts
from metrics.services import FACT_FIELDS
from tests.factories import make_ticket
from tickets import services
from tickets.models import EventHandlerFailure, Ticket, TicketEvent
from tickets.tasks import process_pending_events

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker():
    """The broker boundary: records every ``apply_async`` instead of talking to Redis."""
    with mock.patch.object(process_pending_events, "apply_async") as apply_async:
        yield apply_async


@pytest.fixture
def broker_down(broker):
    broker.side_effect = OperationalError("Error 111 connecting to redis: Connection refused")
    return broker


def test_service_enqueues_processing_only_after_commit(
    broker, customer, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        make_ticket(customer=customer, team=team)
        assert broker.call_count == 0  # still inside the transaction

    assert len(callbacks) == 1
    callbacks[0]()
    broker.assert_called_once_with(countdown=1, retry=False)


def test_one_transaction_asks_the_worker_once(
    broker, customer, team, agent, django_capture_on_commit_callbacks
):
    # Given one transaction that writes three events (created, agent replied, new -> open)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            ticket = make_ticket(customer=customer, team=team)
            services.message_add_from_agent(ticket=ticket, agent=agent, body="Hello")

    # Then the worker is asked to look once: it drains every pending event anyway
    assert TicketEvent.objects.filter(ticket=ticket).count() == 3
    assert len(callbacks) == 1
    assert broker.call_count == 1


@pytest.mark.django_db(transaction=True)
def test_failed_service_enqueues_nothing(broker, customer, team, agent):
    # Given a committed ticket (its own "look" already sent)
    ticket = make_ticket(customer=customer, team=team)
    assert broker.call_count == 1

    # When a service records an event and then fails, rolling back
    with pytest.raises(ValidationError):
        services.ticket_update(ticket=ticket, actor=agent, priority="high", status="bogus")

    # Then no message is sent for the rolled-back event
    assert broker.call_count == 1
    assert TicketEvent.objects.filter(ticket=ticket).count() == 1


def test_dead_broker_does_not_fail_the_service_and_beat_catches_up(
    broker_down, customer, team, at, t0, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), at():
        ticket = make_ticket(customer=customer, team=team)

    assert broker_down.called
    assert "broker unreachable" in caplog.text
    event = ticket.events.get()
    assert event.processed_at is None
    assert not TicketFacts.objects.filter(ticket=ticket).exists()

    # What beat runs every few seconds; called directly it runs in this process.
    processed = process_pending_events()

    assert processed == 1
    event.refresh_from_db()
    assert event.processed_at is not None
    facts = TicketFacts.objects.get(ticket=ticket)
    assert facts.created_at == t0
    assert facts.team_id == team.pk
    assert facts.status == Ticket.Status.NEW


def test_beat_schedule_redrives_the_outbox(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert process_pending_events.name in tasks


def facts_of(ticket):
    return TicketFacts.objects.filter(ticket=ticket).values(*FACT_FIELDS).get()


def test_processing_twice_counts_once(customer, team, agent, at):
    with at():
        ticket = make_ticket(customer=customer, team=team)
    with at(minutes=10):
        services.message_add_from_agent(ticket=ticket, agent=agent, body="Try a restart")
    with at(minutes=20):
        services.message_add_from_customer(ticket=ticket, customer=customer, body="Done")
    process_pending_events()
    first = facts_of(ticket)

    # A worker died after its handlers ran but before the batch was marked: the same events
    # come round again.
    TicketEvent.objects.update(processed_at=None)
    assert process_pending_events() == ticket.events.count()

    assert facts_of(ticket) == first
    assert first["agent_replies"] == 1
    assert first["first_response_seconds"] == 600
    assert first["customer_replies"] == 1
    assert process_pending_events() == 0


def test_only_unprocessed_events_are_picked_up(ticket, agent):
    assert process_pending_events() == 1

    services.message_add_from_agent(ticket=ticket, agent=agent, body="Hi", is_internal=True)

    assert process_pending_events() == 1
    assert not TicketEvent.objects.filter(processed_at__isnull=True).exists()


def failing_handler(*, events):
    raise RuntimeError("metrics database hiccup")


def test_failing_handler_parks_its_events_and_lets_the_batch_through(ticket, settings):
    # The old contract (a failing handler holds the batch back) is gone: see
    # tests/tickets/test_event_handlers.py for the retries and the parking.
    settings.HELPDESK_EVENT_HANDLERS = [f"{__name__}.failing_handler"]

    assert process_pending_events() == 1

    event = ticket.events.get()
    assert event.processed_at is not None
    failure = EventHandlerFailure.objects.get(event=event)
    assert "metrics database hiccup" in failure.error


def test_large_backlog_is_worked_through_in_batches(customer, team):
    created = [make_ticket(customer=customer, team=team) for _ in range(3)]

    assert services.events_process_pending(batch_size=2) == 2
    assert services.events_process_pending(batch_size=2) == 1
    assert services.events_process_pending(batch_size=2) == 0
    assert TicketFacts.objects.filter(ticket__in=created).count() == 3
