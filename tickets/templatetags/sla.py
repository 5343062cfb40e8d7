"""The SLA badge: "due in 2 h 10 min" / "overdue by 35 min", from the due times stored on the
ticket (no query, so a queue of 50 rows costs nothing more)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from helpdesk import clock
from tickets.models import SlaAlert, Ticket
from tickets.templatetags.helpdesk import duration

register = template.Library()

PAUSED = (Ticket.Status.PENDING, Ticket.Status.ON_HOLD)
_TARGET_FIELDS = (
    ("first_response_due_at", SlaAlert.Target.FIRST_RESPONSE),
    ("next_response_due_at", SlaAlert.Target.NEXT_RESPONSE),
    ("resolution_due_at", SlaAlert.Target.RESOLUTION),
)


@register.simple_tag
def sla_state(ticket: Ticket) -> dict | None:
    """{state, text, target, due_at} for the badge, or None when no SLA clock applies.
    ``state``: "overdue", "soon" (its warning has fallen), "ok" or "paused"."""
    due_at = ticket.sla_due_at
    if due_at is None:
        if ticket.sla_policy_id and ticket.status in PAUSED:
            return {"state": "paused", "text": _("SLA paused"), "target": "", "due_at": None}
        return None
    now = clock.now()
    target = next((label for name, label in _TARGET_FIELDS if getattr(ticket, name) == due_at), "")
    if due_at <= now:
        state = "overdue"
        text = _("overdue by %(duration)s") % {"duration": duration((now - due_at).total_seconds())}
    else:
        warn_at = ticket.sla_warn_at
        # sla_warn_at is the next alert not yet written: once the earliest target's warning is
        # written, it is that target's breach, i.e. the due time itself.
        warned = warn_at is not None and (warn_at <= now or warn_at >= due_at)
        state = "soon" if warned else "ok"
        text = _("due in %(duration)s") % {"duration": duration((due_at - now).total_seconds())}
    return {
        "state": state,
        "text": text,
        "target": target.label if target else "",
        "due_at": due_at,
    }
