"""Forms of the agent's ticket page: the in-place properties (status, priority, team, assignee,
tags) and the reply with what the agent saw when the page loaded (the collision check)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tickets.forms import AgentReplyForm, PickerField, TicketPropertiesForm
from tickets.models import Team

TAGS_MAX = 20


class TicketPageReplyForm(AgentReplyForm):
    """The reply box. ``seen_event`` is the last event the page showed; ``confirm`` is the
    agent's "send anyway" after the warning that others changed the ticket meanwhile."""

    seen_event = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("Send anyway: I have reviewed the changes"), required=False
    )


class TicketPagePropertiesForm(TicketPropertiesForm):
    """Adds the team and the tags. A post without a ``team`` or ``tags`` key leaves that
    property alone (older clients, and posts of a single field)."""

    team = PickerField(
        label=_("Team"), queryset=Team.objects.order_by("name"), empty_label=None, required=False
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas."),
    )

    def __init__(self, *args, ticket, assignees, **kwargs):
        initial = {
            "status": ticket.status,
            "priority": ticket.priority,
            "assignee": ticket.assignee,
            "team": ticket.team,
            "tags": ", ".join(tag.name for tag in ticket.tags.all()),
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, ticket=ticket, assignees=assignees, **kwargs)
        self.order_fields(["status", "priority", "team", "assignee", "tags"])

    def clean_tags(self) -> list[str]:
        names = [name.strip() for name in self.cleaned_data["tags"].split(",")]
        names = [name for name in names if name]
        if len(names) > TAGS_MAX:
            raise forms.ValidationError(
                _("At most %(max)d tags.") % {"max": TAGS_MAX}, code="too_many"
            )
        return names

    def changes(self) -> dict:
        """The cleaned values to hand to ``ticket_update``: only the fields the post had."""
        data = dict(self.cleaned_data)
        for name in ("team", "tags"):
            if name not in self.data:
                data.pop(name, None)
        if data.get("team") is None:
            data.pop("team", None)
        return data
