"""Bulk actions on the queue's selected rows: the same change to many tickets, all or nothing.

Each ticket goes through ``ticket_update`` (its permission check, its rules, one event per
change), so a bulk change is exactly the sum of the per-ticket changes it stands for."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helpdesk.errors import ApplicationError, PermissionDenied, ValidationError
from tickets.models import Team, Ticket, User
from tickets.roles import user_is_agent
from tickets.services.tickets import UNSET, ticket_update

BULK_MAX = 200


def _ids(tickets: Iterable[Ticket | int]) -> list[int]:
    return sorted({ticket if isinstance(ticket, int) else ticket.pk for ticket in tickets})


def _name_the_ticket(error: ApplicationError, ticket: Ticket) -> None:
    """Put the ticket in front of the message ("HD-000042: A ticket cannot go from …"); the
    class (so the HTTP status) and the field stay, so a form still shows it by its field."""
    error.message = _("%(reference)s: %(error)s") % {
        "reference": ticket.reference,
        "error": error.message,
    }
    error.args = (error.message,)


@transaction.atomic
def tickets_bulk_update(
    *,
    actor: User,
    tickets: Iterable[Ticket | int],
    assignee: User | None | object = UNSET,
    status: str | object = UNSET,
    priority: str | object = UNSET,
    add_tags: Sequence[str] | object = UNSET,
    team: Team | object = UNSET,
) -> list[Ticket]:
    """Apply the given changes (UNSET: leave alone; ``assignee=None`` unassigns) to every ticket,
    in one transaction: one invalid ticket and nothing changes and no event is written. The
    error names that ticket. The rows are locked in id order, so two bulk actions over
    overlapping selections queue up instead of deadlocking. At most ``BULK_MAX`` tickets."""
    if not user_is_agent(actor):
        raise PermissionDenied(_("Only agents can do this."))
    ids = _ids(tickets)
    if not ids:
        raise ValidationError(_("Select at least one ticket."), field="tickets")
    if len(ids) > BULK_MAX:
        raise ValidationError(
            ngettext(
                "Select at most %(max)d ticket at once.",
                "Select at most %(max)d tickets at once.",
                BULK_MAX,
            )
            % {"max": BULK_MAX},
            field="tickets",
        )
    changes = {
        name: value
        for name, value in {
            "assignee": assignee,
            "status": status,
            "priority": priority,
            "team": team,
        }.items()
        if value is not UNSET
    }
    add_tags = [] if add_tags is UNSET else [name for name in add_tags if name.strip()]
    if not changes and not add_tags:
        raise ValidationError(_("Choose a change to make."))

    locked = list(Ticket.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(ids):
        raise ValidationError(_("Some of the selected tickets no longer exist."), field="tickets")
    current_tags: dict[int, list[str]] = defaultdict(list)
    if add_tags:
        through = Ticket.tags.through.objects.filter(ticket_id__in=ids)
        for ticket_id, name in through.values_list("ticket_id", "tag__name"):
            current_tags[ticket_id].append(name)

    updated = []
    for ticket in locked:
        extra = {"tags": [*current_tags[ticket.pk], *add_tags]} if add_tags else {}
        try:
            updated.append(ticket_update(ticket=ticket, actor=actor, **changes, **extra))
        except ApplicationError as error:
            _name_the_ticket(error, ticket)
            raise
    return updated
