"""The event spine: recording ticket events and processing them (the outbox)."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from helpdesk import clock
from helpdesk.debounce import enqueue_once, enqueue_once_clear
from tickets.models import Customer, EventHandlerFailure, Ticket, TicketEvent, User

logger = logging.getLogger(__name__)
# The error an admin reads on a failure: type, message and traceback, cut to this length.
ERROR_MAX_CHARS = 10_000


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


LOOK_REQUESTED_KEY = "tickets:events-look-requested"


def _ask_worker_to_look() -> None:
    # The message only says "look": the events are already committed rows, so a broker that is
    # down here delays processing until beat's re-drive, and loses nothing. Commits within
    # HELPDESK_EVENT_LOOK_DEBOUNCE_SECONDS share one message (helpdesk.debounce).
    from tickets.tasks import process_pending_events

    enqueue_once(
        process_pending_events,
        key=LOOK_REQUESTED_KEY,
        within_seconds=settings.HELPDESK_EVENT_LOOK_DEBOUNCE_SECONDS,
    )


def events_look_request_clear() -> None:
    """The worker is starting to look: the next commit sends another message."""
    enqueue_once_clear(LOOK_REQUESTED_KEY)


def events_process_pending(*, batch_size: int = 200) -> int:
    """Hand one batch of unprocessed events to every handler and mark them processed.

    ``SKIP LOCKED`` lets several workers share the backlog. Each handler runs in its own
    savepoint, so one that raises undoes only its own work: it is then run event by event to
    find the events it fails on, those get an ``EventHandlerFailure`` (retried with backoff by
    ``event_handler_failures_retry``), and the batch is marked processed all the same, so one
    bad handler or event never holds up the events behind it. Handlers must be idempotent."""
    paths = list(settings.HELPDESK_EVENT_HANDLERS)
    with transaction.atomic():
        events: Sequence[TicketEvent] = list(
            TicketEvent.objects.filter(processed_at__isnull=True)
            .order_by("id")
            .select_for_update(skip_locked=True)[:batch_size]
        )
        if not events:
            return 0
        for path in paths:
            _handler_run_isolated(path=path, events=events)
        TicketEvent.objects.filter(pk__in=[event.pk for event in events]).update(
            processed_at=timezone.now()
        )
    return len(events)


def _handler_run_isolated(*, path: str, events: Sequence[TicketEvent]) -> None:
    handler = import_string(path)  # a misconfigured path is a deploy error: let it raise
    error = _run_in_savepoint(handler, events)
    if error is None:
        return
    if len(events) == 1:
        _failure_record(event=events[0], handler=path, error=error)
        return
    logger.warning(
        "event handler %s failed on a batch of %d events (%s); retrying it event by event",
        path,
        len(events),
        type(error).__name__,
    )
    for event in events:
        if (error := _run_in_savepoint(handler, [event])) is not None:
            _failure_record(event=event, handler=path, error=error)


def _run_in_savepoint(handler: Callable[..., object], events: Sequence[TicketEvent]):
    """Run ``handler`` on ``events`` in a savepoint; return the exception it raised (its work
    undone), or None."""
    try:
        with transaction.atomic():
            handler(events=events)
    except SoftTimeLimitExceeded:
        raise  # the task is out of time: stop here, the batch stays unprocessed
    except Exception as error:
        # A savepoint that could not be rolled back (a lost connection) leaves nothing to record
        # the failure in: give up the whole batch, which stays unprocessed and comes round again.
        if transaction.get_connection().needs_rollback:
            raise
        return error
    return None


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after failed attempt number ``attempts``: exponential backoff from
    HELPDESK_EVENT_HANDLER_RETRY_SECONDS, capped at HELPDESK_EVENT_HANDLER_RETRY_MAX_SECONDS."""
    seconds = settings.HELPDESK_EVENT_HANDLER_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.HELPDESK_EVENT_HANDLER_RETRY_MAX_SECONDS))


def _error_text(error: BaseException) -> str:
    summary = f"{type(error).__module__}.{type(error).__qualname__}: {error}"
    trace = "".join(traceback.format_exception(error))
    return f"{summary}\n\n{trace}"[:ERROR_MAX_CHARS]


def _failure_record(*, event: TicketEvent, handler: str, error: Exception) -> EventHandlerFailure:
    """Create or update the failure row of (event, handler): one more attempt, the latest error,
    the next attempt after the backoff, or parked after the last attempt."""
    now = clock.now()
    failure, created = EventHandlerFailure.objects.select_for_update().get_or_create(
        event=event,
        handler=handler,
        defaults={"attempts": 0, "error": "", "created_at": now, "updated_at": now},
    )
    failure.attempts += 1
    failure.error = _error_text(error)
    failure.updated_at = now
    if failure.attempts >= settings.HELPDESK_EVENT_HANDLER_ATTEMPTS:
        failure.parked_at = now
        failure.next_attempt_at = None
        logger.error(
            "event handler %s failed on event %s (attempt %d, parked for an admin): %s",
            handler,
            event.pk,
            failure.attempts,
            error,
            exc_info=error,
        )
    else:
        failure.parked_at = None
        failure.next_attempt_at = now + retry_delay(failure.attempts)
        logger.warning(
            "event handler %s failed on event %s (attempt %d, next at %s): %s",
            handler,
            event.pk,
            failure.attempts,
            failure.next_attempt_at.isoformat(),
            error,
            exc_info=error,
        )
    failure.save(update_fields=["attempts", "error", "updated_at", "parked_at", "next_attempt_at"])
    return failure


def event_handler_failures_retry(*, limit: int = 100) -> int:
    """Run each due failure's handler again on its one event (what beat runs): delete the row
    on success, count the attempt (backoff, or park) on failure. Returns how many succeeded.
    Rows are claimed with ``SKIP LOCKED``, so overlapping runs retry each row once."""
    succeeded = 0
    with transaction.atomic():
        due = list(
            EventHandlerFailure.objects.filter(
                parked_at__isnull=True, next_attempt_at__lte=clock.now()
            )
            .select_related("event")
            .order_by("next_attempt_at", "id")
            .select_for_update(skip_locked=True, of=("self",))[:limit]
        )
        for failure in due:
            try:
                handler = import_string(failure.handler)
            except ImportError as import_error:  # a handler since renamed or removed
                error = import_error
            else:
                error = _run_in_savepoint(handler, [failure.event])
            if error is not None:
                _failure_record(event=failure.event, handler=failure.handler, error=error)
            else:
                failure.delete()
                succeeded += 1
                logger.info(
                    "event handler %s succeeded on event %s after %d failed attempt(s)",
                    failure.handler,
                    failure.event_id,
                    failure.attempts,
                )
    return succeeded


@transaction.atomic
def event_handler_failures_redrive(*, failure_ids: Iterable[int]) -> int:
    """An admin's re-drive: the failures (parked or waiting) are due at once, and a worker is
    asked to retry them after commit. Their attempts keep counting, so one that fails again
    straight after a re-drive from parking is parked again."""
    count = EventHandlerFailure.objects.filter(pk__in=list(failure_ids)).update(
        parked_at=None, next_attempt_at=clock.now()
    )
    if count:
        transaction.on_commit(_ask_worker_to_retry)
    return count


def _ask_worker_to_retry() -> None:
    from tickets.tasks import retry_event_handler_failures

    try:
        retry_event_handler_failures.apply_async(retry=False)
    except Exception:  # broker down: beat's next run retries them
        logger.warning("broker unreachable; re-driven failures wait for beat", exc_info=True)
