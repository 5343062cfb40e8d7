"""Ticket-event consumers registered in settings.HELPDESK_EVENT_HANDLERS."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from metrics.rollups import rollups_fill_request
from metrics.services import ticket_facts_refresh
from tickets.models import TicketEvent


def refresh_ticket_facts(*, events: Sequence[TicketEvent]) -> None:
    ticket_facts_refresh(ticket_ids={event.ticket_id for event in events})
    # The refresh marked the days whose facts changed; once that is committed, a worker fills
    # them (the request is debounced, and one fill drains every dirty day).
    transaction.on_commit(rollups_fill_request)
