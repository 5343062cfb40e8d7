"""The customer portal: sign-in links e-mailed to customers, their verified addresses, and the
status changes a customer may make on their own ticket ("this solved my problem", "reopen")."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helpdesk import clock
from helpdesk.errors import ApplicationError, PermissionDenied, ValidationError
from tickets.links import absolute, address_proof_read
from tickets.models import Customer, OutboundEmail, SignInLink, Ticket, User
from tickets.roles import user_is_agent
from tickets.services.customers import LANGUAGE_CODES, normalize_email
from tickets.services.outbound import outbound_email_queue
from tickets.services.tickets import (
    customer_may_reopen,
    reopen_deadline,
    ticket_change_status_by_customer,
)

SIGN_IN_LINK_TEMPLATE = "sign_in_link"
USED_TOKEN_PLACEHOLDER = "[used]"  # noqa: S105 - shown instead of a spent token


class SignInLinkInvalid(ApplicationError):
    """No link has this token (mistyped, cut short, or made up)."""

    status_code = 400


class SignInLinkGone(ApplicationError):
    """The link was real but is used up or expired: the customer should ask for a new one."""

    status_code = 410


def sign_in_token_hash(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def sign_in_link_path(token: str) -> str:
    return reverse("portal-sign-in-link", args=[token])


@transaction.atomic
def sign_in_link_request(*, email: str, language: str) -> SignInLink | None:
    """E-mail a one-time sign-in link to the customer with this address.

    Returns None, and sends nothing, for an address we do not know (or one that is not even an
    address): the caller shows the same answer either way, so the form never tells who is a
    customer. The e-mail goes out in the customer's language; ``language`` (the page's) is the
    fallback when theirs is no longer offered."""
    try:
        address = normalize_email(email)
    except ValidationError:
        return None
    customer = Customer.objects.filter(email=address).select_related("user").first()
    if customer is None or (customer.user is not None and not _may_use_links(customer.user)):
        return None
    link, url = sign_in_link_create(customer=customer)
    outbound_email_queue(
        kind=OutboundEmail.Kind.SIGN_IN_LINK,
        to=customer.email,
        template=SIGN_IN_LINK_TEMPLATE,
        context={
            "customer": customer,
            "url": url,
            "minutes": settings.HELPDESK_SIGN_IN_LINK_MINUTES,
        },
        language=customer.language if customer.language in LANGUAGE_CODES else language,
        customer=customer,
    )
    return link


def sign_in_link_create(*, customer: Customer) -> tuple[SignInLink, str]:
    """A new one-time link for ``customer`` and its absolute URL, which exists only here (the
    row keeps the token's hash). For sign_in_link_request, and for seed_demo to print one."""
    token = secrets.token_urlsafe(32)  # 256 bits
    now = clock.now()
    link = SignInLink.objects.create(
        customer=customer,
        token_hash=sign_in_token_hash(token),
        created_at=now,
        expires_at=now + timedelta(minutes=settings.HELPDESK_SIGN_IN_LINK_MINUTES),
    )
    return link, absolute(sign_in_link_path(token))


def _may_use_links(user: User) -> bool:
    # Staff and agents sign in with their password only: a link in a mailbox must never open
    # an account that can work tickets or the admin.
    return user.is_active and not (user.is_staff or user.is_superuser or user_is_agent(user))


def sign_in_link_check(*, token: str) -> SignInLink:
    """The link behind ``token`` if it can still be used (for the page that asks the customer to
    press "Sign in"); SignInLinkInvalid or SignInLinkGone otherwise. Changes nothing."""
    link = (
        SignInLink.objects.select_related("customer").filter(token_hash=sign_in_token_hash(token))
    ).first()
    _require_usable(link)
    return link


def _require_usable(link: SignInLink | None) -> None:
    if link is None:
        raise SignInLinkInvalid(
            _("This sign-in link is not valid. Check that you copied all of it.")
        )
    if link.used_at is not None:
        raise SignInLinkGone(_("This sign-in link has already been used. Ask for a new one."))
    if link.expires_at <= clock.now():
        raise SignInLinkGone(_("This sign-in link has expired. Ask for a new one."))


@transaction.atomic
def sign_in_link_consume(*, token: str) -> User:
    """Use up a sign-in link. A link we e-mailed to the customer's present address proves they
    read mail there, so the address becomes verified. Returns the customer's login (created for
    a customer who has none) for the caller to sign in. Single use: of two clicks racing each
    other, one wins."""
    link = (
        SignInLink.objects.select_for_update().filter(token_hash=sign_in_token_hash(token)).first()
    )
    _require_usable(link)
    link.used_at = clock.now()
    link.save(update_fields=["used_at"])
    # Locked, so two links used at once cannot make two logins for one customer.
    customer = (
        Customer.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=link.customer_id)
    )
    user = customer_login_ensure(customer=customer)
    if not _may_use_links(user):
        raise PermissionDenied(_("This account signs in with its password."))
    if _mailed_link_scrub(link=link, token=token, address=customer.email):
        customer_mark_email_verified(customer=customer, email=customer.email)
    return user


