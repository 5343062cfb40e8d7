"""The customer portal: signing in (a one-time link by e-mail, or a password), "My requests",
and the tracking page's "this solved my problem" and "reopen" buttons."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helpdesk.errors import ApplicationError, PermissionDenied, ValidationError
from helpdesk.http import token_page
from helpdesk.ratelimits import limit_posts_per_ip_and_address
from tickets.forms import CustomerReplyForm, PasswordSignInForm, SignInLinkForm
from tickets.models import Ticket
from tickets.selectors import customer_requests, ticket_get_for_tracking
from tickets.services import portal

# The session keeps the backend that signed the user in; ModelBackend loads any user by id.
LINK_SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


sign_in_rate_limits = limit_posts_per_ip_and_address(
    group="portal-sign-in",
    ip_rate="HELPDESK_SIGN_IN_RATE_PER_IP",
    address_rate="HELPDESK_SIGN_IN_RATE_PER_ADDRESS",
)


def _forms(*, link_form=None, password_form=None):
    return {
        "link_form": link_form or SignInLinkForm(),
        "password_form": password_form or PasswordSignInForm(),
    }


@require_http_methods(["GET", "POST"])
@sign_in_rate_limits
def sign_in(request):
    """Ask for a sign-in link. The answer is the same whether or not we know the address."""
    if request.method == "GET" and _customer_of(request.user) is not None:
        return redirect("portal-my-requests")
    if request.method == "GET":
        return render(request, "portal/sign_in.html", _forms())
    form = SignInLinkForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/sign_in.html", _forms(link_form=form), status=400)
    portal.sign_in_link_request(email=form.cleaned_data["email"], language=get_language())
    return redirect("portal-sign-in-sent")


@require_POST
@sign_in_rate_limits
def sign_in_password(request):
    form = PasswordSignInForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        user = authenticate(request, username=data["email"], password=data["password"])
        if user is not None:
            login(request, user)
            return redirect("portal-my-requests")
        form.add_error(None, _("This e-mail address and password do not match an account."))
    return render(request, "portal/sign_in.html", _forms(password_form=form), status=400)


@require_GET
def sign_in_sent(request):
    return render(
        request,
        "portal/sign_in_sent.html",
        {"minutes": settings.HELPDESK_SIGN_IN_LINK_MINUTES},
    )


@require_http_methods(["GET", "POST"])
@token_page
def sign_in_link(request, token):
    """GET only shows a "Sign in" button: mail scanners that open links in advance must not use
    them up. The POST of that button signs the customer in."""
    try:
        if request.method == "POST":
            user = portal.sign_in_link_consume(token=token)
            login(request, user, backend=LINK_SIGN_IN_BACKEND)
            return redirect("portal-my-requests")
        portal.sign_in_link_check(token=token)
    except (portal.SignInLinkInvalid, portal.SignInLinkGone, PermissionDenied) as error:
        return render(
            request,
            "portal/sign_in_link_error.html",
            {"error": error.message},
            status=error.status_code,
        )
    return render(request, "portal/sign_in_link.html")


def _customer_of(user):
    return getattr(user, "customer", None) if user.is_authenticated else None


@require_GET
def my_requests(request):
    if not request.user.is_authenticated:
        return redirect("portal-sign-in")
    customer = _customer_of(request.user)
    query = request.GET.get("q", "")
    context = {"customer": customer, "query": query, "page": None, "after": ""}
    if customer is None:  # an agent's or admin's own login has no requests
        return render(request, "portal/my_requests.html", context)
    try:
        page = customer_requests(user=request.user, query=query, after=request.GET.get("after", ""))
    except ValidationError as error:
        context["error"] = error.message
        return render(request, "portal/my_requests.html", context, status=400)
    context.update(page=page, after=request.GET.get("after", ""))
    return render(request, "portal/my_requests.html", context)


def track_render(request, ticket: Ticket, *, form=None, status: int = 200, error: str = ""):
    """The tracking page: the public thread, the reply form, and solving or reopening."""
    deadline = portal.reopen_deadline(ticket)
    context = {
        "ticket": ticket,
        "form": form or CustomerReplyForm(),
        "error": error,
        "can_solve": ticket.is_open,
        "can_reopen": portal.customer_may_reopen(ticket),
        "reopen_until": deadline,
        "reopen_window_days": settings.HELPDESK_REOPEN_WINDOW_DAYS,
    }
    return render(request, "tickets/track.html", context, status=status)


def _track_status_change(request, reference, token, change, done_message):
    ticket = ticket_get_for_tracking(reference=reference, token=token)
    try:
        change(ticket=ticket, customer=ticket.customer)
    except ApplicationError as error:
        return track_render(request, ticket, status=error.status_code, error=error.message)
    messages.success(request, done_message)
    return redirect("track", ticket.reference, ticket.tracking_token)


@require_POST
@token_page
def track_solve(request, reference, token):
    return _track_status_change(
        request,
        reference,
        token,
        portal.ticket_solve_by_customer,
        _("Thank you! We have marked your request as solved."),
    )


@require_POST
@token_page
def track_reopen(request, reference, token):
    return _track_status_change(
        request,
        reference,
        token,
        portal.ticket_reopen_by_customer,
        _("We have reopened your request."),
    )
