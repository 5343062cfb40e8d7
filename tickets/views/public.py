"""Customer-facing pages: the private tracking page. (The request form: tickets.views.requests.)"""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from helpdesk.errors import ValidationError
from helpdesk.http import token_page
from tickets import services
from tickets.forms import CustomerReplyForm, add_service_error
from tickets.selectors import ticket_get_for_tracking


def _uploads(form):
    upload = form.cleaned_data.get("attachment")
    return [upload] if upload else []


@require_http_methods(["GET", "POST"])
@token_page
def track(request, reference, token):
    ticket = ticket_get_for_tracking(reference=reference, token=token)
    form = (
        CustomerReplyForm(request.POST, request.FILES)
        if request.method == "POST"
        else CustomerReplyForm()
    )
    if request.method == "POST" and form.is_valid():
        try:
            message = services.message_add_from_customer(
                ticket=ticket,
                customer=ticket.customer,
                body=form.cleaned_data["body"],
                attachments=_uploads(form),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            # A reply to a closed ticket lands on its follow-up, which has its own link.
            return redirect("track", message.ticket.reference, message.ticket.tracking_token)
    return render(request, "tickets/track.html", {"ticket": ticket, "form": form})
