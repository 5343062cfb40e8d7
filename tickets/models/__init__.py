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
    User,
    attachment_storage_key,
)
from tickets.models.events import EventHandlerFailure, TicketEvent
from tickets.models.links import TicketLink
from tickets.models.macros import Macro
from tickets.models.mail import InboundEmail, Mailbox, OutboundEmail, raw_email_storage_key
from tickets.models.portal import ExternalConversation, SignInLink
from tickets.models.saved_views import SavedView
from tickets.models.search import TicketSearch
from tickets.models.sla import BusinessCalendar, Holiday, SlaAlert, SlaPolicy, WorkingHours
from tickets.models.surveys import CsatSurvey, NpsSurvey

__all__ = [
    "REFERENCE_PREFIX",
    "TICKET_NUMBER_SEQUENCE",
    "Attachment",
    "BusinessCalendar",
    "CsatSurvey",
    "Category",
    "Customer",
    "EventHandlerFailure",
    "ExternalConversation",
    "Holiday",
    "InboundEmail",
    "Macro",
    "Mailbox",
    "Message",
    "NpsSurvey",
    "OutboundEmail",
    "SavedView",
    "SignInLink",
    "SlaAlert",
    "SlaPolicy",
    "Tag",
    "Team",
    "Ticket",
    "TicketEvent",
    "TicketLink",
    "TicketSearch",
    "User",
    "WorkingHours",
    "attachment_storage_key",
    "raw_email_storage_key",
]
