"""Derive per-ticket facts from ticket events."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from metrics.models import TicketFacts
from tickets.models import Ticket, TicketEvent

K = TicketEvent.Kind
RESOLVED = {Ticket.Status.SOLVED, Ticket.Status.CLOSED}
# What facts_from_events derives: the columns of TicketFacts that events determine.
FACT_FIELDS = (
    "team_id",
    "channel",
    "priority",
    "status",
    "created_at",
    "first_response_at",
    "first_response_seconds",
    "resolved_at",
    "resolution_seconds",
    "agent_replies",
    "customer_replies",
    "reopened",
)


def _seconds(start, end) -> int | None:
    # Clamped at zero: clock skew between writers must never poison a batch of events.
    return max(0, int((end - start).total_seconds())) if start and end else None


def facts_from_events(events: Iterable[TicketEvent]) -> dict:
    """Fold one ticket's events, in order, into its facts. Pure: no database access."""
    facts = {
        "team_id": None,
        "channel": "",
        "priority": "",
        "status": Ticket.Status.NEW,
        "created_at": None,
        "first_response_at": None,
        "resolved_at": None,
        "agent_replies": 0,
        "customer_replies": 0,
        "reopened": 0,
    }
    for event in events:
        payload = event.payload
        if event.kind == K.CREATED:
            facts.update(
                created_at=event.created_at,
                team_id=payload.get("team_id"),
                channel=payload.get("channel", ""),
                priority=payload.get("priority", ""),
            )
        elif event.kind == K.AGENT_REPLIED:
            facts["agent_replies"] += 1
            facts["first_response_at"] = facts["first_response_at"] or event.created_at
        elif event.kind == K.CUSTOMER_REPLIED:
            facts["customer_replies"] += 1
        elif event.kind == K.TEAM_CHANGED:
            facts["team_id"] = payload.get("to")
        elif event.kind == K.PRIORITY_CHANGED:
            facts["priority"] = payload.get("to", "")
        elif event.kind == K.STATUS_CHANGED:
            previous, status = payload.get("from"), payload.get("to")
            facts["status"] = status
            if status in RESOLVED and previous not in RESOLVED:
                facts["resolved_at"] = event.created_at
            elif status not in RESOLVED:
                if previous in RESOLVED:
                    facts["reopened"] += 1
                facts["resolved_at"] = None
    facts["first_response_seconds"] = _seconds(facts["created_at"], facts["first_response_at"])
    facts["resolution_seconds"] = _seconds(facts["created_at"], facts["resolved_at"])
    return facts


@transaction.atomic
def ticket_facts_refresh(*, ticket_ids: Iterable[int]) -> int:
    """Recompute the facts of these tickets from their full event history."""
    ids = sorted(set(ticket_ids))
    existing = set(Ticket.objects.filter(pk__in=ids).values_list("pk", flat=True))
    TicketFacts.objects.bulk_create(
        [TicketFacts(ticket_id=pk) for pk in sorted(existing)], ignore_conflicts=True
    )
    # Lock the rows (in id order, so two workers cannot deadlock) before reading events: a
    # worker that waited here then reads the history the other one committed.
    locked = list(TicketFacts.objects.select_for_update().filter(pk__in=existing).order_by("pk"))
    events_by_ticket: dict[int, list[TicketEvent]] = {pk: [] for pk in existing}
    for event in TicketEvent.objects.filter(ticket_id__in=existing).order_by("created_at", "id"):
        events_by_ticket[event.ticket_id].append(event)
    computed_at = timezone.now()
    for row in locked:
        row.computed_at = computed_at
        for field, value in facts_from_events(events_by_ticket[row.pk]).items():
            setattr(row, field, value)
    TicketFacts.objects.bulk_update(locked, [*FACT_FIELDS, "computed_at"])
    return len(locked)
