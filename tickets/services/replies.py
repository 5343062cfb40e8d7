"""An agent's reply from the ticket page, with the collision check: when colleagues, the
customer or an automation changed the ticket after the page the agent wrote on was loaded,
nothing is sent until the agent has seen what changed and confirms."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from helpdesk.errors import ApplicationError
from tickets.history import HistoryLine
from tickets.models import Message, Ticket, User
from tickets.services.messages import message_add_from_agent
from tickets.services.tickets import _lock
from tickets.ticket_page.selectors import changes_since


class ReplyConflict(ApplicationError):
    """Others changed the ticket since ``seen_event``; ``changes`` says what, in plain words."""

    status_code = 409

    def __init__(self, changes: list[HistoryLine]):
        super().__init__(
            _("Someone else changed this ticket after you opened it. Review the changes first.")
        )
        self.changes = changes

    def as_dict(self) -> dict:
        return {
            "detail": self.message,
            "changes": [
                {"event_id": line.event_id, "kind": line.kind, "text": line.text, "at": line.at}
                for line in self.changes
            ],
        }


@transaction.atomic
def reply_send_checked(
    *,
    ticket: Ticket,
    agent: User,
    body: str,
    seen_event: int | None,
    confirmed: bool = False,
    is_internal: bool = False,
    status: str | None = None,
    attachments: Sequence[UploadedFile] = (),
    channel: str = Ticket.Channel.WEB,
) -> Message:
    """``message_add_from_agent``, unless others changed the ticket after the event
    ``seen_event`` and the agent has not ``confirmed``: then ReplyConflict and nothing is
    written. The ticket row is locked first, so a change committed meanwhile is seen.
    ``seen_event`` None skips the check (a client that does not track events)."""
    ticket = _lock(ticket)
    if seen_event is not None and not confirmed:
        changes = changes_since(ticket=ticket, user=agent, event_id=seen_event)
        if changes:
            raise ReplyConflict(changes)
    return message_add_from_agent(
        ticket=ticket,
        agent=agent,
        body=body,
        is_internal=is_internal,
        attachments=attachments,
        status=status,
        channel=channel,
    )
