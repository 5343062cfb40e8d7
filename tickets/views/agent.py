"""The agent's workspace: the queue and the ticket page."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helpdesk.auth import permission_required
from helpdesk.errors import ValidationError
from tickets import services
from tickets.forms import AgentReplyForm, LogMessageForm, TicketPropertiesForm, add_service_error
from tickets.models import Ticket
from tickets.queue_filters import QueueFilterForm, agent_queue_filtered
from tickets.selectors import agent_queue, assignable_agents, ticket_get_for_user

agent_required = permission_required("tickets.work_ticket")
QUEUE_ROWS = 200


@require_GET
@agent_required
def queue(request):
    status = request.GET.get("status", "")
    status = status if status in Ticket.Status.values else ""
    mine = request.GET.get("mine") == "1"
    # Drill-down filters (the dashboard's links): bad values are field errors, shown above.
    drill = QueueFilterForm(request.GET)
    filters = drill.active()
    if filters:
        tickets = agent_queue_filtered(
            user=request.user, data=drill.cleaned_data, status=status or None, mine=mine
        )
    elif drill.is_valid():
        tickets = agent_queue(user=request.user, status=status or None, mine=mine)
    else:
        tickets = Ticket.objects.none()
    kept = {"status": status, "mine": "1" if mine else ""}
    return render(
        request,
        "tickets/agent_queue.html",
        {
            "tickets": tickets[:QUEUE_ROWS],
            "queue_rows": QUEUE_ROWS,
            "status": status,
            "mine": mine,
            "statuses": Ticket.Status.choices,
            "drill": drill,
            "drill_filters": filters,
            "drill_hidden": [(name, request.GET.get(name, "")) for name, _l, _v in filters],
            "clear_query": urlencode({key: value for key, value in kept.items() if value}),
        },
        status=200,
    )


def _ticket_page(
    request, ticket, *, reply_form=None, properties_form=None, log_message_form=None, status=200
):
    context = {
        "ticket": ticket,
        "reply_form": reply_form or AgentReplyForm(ticket=ticket),
        "properties_form": properties_form
        or TicketPropertiesForm(ticket=ticket, assignees=assignable_agents(ticket=ticket)),
        # tickets.views.channels.log_message: what the customer said on the phone or in a chat
        "log_message_form": log_message_form or LogMessageForm(),
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
    form = AgentReplyForm(request.POST, request.FILES, ticket=ticket)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.message_add_from_agent(
                ticket=ticket,
                agent=request.user,
                body=data["body"],
                is_internal=data["is_internal"],
                status=data["status"] or None,
                attachments=data["attachment"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Note added.") if data["is_internal"] else _("Reply sent."))
            return redirect("agent-ticket", ticket.reference)
    return _ticket_page(request, ticket, reply_form=form, status=400)


@require_http_methods(["POST"])
@agent_required
def ticket_properties(request, reference):
    ticket = ticket_get_for_user(user=request.user, reference=reference)
    form = TicketPropertiesForm(
        request.POST, ticket=ticket, assignees=assignable_agents(ticket=ticket)
    )
    if form.is_valid():
        try:
            services.ticket_update(ticket=ticket, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Ticket updated."))
            return redirect("agent-ticket", ticket.reference)
    return _ticket_page(request, ticket, properties_form=form, status=400)
