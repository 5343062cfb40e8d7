"""The queue's rows, worked out in Python once so that the row template stays plain lookups
(per-row includes and template tags were most of the old page's time)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from helpdesk import clock
from helpdesk.text import clean_label
from tickets.models import Ticket
from tickets.templatetags.sla import sla_state


def rows_for_display(tickets: list[Ticket]) -> list[dict]:
    prefix = reverse("agent-ticket", args=["HD-0"]).removesuffix("HD-0/")
    now = clock.now()
    # Translated once per page, not once per row.
    status_labels = {value: str(label) for value, label in Ticket.Status.choices}
    priority_labels = {value: str(label) for value, label in Ticket.Priority.choices}
    select_label = _("Select %(reference)s")
    rows = []
    for ticket in tickets:
        reference = ticket.reference
        customer, assignee = ticket.customer, ticket.assignee
        rows.append(
            {
                "pk": ticket.pk,
                "reference": reference,
                "select_label": select_label % {"reference": reference},
                "url": f"{prefix}{reference}/",
                "subject": clean_label(ticket.subject),
                "customer": clean_label(customer.name),
                "unverified": bool(customer.email) and customer.email_verified_at is None,
                "status": ticket.status,
                "status_label": status_labels.get(ticket.status, ticket.status),
                "priority": ticket.priority,
                "priority_label": priority_labels.get(ticket.priority, ticket.priority),
                "team": ticket.team.name,
                "assignee": (assignee.get_full_name() or assignee.username) if assignee else "",
                "updated_iso": ticket.updated_at.isoformat(),
                "updated_ago": timesince(ticket.updated_at, now),
                "sla": sla_state(ticket),
                "tags": [tag.name for tag in ticket.tags.all()],
            }
        )
    return rows
