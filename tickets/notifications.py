"""Who hears about what: turns ticket events into e-mails (an event handler, see
settings.HELPDESK_EVENT_HANDLERS). Idempotent: an event replayed queues nothing twice."""

from __future__ import annotations

from collections.abc import Sequence

from tickets.models import TicketEvent


def notify_from_events(*, events: Sequence[TicketEvent]) -> None:
    # Filled in by the e-mail-out work: acknowledgement, agent replies, status notices and
    # the agents' own notifications.
    return None
