from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from helpdesk.errors import ValidationError
from helpdesk.form_renderer import fast_form_renderer
from tickets import lifecycle
from tickets.models import Category, Holiday, SlaPolicy, Team, Ticket, User
from tickets.services.conversations import LOGGABLE_CHANNELS
from tickets.services.customers import normalize_email, normalize_phone
from tickets.services.tickets import BODY_MAX, SUBJECT_MAX


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to its field (or above the form)."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


class _PickerIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # a plain query, not QuerySet.iterator()
            yield self.choice(obj)


class PickerField(forms.ModelChoiceField):
    """A ModelChoiceField whose options come from one plain query. ModelChoiceField reads them
    through ``QuerySet.iterator()``, a server-side cursor on PostgreSQL: three round trips
    for a handful of teams or agents, on every page with a picker."""

    iterator = _PickerIterator


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when nothing was chosen). The count,
    size and type rules are the services' (attachments_validate), so every channel shares them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class RequestForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail"))
    category = PickerField(
        label=_("Topic"),
        queryset=Category.objects.filter(is_public=True),
        required=False,
        empty_label=_("Not sure"),
    )
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    body = forms.CharField(
        label=_("How can we help?"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 8})
    )
    attachment = MultipleFileField(label=_("Attachments"))
    # Honeypot: hidden from people by CSS (the request_new template), filled in by form bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class CustomerReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    attachment = MultipleFileField(label=_("Attachments"))


