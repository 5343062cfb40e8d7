"""Who hears about what: turns ticket events into e-mails (an event handler, see
settings.HELPDESK_EVENT_HANDLERS, called inside the transaction that marks the events
processed).

Idempotent: every e-mail is queued with its event, and ``outbound_email_queue`` never stores a
second (event, kind, recipient), so a replayed event queues nothing twice.

- CREATED: the acknowledgement to the customer: the reference and the private link, never a
  word the sender wrote (a form or a mail could otherwise make us relay their text to any
  address), at most one per address per hour.
- AGENT_REPLIED: the public reply with its attachments, threaded into the conversation.
- STATUS_CHANGED to solved or pending by an agent: a notice, unless it came with a reply (the
  reply tells it). A customer's own change sends nothing.
- ASSIGNED, CUSTOMER_REPLIED: the agent concerned, if they want e-mail."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_noop

from helpdesk import clock
from tickets import links
from tickets.models import (
    InboundEmail,
    Message,
    OutboundEmail,
    Ticket,
    TicketEvent,
    User,
)
from tickets.services.outbound import (
    REFERENCES_MAX_IDS,
    attachments_split,
    message_ids_clean,
    outbound_email_queue,
)

logger = logging.getLogger(__name__)

Kind = OutboundEmail.Kind
Status = OutboundEmail.Status

ACKNOWLEDGEMENT_INTERVAL = timedelta(hours=1)
REASON_ACK_THROTTLED = gettext_noop(
    "An acknowledgement went to this address less than an hour ago."
)
# Statuses a customer is told about.
NOTICE_KINDS = {Ticket.Status.SOLVED: Kind.SOLVED, Ticket.Status.PENDING: Kind.PENDING}
EXCERPT_CHARS = 2000


def notify_from_events(*, events: Sequence[TicketEvent]) -> None:
    # News that has gone stale is not news: after a long outage of the workers, or for imported
    # history (seed_demo's 60 days), nobody wants "we received your request" weeks later.
    fresh_after = clock.now() - timedelta(hours=settings.HELPDESK_NOTIFY_MAX_EVENT_AGE_HOURS)
    ids = [e.pk for e in events if e.kind in HANDLERS and e.created_at >= fresh_after]
    if len(ids) < sum(1 for e in events if e.kind in HANDLERS):
        logger.info("ticket events older than the notification window: no e-mail for them")
    if not ids:
        return
    relevant = (
        TicketEvent.objects.filter(pk__in=ids)
        .select_related("ticket__customer", "ticket__assignee", "actor_user")
        .order_by("id")
    )
    for event in relevant:
        try:
            with transaction.atomic():  # a savepoint: one bad e-mail cannot undo the others
                HANDLERS[event.kind](event)
        except DatabaseError:
            raise  # the connection or the transaction is in trouble: retry the whole batch
        except Exception:
            # A bug in one e-mail (a template, odd data) must not stop every other event's
            # e-mails and the metrics behind it forever; it is logged and skipped.
            logger.exception("no e-mail for ticket event %s (%s)", event.pk, event.kind)


# --- To the customer -------------------------------------------------------------------------


def _acknowledge(event: TicketEvent) -> None:
    ticket = event.ticket
    customer = ticket.customer
    if not customer.email:
        return
    first_mail = _inbound_of(event.payload.get("message_id"))
    if first_mail is not None and first_mail.outcome == InboundEmail.Outcome.IGNORED:
        return
    own_ids = [first_mail.message_id_header] if first_mail else []
    _lock_address(customer.email)
    throttled = (
        OutboundEmail.objects.filter(
            kind=Kind.ACKNOWLEDGEMENT,
            recipient=customer.email,
            created_at__gte=clock.now() - ACKNOWLEDGEMENT_INTERVAL,
        )
        .exclude(status=Status.SUPPRESSED)
        .exclude(event=event)
        .exists()
    )
    outbound_email_queue(
        kind=Kind.ACKNOWLEDGEMENT,
        to=customer.email,
        template="acknowledgement",
        # Deliberately no subject, body or name: see the module's docstring.
        context={"reference": ticket.reference, "tracking_url": links.emailed_tracking_url(ticket)},
        language=customer.language,
        customer=customer,
        ticket=ticket,
        event=event,
        in_reply_to=own_ids[0] if own_ids else "",
        references=own_ids,
        status=Status.SUPPRESSED if throttled else Status.QUEUED,
        reason=REASON_ACK_THROTTLED if throttled else "",
    )


def _agent_replied(event: TicketEvent) -> None:
    ticket = event.ticket
    customer = ticket.customer
    message = (
        Message.objects.filter(pk=event.payload.get("message_id"), is_internal=False)
        .select_related("author_agent")
        .prefetch_related("attachments")
        .first()
    )
    if message is None or not customer.email:
        return
    status_change = TicketEvent.objects.filter(
        ticket=ticket,
        kind=TicketEvent.Kind.STATUS_CHANGED,
        payload__with_message_id=message.pk,
    ).first()
    new_status = status_change.payload.get("to") if status_change else None
    attached, left_out = attachments_split(list(message.attachments.all()))
    in_reply_to, references = _customer_thread(ticket)
    outbound_email_queue(
        kind=Kind.AGENT_REPLY,
        to=customer.email,
        template="agent_reply",
        context={
            "ticket": ticket,
            "message": message,
            "text": _plain_text(message),
            "attachments": attached,
            "left_out": left_out,
            "new_status": new_status if new_status in NOTICE_KINDS else None,
            "status_label": Ticket.Status(new_status).label if new_status else "",
            "tracking_url": links.emailed_tracking_url(ticket),
        },
        language=customer.language,
        customer=customer,
        ticket=ticket,
        message=message,
        event=event,
        in_reply_to=in_reply_to,
        references=references,
        is_automatic=False,  # a person wrote it: no Auto-Submitted, auto-replies are welcome
    )


def _status_changed(event: TicketEvent) -> None:
    ticket = event.ticket
    customer = ticket.customer
    kind = NOTICE_KINDS.get(event.payload.get("to"))
    if (
        kind is None
        or event.actor_user_id is None  # the customer's own click, or the system
        or event.payload.get("with_message_id")  # the reply's e-mail tells it
        or not customer.email
    ):
        return
    in_reply_to, references = _customer_thread(ticket)
    outbound_email_queue(
        kind=kind,
        to=customer.email,
        template=f"status_{event.payload['to']}",
        context={
            "ticket": ticket,
            "status_label": Ticket.Status(event.payload["to"]).label,
            "tracking_url": links.emailed_tracking_url(ticket),
        },
        language=customer.language,
        customer=customer,
        ticket=ticket,
        event=event,
        in_reply_to=in_reply_to,
        references=references,
    )


def _customer_thread(ticket: Ticket) -> tuple[str, list[str]]:
    """(In-Reply-To, References) for our next e-mail to the ticket's customer: the reply goes
    to their latest mail on the ticket, else to our latest e-mail to them; References is the
    conversation's chain of ids, oldest first, bounded."""
    ours = list(
        OutboundEmail.objects.filter(ticket=ticket, recipient_customer=ticket.customer_id)
        .filter(status__in=[Status.QUEUED, Status.SENT])
        .order_by("-created_at", "-id")
        .values_list("created_at", "message_id_header")[: REFERENCES_MAX_IDS * 2]
    )
    theirs = list(
        InboundEmail.objects.filter(ticket=ticket, message__isnull=False)
        .exclude(message_id_header="")
        .order_by("-received_at", "-id")
        .values_list("received_at", "message_id_header")[: REFERENCES_MAX_IDS * 2]
    )
    our_chain = [message_id for _at, message_id in ours]
    their_chain = [message_id for _at, message_id in theirs]
    chain = [message_id for _at, message_id in sorted([*ours, *theirs], key=lambda row: row[0])]
    # The newest well-formed id: theirs first (what the customer's client threads under)
    latest = message_ids_clean(their_chain, limit=1) or message_ids_clean(our_chain, limit=1)
    return (latest[0] if latest else ""), message_ids_clean(chain)


