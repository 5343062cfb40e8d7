"""Reads of the agent's ticket page: the history, changes since the page loaded, the customer's
other tickets and the neighbours in the agent's queue. Each is one query (the history: one
for the events, and at most two for the names its payloads mention)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from helpdesk.errors import NotFound
from tickets.history import HistoryLine, history_lines
from tickets.models import Ticket, TicketEvent, User
from tickets.selectors import parse_reference, tickets_visible_to

CUSTOMER_TICKETS_LIMIT = 10
# Not someone else's change to the ticket: the clocks and the surveys going out.
NOT_A_CHANGE = (
    TicketEvent.Kind.SLA_WARNING,
    TicketEvent.Kind.SLA_BREACHED,
    TicketEvent.Kind.CSAT_SENT,
    TicketEvent.Kind.NPS_SENT,
)


def ticket_get_light(*, user: User, reference: str) -> Ticket:
    """The ticket without its thread (heartbeats, previews), or NotFound when the user may not
    see it, exactly as ``ticket_get_for_user`` decides."""
    number = parse_reference(reference)
    ticket = tickets_visible_to(user).filter(number=number).first() if number is not None else None
    if ticket is None:
        raise NotFound(_("Ticket not found."))
    return ticket


def ticket_events(*, ticket: Ticket) -> QuerySet[TicketEvent]:
    return (
        TicketEvent.objects.filter(ticket=ticket)
        .select_related("actor_user", "actor_customer")
        .order_by("created_at", "id")
    )


def ticket_history(*, ticket: Ticket) -> list[HistoryLine]:
    """Every event of the ticket in plain words, oldest first."""
    return history_lines(ticket_events(ticket=ticket))


def last_event_id(lines: list[HistoryLine]) -> int:
    return max((line.event_id for line in lines), default=0)


def changes_since(*, ticket: Ticket, user: User, event_id: int) -> list[HistoryLine]:
    """What others (colleagues, the customer, automations) did to the ticket after the event
    ``event_id``: replies, notes and changes, not the SLA clock or surveys going out."""
    events = (
        ticket_events(ticket=ticket)
        .filter(pk__gt=event_id)
        .exclude(kind__in=NOT_A_CHANGE)
        .exclude(actor_user=user, system_actor="")
    )
    return history_lines(events)


def customer_other_tickets(
    *,
    user: User,
    ticket: Ticket,
    with_tags: bool = False,
    visible: QuerySet[Ticket] | None = None,
) -> list[Ticket]:
    """The customer's latest other tickets that ``user`` may see (one query; the API's
    ``with_tags`` adds one for their tags). ``visible``: ``tickets_visible_to(user)``, when
    the page has it already."""
    tickets = (
        (tickets_visible_to(user) if visible is None else visible)
        .filter(customer_id=ticket.customer_id)
        .exclude(pk=ticket.pk)
        .order_by("-created_at", "-pk")
    )
    if with_tags:
        tickets = tickets.prefetch_related("tags")
    return list(tickets[:CUSTOMER_TICKETS_LIMIT])


@dataclass(frozen=True)
class Neighbours:
    previous: Ticket | None  # the one above in the queue (more recently updated)
    next: Ticket | None  # the one below


def queue_neighbours(
    *, user: User, ticket: Ticket, visible: QuerySet[Ticket] | None = None
) -> Neighbours:
    """The tickets around ``ticket`` in the agent's default queue (open tickets of their teams,
    most recently updated first), by keyset on (updated_at, id): two indexed queries."""
    queue = (
        (tickets_visible_to(user) if visible is None else visible)
        .filter(status__in=Ticket.OPEN_STATUSES)
        .select_related(None)
        .only("number", "updated_at")
    )
    at, pk = ticket.updated_at, ticket.pk
    below = Q(updated_at__lt=at) | Q(updated_at=at, pk__lt=pk)
    above = Q(updated_at__gt=at) | Q(updated_at=at, pk__gt=pk)
    return Neighbours(
        previous=queue.filter(above).order_by("updated_at", "pk").first(),
        next=queue.filter(below).order_by("-updated_at", "-pk").first(),
    )
