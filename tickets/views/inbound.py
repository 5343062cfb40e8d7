"""Incoming e-mail over HTTP: the endpoint providers POST raw MIME to, and the agents' review
of quarantined and rejected mail with the raw message download."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from helpdesk.auth import permission_required
from helpdesk.errors import NotFound, ValidationError
from tickets.channels.email_parse import UnreadableEmail, parse_email
from tickets.models import InboundEmail, Message
from tickets.selectors import (
    inbound_email_for_message,
    inbound_email_get_for_user,
    inbound_emails_for_review,
)
from tickets.services.inbound_email import (
    email_ingest,
    inbound_email_accept,
    inbound_email_reject,
)
from tickets.views.files import download_response

agent_required = permission_required("tickets.work_ticket")
SECRET_HEADER = "X-Helpdesk-Secret"  # noqa: S105 - the header's name, not a secret


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


@csrf_exempt  # a provider's server posts here with the shared secret, never a browser
@require_POST
def inbound_email_post(request):
    """``POST /inbound/email/``: the body is one raw RFC 822 message."""
    expected = settings.HELPDESK_INBOUND_EMAIL_SECRET
    if not expected:
        raise Http404
    given = request.headers.get(SECRET_HEADER, "")
    if not given:
        return _error(401, _("The %(header)s header is missing.") % {"header": SECRET_HEADER})
    if not secrets.compare_digest(given.encode(), expected.encode()):
        return _error(403, _("The secret is wrong."))
    limit = settings.HELPDESK_INBOUND_EMAIL_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return _error(413, _("The message is too large."))
    # Read the stream ourselves: request.body stops at DATA_UPLOAD_MAX_MEMORY_SIZE, far below
    # the size mail may have.
    raw = request.read(limit + 1)
    if len(raw) > limit:
        return _error(413, _("The message is too large."))
    if not raw.strip():
        return _error(400, _("The request body must be the raw message."))
    result = email_ingest(raw, source=InboundEmail.Source.HTTP)
    return JsonResponse(
        {
            "outcome": result.outcome,
            "ticket": result.ticket.reference if result.ticket else None,
            "reason": result.reason,
        }
    )


def _before(request) -> int | None:
    value = request.GET.get("before", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 18 else None


@require_GET
@agent_required
@never_cache
def review(request):
    kind = "rejected" if request.GET.get("show") == "rejected" else "quarantined"
    emails = inbound_emails_for_review(user=request.user, kind=kind, before=_before(request))
    context = {
        "emails": emails,
        "kind": kind,
        "next_before": emails[-1].pk if len(emails) >= 50 else None,
    }
    return render(request, "tickets/inbound_review.html", context)


@require_GET
@agent_required
@never_cache
def detail(request, inbound_id):
    """One stored e-mail as the agent needs it to decide: sender, headers, the text (escaped or
    sanitized like any message) and the names of its files."""
    inbound = inbound_email_get_for_user(user=request.user, inbound_id=inbound_id)
    parsed, problem = None, ""
    if inbound.raw and inbound.size <= settings.HELPDESK_INBOUND_EMAIL_MAX_BYTES:
        with inbound.raw.open("rb") as handle:
            try:
                parsed = parse_email(handle.read())
            except UnreadableEmail as error:
                problem = str(error)
            except Exception as error:  # the very mail rejected for crashing the parser
                problem = f"{type(error).__name__}: {error}"
    preview = Message(body=parsed.text[:20_000], body_format=parsed.body_format) if parsed else None
    return render(
        request,
        "tickets/inbound_detail.html",
        {"email": inbound, "parsed": parsed, "preview": preview, "problem": problem},
    )


def _review_action(request, inbound_id, action, done: str):
    inbound = inbound_email_get_for_user(user=request.user, inbound_id=inbound_id)
    try:
        action(inbound=inbound, agent=request.user)
    except ValidationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("inbound-review")


@require_POST
@agent_required
def accept(request, inbound_id):
    return _review_action(
        request, inbound_id, inbound_email_accept, _("The e-mail was added to the ticket.")
    )


@require_POST
@agent_required
def reject(request, inbound_id):
    return _review_action(request, inbound_id, inbound_email_reject, _("The e-mail was rejected."))


def raw_response(inbound: InboundEmail) -> FileResponse:
    """The message exactly as it arrived, as a download no browser renders in place."""
    if not inbound.raw:
        raise NotFound(_("File not found."))
    return download_response(
        inbound.raw, filename=f"message-{inbound.pk}.eml", content_type="message/rfc822"
    )


@require_GET
@agent_required
def raw(request, inbound_id):
    inbound = inbound_email_get_for_user(user=request.user, inbound_id=inbound_id)
    return raw_response(inbound)


@require_GET
@agent_required
def raw_for_message(request, message_id):
    """The raw e-mail a ticket message came from (the thread links it without a query)."""
    inbound = inbound_email_for_message(user=request.user, message_id=message_id)
    return raw_response(inbound)
