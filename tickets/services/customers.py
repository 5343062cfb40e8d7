from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from helpdesk import clock
from helpdesk.errors import ValidationError
from tickets.models import Customer

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
EMAIL_MAX = Customer._meta.get_field("email").max_length


@transaction.atomic
def customer_get_or_create(*, email: str, name: str = "", language: str = "en") -> Customer:
    """Customers are known by e-mail address, compared case-insensitively."""
    email = (email or "").strip().lower()
    if not email or "@" not in email or len(email) > EMAIL_MAX:
        raise ValidationError(_("Enter a valid e-mail address."), field="email")
    if language not in LANGUAGE_CODES:
        language = settings.LANGUAGE_CODE
    name = (name or "").strip()[:200]
    customer, created = Customer.objects.get_or_create(
        email=email,
        defaults={
            "name": name or email.split("@")[0],
            "language": language,
            "created_at": clock.now(),
        },
    )
    if not created and name and customer.name != name and customer.name == email.split("@")[0]:
        # A customer first seen by address alone gets the name they give later.
        customer.name = name
        customer.save(update_fields=["name"])
    return customer