class AgentReplyForm(forms.Form):
    default_renderer = fast_form_renderer

    body = forms.CharField(
        label=_("Message"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    is_internal = forms.BooleanField(label=_("Internal note (only agents see it)"), required=False)
    status = forms.ChoiceField(label=_("Then set status"), required=False)
    attachment = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args, ticket: Ticket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Keep as is"))] + [
            (value, Ticket.Status(value).label) for value in lifecycle.next_statuses(ticket.status)
        ]


class TicketPropertiesForm(forms.Form):
    default_renderer = fast_form_renderer

    status = forms.ChoiceField(label=_("Status"))
    priority = forms.ChoiceField(label=_("Priority"), choices=Ticket.Priority.choices)
    assignee = PickerField(
        label=_("Assignee"), queryset=User.objects.none(), required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args, ticket: Ticket, assignees, **kwargs):
        kwargs.setdefault(
            "initial",
            {"status": ticket.status, "priority": ticket.priority, "assignee": ticket.assignee},
        )
        # Shares the ticket page with AgentReplyForm, which has a "status" field too: distinct
        # ids keep each label tied to its own control. Field names (the POST data) are unchanged.
        kwargs.setdefault("auto_id", "id_properties_%s")
        super().__init__(*args, **kwargs)
        statuses = [ticket.status, *lifecycle.next_statuses(ticket.status)]
        self.fields["status"].choices = [(s, Ticket.Status(s).label) for s in statuses]
        self.fields["assignee"].queryset = assignees
        self.fields["assignee"].label_from_instance = assignee_choice_label


def assignee_choice_label(user: User) -> str:
    """The picker's "Anna Smith (3 open, away)": the agent's open tickets of the ticket's team
    (selectors.assignable_agents counts them). Shown only: manual assignment ignores caps."""
    name = user.get_full_name() or user.username
    count = getattr(user, "open_count", None)
    if count is None:
        return name
    from tickets.selectors import PICKER_COUNT_LIMIT

    if count >= PICKER_COUNT_LIMIT:
        text = (
            _("%(name)s (more than %(count)d open, away)")
            if user.is_away
            else _("%(name)s (more than %(count)d open)")
        )
        return str(text) % {"name": name, "count": PICKER_COUNT_LIMIT - 1}
    if user.is_away:
        text = ngettext("%(name)s (%(count)d open, away)", "%(name)s (%(count)d open, away)", count)
    else:
        text = ngettext("%(name)s (%(count)d open)", "%(name)s (%(count)d open)", count)
    return text % {"name": name, "count": count}


def _loggable_channel_choices():
    return [(value, Ticket.Channel(value).label) for value in LOGGABLE_CHANNELS]


class LogTicketForm(forms.Form):
    """An agent logs a phone, chat or social-media request for a customer. The e-mail address
    and phone number are checked by customer_get_or_create, so its errors land on them."""

    channel = forms.ChoiceField(label=_("Channel"), choices=_loggable_channel_choices)
    email = forms.CharField(label=_("Customer's e-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Customer's phone"), max_length=64, required=False)
    name = forms.CharField(
        label=_("Customer's name"),
        max_length=200,
        required=False,
        help_text=_("For a new customer. A customer we already know keeps their name."),
    )
    language = forms.ChoiceField(label=_("Customer's language"), choices=settings.LANGUAGES)
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    body = forms.CharField(
        label=_("What the customer said"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    team = PickerField(label=_("Team"), queryset=Team.objects.none(), empty_label=None)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Ticket.Priority.choices, initial=Ticket.Priority.NORMAL
    )
    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams

    # The services' own checks, run here too so every error shows at once, next to its field.
    def clean_email(self) -> str:
        return _service_clean(normalize_email, self.cleaned_data["email"])

    def clean_phone(self) -> str:
        return _service_clean(normalize_phone, self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        given = cleaned.get("email") or cleaned.get("phone")
        if not given and not self.has_error("email") and not self.has_error("phone"):
            self.add_error("email", _("Enter an e-mail address or a phone number."))
        return cleaned


def _service_clean(check, value: str) -> str:
    if not value:
        return ""
    try:
        return check(value)
    except ValidationError as error:
        raise forms.ValidationError(error.message) from None


class LogMessageForm(forms.Form):
    """On the agent's ticket page: what the customer said when they called back or wrote."""

    default_renderer = fast_form_renderer

    channel = forms.ChoiceField(label=_("Channel"), choices=_loggable_channel_choices)
    body = forms.CharField(
        label=_("What the customer said"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args, **kwargs):
        # Shares the ticket page with AgentReplyForm, which has a "body" field too.
        kwargs.setdefault("auto_id", "id_log_%s")
        super().__init__(*args, **kwargs)


class SignInLinkForm(forms.Form):
    """The customer portal: "e-mail me a sign-in link"."""

    email = forms.EmailField(label=_("Your e-mail"), max_length=254)


class PasswordSignInForm(forms.Form):
    """The customer portal: sign in with the e-mail address and a password."""

    email = forms.EmailField(label=_("Your e-mail"), max_length=254)
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)

    def __init__(self, *args, **kwargs):
        # Shares the page with SignInLinkForm, which has an "email" field too.
        kwargs.setdefault("auto_id", "id_password_%s")
        super().__init__(*args, **kwargs)


class AgentPreferencesForm(forms.Form):
    """An agent's own settings: the notification e-mails and the language they come in."""

    notify_by_email = forms.BooleanField(
        label=_("E-mail me when a ticket is assigned to me or its customer replies"),
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Language of my pages and e-mails"), choices=settings.LANGUAGES
    )
    is_away = forms.BooleanField(
        label=_("I am away: assign me no new tickets automatically"),
        required=False,
        help_text=_("Tickets already yours stay yours; colleagues can still assign you by hand."),
    )


# --- Satisfaction surveys (the rules are tickets.services.surveys'; these shape the page) -------

CSAT_CHOICES = [
    (1, _("1 – Very dissatisfied")),
    (2, _("2 – Dissatisfied")),
    (3, _("3 – Neither")),
    (4, _("4 – Satisfied")),
    (5, _("5 – Very satisfied")),
]


class CsatAnswerForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with our help?"),
        choices=CSAT_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a rating from 1 to 5."),
            "invalid_choice": _("Choose a rating from 1 to 5."),
        },
    )
    comment = forms.CharField(
        label=_("Anything you would like to add? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NpsAnswerForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How likely are you to recommend us to a friend or colleague?"),
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a score from 0 to 10."),
            "invalid_choice": _("Choose a score from 0 to 10."),
        },
    )
    reason = forms.CharField(
        label=_("What is the main reason for your score? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# A target past a year is a typo (business time for it would build a calendar that long on every
# event of the policy's tickets); zero would be breached the moment a ticket arrives.
SLA_TARGET_MAX_MINUTES = 366 * 24 * 60


class SlaPolicyAdminForm(forms.ModelForm):
    """Targets from 1 minute to a year, the warning at 1-99 % of them: errors next to the field
    (the database's check on the percentage would otherwise be a message about a constraint)."""

    class Meta:
        model = SlaPolicy
        fields = (
            "name",
            "priority",
            "channel",
            "category",
            "team",
            "first_response_minutes",
            "first_response_business",
            "next_response_minutes",
            "next_response_business",
            "resolution_minutes",
            "resolution_business",
            "warn_at_percent",
            "is_active",
        )

    def _minutes(self, name):
        minutes = self.cleaned_data.get(name)
        if minutes is not None and not 1 <= minutes <= SLA_TARGET_MAX_MINUTES:
            raise forms.ValidationError(
                _("Enter a number of minutes from 1 to %(max)d (a year)."),
                params={"max": SLA_TARGET_MAX_MINUTES},
            )
        return minutes

    def clean_first_response_minutes(self):
        return self._minutes("first_response_minutes")

    def clean_next_response_minutes(self):
        return self._minutes("next_response_minutes")

    def clean_resolution_minutes(self):
        return self._minutes("resolution_minutes")

    def clean_warn_at_percent(self):
        percent = self.cleaned_data.get("warn_at_percent")
        if percent is not None and not 1 <= percent <= 99:
            raise forms.ValidationError(_("Enter a percentage from 1 to 99."))
        return percent


class HolidayInlineFormSet(forms.BaseInlineFormSet):
    """The calendar admin's holidays: a date that is already a holiday of the calendar but not
    on this page (an import or another admin added it after the page was opened) is an error
    next to the date, instead of the database refusing the duplicate with a server error."""

    def clean(self):
        super().clean()
        if self.instance.pk is None:
            return
        on_page = [form.instance.pk for form in self.initial_forms]
        taken = set(
            Holiday.objects.filter(calendar=self.instance)
            .exclude(pk__in=on_page)
            .values_list("date", flat=True)
        )
        for form in self.forms:
            if self._should_delete_form(form) or not form.has_changed():
                continue
            if getattr(form, "cleaned_data", {}).get("date") in taken:
                form.add_error(
                    "date",
                    _("This date is already a holiday of this calendar; reload the page."),
                )
