"""The event spine: recording ticket events and processing them (the outbox)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from helpdesk import clock
from tickets.models import Customer, Ticket, TicketEvent, User

logger = logging.getLogger(__name__)


def event_record(
    *,
    ticket: Ticket,
    kind: str,
    actor_user: User | None = None,
    actor_customer: Customer | None = None,
    payload: dict | None = None,
    system_actor: str = "",
    at: datetime | None = None,
) -> TicketEvent:
    """Write one event; callers are services already inside their transaction. ``at`` lets a
    service stamp the event with the instant it stored on the ticket (CREATED and
    ``Ticket.created_at`` must be the same instant); ``system_actor`` names the automation that
    made a change nobody made by hand."""
    event = TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        actor_user=actor_user,
        actor_customer=actor_customer,
        system_actor=system_actor,
        payload=payload or {},
        created_at=at or clock.now(),
    )
    _ask_worker_to_look_after_commit()
    from tickets.services.sla import ticket_sla_refresh  # due times follow every event

    ticket_sla_refresh(ticket=ticket, event=event)
    return event


def _ask_worker_to_look_after_commit() -> None:
    # One "look" per transaction is enough: the worker drains every pending event. (Checking
    # run_on_commit, rather than keeping a flag, stays right when a savepoint rolls back.)
    connection = transaction.get_connection()
    if not any(callback is _ask_worker_to_look for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(_ask_worker_to_look)


def _ask_worker_to_look() -> None:
    # The message only says "look": the events are already committed rows, so a broker that is
    # down here delays processing until beat's re-drive, and loses nothing.
    from tickets.tasks import process_pending_events

    try:
        process_pending_events.apply_async(retry=False)
    except Exception:  # any broker/transport failure; deliberately broad
        logger.warning("broker unreachable; ticket events wait for the re-drive", exc_info=True)


def events_process_pending(*, batch_size: int = 200) -> int:
    """Hand one batch of unprocessed events to every handler and mark them processed.

    Runs in one transaction: if a handler fails, the batch stays unprocessed and is retried.
    ``SKIP LOCKED`` lets several workers share the backlog. Handlers must be idempotent."""
    handlers = [import_string(path) for path in settings.HELPDESK_EVENT_HANDLERS]
    with transaction.atomic():
        events: Sequence[TicketEvent] = list(
            TicketEvent.objects.filter(processed_at__isnull=True)
            .order_by("id")
            .select_for_update(skip_locked=True)[:batch_size]
        )
        if not events:
            return 0
        for handler in handlers:
            handler(events=events)
        TicketEvent.objects.filter(pk__in=[event.pk for event in events]).update(
            processed_at=timezone.now()
        )
    return len(events)
