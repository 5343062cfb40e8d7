"""Which status may follow which. The single source for services, forms and the API."""

from __future__ import annotations

from tickets.models import Ticket

S = Ticket.Status

TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.OPEN, S.PENDING, S.ON_HOLD, S.SOLVED, S.CLOSED}),
    S.OPEN: frozenset({S.PENDING, S.ON_HOLD, S.SOLVED, S.CLOSED}),
    S.PENDING: frozenset({S.OPEN, S.ON_HOLD, S.SOLVED, S.CLOSED}),
    S.ON_HOLD: frozenset({S.OPEN, S.PENDING, S.SOLVED, S.CLOSED}),
    S.SOLVED: frozenset({S.OPEN, S.CLOSED}),
    S.CLOSED: frozenset(),  # final: a customer reply opens a follow-up ticket instead
}

# A customer's reply means the ball is back with the agents.
REOPENED_BY_CUSTOMER_REPLY = frozenset({S.PENDING, S.SOLVED})


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS[current]


def next_statuses(current: str) -> list[str]:
    """The statuses an agent may pick next, in the order of Ticket.Status."""
    return [value for value in S.values if value in TRANSITIONS[current]]
