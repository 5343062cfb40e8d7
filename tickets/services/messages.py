"""Messages on a ticket: the customer's replies (from any channel) and the agents' replies and
internal notes. Each writes the message and its TicketEvent in one transaction."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from helpdesk.errors import PermissionDenied, ValidationError
from tickets import lifecycle
from tickets.models import Customer, Message, Ticket, TicketEvent, User
from tickets.services.events import event_record
from tickets.services.merge import ticket_merge_destination
from tickets.services.tickets import (
    STATUS_FIELDS,
    _lock,
    _message_store,
    _set_status,
    _touch,
    customer_may_reopen,
    require_agent_for,
    ticket_create,
)


@transaction.atomic
def message_add_from_customer(
    *,
    ticket: Ticket,
    customer: Customer,
    body: str,
    attachments: Sequence[UploadedFile] = (),
    channel: str = Ticket.Channel.WEB,
    body_format: str = Message.Format.TEXT,
    body_original: str = "",
    accepted_by: User | None = None,
    logged_by: User | None = None,
    source: dict | None = None,
) -> Message:
    """The customer writes on their ticket. A reply to a pending ticket, or to a solved one
    within the reopen window, reopens it; a reply to a closed ticket, or to one solved longer
    ago than the window, opens a follow-up ticket linked to it (the message lands there) and
    leaves the old ticket as it was.

    ``accepted_by``: an agent of the ticket who accepted a quarantined e-mail from someone who
    is not the ticket's customer; only then may ``customer`` be another customer.
    ``logged_by``: the agent who logs what the customer said on the phone, in a chat or on
    social media; the message stays the customer's (metrics count it as a customer reply).
    ``source``: as for ticket_create, kept in the event's payload."""
    ticket = _lock(ticket)
    if ticket.merged_into_id:  # a merged duplicate: the conversation continues on its target
        ticket = _lock(ticket_merge_destination(ticket))
    if accepted_by is not None:
        require_agent_for(accepted_by, ticket)
    elif customer.pk != ticket.customer_id:
        raise PermissionDenied(_("This is not your ticket."))
    if logged_by is not None:
        require_agent_for(logged_by, ticket)
    past_reopen_window = ticket.status == Ticket.Status.SOLVED and not customer_may_reopen(ticket)
    if ticket.status == Ticket.Status.CLOSED or past_reopen_window:
        follow_up = ticket_create(
            customer=customer,
            subject=ticket.subject,
            body=body,
            channel=channel,
            category=ticket.category,
            team=ticket.team,
            priority=ticket.priority,
            attachments=attachments,
            body_format=body_format,
            follow_up_of=ticket,
            body_original=body_original,
            created_by=logged_by,
            source=source,
        )
        event_record(
            ticket=ticket,
            kind=TicketEvent.Kind.FOLLOW_UP_CREATED,
            actor_user=logged_by,
            actor_customer=customer,
            payload={"follow_up_id": follow_up.pk, "follow_up_number": follow_up.number},
        )
        return follow_up.messages.get()

    message = _message_store(
        ticket=ticket,
        author_customer=customer,
        body=body,
        body_format=body_format,
        body_original=body_original,
        channel=channel,
        attachments=attachments,
    )
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.CUSTOMER_REPLIED,
        actor_user=logged_by,
        actor_customer=customer,
        payload={"message_id": message.pk, "channel": message.channel}
        | ({"accepted_by": accepted_by.pk} if accepted_by is not None else {})
        | ({"logged_by": logged_by.pk} if logged_by is not None else {})
        | ({"source": source} if source else {}),
    )
    if ticket.status in lifecycle.REOPENED_BY_CUSTOMER_REPLY:
        _set_status(ticket, Ticket.Status.OPEN, actor_customer=customer)
    _touch(ticket, *STATUS_FIELDS)
    return message


@transaction.atomic
def message_add_from_agent(
    *,
    ticket: Ticket,
    agent: User,
    body: str,
    is_internal: bool = False,
    attachments: Sequence[UploadedFile] = (),
    status: str | None = None,
    channel: str = Ticket.Channel.WEB,
) -> Message:
    """An agent's public reply or internal note, optionally moving the ticket to ``status``
    (the "reply and set pending" of every helpdesk). A first public reply opens a new ticket."""
    ticket = _lock(ticket)
    require_agent_for(agent, ticket)
    if ticket.status == Ticket.Status.CLOSED and not is_internal:
        raise ValidationError(
            _("This ticket is closed; a public reply is no longer possible."), field="body"
        )
    message = _message_store(
        ticket=ticket,
        author_agent=agent,
        is_internal=is_internal,
        body=body,
        channel=channel,
        attachments=attachments,
    )
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.NOTE_ADDED if is_internal else TicketEvent.Kind.AGENT_REPLIED,
        actor_user=agent,
        payload={"message_id": message.pk, "channel": message.channel},
    )
    # A status the agent chose with a public reply is told in the reply's e-mail.
    with_message_id = message.pk if status and not is_internal else None
    if status is None and not is_internal and ticket.status == Ticket.Status.NEW:
        status = Ticket.Status.OPEN
    if status:
        _set_status(ticket, status, actor_user=agent, with_message_id=with_message_id)
    _touch(ticket, *STATUS_FIELDS)
    return message