def _mailed_link_scrub(*, link: SignInLink, token: str, address: str | None) -> bool:
    """Cut the used token out of the stored copy of the e-mail that carried it (the send log
    need not keep a key to the account), and tell whether that e-mail went to ``address``.

    A link made without an e-mail (seed_demo), or mailed to an address the customer has since
    changed, proves nothing about today's address."""
    path = sign_in_link_path(token)
    emails = list(
        OutboundEmail.objects.filter(
            kind=OutboundEmail.Kind.SIGN_IN_LINK,
            recipient_customer_id=link.customer_id,
            body_text__contains=path,
        )
    )
    used = sign_in_link_path(USED_TOKEN_PLACEHOLDER)
    for email in emails:
        email.body_text = email.body_text.replace(path, used)
        email.body_html = email.body_html.replace(path, used)
        email.save(update_fields=["body_text", "body_html"])
    return bool(address) and any(email.recipient == address for email in emails)


def customer_login_ensure(*, customer: Customer) -> User:
    """The customer's login, created without a password for a customer who has none. Its
    username is not the address (usernames show up in places an address should not)."""
    if customer.user is not None:
        return customer.user
    username = f"customer-{customer.pk}"
    if User.objects.filter(username=username).exists():
        username = f"customer-{customer.pk}-{secrets.token_hex(4)}"
    user = User(
        username=username,
        email=customer.email or "",
        first_name=customer.name[: User._meta.get_field("first_name").max_length],
        language=customer.language,
    )
    user.set_unusable_password()
    user.save()
    customer.user = user
    customer.save(update_fields=["user"])
    return user


def customer_mark_email_verified(*, customer: Customer, email: str) -> bool:
    """Record that the customer opened a link we mailed to ``email``; only counts while that
    is still their address. Returns whether the address became verified just now."""
    if not email or email != customer.email or customer.email_verified_at is not None:
        return False
    updated = Customer.objects.filter(
        pk=customer.pk, email=email, email_verified_at__isnull=True
    ).update(email_verified_at=clock.now())
    if updated:
        customer.refresh_from_db(fields=["email_verified_at"])
    return bool(updated)


def customer_verify_by_proof(*, customer: Customer, proof: str) -> bool:
    """Verify the address from the ``?v=`` proof of a tracking link we e-mailed
    (tickets.links.emailed_tracking_url): only a proof we signed, for this very customer and
    the address they still have. Returns whether the address became verified just now."""
    read = address_proof_read(proof or "")
    if read is None:
        return False
    customer_id, email = read
    if customer_id != customer.pk or email != customer.email:
        return False
    return customer_mark_email_verified(customer=customer, email=email)


def _lock_own(ticket: Ticket, customer: Customer) -> Ticket:
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if customer.pk != ticket.customer_id:
        raise PermissionDenied(_("This is not your ticket."))
    return ticket


@transaction.atomic
def ticket_solve_by_customer(*, ticket: Ticket, customer: Customer) -> Ticket:
    """ "This solved my problem": the customer solves their open ticket. Pressing it again on a
    solved ticket changes nothing."""
    ticket = _lock_own(ticket, customer)
    if ticket.status == Ticket.Status.SOLVED:
        return ticket
    if ticket.status == Ticket.Status.CLOSED:
        raise ValidationError(_("This request is closed already."), field="status")
    return ticket_change_status_by_customer(
        ticket=ticket, customer=customer, status=Ticket.Status.SOLVED
    )


@transaction.atomic
def ticket_reopen_by_customer(*, ticket: Ticket, customer: Customer) -> Ticket:
    """The customer reopens their solved ticket, within HELPDESK_REOPEN_WINDOW_DAYS of its
    solving. Later, a reply opens a follow-up ticket instead (message_add_from_customer).
    Pressing it on a ticket that is open already changes nothing."""
    ticket = _lock_own(ticket, customer)
    if ticket.is_open:
        return ticket
    if ticket.status == Ticket.Status.CLOSED:
        raise ValidationError(
            _("This request is closed. Write a reply to open a new request linked to it."),
            field="status",
        )
    if not customer_may_reopen(ticket):
        days = settings.HELPDESK_REOPEN_WINDOW_DAYS
        raise ValidationError(
            ngettext(
                "This request was solved more than %(days)d day ago and can no longer be "
                "reopened. Write a reply to open a new request linked to it.",
                "This request was solved more than %(days)d days ago and can no longer be "
                "reopened. Write a reply to open a new request linked to it.",
                days,
            )
            % {"days": days},
            field="status",
        )
    return ticket_change_status_by_customer(
        ticket=ticket, customer=customer, status=Ticket.Status.OPEN
    )


__all__ = [
    "SignInLinkGone",
    "SignInLinkInvalid",
    "customer_login_ensure",
    "customer_mark_email_verified",
    "customer_verify_by_proof",
    "customer_may_reopen",
    "reopen_deadline",
    "sign_in_link_check",
    "sign_in_link_consume",
    "sign_in_link_create",
    "sign_in_link_request",
    "ticket_reopen_by_customer",
    "ticket_solve_by_customer",
]
