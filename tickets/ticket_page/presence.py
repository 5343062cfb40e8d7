"""Who is looking at a ticket right now, for the collision warning on the ticket page.

Each heartbeat (the page's htmx poll) writes one key per (ticket, viewer) in the shared cache,
expiring after ``PRESENCE_TTL_SECONDS``; a roster key per ticket lists the viewer ids so the
others can be read in one ``get_many``. Losing the cache loses nothing but the hint."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from tickets.models import Ticket, User

PRESENCE_TTL_SECONDS = 45
ROSTER_TTL_SECONDS = 600


def heartbeat_seconds() -> int:
    """How often the page says "still here" (a setting so the browser test need not wait)."""
    return int(getattr(settings, "HELPDESK_PRESENCE_HEARTBEAT_SECONDS", 20))


def _viewer_key(ticket_id: int, user_id: int) -> str:
    return f"presence:{ticket_id}:{user_id}"


def _roster_key(ticket_id: int) -> str:
    return f"presence:{ticket_id}:roster"


def _display(user: User) -> str:
    return user.get_full_name() or user.username


def presence_touch(*, ticket: Ticket, user: User) -> list[str]:
    """Record that ``user`` is viewing ``ticket`` and return the names of the others viewing
    it, sorted. A cache that does not answer shows nobody."""
    try:
        cache.set(_viewer_key(ticket.pk, user.pk), _display(user), PRESENCE_TTL_SECONDS)
        roster = set(cache.get(_roster_key(ticket.pk)) or ())
        if user.pk not in roster:
            # Read-modify-write: two viewers joining at once may drop one id; its next
            # heartbeat puts it back.
            roster.add(user.pk)
            cache.set(_roster_key(ticket.pk), sorted(roster), ROSTER_TTL_SECONDS)
        others = [pk for pk in roster if pk != user.pk]
        names = cache.get_many([_viewer_key(ticket.pk, pk) for pk in others]) if others else {}
    except Exception:  # noqa: BLE001 - a hint only: a cache outage must not break the page
        return []
    return sorted(names.values())


def presence_leave(*, ticket: Ticket, user: User) -> None:
    try:
        cache.delete(_viewer_key(ticket.pk, user.pk))
    except Exception:  # noqa: BLE001, S110 - see presence_touch
        pass
