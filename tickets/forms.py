from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from helpdesk.errors import ValidationError
from tickets import lifecycle
from tickets.models import Category, Ticket, User
from tickets.services.tickets import BODY_MAX, SUBJECT_MAX


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to its field (or above the form)."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


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
    category = forms.ModelChoiceField(
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
    body = forms.CharField(
        label=_("Message"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    is_internal = forms.BooleanField(label=_("Internal note (only agents see it)"), required=False)
    status = forms.ChoiceField(label=_("Then set status"), required=False)
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args, ticket: Ticket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Keep as is"))] + [
            (value, Ticket.Status(value).label) for value in lifecycle.next_statuses(ticket.status)
        ]


class TicketPropertiesForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))
    priority = forms.ChoiceField(label=_("Priority"), choices=Ticket.Priority.choices)
    assignee = forms.ModelChoiceField(
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
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


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
