"""The dashboard's filters: every value lives in the URL (GET), so a view can be shared."""

from datetime import date, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metrics.selectors import DashboardQuery, period_too_long
from metrics.selectors.query import MAX_YEARS
from tickets.models import Category, Team, Ticket, User

DEFAULT_PERIOD_DAYS = 30
ISO_DATE = "%Y-%m-%d"
FILTER_FIELDS = ("team", "agent", "channel", "priority", "category")


class IdChoiceField(forms.ModelChoiceField):
    """A model choice whose value must be a plain integer before any lookup ("1e400", "x" and
    twenty digits are field errors, never a database error)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 18):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(text)


def _agents():
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(groups__permissions__codename="work_ticket")
            | Q(user_permissions__codename="work_ticket")
            | Q(is_superuser=True)
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class AgentChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


def _too_long(start: date, end: date) -> bool:
    # Near the calendar's end no period can be longer than the limit (and adding years fails).
    return start.year <= date.max.year - MAX_YEARS and period_too_long(start, end)


class DashboardForm(forms.Form):
    # <input type="date"> takes ISO dates only, whatever the page's language.
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)
    )
    end = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)
    )
    team = IdChoiceField(
        label=_("Team"), queryset=Team.objects.order_by("name"), required=False,
        empty_label=_("All teams"),
    )  # fmt: skip
    agent = AgentChoiceField(
        label=_("Agent"), queryset=User.objects.none(), required=False, empty_label=_("All agents")
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False,
        choices=[("", _("All channels")), *Ticket.Channel.choices],
    )  # fmt: skip
    priority = forms.ChoiceField(
        label=_("Priority"), required=False,
        choices=[("", _("All priorities")), *Ticket.Priority.choices],
    )  # fmt: skip
    category = IdChoiceField(
        label=_("Category"), queryset=Category.objects.order_by("name_en", "pk"), required=False,
        empty_label=_("All categories"),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = _agents()

    @classmethod
    def from_query(cls, query):
        today = timezone.localdate()
        end = query.get("end") or today
        data = {name: query.get(name, "") for name in FILTER_FIELDS}
        data["end"] = end
        if query.get("start"):
            data["start"] = query.get("start")
        elif isinstance(end, date):
            data["start"] = end - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
        else:
            data["start"] = today - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
        return cls(data)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if end == date.max:
            # The period runs until the start of the day after `end`, which has to exist.
            self.add_error("end", self.fields["end"].error_messages["invalid"])
        elif start and end and start > end:
            self.add_error("end", _("The end date must not be before the start date."))
        elif start and end and _too_long(start, end):
            self.add_error("start", _("The period can be at most three years long."))
        elif start and end and start.toordinal() - ((end - start).days + 1) < 1:
            # The previous period of the same length has to exist too.
            self.add_error("start", self.fields["start"].error_messages["invalid"])
        return cleaned

    def query(self) -> DashboardQuery:
        data = self.cleaned_data
        return DashboardQuery(
            start=data["start"],
            end=data["end"],
            team_id=data["team"].pk if data.get("team") else None,
            agent_id=data["agent"].pk if data.get("agent") else None,
            channel=data.get("channel") or None,
            priority=data.get("priority") or None,
            category_id=data["category"].pk if data.get("category") else None,
        )
