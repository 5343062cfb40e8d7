"""Absolute links to customer pages, for e-mails (a Celery worker has no request to build them
from). A tracking link we e-mail carries a signed proof of the address it went to: opening it
verifies that address (see ``tickets.services.portal``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse

from tickets.models import Ticket

ADDRESS_PROOF_SALT = "helpdesk.address-proof"


def absolute(path: str) -> str:
    return f"{settings.HELPDESK_BASE_URL}{path}"


def tracking_path(ticket: Ticket) -> str:
    return reverse("track", args=[ticket.reference, ticket.tracking_token])


def address_proof(*, customer_id: int, email: str) -> str:
    return signing.dumps([customer_id, email], salt=ADDRESS_PROOF_SALT, compress=True)


def address_proof_read(value: str, *, max_age_days: int = 90) -> tuple[int, str] | None:
    """(customer id, address) from a proof we signed, or None if forged or too old."""
    try:
        customer_id, email = signing.loads(
            value, salt=ADDRESS_PROOF_SALT, max_age=max_age_days * 86400
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return int(customer_id), str(email)


def emailed_tracking_url(ticket: Ticket) -> str:
    """The ticket's tracking link as we e-mail it to its customer."""
    customer = ticket.customer
    query = ""
    if customer.email:
        proof = address_proof(customer_id=customer.pk, email=customer.email)
        query = "?" + urlencode({"v": proof})
    return absolute(tracking_path(ticket)) + query
