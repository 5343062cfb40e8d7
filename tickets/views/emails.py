"""An agent sends a failed e-mail of their ticket again (after the mail server is fixed)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpdesk.auth import permission_required
from helpdesk.errors import NotFound
from tickets.selectors import ticket_email_log, ticket_get_for_user
from tickets.services.outbound import outbound_emails_retry


@require_POST
@permission_required("tickets.work_ticket")
def email_send_again(request, reference, email_id):
    ticket = ticket_get_for_user(user=request.user, reference=reference)
    email = ticket_email_log(user=request.user, ticket=ticket).filter(pk=email_id).first()
    if email is None:
        raise NotFound(_("E-mail not found."))
    if outbound_emails_retry(email_ids=[email.pk]):
        messages.success(request, _("The e-mail will be sent again in a moment."))
    else:
        messages.error(request, _("Only a failed e-mail can be sent again."))
    return redirect("agent-ticket", ticket.reference)