def _inbound_of(message_id: int | None) -> InboundEmail | None:
    if not message_id:
        return None
    return InboundEmail.objects.filter(message_id=message_id).order_by("id").first()


def _lock_address(address: str) -> None:
    """Serialize acknowledgements to one address across workers until the transaction ends,
    so two at once cannot both see "none in the last hour"."""
    key = int.from_bytes(hashlib.sha256(address.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _plain_text(message: Message) -> str:
    if message.body_format == Message.Format.HTML:
        return strip_tags(message.body)
    return message.body


# --- To the agents ---------------------------------------------------------------------------


def _assigned(event: TicketEvent) -> None:
    assignee_id = event.payload.get("to")
    if not assignee_id or assignee_id == event.actor_user_id:  # nobody, or they took it
        return
    agent = User.objects.filter(pk=assignee_id, is_active=True).first()
    _notify_agent(
        agent,
        event=event,
        kind=Kind.AGENT_ASSIGNED,
        template="agent_assigned",
        context={"actor": event.actor_user},
    )


def _customer_replied(event: TicketEvent) -> None:
    assignee = event.ticket.assignee
    if assignee is None or assignee.pk in (
        event.actor_user_id,  # they logged the customer's call or chat themselves
        event.payload.get("accepted_by"),  # they accepted the quarantined e-mail themselves
    ):
        return
    message = Message.objects.filter(pk=event.payload.get("message_id")).first()
    excerpt = Truncator(_plain_text(message)).chars(EXCERPT_CHARS) if message else ""
    _notify_agent(
        assignee,
        event=event,
        kind=Kind.AGENT_CUSTOMER_REPLIED,
        template="agent_customer_replied",
        context={"excerpt": excerpt, "message": message},
    )


def _notify_agent(
    agent: User | None, *, event: TicketEvent, kind: str, template: str, context: dict
) -> None:
    if agent is None or not agent.notify_by_email or not agent.email:
        return
    ticket = event.ticket
    # Notifications about one ticket thread together in the agent's mail client.
    first = (
        OutboundEmail.objects.filter(ticket=ticket, recipient_user=agent)
        .exclude(status=Status.SUPPRESSED)
        .order_by("created_at", "id")
        .values_list("message_id_header", flat=True)
        .first()
    )
    outbound_email_queue(
        kind=kind,
        to=agent.email,
        template=template,
        context={
            **context,
            "ticket": ticket,
            "agent": agent,
            "ticket_url": links.absolute(reverse("agent-ticket", args=[ticket.reference])),
        },
        language=agent.language,
        user=agent,
        ticket=ticket,
        event=event,
        in_reply_to=first or "",
        references=[first] if first else [],
    )


HANDLERS: dict[str, Callable[[TicketEvent], None]] = {
    TicketEvent.Kind.CREATED: _acknowledge,
    TicketEvent.Kind.AGENT_REPLIED: _agent_replied,
    TicketEvent.Kind.STATUS_CHANGED: _status_changed,
    TicketEvent.Kind.ASSIGNED: _assigned,
    TicketEvent.Kind.CUSTOMER_REPLIED: _customer_replied,
}
