"""The agent ticket page's e-mail log (templates/tickets/partials/email_log.html)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template

from tickets.models import Message, OutboundEmail, Ticket
from tickets.selectors import EMAIL_LOG_LIMIT, ticket_email_log

register = template.Library()


@dataclass
class ReplyDelivery:
    message: Message
    emails: list[OutboundEmail] = field(default_factory=list)


@dataclass
class EmailLog:
    emails: list[OutboundEmail]
    replies: list[ReplyDelivery]


@register.simple_tag(takes_context=True)
def ticket_email_log_for(context, ticket: Ticket) -> EmailLog:
    """The ticket's e-mails (one query) and, for each public agent reply in the thread already
    loaded on the page, the e-mails that carried it."""
    emails = list(ticket_email_log(user=context["request"].user, ticket=ticket)[:EMAIL_LOG_LIMIT])
    by_message: dict[int, list[OutboundEmail]] = {}
    for email in emails:
        if email.message_id and email.kind == OutboundEmail.Kind.AGENT_REPLY:
            by_message.setdefault(email.message_id, []).append(email)
    replies = [
        ReplyDelivery(message, by_message.get(message.pk, []))
        for message in ticket.messages.all()
        if message.author_agent_id and not message.is_internal
    ]
    return EmailLog(emails=emails, replies=replies)
