"""The agent's ticket page: thread, reply with preview and collision check, properties changed
in place (htmx partials; plain posts still work without JavaScript), history, the customer's
panel and who else is viewing. "Take it" is tickets/views/assignment.py's."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from helpdesk.auth import permission_required
from helpdesk.errors import ValidationError
from tickets import services
from tickets.forms import LogMessageForm, add_service_error
from tickets.macro_selectors import macro_from_reply
from tickets.models import Message
from tickets.selectors import assignable_agents, ticket_get_for_user, tickets_visible_to
from tickets.services.replies import ReplyConflict, reply_send_checked
from tickets.ticket_page.forms import TicketPagePropertiesForm, TicketPageReplyForm
from tickets.ticket_page.presence import heartbeat_seconds, presence_touch
from tickets.ticket_page.selectors import (
    customer_other_tickets,
    last_event_id,
    queue_neighbours,
    ticket_get_light,
    ticket_history,
)
from tickets.views.links import panel_context

agent_required = permission_required("tickets.work_ticket")
PROPERTIES = "tickets/partials/ticket_properties.html"
SENT_KEY = "ticket_page_reply_sent"


def _properties_form(ticket, data=None):
    return TicketPagePropertiesForm(data, ticket=ticket, assignees=assignable_agents(ticket=ticket))


def _ticket_page(
    request,
    ticket,
    *,
    reply_form=None,
    properties_form=None,
    log_message_form=None,
    conflict=None,
    status=200,
):
    """The whole page; also rendered, with its form's errors, by channels.log_message."""
    history = ticket_history(ticket=ticket)
    visible = tickets_visible_to(request.user)  # read once for the panels below
    context = {
        "ticket": ticket,
        "history": history,
        "reply_form": reply_form
        or TicketPageReplyForm(ticket=ticket, initial={"seen_event": last_event_id(history)}),
        "properties_form": properties_form or _properties_form(ticket),
        # tickets.views.channels.log_message: what the customer said on the phone or in a chat
        "log_message_form": log_message_form or LogMessageForm(),
        "customer_tickets": customer_other_tickets(
            user=request.user, ticket=ticket, visible=visible
        ),
        "neighbours": queue_neighbours(user=request.user, ticket=ticket, visible=visible),
        "links_panel": panel_context(request, ticket, visible=visible),
        "viewers": presence_touch(ticket=ticket, user=request.user),
        "heartbeat_seconds": heartbeat_seconds(),
        "conflict": conflict,
        "draft_sent": SENT_KEY in request.session
        and request.session.pop(SENT_KEY) == ticket.reference,
    }
    return render(request, "tickets/agent_ticket.html", context, status=status)


@require_GET
@agent_required
def ticket_detail(request, reference):
    return _ticket_page(request, ticket_get_for_user(user=request.user, reference=reference))


@require_POST
@agent_required
def ticket_reply(request, reference):
    ticket = ticket_get_for_user(user=request.user, reference=reference)
    form = TicketPageReplyForm(request.POST, request.FILES, ticket=ticket)
    if not form.is_valid():
        return _ticket_page(request, ticket, reply_form=form, status=400)
    data = form.cleaned_data
    # A macro picked on the page (tickets/views/macros.py): its changes are made with the reply.
    macro = macro_from_reply(user=request.user, value=request.POST.get("macro"))
    send = partial(services.macro_apply, macro=macro) if macro else reply_send_checked
    try:
        send(
            ticket=ticket,
            agent=request.user,
            body=data["body"],
            seen_event=data["seen_event"],
            confirmed=data["confirm"],
            is_internal=data["is_internal"],
            status=data["status"] or None,
            attachments=data["attachment"],
        )
    except ReplyConflict as conflict:
        # Nothing sent; the draft is the bound form's. Files cannot be kept by a browser.
        return _ticket_page(request, ticket, reply_form=form, conflict=conflict.changes, status=409)
    except ValidationError as error:
        add_service_error(form, error)
        return _ticket_page(request, ticket, reply_form=form, status=400)
    messages.success(request, _("Note added.") if data["is_internal"] else _("Reply sent."))
    # The next page load tells static/js/ticket_page.js to drop the draft saved in the browser.
    request.session[SENT_KEY] = ticket.reference
    return redirect("agent-ticket", ticket.reference)


def _partials_response(request, ticket, *, form=None, status=200, saved=False):
    """The properties form plus, out of band, the parts of the page a change touches."""
    context = {
        "ticket": ticket,
        "properties_form": form or _properties_form(ticket),
        "history": ticket_history(ticket=ticket) if saved else [],
        "saved": saved,
        "oob": True,
    }
    parts = [PROPERTIES]
    if saved:
        parts += ["tickets/partials/ticket_history.html", "tickets/partials/ticket_meta.html"]
    html = "".join(render_to_string(name, context, request=request) for name in parts)
    return HttpResponse(html, status=status)


def _after_change(request, ticket):
    """Where an agent lands after a change: the ticket again, or the queue if the change
    (another team) took it out of their sight."""
    if not tickets_visible_to(request.user).filter(pk=ticket.pk).exists():
        messages.info(
            request,
            _("%(reference)s moved to the team %(team)s.")
            % {"reference": ticket.reference, "team": ticket.team.name},
        )
        if request.htmx:
            return HttpResponseClientRedirect(reverse("agent-queue"))
        return redirect("agent-queue")
    if request.htmx:
        fresh = ticket_get_for_user(user=request.user, reference=ticket.reference)
        return _partials_response(request, fresh, saved=True)
    messages.success(request, _("Ticket updated."))
    return redirect("agent-ticket", ticket.reference)


@require_POST
@agent_required
def ticket_properties(request, reference):
    ticket = ticket_get_for_user(user=request.user, reference=reference)
    form = _properties_form(ticket, request.POST)
    if form.is_valid():
        try:
            ticket = services.ticket_update(ticket=ticket, actor=request.user, **form.changes())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _after_change(request, ticket)
    if request.htmx:  # 422: static/js/ticket_page.js lets htmx swap it in, errors and all
        return _partials_response(request, ticket, form=form, status=422)
    return _ticket_page(request, ticket, properties_form=form, status=400)


@require_POST
@agent_required
def ticket_preview(request, reference):
    """The reply as the customer will see it (or the note as agents will): the same
    ``render_body`` the thread and the reply e-mail use, on an unsaved message."""
    ticket = ticket_get_light(user=request.user, reference=reference)
    message = Message(
        ticket=ticket,
        author_agent=request.user,
        body=request.POST.get("body", ""),
        body_format=Message.Format.TEXT,
        is_internal=request.POST.get("is_internal") in ("on", "true", "1"),
    )
    return render(request, "tickets/partials/ticket_preview.html", {"message": message})


@require_POST
@agent_required
def ticket_presence(request, reference):
    """The page's heartbeat: "I am still here"; answers who else is."""
    ticket = ticket_get_light(user=request.user, reference=reference)
    context = {
        "ticket": ticket,
        "viewers": presence_touch(ticket=ticket, user=request.user),
        "heartbeat_seconds": heartbeat_seconds(),
    }
    return render(request, "tickets/partials/ticket_presence.html", context)
