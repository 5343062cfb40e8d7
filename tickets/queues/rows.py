"""The queue's rows, worked out in Python once so that the row template stays plain lookups
(per-row includes and template tags were most of the old page's time)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.timesince import timesince

from helpdesk import clock
from helpdesk.text import clean_label
from tickets.models import Ticket
from tickets.templatetags.sla import sla_state


def rows_for_display(tickets: list[Ticket]) -> list[dict]:
    prefix = reverse("agent-ticket", args=["HD-0"]).removesuffix("HD-0/")
    now = clock.now()
    rows = []
    for ticket in tickets:
        reference = ticket.reference
        customer, assignee = ticket.customer, ticket.assignee
        rows.append(
            {
                "pk": ticket.pk,
                "reference": reference,
                "url": f"{prefix}{reference}/",
                "subject": clean_label(ticket.subject),
                "customer": clean_label(customer.name),
                "unverified": bool(customer.email) and customer.email_verified_at is None,
                "status": ticket.status,
                "status_label": ticket.get_status_display(),
                "priority": ticket.priority,
                "priority_label": ticket.get_priority_display(),
                "team": ticket.team.name,
                "assignee": (assignee.get_full_name() or assignee.username) if assignee else "",
                "updated_iso": ticket.updated_at.isoformat(),
                "updated_ago": timesince(ticket.updated_at, now),
                "sla": sla_state(ticket),
                "tags": [tag.name for tag in ticket.tags.all()],
            }
        )
    return rows
