"""The ticket page's "Merged and related" panel: merge a duplicate into another ticket, link and
unlink related tickets. With htmx the panel swaps in place; without JavaScript the same views
answer a page of their own (errors next to the field) or redirect back to the ticket."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from helpdesk.auth import permission_required
from helpdesk.errors import ApplicationError, NotFound
from helpdesk.form_renderer import fast_form_renderer
from tickets.forms import add_service_error
from tickets.models import Ticket
from tickets.related import ticket_by_reference_for_user, ticket_link_get, ticket_relations_for_user
from tickets.selectors import ticket_get_for_user
from tickets.services.merge import ticket_link, ticket_merge, ticket_unlink

agent_required = permission_required("tickets.work_ticket")
PANEL = "tickets/partials/ticket_links.html"
PAGE = "tickets/ticket_links_page.html"


class MergeForm(forms.Form):
    default_renderer = fast_form_renderer

    into = forms.CharField(
        label=gettext_lazy("Merge into"),
        max_length=30,
        help_text=gettext_lazy("The reference of the ticket that stays, such as HD-000123."),
    )
    # Set by the confirmation step: a merge cannot be undone, so it is asked once more.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="id_merge_%s", **kwargs)


class LinkForm(forms.Form):
    default_renderer = fast_form_renderer

    ticket = forms.CharField(label=gettext_lazy("Link a related ticket"), max_length=30)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="id_link_%s", **kwargs)


def panel_context(
    request, ticket: Ticket, *, merge_form=None, link_form=None, merge_target=None, visible=None
) -> dict:
    """Everything the panel template needs; also used by the ticket page (``visible``: its
    ``tickets_visible_to``, read once)."""
    return {
        "ticket": ticket,
        "relations": ticket_relations_for_user(user=request.user, ticket=ticket, visible=visible),
        "merge_form": merge_form or MergeForm(),
        "link_form": link_form or LinkForm(),
        "merge_target": merge_target,  # set: ask to confirm merging into it
    }


def _answer(request, ticket, *, status=200, **forms_and_target):
    """The panel for htmx, the panel's own page otherwise."""
    context = {"links_panel": panel_context(request, ticket, **forms_and_target), "ticket": ticket}
    if request.htmx:
        return HttpResponse(render_to_string(PANEL, context, request=request), status=status)
    return render(request, PAGE, context, status=status)


def _back_to(request, ticket: Ticket):
    url = reverse("agent-ticket", args=[ticket.reference])
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url  # the whole page changes (thread, status): reload it
        return response
    return redirect(url)


@require_http_methods(["GET", "POST"])
@agent_required
def merge(request, reference):
    ticket = ticket_get_for_user(user=request.user, reference=reference)
    if request.method == "GET":
        return _answer(request, ticket)
    form = MergeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            target = ticket_by_reference_for_user(
                user=request.user, reference=data["into"], field="into"
            )
            if not data["confirm"]:
                confirm = MergeForm(initial={"into": target.reference, "confirm": True})
                return _answer(request, ticket, merge_form=confirm, merge_target=target)
            ticket_merge(source=ticket, target=target, actor=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(source)s was merged into %(target)s.")
                % {"source": ticket.reference, "target": target.reference},
            )
            return _back_to(request, target)
    return _answer(request, ticket, merge_form=form, status=400)


@require_http_methods(["GET", "POST"])
@agent_required
def link(request, reference):
    ticket = ticket_get_for_user(user=request.user, reference=reference)
    if request.method == "GET":
        return _answer(request, ticket)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            other = ticket_by_reference_for_user(
                user=request.user, reference=form.cleaned_data["ticket"], field="ticket"
            )
            ticket_link(ticket=ticket, other=other, actor=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            if request.htmx:
                return _answer(request, ticket)
            messages.success(
                request, _("Linked to %(reference)s.") % {"reference": other.reference}
            )
            return _back_to(request, ticket)
    return _answer(request, ticket, link_form=form, status=400)


@require_POST
@agent_required
def unlink(request, reference, link_id):
    ticket = ticket_get_for_user(user=request.user, reference=reference)
    found = ticket_link_get(ticket=ticket, link_id=link_id)
    if found is None:
        raise NotFound(_("This link does not exist (any more)."))
    ticket_unlink(ticket=ticket, link=found, actor=request.user)
    if request.htmx:
        return _answer(request, ticket)
    messages.success(request, _("Link removed."))
    return _back_to(request, ticket)
