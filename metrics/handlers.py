"""Ticket-event consumers registered in settings.HELPDESK_EVENT_HANDLERS."""

from __future__ import annotations

from collections.abc import Sequence

from metrics.services import ticket_facts_refresh
from tickets.models import TicketEvent


def refresh_ticket_facts(*, events: Sequence[TicketEvent]) -> None:
    # The refresh also brings the rollups up to date, in its transaction (metrics.rollups.delta).
    ticket_facts_refresh(ticket_ids={event.ticket_id for event in events})
