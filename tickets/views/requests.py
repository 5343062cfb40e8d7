"""The public request form and its confirmation pages."""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from helpdesk.errors import ValidationError
from helpdesk.http import token_page
from helpdesk.ratelimits import limit_posts_per_ip_and_address
from kb import services as kb_services
from kb.services.deflection import visit_token_new
from tickets.forms import RequestForm, add_service_error
from tickets.selectors import ticket_get_for_tracking
from tickets.services.requests import request_submit

# The reference of the last request filed in this browser, for the confirmation page that
# carries no token (a known address: the private link went to that address only).
SENT_SESSION_KEY = "helpdesk.request_sent"


@require_http_methods(["GET", "POST"])
@limit_posts_per_ip_and_address(
    group="request-new",
    ip_rate="HELPDESK_REQUEST_RATE_PER_IP",
    address_rate="HELPDESK_REQUEST_RATE_PER_ADDRESS",
)
def request_new(request):
    if request.method == "POST" and request.POST.get("website"):
        # A bot filled the honeypot: it gets the same page a person gets, and nothing is stored.
        # (A 400 would tell the bot's author which field gave it away.)
        request.session.pop(SENT_SESSION_KEY, None)
        return redirect("request-sent")
    # Bound on every POST, so even an empty one shows its errors (an empty QueryDict is falsy).
    form = RequestForm(request.POST, request.FILES) if request.method == "POST" else RequestForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # The request, and (when suggestions were shown in this visit) the visit marked
            # filed, in one transaction: a visit never counts as deflected by a lost write.
            with transaction.atomic():
                submitted = request_submit(
                    name=data["name"],
                    email=data["email"],
                    subject=data["subject"],
                    body=data["body"],
                    category=data["category"],
                    attachments=data["attachment"],
                    language=get_language(),
                )
                kb_services.visit_filed(
                    token=request.POST.get("kb_visit", ""), ticket=submitted.ticket
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            ticket = submitted.ticket
            if submitted.link_shown:
                return redirect("request-received", ticket.reference, ticket.tracking_token)
            request.session[SENT_SESSION_KEY] = ticket.reference
            return redirect("request-sent")
    # A refused POST is the client's error: 400, with the errors next to the fields.
    status = 400 if request.method == "POST" else 200
    # The visit's key for the suggestions; a re-shown form keeps its own.
    visit = request.POST.get("kb_visit", "")
    context = {
        "form": form,
        "kb_visit": visit if kb_services.visit_key(visit) else visit_token_new(),
    }
    return render(request, "tickets/request_new.html", context, status=status)


@require_GET
@token_page
def request_received(request, reference, token):
    """For a new address: the confirmation with the private link."""
    ticket = ticket_get_for_tracking(reference=reference, token=token)
    return render(request, "tickets/request_received.html", {"ticket": ticket, "link": True})


@require_GET
def request_sent(request):
    """For an address we already knew: the confirmation without a link (it went by e-mail)."""
    reference = request.session.get(SENT_SESSION_KEY, "")
    return render(request, "tickets/request_received.html", {"reference": reference, "link": False})
