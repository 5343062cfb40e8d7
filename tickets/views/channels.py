"""Agents log what customers said by phone, chat or social media: a new ticket, or a message on
an existing one. Both go through the same services as every other channel."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helpdesk.auth import permission_required
from helpdesk.errors import ValidationError
from tickets.forms import LogMessageForm, LogTicketForm
from tickets.selectors import teams_for_logging, ticket_get_for_user
from tickets.services.conversations import message_log_for_customer, ticket_log_for_customer
from tickets.views.ticket_page import _ticket_page

agent_required = permission_required("tickets.work_ticket")
# The services name the uploads "attachment"; these forms take several.
FORM_FIELDS = {"attachment": "attachments"}


def _add_error(form, error: ValidationError) -> None:
    field = FORM_FIELDS.get(error.field, error.field)
    form.add_error(field if field in form.fields else None, error.message)


def _logged_message(ticket, typed_name: str) -> str:
    customer = ticket.customer
    text = _("%(reference)s logged for %(name)s (%(contact)s).") % {
        "reference": ticket.reference,
        "name": customer.name,
        "contact": customer.email or customer.phone,
    }
    if typed_name.strip() and typed_name.strip() != customer.name:
        text += " " + _(
            "This customer was already known as %(name)s; their name was not changed."
        ) % {"name": customer.name}
    return text


@require_http_methods(["GET", "POST"])
@agent_required
def log_ticket(request):
    teams = teams_for_logging(user=request.user)
    if request.method != "POST":
        form = LogTicketForm(
            teams=teams, initial={"team": teams.first(), "language": get_language()}
        )
        return render(request, "tickets/agent_log_ticket.html", {"form": form})
    form = LogTicketForm(request.POST, request.FILES, teams=teams)
    if form.is_valid():
        try:
            ticket = ticket_log_for_customer(agent=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _logged_message(ticket, form.cleaned_data["name"]))
            return redirect("agent-ticket", ticket.reference)
    return render(request, "tickets/agent_log_ticket.html", {"form": form}, status=400)


@require_POST
@agent_required
def log_message(request, reference):
    ticket = ticket_get_for_user(user=request.user, reference=reference)
    form = LogMessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            message = message_log_for_customer(
                ticket=ticket, agent=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_error(form, error)
        else:
            if message.ticket_id != ticket.pk:
                messages.success(
                    request,
                    _("The ticket was closed, so the message opened the follow-up %(reference)s.")
                    % {"reference": message.ticket.reference},
                )
            else:
                messages.success(request, _("The customer's message is logged."))
            return redirect("agent-ticket", message.ticket.reference)
    return _ticket_page(request, ticket, log_message_form=form, status=400)
