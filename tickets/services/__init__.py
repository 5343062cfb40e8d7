"""Every write to the ticket domain. Views, the API, e-mail intake and tasks call these."""

from tickets.services.assignment import TicketAlreadyTaken, ticket_auto_assign, ticket_take
from tickets.services.attachments import attachments_validate, clean_filename
from tickets.services.bulk import BULK_MAX, tickets_bulk_update
from tickets.services.customers import customer_get_or_create
from tickets.services.events import event_record, events_process_pending
from tickets.services.macros import macro_apply, macro_create, macro_delete, macro_update
from tickets.services.messages import message_add_from_agent, message_add_from_customer
from tickets.services.saved_views import saved_view_create, saved_view_delete, saved_view_update
from tickets.services.tickets import (
    UNSET,
    require_agent_for,
    ticket_assign,
    ticket_change_status,
    ticket_change_team,
    ticket_create,
    ticket_set_priority,
    ticket_set_tags,
    ticket_update,
)

__all__ = [
    "BULK_MAX",
    "UNSET",
    "TicketAlreadyTaken",
    "attachments_validate",
    "clean_filename",
    "customer_get_or_create",
    "event_record",
    "events_process_pending",
    "macro_apply",
    "macro_create",
    "macro_delete",
    "macro_update",
    "message_add_from_agent",
    "message_add_from_customer",
    "require_agent_for",
    "saved_view_create",
    "saved_view_delete",
    "saved_view_update",
    "ticket_assign",
    "ticket_auto_assign",
    "ticket_change_status",
    "ticket_change_team",
    "ticket_create",
    "ticket_set_priority",
    "ticket_set_tags",
    "ticket_take",
    "ticket_update",
    "tickets_bulk_update",
]
