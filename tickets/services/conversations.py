"""Requests that reach us by phone, chat or social media.

Two ways in, both through ticket_create and message_add_from_customer (no second write path):
an agent logs what a customer said (``ticket_log_for_customer``, ``message_log_for_customer``),
or a chat or social integration posts to the signed webhook (``conversation_message_receive``,
called by tickets.api.channels)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from helpdesk import clock
from helpdesk.errors import PermissionDenied, ValidationError
from helpdesk.text import clean_label
from tickets.models import ExternalConversation, Message, Team, Ticket, TicketEvent, User
from tickets.roles import user_is_agent, user_sees_all_tickets
from tickets.services.customers import customer_get_or_create
from tickets.services.messages import message_add_from_customer
from tickets.services.tickets import ticket_create

C = Ticket.Channel
# What an agent may log for a customer; web and e-mail arrive by themselves.
LOGGABLE_CHANNELS = (C.PHONE, C.CHAT, C.SOCIAL)
# What an integration's conversation may be.
CONVERSATION_CHANNELS = (C.CHAT, C.SOCIAL)
SUBJECT_FROM_TEXT_MAX = 80


def _channel_in(channel: str, allowed: Sequence[str]) -> str:
    if channel not in allowed:
        raise ValidationError(
            _("Choose one of: %(channels)s.")
            % {"channels": ", ".join(str(C(value).label) for value in allowed)},
            field="channel",
        )
    return channel


def _require_agent(user: User) -> None:
    if not user_is_agent(user):
        raise PermissionDenied(_("Only agents can log tickets for customers."))


@transaction.atomic
def ticket_log_for_customer(
    *,
    agent: User,
    channel: str,
    subject: str,
    body: str,
    email: str = "",
    phone: str = "",
    name: str = "",
    language: str = "en",
    team: Team | None = None,
    priority: str = Ticket.Priority.NORMAL,
    attachments: Sequence[UploadedFile] = (),
) -> Ticket:
    """An agent logs a call, chat or social-media request for a customer, found or created by
    e-mail address or phone number (a known customer is never renamed). The first message is
    the customer's; the agent is recorded as the one who logged it. All or nothing: a bad
    subject leaves no new customer behind."""
    _require_agent(agent)
    channel = _channel_in(channel, LOGGABLE_CHANNELS)
    if (
        team is not None
        and not user_sees_all_tickets(agent)
        and not agent.teams.filter(pk=team.pk).exists()
    ):
        raise ValidationError(_("Choose one of your own teams."), field="team")
    customer = customer_get_or_create(email=email, phone=phone, name=name, language=language)
    return ticket_create(
        customer=customer,
        subject=subject,
        body=body,
        channel=channel,
        created_by=agent,
        team=team,
        priority=priority,
        attachments=attachments,
    )


def message_log_for_customer(
    *,
    ticket: Ticket,
    agent: User,
    channel: str,
    body: str,
    attachments: Sequence[UploadedFile] = (),
) -> Message:
    """An agent logs what the ticket's customer said by phone, chat or social media (the
    customer called back). It is the customer's message; a closed ticket gets a follow-up."""
    _require_agent(agent)
    return message_add_from_customer(
        ticket=ticket,
        customer=ticket.customer,
        body=body,
        attachments=attachments,
        channel=_channel_in(channel, LOGGABLE_CHANNELS),
        logged_by=agent,
    )


@dataclass(frozen=True)
class ConversationResult:
    CREATED = "created"
    APPENDED = "appended"
    FOLLOW_UP = "follow_up"
    DUPLICATE = "duplicate"
    OUTCOMES = (CREATED, APPENDED, FOLLOW_UP, DUPLICATE)

    outcome: str
    ticket: Ticket


@dataclass(frozen=True)
class ConversationCustomer:
    name: str = ""
    email: str = ""
    phone: str = ""
    external_id: str = ""
    language: str = "en"


def _subject_from(text: str, channel: str, language: str) -> str:
    first_line = next((line for line in text.splitlines() if clean_label(line)), "")
    subject = clean_label(first_line)
    if len(subject) > SUBJECT_FROM_TEXT_MAX:
        subject = subject[: SUBJECT_FROM_TEXT_MAX - 1].rstrip() + "…"
    if subject:
        return subject
    with translation.override(language):
        return _("Chat conversation") if channel == C.CHAT else _("Social media conversation")


