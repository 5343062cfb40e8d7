"""Writes to an agent's own account settings (not a ticket change, so no TicketEvent)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from helpdesk.errors import ValidationError
from tickets.models import User


@transaction.atomic
def agent_preferences_update(
    *, user: User, notify_by_email: bool, language: str, is_away: bool | None = None
) -> User:
    """``is_away``: round-robin passes the agent over while set (None: leave it as it is)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose one of the offered languages."), field="language")
    user.notify_by_email = notify_by_email
    user.language = language
    fields = ["notify_by_email", "language"]
    if is_away is not None:
        user.is_away = is_away
        fields.append("is_away")
    user.save(update_fields=fields)
    return user
