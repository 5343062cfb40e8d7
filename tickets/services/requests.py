"""Requests filed through the public web form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from tickets.models import Category, Customer, Ticket
from tickets.services.customers import customer_get_or_create, normalize_email
from tickets.services.tickets import ticket_create


@dataclass(frozen=True)
class RequestSubmitted:
    ticket: Ticket
    # Whether the filer may be shown the ticket's private link. Only for an address we had never
    # seen: anyone can type a known customer's address into the form, and the link would then be
    # theirs to follow (her later replies and files). A known address gets the link by e-mail
    # only, sent by the acknowledgement handler for every new ticket.
    link_shown: bool


@transaction.atomic
def request_submit(
    *,
    name: str,
    email: str,
    subject: str,
    body: str,
    category: Category | None,
    attachments: Sequence[UploadedFile],
    language: str,
) -> RequestSubmitted:
    """File a web request: the customer (found by address, or created) and the ticket, in one
    transaction, so a refused ticket leaves no customer behind. The typed name never renames a
    customer we know (``customer_get_or_create``)."""
    address = normalize_email(email)
    known_before = Customer.objects.filter(email=address).exists()
    customer = customer_get_or_create(email=address, name=name, language=language)
    # A first filer racing us for the same new address commits its customer and its ticket
    # together, so if that customer now has a ticket it was not created by this call.
    created_here = not known_before and not customer.tickets.exists()
    ticket = ticket_create(
        customer=customer,
        subject=subject,
        body=body,
        category=category,
        channel=Ticket.Channel.WEB,
        attachments=attachments,
    )
    return RequestSubmitted(ticket=ticket, link_shown=created_here)
