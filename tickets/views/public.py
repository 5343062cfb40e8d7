"""Customer-facing pages: the request form and the private tracking page."""

from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from helpdesk.errors import ValidationError
from tickets import services
from tickets.forms import CustomerReplyForm, RequestForm, add_service_error
from tickets.models import Ticket
from tickets.selectors import ticket_get_for_tracking


def _uploads(form):
    upload = form.cleaned_data.get("attachment")
    return [upload] if upload else []


@require_http_methods(["GET", "POST"])
def request_new(request):
    # Bound on every POST, so even an empty one shows its errors (an empty QueryDict is falsy).
    form = RequestForm(request.POST, request.FILES) if request.method == "POST" else RequestForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # One transaction: a refused ticket must not leave its customer behind.
            with transaction.atomic():
                customer = services.customer_get_or_create(
                    email=data["email"], name=data["name"], language=get_language()
                )
                ticket = services.ticket_create(
                    customer=customer,
                    subject=data["subject"],
                    body=data["body"],
                    category=data["category"],
                    channel=Ticket.Channel.WEB,
                    attachments=_uploads(form),
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("request-received", ticket.reference, ticket.tracking_token)
    return render(request, "tickets/request_new.html", {"form": form})


@require_GET
def request_received(request, reference, token):
    ticket = ticket_get_for_tracking(reference=reference, token=token)
    return render(request, "tickets/request_received.html", {"ticket": ticket})


@require_http_methods(["GET", "POST"])
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
