"""The queue's filters, one FilterSet for the agent pages and the REST API, so both agree.

Every filter lives in the URL. Bad values are form errors next to their field, never a 500.
Besides the agents' filters it takes the manager dashboard's drill-down parameters
(``agent``, ``resolved_from``, ``sla``, ``csat``...: tickets.queue_filters), which filter
through the metrics facts so that a link from a number lists exactly the tickets counted."""

from __future__ import annotations

from datetime import date, timedelta

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from helpdesk import clock
from helpdesk.form_renderer import fast_form_renderer
from tickets.models import Category, Customer, Team, Ticket, User
from tickets.queue_filters import (
    CSAT_CHOICES,
    ISO_DATE,
    NONE,
    NPS_CHOICES,
    SLA_CHOICES,
    _IdOrNone,
    day_bounds,
    speed_buckets,
    tickets_filter,
)

ME = "me"
SORTS = [("updated", _("Last updated")), ("created", _("Newest")), ("priority", _("Priority"))]
DUE_CHOICES = [("soon", _("due within 2 hours")), ("overdue", _("overdue"))]
DUE_SOON = timedelta(hours=2)
# Parameters that only move through the pages or order them: not filters.
NOT_FILTERS = {"sort", "cursor", "page_size", "format"}
# The dashboard's drill-down parameters, applied through the facts (tickets.queue_filters).
FACTS_FILTERS = (
    "agent",
    "resolved_from",
    "resolved_to",
    "rated_from",
    "rated_to",
    "open_on",
    "sla",
    "csat",
    "nps",
    "frt_bucket",
    "resolution_bucket",
    "responded",
    "reopened",
    "one_touch",
)


class _Assignee(forms.Field):
    """ "me", "none" (also "unassigned"), or a user id that exists."""

    def to_python(self, value):
        text = (value or "").strip().lower()
        if not text:
            return None
        if text in (ME, NONE, "unassigned"):
            return NONE if text == "unassigned" else text
        if not (text.isascii() and text.isdigit() and len(text) <= 18):
            raise forms.ValidationError(_("Select a valid choice."), code="invalid_choice")
        if not User.objects.filter(pk=int(text)).exists():
            raise forms.ValidationError(_("Select a valid choice."), code="invalid_choice")
        return int(text)


class _IdField(_IdOrNone):
    def __init__(self, **kwargs):
        kwargs.pop("required", None)  # always optional; django-filter passes it too
        super().__init__(**kwargs)


class _IdFilter(django_filters.Filter):
    field_class = _IdField


class _AssigneeFilter(django_filters.Filter):
    field_class = _Assignee


def _day_filter(label):
    return django_filters.DateFilter(label=label, method="filter_nothing", input_formats=[ISO_DATE])


def _facts_choice(label, choices):
    return django_filters.ChoiceFilter(label=label, choices=choices, method="filter_nothing")


class QueueForm(forms.Form):
    """Checks across fields: a range's end not before its start."""

    default_renderer = fast_form_renderer

    RANGES = [
        ("created_from", "created_to"),
        ("updated_from", "updated_to"),
        ("resolved_from", "resolved_to"),
        ("rated_from", "rated_to"),
    ]

    def clean(self):
        cleaned = super().clean()
        for first, last in self.RANGES:
            if cleaned.get(first) and cleaned.get(last) and cleaned[first] > cleaned[last]:
                self.add_error(last, _("The end date must not be before the start date."))
        for name, value in list(cleaned.items()):
            if isinstance(value, date) and value == date.max:
                self.add_error(name, _("Enter an earlier date."))
        return cleaned


