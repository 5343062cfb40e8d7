"""The ticket domain's models, one module per concern. Models hold data and constraints only;
every write goes through ``tickets.services`` so that each change lands with its ``TicketEvent``."""

from tickets.models.core import (
    REFERENCE_PREFIX,
    TICKET_NUMBER_SEQUENCE,
    Attachment,
    Category,
    Customer,
    Message,
    Tag,
    Team,
    Ticket,
    TicketEvent,
    User,
    attachment_storage_key,
)
from tickets.models.mail import InboundEmail, Mailbox, OutboundEmail, raw_email_storage_key
from tickets.models.portal import ExternalConversation, SignInLink

__all__ = [
    "REFERENCE_PREFIX",
    "TICKET_NUMBER_SEQUENCE",
    "Attachment",
    "Category",
    "Customer",
    "ExternalConversation",
    "InboundEmail",
    "Mailbox",
    "Message",
    "OutboundEmail",
    "SignInLink",
    "Tag",
    "Team",
    "Ticket",
    "TicketEvent",
    "User",
    "attachment_storage_key",
    "raw_email_storage_key",
]
