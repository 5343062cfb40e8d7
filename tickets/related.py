"""Reads of merged and linked tickets (selectors for tickets.services.merge), restricted to what
the user may see like every other read (tickets.selectors.tickets_visible_to)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from helpdesk.errors import NotFound
from tickets.models import Ticket, TicketLink, User
from tickets.selectors import parse_reference, tickets_visible_to


@dataclass(frozen=True)
class LinkedTicket:
    link: TicketLink
    ticket: Ticket  # the other end, as seen from the ticket asked about


def ticket_link_get(*, ticket: Ticket, link_id: int) -> TicketLink | None:
    """A link of ``ticket`` by id (either end), or None."""
    return (
        TicketLink.objects.filter(Q(from_ticket=ticket) | Q(to_ticket=ticket), pk=link_id)
        .select_related("from_ticket", "to_ticket")
        .first()
    )


@dataclass(frozen=True)
class TicketRelations:
    """What the ticket page's "Merged and related" panel shows."""

    links: list[LinkedTicket]
    merged_from: list[Ticket]  # duplicates merged into this ticket
    merged_into: Ticket | None  # set on a merged duplicate
    merged_into_visible: bool  # whether the user may open it (its reference is shown anyway)


def ticket_relations_for_user(
    *, user: User, ticket: Ticket, visible: QuerySet[Ticket] | None = None
) -> TicketRelations:
    """Links, merged duplicates and the merge target of ``ticket`` as ``user`` may see them:
    a fixed number of queries (three, five on a merged one) whatever the number of links."""
    # One query for an agent's teams, once (none when the page passes its ``visible``).
    visible = tickets_visible_to(user) if visible is None else visible
    ids = visible.values("pk")
    links = (
        TicketLink.objects.filter(
            Q(from_ticket=ticket, to_ticket__in=ids) | Q(to_ticket=ticket, from_ticket__in=ids)
        )
        .select_related("from_ticket", "to_ticket")
        .order_by("created_at", "id")
    )
    merged_into, merged_into_visible = None, False
    if ticket.merged_into_id:
        merged_into = Ticket.objects.filter(pk=ticket.merged_into_id).first()
        merged_into_visible = visible.filter(pk=ticket.merged_into_id).exists()
    return TicketRelations(
        links=[LinkedTicket(link=link, ticket=link.other(ticket)) for link in links],
        merged_from=list(visible.filter(merged_into=ticket).order_by("number")),
        merged_into=merged_into,
        merged_into_visible=merged_into_visible,
    )


def ticket_by_reference_for_user(*, user: User, reference: str, field: str) -> Ticket:
    """The ticket another ticket's form names (merge into, link to), without its thread; a
    reference the user cannot see is a field error, as if it did not exist."""
    number = parse_reference(reference)
    ticket = tickets_visible_to(user).filter(number=number).first() if number else None
    if ticket is None:
        raise NotFound(
            _("No ticket %(reference)s that you can see.") % {"reference": reference.strip()},
            field=field,
        )
    return ticket
