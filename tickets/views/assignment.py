"""'Take it' on the ticket page and the queue rows (tickets.services.assignment)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpdesk.auth import permission_required
from helpdesk.errors import ValidationError
from tickets import services
from tickets.selectors import ticket_get_for_user, tickets_visible_to


@require_POST
@permission_required("tickets.work_ticket")
def ticket_take(request, reference):
    """htmx: answers the button's partial (now "Yours", or who was quicker); a plain POST
    redirects back with the same news as a message."""
    ticket = ticket_get_for_user(user=request.user, reference=reference)
    error = None
    try:
        services.ticket_take(ticket=ticket, agent=request.user)
    except (services.TicketAlreadyTaken, ValidationError) as exc:
        error = exc.message
    if request.htmx:
        ticket = tickets_visible_to(request.user).get(pk=ticket.pk)
        context = {"ticket": ticket, "take_error": error}
        return render(request, "tickets/partials/take_button.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("You took %(reference)s.") % {"reference": ticket.reference})
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("agent-ticket", ticket.reference)
