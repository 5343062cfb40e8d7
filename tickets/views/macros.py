"""Macros in the agent's workspace: the page to write them (/agent/macros/) and the picker on
the ticket page, which fills the reply box (static/js/macros.js, through the API's render)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helpdesk.auth import permission_required
from helpdesk.errors import PermissionDenied, ValidationError
from tickets import services
from tickets.forms import add_service_error
from tickets.macro_selectors import (
    macro_get_for_user,
    macros_for_ticket,
    macros_visible_to,
    ticket_for_macros,
)
from tickets.macros import placeholders_check, placeholders_help
from tickets.models import Macro, Ticket
from tickets.services.macros import (
    EVERYONE,
    PERSONAL,
    SETTABLE_STATUSES,
    TEAM,
    macro_can_manage,
    macro_scopes_for,
)
from tickets.services.tickets import BODY_MAX

agent_required = permission_required("tickets.work_ticket")


def _scope_key(scope: str, team) -> str:
    return f"{TEAM}:{team.pk}" if scope == TEAM else scope


class MacroForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    scope = forms.ChoiceField(label=gettext_lazy("Who can use it"))
    body_en = forms.CharField(
        label=gettext_lazy("Text in English"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    body_ru = forms.CharField(
        label=gettext_lazy("Text in Russian"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("The ticket's language picks the text; if it is empty, the other."),
    )
    set_status = forms.ChoiceField(label=gettext_lazy("On send, set status"), required=False)
    set_priority = forms.ChoiceField(label=gettext_lazy("On send, set priority"), required=False)
    add_tags = forms.CharField(
        label=gettext_lazy("On send, add tags"),
        max_length=1000,
        required=False,
        help_text=gettext_lazy("Separated by commas."),
    )
    assign_to_me = forms.BooleanField(
        label=gettext_lazy("On send, assign the ticket to the agent who sends it"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes = {
            _scope_key(scope, team): (scope, team) for scope, team in macro_scopes_for(user)
        }
        labels = {PERSONAL: _("Only me"), EVERYONE: _("Everyone")}
        self.fields["scope"].choices = [
            (key, labels.get(scope) or _("Team: %(team)s") % {"team": team.name})
            for key, (scope, team) in self.scopes.items()
        ]
        self.fields["body_en"].help_text = placeholders_help()
        self.fields["set_status"].choices = [("", _("Keep as is"))] + [
            (value, Ticket.Status(value).label) for value in SETTABLE_STATUSES
        ]
        self.fields["set_priority"].choices = [("", _("Keep as is")), *Ticket.Priority.choices]

    def _clean_body(self, field: str) -> str:
        problem = placeholders_check(self.cleaned_data[field])
        if problem:
            raise forms.ValidationError(problem)
        return self.cleaned_data[field]

    def clean_body_en(self) -> str:
        return self._clean_body("body_en")

    def clean_body_ru(self) -> str:
        return self._clean_body("body_ru")

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data["scope"], data["team"] = self.scopes[data.pop("scope")]
        data["add_tags"] = [tag.strip() for tag in data["add_tags"].split(",") if tag.strip()]
        return data


def _initial(macro: Macro) -> dict:
    return {
        "name": macro.name,
        "scope": _scope_key(macro.scope, macro.team),
        "body_en": macro.body_en,
        "body_ru": macro.body_ru,
        "set_status": macro.set_status,
        "set_priority": macro.set_priority,
        "add_tags": ", ".join(macro.add_tags),
        "assign_to_me": macro.assign_to_me,
    }


@require_GET
@agent_required
def macro_list(request):
    macros = list(macros_visible_to(request.user))
    for macro in macros:
        macro.can_edit = macro_can_manage(user=request.user, macro=macro)
    return render(request, "tickets/agent_macros.html", {"macros": macros})


def _save(request, form, macro=None):
    """Validate and write; the redirect, or None with the errors on the form."""
    if not form.is_valid():
        return None
    try:
        if macro is None:
            services.macro_create(actor=request.user, **form.service_values())
        else:
            services.macro_update(actor=request.user, macro=macro, **form.service_values())
    except ValidationError as error:
        add_service_error(form, error)
        return None
    messages.success(request, _("Macro saved."))
    return redirect("agent-macros")


@require_http_methods(["GET", "POST"])
@agent_required
def macro_new(request):
    form = MacroForm(request.POST or None, user=request.user, initial={"scope": PERSONAL})
    if request.method == "POST":
        return _save(request, form) or _form_page(request, form, status=400)
    return _form_page(request, form)


@require_http_methods(["GET", "POST"])
@agent_required
def macro_edit(request, macro_id):
    macro = macro_get_for_user(user=request.user, macro_id=macro_id)
    if not macro_can_manage(user=request.user, macro=macro):
        raise PermissionDenied(_("You may use this macro but not change it."))
    form = MacroForm(request.POST or None, user=request.user, initial=_initial(macro))
    if request.method == "POST":
        return _save(request, form, macro) or _form_page(request, form, macro, status=400)
    return _form_page(request, form, macro)


def _form_page(request, form, macro=None, *, status=200):
    context = {"form": form, "macro": macro}
    return render(request, "tickets/agent_macro_form.html", context, status=status)


@require_POST
@agent_required
def macro_delete(request, macro_id):
    macro = macro_get_for_user(user=request.user, macro_id=macro_id)
    services.macro_delete(actor=request.user, macro=macro)
    messages.success(request, _("Macro deleted."))
    return redirect("agent-macros")


@require_GET
@agent_required
def ticket_macro_picker(request, reference):
    """The picker's list, fetched by htmx when the agent opens it on the ticket page."""
    ticket = ticket_for_macros(user=request.user, reference=reference)
    macros = macros_for_ticket(user=request.user, ticket=ticket)
    context = {"ticket": ticket, "macros": macros}
    return render(request, "tickets/partials/macro_picker_list.html", context)


urlpatterns = [
    path("agent/macros/", macro_list, name="agent-macros"),
    path("agent/macros/new/", macro_new, name="agent-macro-new"),
    path("agent/macros/<int:macro_id>/", macro_edit, name="agent-macro-edit"),
    path("agent/macros/<int:macro_id>/delete/", macro_delete, name="agent-macro-delete"),
    path(
        "agent/tickets/<str:reference>/macros/",
        ticket_macro_picker,
        name="agent-ticket-macros",
    ),
]
