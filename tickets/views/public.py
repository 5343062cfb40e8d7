"""Customer-facing pages: the private tracking page. (The request form: tickets.views.requests.)"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helpdesk.errors import ValidationError
from helpdesk.http import token_page
from tickets import services
from tickets.forms import CustomerReplyForm, add_service_error
from tickets.selectors import ticket_get_for_tracking
from tickets.services import portal
from tickets.services.merge import ticket_merge_destination
from tickets.views.portal import track_render


@require_http_methods(["GET", "POST"])
@token_page
def track(request, reference, token):
    ticket = ticket_get_for_tracking(reference=reference, token=token)
    if request.method == "GET" and "v" in request.GET:
        # A link from one of our e-mails: it proves the customer reads mail at the address
        # (tickets.links.emailed_tracking_url). The proof leaves the address bar either way.
        portal.customer_verify_by_proof(customer=ticket.customer, proof=request.GET["v"])
        return redirect(request.path)
    if ticket.merged_into_id:  # a merged duplicate: its link leads on to where it continues
        destination = ticket_merge_destination(ticket)
        if request.method == "GET":
            messages.info(
                request,
                _("Your request %(source)s was merged into %(target)s; it continues here.")
                % {"source": ticket.reference, "target": destination.reference},
            )
            return redirect("track", destination.reference, destination.tracking_token)
        # A reply from a page opened before the merge: it lands on the target (public thread).
        ticket = ticket_get_for_tracking(
            reference=destination.reference, token=destination.tracking_token
        )
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
                attachments=form.cleaned_data["attachment"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            # A reply to a closed ticket (or one solved before the reopen window) lands on its
            # follow-up, which has its own link.
            return redirect("track", message.ticket.reference, message.ticket.tracking_token)
    return track_render(request, ticket, form=form, status=400 if request.method == "POST" else 200)
