"""The agent queue's drill-down filters: the tickets behind a number of the manager dashboard.

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

from tickets.models import Category, Team, Ticket, User

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


def _day(label):
    return forms.DateField(label=label, required=False, input_formats=[ISO_DATE])


class QueueFilterForm(forms.Form):
    team = _IdOrNone(model=Team, allow_none=False, label=_("Team"))
    agent = _IdOrNone(model=User, allow_none=True, label=_("Agent"))
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=Ticket.Channel.choices)
    priority = forms.ChoiceField(
        label=_("Priority"), required=False, choices=Ticket.Priority.choices
    )
    category = _IdOrNone(model=Category, allow_none=True, label=_("Category"))
    created_from = _day(_("Created from"))
    created_to = _day(_("Created until"))
    resolved_from = _day(_("Solved from"))
    resolved_to = _day(_("Solved until"))
    rated_from = _day(_("Rated from"))
    rated_to = _day(_("Rated until"))
    open_on = _day(_("Open at the end of"))
    sla = forms.ChoiceField(label=_("SLA"), required=False, choices=SLA_CHOICES)
    csat = forms.ChoiceField(label=_("CSAT"), required=False, choices=CSAT_CHOICES)
    nps = forms.ChoiceField(label=_("NPS"), required=False, choices=NPS_CHOICES)
    frt_bucket = forms.ChoiceField(label=_("First response time"), required=False)
    resolution_bucket = forms.ChoiceField(label=_("Resolution time"), required=False)
    responded = forms.ChoiceField(label=_("Answered"), required=False, choices=[("1", _("yes"))])
    reopened = forms.ChoiceField(label=_("Reopened"), required=False, choices=[("1", _("yes"))])
    one_touch = forms.ChoiceField(
        label=_("One-touch resolution"), required=False, choices=[("1", _("yes"))]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        buckets = [(key, label) for key, label, _lower, _upper in speed_buckets()]
        self.fields["frt_bucket"].choices = buckets
        self.fields["resolution_bucket"].choices = buckets

    def clean(self):
        cleaned = super().clean()
        for first, last in [
            ("created_from", "created_to"),
            ("resolved_from", "resolved_to"),
            ("rated_from", "rated_to"),
        ]:
            if cleaned.get(first) and cleaned.get(last) and cleaned[first] > cleaned[last]:
                self.add_error(last, _("The end date must not be before the start date."))
        for name in ("created_to", "resolved_to", "rated_to", "open_on"):
            if cleaned.get(name) == date.max:
                self.add_error(name, _("Enter an earlier date."))
        return cleaned

    def labelled_errors(self) -> list[tuple[str, str, str]]:
        """(name, label, message) of every error, for the list above the queue."""
        return [
            (name, str(self.fields[name].label) if name in self.fields else "", message)
            for name, messages in self.errors.items()
            for message in messages
        ]

    def active(self) -> list[tuple[str, str, str]]:
        """(name, label, shown value) of every filter in use, in the form's order."""
        if not self.is_valid():
            return []
        shown = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            shown.append((name, str(field.label), self._display(name, field, value)))
        return shown

    def _display(self, name, field, value) -> str:
        if isinstance(value, date):
            return value.isoformat()
        if value == NONE:
            return str(_("Unassigned") if name == "agent" else _("No category"))
        if name == "team":
            return Team.objects.filter(pk=value).values_list("name", flat=True).first() or ""
        if name == "agent":
            person = User.objects.filter(pk=value).first()
            return (person.get_full_name() or person.username) if person else ""
        if name == "category":
            category = Category.objects.filter(pk=value).first()
            return category.name if category else ""
        return str(dict(field.choices).get(value, value))


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


def agent_queue_filtered(
    *, user: User, data: dict, status: str | None = None, mine: bool = False
) -> QuerySet[Ticket]:
    """The queue narrowed by drill-down filters (``data``: a valid QueueFilterForm's cleaned
    data), in every status unless ``status`` is given: a dashboard number counts solved and
    closed tickets too. Permissions as the plain queue's (tickets_visible_to)."""
    from tickets.selectors import tickets_visible_to

    tickets = tickets_visible_to(user).prefetch_related("tags")
    if status:
        tickets = tickets.filter(status=status)
    if mine:
        tickets = tickets.filter(assignee=user)
    return tickets_filter(tickets, data).order_by("-updated_at", "-pk")
