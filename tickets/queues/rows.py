"""The queue's rows, read as plain values and worked out in Python once, so that the row
template stays plain lookups. Building five model instances a row (ticket, customer, team,
assignee, category) and prefetching Tag instances cost more than the page's SQL at 1,000,000
tickets; the rows need a few columns of each."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import avoid_wrapping
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import TIME_STRINGS, timesince
from django.utils.translation import gettext as _

from helpdesk import clock
from helpdesk.text import clean_label
from tickets.models import Ticket
from tickets.models.core import REFERENCE_PREFIX
from tickets.templatetags.sla import sla_state

# What a row shows, and what sla_state reads.
ROW_FIELDS = (
    "id",
    "number",
    "subject",
    "status",
    "priority",
    "created_at",
    "updated_at",
    "sla_policy_id",
    "sla_due_at",
    "sla_warn_at",
    "first_response_due_at",
    "next_response_due_at",
    "resolution_due_at",
    "team__name",
    "customer__name",
    "customer__email",
    "customer__email_verified_at",
    "assignee_id",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)


def row_values(tickets: QuerySet[Ticket]) -> QuerySet:
    """``tickets`` as the dicts the rows are made of (filter and page it as the tickets)."""
    return tickets.select_related(None).prefetch_related(None).values(*ROW_FIELDS)


def _tags_of(ticket_ids: list[int]) -> dict[int, list[str]]:
    tags: dict[int, list[str]] = {}
    through = Ticket.tags.through.objects.filter(ticket_id__in=ticket_ids)
    for ticket_id, name in through.order_by("tag__name").values_list("ticket_id", "tag__name"):
        tags.setdefault(ticket_id, []).append(name)
    return tags


# timesince's units below a month, the largest first.
_UNITS = (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60))


class TimeAgo:
    """``timesince(d, now)`` for many ``d``, with each unit's words ("3 hours") translated once:
    Django's unit words are lazy plurals, and a catalog lookup each cost most of the 18 us a
    row spent here. Below four weeks the words depend only on the seconds between the two
    times, and this walks them as timesince does (up to two adjacent units); older times are
    timesince's own (months and years follow the calendar)."""

    def __init__(self, now: datetime):
        self.now = now
        self.words: dict[tuple[str, int], str] = {}
        self.comma = _(", ")

    def _word(self, unit: str, count: int) -> str:
        key = (unit, count)
        if key not in self.words:
            self.words[key] = avoid_wrapping(TIME_STRINGS[unit] % {"num": count})
        return self.words[key]

    def __call__(self, when: datetime) -> str:
        since = (self.now - when) // timedelta(seconds=1)
        if since >= 28 * 86400:
            return timesince(when, self.now)
        parts: list[str] = []
        for unit, seconds in _UNITS:
            count, since = divmod(max(since, 0), seconds)
            if count:
                parts.append(self._word(unit, count))
            if parts and (not count or len(parts) == 2):
                break
        return self.comma.join(parts) if parts else self._word("minute", 0)


def rows_for_display(values: list[dict]) -> list[SimpleNamespace]:
    """The template's rows for a page of ``row_values`` (one more query: their tags).
    Namespaces, not dicts: Jinja2 reads ``row.subject`` as an attribute first, and a dict
    answers that with an AttributeError before the key lookup (a millisecond a page)."""
    prefix = reverse("agent-ticket", args=["HD-0"]).removesuffix("HD-0/")
    take_prefix, take_suffix = reverse("agent-ticket-take", args=["HD-0"]).split("HD-0")
    ago = TimeAgo(clock.now())
    # Translated once per page, not once per row.
    status_labels = {value: str(label) for value, label in Ticket.Status.choices}
    priority_labels = {value: str(label) for value, label in Ticket.Priority.choices}
    select_label = _("Select %(reference)s")
    tags = _tags_of([value["id"] for value in values])
    rows = []
    for value in values:
        reference = f"{REFERENCE_PREFIX}{value['number']:06d}"
        assignee = value["assignee_id"] and (
            f"{value['assignee__first_name']} {value['assignee__last_name']}".strip()
            or value["assignee__username"]
        )
        sla = sla_state(SimpleNamespace(**value))
        rows.append(
            SimpleNamespace(
                pk=value["id"],
                reference=reference,
                select_label=select_label % {"reference": reference},
                url=f"{prefix}{reference}/",
                take_url=f"{take_prefix}{reference}{take_suffix}",
                subject=clean_label(value["subject"]),
                customer=clean_label(value["customer__name"]),
                unverified=bool(value["customer__email"])
                and value["customer__email_verified_at"] is None,
                status=value["status"],
                status_label=status_labels.get(value["status"], value["status"]),
                priority=value["priority"],
                priority_label=priority_labels.get(value["priority"], value["priority"]),
                team=value["team__name"],
                assignee=assignee or "",
                assignee_id=value["assignee_id"],
                updated_iso=value["updated_at"].isoformat(),
                updated_ago=ago(value["updated_at"]),
                sla=SimpleNamespace(**sla) if sla else None,
                tags=tags.get(value["id"], []),
            )
        )
    return rows


def row_labels() -> SimpleNamespace:
    """The column names and the rows' fixed words, in the active language."""
    return SimpleNamespace(
        **{
            "ticket": _("Ticket"),
            "subject": _("Subject"),
            "customer": _("Customer"),
            "status": _("Status"),
            "priority": _("Priority"),
            "team": _("Team"),
            "assignee": _("Assignee"),
            "updated": _("Updated"),
            "unverified_title": _(
                "The requester has not opened a link we e-mailed; do not share account details."
            ),
            "unverified": _("unverified address"),
            "take": _("Take it"),
        }
    )


def render_rows(request, rows: list[SimpleNamespace], labels: SimpleNamespace) -> SafeString:
    """The rows' HTML (jinja2/tickets/queue_rows.jinja: autoescaped, so marked safe)."""
    context = {"rows": rows, "labels": labels, "next": request.get_full_path()}
    return mark_safe(render_to_string("tickets/queue_rows.jinja", context, request))  # noqa: S308