def conversation_message_receive(
    *,
    provider: str,
    conversation_id: str,
    channel: str,
    text: str,
    customer: ConversationCustomer,
    message_id: str = "",
    sent_at: datetime | None = None,
    subject: str = "",
) -> ConversationResult:
    """One message of an integration's conversation. The first one opens a ticket and ties the
    conversation to it; later ones are the customer's replies there (a closed ticket gets a
    follow-up, which the conversation then feeds); a message id seen before is not appended
    again.

    Race-safe: the conversation row is locked while a message is added, and two first messages
    arriving at once meet at the unique (provider, conversation id): the loser's transaction
    (its ticket included) rolls back and it is handled again as a later message."""
    for attempt in (1, 2):
        try:
            return _receive(
                provider=provider,
                conversation_id=conversation_id,
                channel=channel,
                text=text,
                customer=customer,
                message_id=message_id,
                sent_at=sent_at,
                subject=subject,
            )
        except IntegrityError:
            if (
                attempt == 2
                or not ExternalConversation.objects.filter(
                    provider=provider, external_id=conversation_id
                ).exists()
            ):
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _earlier_delivery(conversation: ExternalConversation, source: dict) -> TicketEvent | None:
    """The event that recorded this message id of this conversation, if one did. Looked up
    among the customer's tickets (few, indexed): a follow-up's events are there too."""
    return (
        TicketEvent.objects.filter(
            ticket__customer_id=conversation.ticket.customer_id,
            kind__in=[TicketEvent.Kind.CREATED, TicketEvent.Kind.CUSTOMER_REPLIED],
            payload__source__provider=source["provider"],
            payload__source__conversation_id=source["conversation_id"],
            payload__source__message_id=source["message_id"],
        )
        .select_related("ticket")
        .order_by("id")
        .first()
    )


@transaction.atomic
def _receive(
    *,
    provider: str,
    conversation_id: str,
    channel: str,
    text: str,
    customer: ConversationCustomer,
    message_id: str,
    sent_at: datetime | None,
    subject: str,
) -> ConversationResult:
    channel = _channel_in(channel, CONVERSATION_CHANNELS)
    source = {
        "provider": provider,
        "conversation_id": conversation_id,
        "message_id": message_id or None,
        "sent_at": sent_at.isoformat() if sent_at else None,
    }
    if customer.external_id:
        source["customer_external_id"] = customer.external_id
    conversation = (
        ExternalConversation.objects.select_for_update(of=("self",))
        .select_related("ticket__customer")
        .filter(provider=provider, external_id=conversation_id)
        .first()
    )
    if conversation is None:
        if not customer.email.strip() and not customer.phone.strip():
            # Customer rows need an address or a number; an integration's own user id alone
            # would make a customer nobody can reach or recognise again.
            raise ValidationError(
                _("A new conversation needs the customer's e-mail address or phone number."),
                field="email",
            )
        person = customer_get_or_create(
            email=customer.email,
            phone=customer.phone,
            name=customer.name,
            language=customer.language,
        )
        ticket = ticket_create(
            customer=person,
            subject=clean_label(subject) or _subject_from(text, channel, person.language),
            body=text,
            channel=channel,
            source=source,
        )
        ExternalConversation.objects.create(
            provider=provider,
            external_id=conversation_id,
            channel=channel,
            ticket=ticket,
            created_at=clock.now(),
        )
        return ConversationResult(ConversationResult.CREATED, ticket)

    if message_id:
        earlier = _earlier_delivery(conversation, source)
        if earlier is not None:
            return ConversationResult(ConversationResult.DUPLICATE, earlier.ticket)
    ticket = conversation.ticket
    message = message_add_from_customer(
        ticket=ticket, customer=ticket.customer, body=text, channel=channel, source=source
    )
    if message.ticket_id != ticket.pk:
        conversation.ticket = message.ticket
        conversation.save(update_fields=["ticket"])
        return ConversationResult(ConversationResult.FOLLOW_UP, message.ticket)
    return ConversationResult(ConversationResult.APPENDED, ticket)
