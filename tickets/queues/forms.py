"""Forms of the agent home: save a view, rename it, and the bulk action bar."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from helpdesk.form_renderer import fast_form_renderer
from tickets.forms import PickerField
from tickets.models import Team, Ticket, User
from tickets.queues.filters import TicketFilter
from tickets.roles import user_sees_all_tickets

KEEP = ""
UNASSIGN = "none"


def agents_of(user: User) -> QuerySet[User]:
    """Agents the user may pick in the filters and the bulk bar: those of the user's teams
    (every agent for managers)."""
    agents = User.objects.filter(is_active=True).filter(
        Q(groups__permissions__codename="work_ticket")
        | Q(user_permissions__codename="work_ticket")
        | Q(is_superuser=True)
    )
    if not user_sees_all_tickets(user):
        agents = agents.filter(teams__in=user.teams.all())
    return agents.distinct().order_by("username")


def teams_of(user: User) -> QuerySet[Team]:
    return (
        Team.objects.order_by("name")
        if user_sees_all_tickets(user)
        else user.teams.order_by("name")
    )


def _name(person: User) -> str:
    return person.get_full_name() or person.username


def dress_filters(filters: TicketFilter, *, teams: list[Team], agents: list[User]) -> None:
    """Pickers instead of id boxes for the HTML page (the API takes the same ids)."""
    from tickets.models import Category

    fields = filters.form.fields
    fields["team"].widget = forms.Select(
        choices=[("", _("Any team"))] + [(t.pk, t.name) for t in teams]
    )
    fields["assignee"].widget = forms.Select(
        choices=[("", _("Anyone")), ("me", _("Me")), ("none", _("Unassigned"))]
        + [(a.pk, _name(a)) for a in agents]
    )
    fields["category"].widget = forms.Select(
        choices=[("", _("Any category")), ("none", _("No category"))]
        + [(c.pk, c.name) for c in Category.objects.order_by("name_en")]
    )
    fields["status"].widget = forms.CheckboxSelectMultiple(choices=Ticket.Status.choices)
    fields["priority"].widget = forms.CheckboxSelectMultiple(choices=Ticket.Priority.choices)
    fields["channel"].widget = forms.CheckboxSelectMultiple(choices=Ticket.Channel.choices)
    for name in ("created_from", "created_to", "updated_from", "updated_to"):
        fields[name].widget = forms.DateInput(attrs={"type": "date"})
    fields["q"].widget.attrs.update({"type": "search", "placeholder": _("Reference or words")})


def _team_picker(field: PickerField, *, user: User, teams: list[Team] | None):
    """The user's teams to pick from; ``teams``, when the page has read them already, are the
    options shown (the field would query them again)."""
    field.queryset = teams_of(user)
    if teams is not None:
        field.choices = [("", field.empty_label), *[(team.pk, team.name) for team in teams]]


class SaveViewForm(forms.Form):
    default_renderer = fast_form_renderer
    name = forms.CharField(label=_("Name"), max_length=80)
    team = PickerField(
        label=_("Share with"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("Only me"),
    )
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)

    def __init__(self, *args, user: User, teams: list[Team] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        _team_picker(self.fields["team"], user=user, teams=teams)


class RenameViewForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)


class BulkForm(forms.Form):
    """The action bar over the selected rows. Empty choices leave that property alone."""

    default_renderer = fast_form_renderer

    tickets = forms.TypedMultipleChoiceField(coerce=int, choices=[], label=_("Tickets"))
    assignee = forms.ChoiceField(label=_("Assign to"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[(KEEP, "—"), *Ticket.Status.choices]
    )
    priority = forms.ChoiceField(
        label=_("Priority"), required=False, choices=[(KEEP, "—"), *Ticket.Priority.choices]
    )
    team = PickerField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label="—"
    )
    add_tag = forms.SlugField(label=_("Add tag"), required=False, max_length=50, allow_unicode=True)
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(
        self, *args, user: User, agents: list[User], teams: list[Team] | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.agents = {str(agent.pk): agent for agent in agents}
        self.fields["assignee"].choices = [
            (KEEP, "—"),
            (UNASSIGN, _("Unassigned")),
            *[(pk, _name(agent)) for pk, agent in self.agents.items()],
        ]
        _team_picker(self.fields["team"], user=user, teams=teams)
        # Any id is accepted here; the view keeps only tickets the agent can see.
        raw = self.data.getlist("tickets") if hasattr(self.data, "getlist") else []
        self.fields["tickets"].choices = [
            (v, v) for v in raw if v.isascii() and v.isdigit() and len(v) <= 18
        ]

    def changes(self) -> dict:
        data, changes = self.cleaned_data, {}
        if data["assignee"] == UNASSIGN:
            changes["assignee"] = None
        elif data["assignee"]:
            changes["assignee"] = self.agents[data["assignee"]]
        for name in ("status", "priority"):
            if data[name]:
                changes[name] = data[name]
        if data["team"] is not None:
            changes["team"] = data["team"]
        if data["add_tag"]:
            changes["add_tags"] = [data["add_tag"].lower()]
        return changes

    def clean(self):
        cleaned = super().clean()
        if self.is_bound and not self.errors and not self.changes():
            raise forms.ValidationError(_("Choose a change to make."))
        return cleaned
