from __future__ import annotations

import phonenumbers
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from helpdesk import clock
from helpdesk.errors import ValidationError
from helpdesk.text import clean_label
from tickets.models import Customer

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
EMAIL_MAX = Customer._meta.get_field("email").max_length


def normalize_email(email: str) -> str:
    """Lower-cased, or ValidationError (field ``email``)."""
    email = (email or "").strip().lower()
    if not email or "@" not in email or len(email) > EMAIL_MAX or any(c.isspace() for c in email):
        raise ValidationError(_("Enter a valid e-mail address."), field="email")
    return email


def normalize_phone(phone: str) -> str:
    """E.164 ('+74951234567'), or ValidationError (field ``phone``). Numbers without a country
    code are read in the region of settings.HELPDESK_PHONE_REGION."""
    try:
        parsed = phonenumbers.parse((phone or "").strip(), settings.HELPDESK_PHONE_REGION)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_possible_number(parsed):
        raise ValidationError(_("Enter a valid phone number."), field="phone")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@transaction.atomic
def customer_get_or_create(
    *, email: str = "", phone: str = "", name: str = "", language: str = "en"
) -> Customer:
    """The customer with this e-mail address (compared case-insensitively) or, failing that,
    this phone number; created when neither is known. At least one of the two is required.

    What a requester types never changes a customer we already know: not the name, not the
    other contact detail (anyone can type anyone's address into a form)."""
    if not (email or "").strip() and not (phone or "").strip():
        raise ValidationError(_("Enter an e-mail address or a phone number."), field="email")
    email = normalize_email(email) if (email or "").strip() else None
    phone = normalize_phone(phone) if (phone or "").strip() else None
    if language not in LANGUAGE_CODES:
        language = settings.LANGUAGE_CODE
    known = None
    if email:
        known = Customer.objects.filter(email=email).first()
    if known is None and phone:
        known = Customer.objects.filter(phone=phone).first()
    if known is not None:
        return known
    name = clean_label(name)[:200] or (email.split("@")[0] if email else phone)
    customer, _created = Customer.objects.get_or_create(
        # get_or_create on the unique column: two requests racing for a new address end with one
        # customer.
        **({"email": email} if email else {"phone": phone}),
        defaults={
            "phone": phone,
            "email": email,
            "name": name,
            "language": language,
            "created_at": clock.now(),
        },
    )
    return customer


@transaction.atomic
def customer_save_from_admin(*, customer: Customer, changed: list[str]) -> Customer:
    """An admin's edit of a customer (the admin form normalizes the contact details). A new
    address is unverified until its owner opens a link we mail to it."""
    if "email" in changed:
        customer.email_verified_at = None
    customer.save()
    return customer
