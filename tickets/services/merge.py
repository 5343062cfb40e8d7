"""Merging a duplicate into another ticket, and linking related tickets (issue 7).

Merge rules (``ticket_merge``):
- Both tickets are locked in id order, so two merges that cross (A into B, B into A) serialize
  and the second is refused instead of deadlocking.
- The source's messages (replies, notes, their attachments) move to the target. Every event
  stays where it was written: the source keeps its history, the target gets one MERGED event
  naming the source and the moved messages, the source a MERGED_INTO event naming the target,
  then a STATUS_CHANGED to closed. So the facts of each ticket remain a fold of its own events
  (docs/metrics.md, "Merged tickets"): moving messages never changes the target's first
  response, and the source counts as resolved at the merge.
- Closing by a merge is not a solve: ``solved_at`` stays what it was, so no satisfaction or
  NPS survey goes out for a duplicate.
- Refused (nothing written): into itself; into, or from, a merged ticket; a closed ticket
  either side (closed is final); tickets the actor cannot work; tickets of two customers.
  Across customers even managers may not merge: the target's customer would read the other
  customer's messages on their tracking page and in e-mail. Link such tickets instead.

Links (``ticket_link``, ``ticket_unlink``): a "related" relation, stored once and shown on both
tickets, with a LINKED / UNLINKED event on each."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from helpdesk import clock
from helpdesk.errors import ValidationError
from tickets.models import Message, Ticket, TicketEvent, TicketLink, User
from tickets.services.events import event_record
from tickets.services.tickets import STATUS_FIELDS, _set_status, _touch, require_agent_for

# How far a tracking link or a customer's reply follows merges (A into B, later B into C).
MERGE_HOPS_MAX = 10


def _lock_pair(first: Ticket, second: Ticket) -> tuple[Ticket, Ticket]:
    """Lock both rows in id order (deadlock-free) and return them fresh, in the order given."""
    rows = Ticket.objects.select_for_update().filter(pk__in=[first.pk, second.pk]).order_by("pk")
    locked = {ticket.pk: ticket for ticket in rows}
    return locked[first.pk], locked[second.pk]


def _refuse_merge(source: Ticket, target: Ticket) -> None:
    if source.merged_into_id:
        raise ValidationError(_("This ticket has already been merged into another ticket."))
    if source.status == Ticket.Status.CLOSED:
        raise ValidationError(_("A closed ticket cannot be merged."))
    if target.merged_into_id:
        raise ValidationError(
            _("%(reference)s was itself merged into another ticket; merge into that one.")
            % {"reference": target.reference},
            field="into",
        )
    if target.status == Ticket.Status.CLOSED:
        raise ValidationError(
            _("%(reference)s is closed; a ticket cannot be merged into it.")
            % {"reference": target.reference},
            field="into",
        )
    if target.customer_id != source.customer_id:
        raise ValidationError(
            _(
                "%(reference)s belongs to another customer. Only tickets of the same customer "
                "can be merged; link them instead."
            )
            % {"reference": target.reference},
            field="into",
        )


@transaction.atomic
def ticket_merge(*, source: Ticket, target: Ticket, actor: User) -> Ticket:
    """Merge ``source`` (a duplicate) into ``target``; returns the target. See the module's
    docstring for what moves, what stays and what is refused."""
    if source.pk == target.pk:
        raise ValidationError(_("A ticket cannot be merged into itself."), field="into")
    source, target = _lock_pair(source, target)
    require_agent_for(actor, source)
    require_agent_for(actor, target)
    _refuse_merge(source, target)

    moved = list(Message.objects.filter(ticket=source).order_by("id").values_list("pk", flat=True))
    Message.objects.filter(pk__in=moved).update(ticket=target)
    event_record(
        ticket=source,
        kind=TicketEvent.Kind.MERGED_INTO,
        actor_user=actor,
        payload={"into_id": target.pk, "into_number": target.number, "messages": len(moved)},
    )
    solved_at = source.solved_at
    _set_status(source, Ticket.Status.CLOSED, actor_user=actor)
    source.solved_at = solved_at  # a merge is not a solve: no surveys for a duplicate
    source.merged_into = target
    _touch(source, "merged_into", *STATUS_FIELDS)
    event_record(
        ticket=target,
        kind=TicketEvent.Kind.MERGED,
        actor_user=actor,
        payload={"source_id": source.pk, "source_number": source.number, "message_ids": moved},
    )
    _touch(target)
    _search_documents_refresh([source.pk, target.pk])
    return target


def _search_documents_refresh(ticket_ids: list[int]) -> None:
    """The full-text documents of both tickets follow the moved messages."""
    try:
        from tickets.services.search_index import search_documents_rebuild
    except ImportError:  # full-text search not in this build yet
        return
    search_documents_rebuild(ticket_ids=ticket_ids)


def ticket_merge_destination(ticket: Ticket) -> Ticket:
    """The ticket a merged ticket's conversation continues on (following merges of merges);
    ``ticket`` itself when it was never merged."""
    hops = 0
    while ticket.merged_into_id and hops < MERGE_HOPS_MAX:
        ticket = Ticket.objects.select_related("customer").get(pk=ticket.merged_into_id)
        hops += 1
    return ticket


# --- Links -------------------------------------------------------------------------------------


def _link_event(ticket: Ticket, other: Ticket, kind: str, actor: User, link_id: int) -> None:
    event_record(
        ticket=ticket,
        kind=kind,
        actor_user=actor,
        payload={"link_id": link_id, "ticket_id": other.pk, "number": other.number},
    )


@transaction.atomic
def ticket_link(
    *, ticket: Ticket, other: Ticket, actor: User, kind: str = TicketLink.Kind.RELATED
) -> TicketLink:
    """Link two tickets the actor can both work, once per pair (in either direction)."""
    if ticket.pk == other.pk:
        raise ValidationError(_("A ticket cannot be linked to itself."), field="ticket")
    if kind not in TicketLink.Kind.values:
        raise ValidationError(
            _("“%(value)s” is not a valid choice.") % {"value": kind}, field="kind"
        )
    ticket, other = _lock_pair(ticket, other)
    require_agent_for(actor, ticket)
    require_agent_for(actor, other)
    if other.merged_into_id:
        raise ValidationError(
            _("%(reference)s was merged into another ticket; link that one instead.")
            % {"reference": other.reference},
            field="ticket",
        )
    already = _("%(reference)s is already linked to this ticket.") % {"reference": other.reference}
    pair = [ticket.pk, other.pk]
    if TicketLink.objects.filter(from_ticket__in=pair, to_ticket__in=pair, kind=kind).exists():
        raise ValidationError(already, field="ticket")
    try:
        with transaction.atomic():  # the locks make this rare; the constraint makes it safe
            link = TicketLink.objects.create(
                from_ticket=ticket,
                to_ticket=other,
                kind=kind,
                created_by=actor,
                created_at=clock.now(),
            )
    except IntegrityError:
        raise ValidationError(already, field="ticket") from None
    _link_event(ticket, other, TicketEvent.Kind.LINKED, actor, link.pk)
    _link_event(other, ticket, TicketEvent.Kind.LINKED, actor, link.pk)
    return link


@transaction.atomic
def ticket_unlink(*, ticket: Ticket, link: TicketLink, actor: User) -> None:
    """Remove a link of ``ticket``; an agent who can work this ticket may unlink it from any
    ticket (they may lose sight of the other end when it moves to another team)."""
    if ticket.pk not in (link.from_ticket_id, link.to_ticket_id):
        raise ValidationError(_("This link does not belong to this ticket."), field="link")
    other_id = link.to_ticket_id if link.from_ticket_id == ticket.pk else link.from_ticket_id
    ticket, other = _lock_pair(ticket, Ticket(pk=other_id))
    require_agent_for(actor, ticket)
    link_id = link.pk
    deleted, _rows = TicketLink.objects.filter(pk=link_id).delete()
    if not deleted:
        return  # unlinked meanwhile by someone else: nothing to record twice
    _link_event(ticket, other, TicketEvent.Kind.UNLINKED, actor, link_id)
    _link_event(other, ticket, TicketEvent.Kind.UNLINKED, actor, link_id)