class TicketFilter(django_filters.FilterSet):
    """``TicketFilter(request.GET, queryset=tickets_visible_to(user), request=request)``."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Ticket.Status.choices, distinct=False
    )
    priority = django_filters.MultipleChoiceFilter(
        label=_("Priority"), choices=Ticket.Priority.choices, distinct=False
    )
    team = _IdFilter(label=_("Team"), model=Team, allow_none=False, field_name="team_id")
    assignee = _AssigneeFilter(label=_("Assignee"), method="filter_assignee")
    # ?mine=1 of the first queue's bookmarks: the same as assignee=me.
    mine = django_filters.ChoiceFilter(
        label=_("Assigned to me"), choices=[("1", _("yes"))], method="filter_mine"
    )
    channel = django_filters.MultipleChoiceFilter(
        label=_("Channel"), choices=Ticket.Channel.choices, distinct=False
    )
    category = _IdFilter(label=_("Category"), model=Category, allow_none=True, method="filter_id")
    tag = django_filters.CharFilter(label=_("Tag"), method="filter_tag", max_length=50)
    customer = _IdFilter(
        label=_("Customer"), model=Customer, allow_none=False, field_name="customer_id"
    )
    created_from = _day_filter(_("Created from"))
    created_to = _day_filter(_("Created until"))
    updated_from = _day_filter(_("Updated from"))
    updated_to = _day_filter(_("Updated until"))
    due = django_filters.ChoiceFilter(label=_("SLA due"), choices=DUE_CHOICES, method="filter_due")
    solved_days = django_filters.NumberFilter(
        label=_("Solved in the last days"), method="filter_solved_days", min_value=1, max_value=366
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORTS, method="filter_nothing", empty_label=None
    )

    # The dashboard's drill-down (facts) parameters.
    agent = _IdFilter(label=_("Agent"), model=User, allow_none=True, method="filter_nothing")
    resolved_from = _day_filter(_("Solved from"))
    resolved_to = _day_filter(_("Solved until"))
    rated_from = _day_filter(_("Rated from"))
    rated_to = _day_filter(_("Rated until"))
    open_on = _day_filter(_("Open at the end of"))
    sla = _facts_choice(_("SLA"), SLA_CHOICES)
    csat = _facts_choice(_("CSAT"), CSAT_CHOICES)
    nps = _facts_choice(_("NPS"), NPS_CHOICES)
    frt_bucket = _facts_choice(_("First response time"), [])
    resolution_bucket = _facts_choice(_("Resolution time"), [])
    responded = _facts_choice(_("Answered"), [("1", _("yes"))])
    reopened = _facts_choice(_("Reopened"), [("1", _("yes"))])
    one_touch = _facts_choice(_("One-touch resolution"), [("1", _("yes"))])

    class Meta:
        model = Ticket
        fields: list[str] = []
        form = QueueForm

    def __init__(
        self,
        data=None,
        *args,
        user: User | None = None,
        open_by_default: bool = True,
        full_text: bool = True,
        **kwargs,
    ):
        """``open_by_default``: with no filter at all, open tickets only (the agent page's
        bare queue). ``full_text``: ``q`` searches the messages too, internal notes included,
        so agents only; otherwise the reference and the subject."""
        super().__init__(data, *args, **kwargs)
        self.user = user or getattr(self.request, "user", None)
        self.open_by_default, self.full_text = open_by_default, full_text
        buckets = [(key, label) for key, label, _lower, _upper in speed_buckets()]
        self.filters["frt_bucket"].extra["choices"] = buckets
        self.filters["resolution_bucket"].extra["choices"] = buckets

    @classmethod
    def querysets_of(
        cls, queries: list[str], *, queryset: QuerySet[Ticket], user: User
    ) -> list[QuerySet[Ticket] | None]:
        """The tickets each query string selects (None for one that is not valid): the
        sidebar's views. One filter set bound to each query in turn, as building one per view
        deep-copied its ~40 filters every time (half of the queue page's sidebar)."""
        if not queries:
            return []
        filters = cls(None, queryset=queryset, user=user)
        result = []
        for query in queries:
            filters.data, filters.is_bound = QueryDict(query), True
            for cached in ("_form", "_qs"):  # django-filter's caches of the bound data
                filters.__dict__.pop(cached, None)
            result.append(filters.qs if filters.is_valid() else None)
        return result

    # --- what is set ------------------------------------------------------------------------

    def has_filters(self) -> bool:
        """Whether the URL filters at all (the bare queue lists open tickets only)."""
        data = self.data or {}
        for name in self.filters:
            if name in NOT_FILTERS or name not in data:
                continue
            values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
            if any(str(value).strip() for value in values if value is not None):
                return True
        return False

    def sort_key(self) -> str:
        value = self.form.cleaned_data.get("sort") if self.is_valid() else ""
        return value or "updated"

    def filter_queryset(self, queryset: QuerySet[Ticket]) -> QuerySet[Ticket]:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        for prefix, column in (("created", "created_at"), ("updated", "updated_at")):
            first, last = data.get(f"{prefix}_from"), data.get(f"{prefix}_to")
            if first:
                queryset = queryset.filter(**{f"{column}__gte": day_bounds(first)[0]})
            if last:
                queryset = queryset.filter(**{f"{column}__lt": day_bounds(last)[1]})
        facts = {name: data.get(name) for name in FACTS_FILTERS if data.get(name)}
        if facts:
            queryset = tickets_filter(queryset, facts)
        if self.open_by_default and not self.has_filters():
            queryset = queryset.filter(status__in=Ticket.OPEN_STATUSES)
        return queryset

    # --- methods ------------------------------------------------------------------------------

    def filter_nothing(self, queryset, name, value):
        return queryset  # applied together in filter_queryset, or read by the pager

    def filter_q(self, queryset, name, value):
        from tickets.queues.search import queue_search
        from tickets.selectors import tickets_search

        return queue_search(queryset, value) if self.full_text else tickets_search(queryset, value)

    def filter_assignee(self, queryset, name, value):
        if value == NONE:
            return queryset.filter(assignee__isnull=True)
        if value == ME:
            return queryset.filter(assignee_id=getattr(self.user, "pk", None))
        return queryset.filter(assignee_id=value)

    def filter_mine(self, queryset, name, value):
        return self.filter_assignee(queryset, "assignee", ME) if value else queryset

    def filter_id(self, queryset, name, value):
        if value == NONE:
            return queryset.filter(**{f"{name}__isnull": True})
        return queryset.filter(**{f"{name}_id": value})

    def filter_tag(self, queryset, name, value):
        text = value.strip().lower()
        return queryset.filter(tags__name=text) if text else queryset

    def filter_due(self, queryset, name, value):
        now = clock.now()
        if value == "overdue":
            return queryset.filter(sla_due_at__lte=now)
        return queryset.filter(sla_due_at__gt=now, sla_due_at__lte=now + DUE_SOON)

    def filter_solved_days(self, queryset, name, value):
        return queryset.filter(solved_at__gte=clock.now() - timedelta(days=int(value)))

    # --- for the page ---------------------------------------------------------------------------

    def labelled_errors(self) -> list[tuple[str, str, str]]:
        """(name, label, message) of every error, for the list above the queue."""
        fields = self.form.fields
        return [
            (name, str(fields[name].label) if name in fields else "", message)
            for name, messages in self.form.errors.items()
            for message in messages
        ]

    def facts_active(self) -> list[tuple[str, str, str]]:
        """(name, label, shown value) of the drill-down filters in use, for the chips."""
        if not self.is_valid():
            return []
        shown = []
        for name in FACTS_FILTERS:
            value = self.form.cleaned_data.get(name)
            if value in (None, ""):
                continue
            field = self.form.fields[name]
            if isinstance(value, date):
                text = value.isoformat()
            elif name == "agent":
                person = User.objects.filter(pk=value).first() if value != NONE else None
                text = str(_("Unassigned")) if value == NONE else _person(person)
            else:
                text = str(dict(field.choices).get(value, value))
            shown.append((name, str(field.label), text))
        return shown


def _person(person: User | None) -> str:
    return (person.get_full_name() or person.username) if person else ""
