"""The agent queue's drill-down filters: the tickets behind a number of the manager dashboard.
The queue's FilterSet (tickets.queues.filters) declares the fields and calls ``tickets_filter``.

The dashboard counts tickets by their metrics facts (metrics.TicketFacts: the ticket's current
team, agent, channel, priority and category, and the moments the rollups count them on), so the
queue filters through the same facts: a link from a number lists exactly the tickets counted.
Dates are local days in settings.TIME_ZONE, like the rollups'."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.models import Ticket

NONE = "none"  # ?agent=none: unassigned; ?category=none: no category
SLA_CHOICES = [("met", _("met")), ("missed", _("missed")), ("any", _("met or missed"))]
CSAT_CHOICES = [
    ("satisfied", _("satisfied (4–5)")),
    ("unsatisfied", _("not satisfied (1–3)")),
    ("answered", _("answered")),
]
NPS_CHOICES = [
    ("promoter", _("promoter (9–10)")),
    ("passive", _("passive (7–8)")),
    ("detractor", _("detractor (0–6)")),
    ("answered", _("answered")),
]
ISO_DATE = "%Y-%m-%d"


def speed_buckets() -> list[tuple[str, str, int, int | None]]:
    from metrics.rollups import SPEED_BUCKETS  # the one definition of the buckets

    return [(b.key, str(b.label), b.lower, b.upper) for b in SPEED_BUCKETS]


def day_bounds(day: date) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(day, time.min, tzinfo=zone),
        datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone),
    )


class _IdOrNone(forms.Field):
    """An id of ``model`` (checked to exist), or "none" where ``allow_none``."""

    def __init__(self, *, model, allow_none: bool, **kwargs):
        self.model, self.allow_none = model, allow_none
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        if self.allow_none and text == NONE:
            return NONE
        if not (text.isascii() and text.isdigit() and len(text) <= 18):
            raise forms.ValidationError(_("Select a valid choice."), code="invalid_choice")
        if not self.model.objects.filter(pk=int(text)).exists():
            raise forms.ValidationError(_("Select a valid choice."), code="invalid_choice")
        return int(text)


def _between(prefix: str, first: date | None, last: date | None) -> Q:
    q = Q()
    if first:
        q &= Q(**{f"{prefix}__gte": day_bounds(first)[0]})
    if last:
        q &= Q(**{f"{prefix}__lt": day_bounds(last)[1]})
    return q


def _bucket(column: str, key: str) -> Q:
    for bucket_key, _label, lower, upper in speed_buckets():
        if bucket_key == key:
            q = Q(**{f"facts__{column}__gte": lower})
            return q & Q(**{f"facts__{column}__lt": upper}) if upper is not None else q
    return Q(pk__in=[])


def tickets_filter(tickets: QuerySet[Ticket], data: dict) -> QuerySet[Ticket]:
    """``tickets`` narrowed by a valid QueueFilterForm's cleaned data, through their facts."""
    q = Q()
    for name in ("team", "agent", "category"):
        value = data.get(name)
        if value == NONE:
            q &= Q(**{f"facts__{name}__isnull": True}, facts__isnull=False)
        elif value is not None:
            q &= Q(**{f"facts__{name}_id": value})
    for name in ("channel", "priority"):
        if data.get(name):
            q &= Q(**{f"facts__{name}": data[name]})
    q &= _between("facts__created_at", data.get("created_from"), data.get("created_to"))
    q &= _between("facts__resolved_at", data.get("resolved_from"), data.get("resolved_to"))
    if data.get("rated_from") or data.get("rated_to"):
        # The day of the CSAT answer; of the NPS answer when only an NPS filter is set.
        nps_only = data.get("nps") and not data.get("csat")
        moment = "facts__nps_answered_at" if nps_only else "facts__csat_answered_at"
        q &= _between(moment, data.get("rated_from"), data.get("rated_to"))
    if data.get("open_on"):
        end = day_bounds(data["open_on"])[1]
        q &= Q(facts__created_at__lt=end) & (
            Q(facts__resolved_at__isnull=True) | Q(facts__resolved_at__gte=end)
        )
    sla = data.get("sla")
    if sla in ("met", "missed"):
        q &= Q(facts__sla_outcome=sla)
    elif sla == "any":
        q &= Q(facts__sla_outcome__in=["met", "missed"])
    csat = data.get("csat")
    if csat == "satisfied":
        q &= Q(facts__csat_score__gte=4)
    elif csat == "unsatisfied":
        q &= Q(facts__csat_score__lte=3)
    elif csat == "answered":
        q &= Q(facts__csat_score__isnull=False)
    nps = data.get("nps")
    if nps == "promoter":
        q &= Q(facts__nps_score__gte=9)
    elif nps == "passive":
        q &= Q(facts__nps_score__in=[7, 8])
    elif nps == "detractor":
        q &= Q(facts__nps_score__lte=6)
    elif nps == "answered":
        q &= Q(facts__nps_score__isnull=False)
    if data.get("frt_bucket"):
        q &= _bucket("first_response_seconds", data["frt_bucket"])
    if data.get("resolution_bucket"):
        q &= _bucket("resolution_seconds", data["resolution_bucket"])
    if data.get("responded"):
        q &= Q(facts__first_response_seconds__isnull=False)
    if data.get("reopened"):
        q &= Q(facts__reopened__gt=0)
    if data.get("one_touch"):
        q &= Q(facts__one_touch=True)
    return tickets.filter(q)
