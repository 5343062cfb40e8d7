"""Ticket-event consumers registered in settings.HELPDESK_EVENT_HANDLERS."""

from __future__ import annotations

from collections.abc import Sequence

from metrics.services import ticket_facts_refresh
from tickets.models import TicketEvent


def refresh_ticket_facts(*, events: Sequence[TicketEvent]) -> None:
    ticket_facts_refresh(ticket_ids={event.ticket_id for event in events})
