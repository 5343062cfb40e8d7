"""The per-ticket explanation on the agent's ticket page: how the dashboard counted this ticket.

"First response 3 h 12 min business time (calendar Moscow office; 2 h paused while pending or on
hold); SLA target 4 h business time: met" — from the ticket's metrics facts (metrics.TicketFacts,
derived from its events), its SLA policy and the business calendar in force. A ticket the
worker has not reached yet has no facts: the explanation says so."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from metrics.models import TicketFacts
from tickets.models import Ticket
from tickets.templatetags.helpdesk import duration


@dataclass(frozen=True)
class ExplanationLine:
    key: str  # "first_response" | "resolution"
    text: str
    verdict: str  # "met" | "missed" | "running" | "none" (no target)


@dataclass(frozen=True)
class TicketExplanation:
    has_facts: bool
    lines: list[ExplanationLine]


# What each line reads from the facts and the policy.
_MEASURES = {
    "first_response": {
        "seconds": "first_response_seconds",
        "business": "first_response_business_seconds",
        "paused": "paused_before_first_response_seconds",
        "met": "sla_first_response_met",
        "minutes": "first_response_minutes",
        "in_business": "first_response_business",
        "due": "first_response_due_at",
    },
    "resolution": {
        "seconds": "resolution_seconds",
        "business": "resolution_business_seconds",
        "paused": "paused_before_resolution_seconds",
        "met": "sla_resolution_met",
        "minutes": "resolution_minutes",
        "in_business": "resolution_business",
        "due": "resolution_due_at",
    },
}


def _measured(key: str, seconds: int, business: bool) -> str:
    values = {"duration": duration(seconds)}
    if key == "first_response":
        if business:
            return _("First response %(duration)s business time") % values
        return _("First response %(duration)s calendar time") % values
    if business:
        return _("Resolution %(duration)s business time") % values
    return _("Resolution %(duration)s calendar time") % values


def _not_yet(key: str) -> str:
    return _("No first response yet") if key == "first_response" else _("Not resolved yet")


def _target(policy, names: dict) -> tuple[int | None, bool]:
    if policy is None:
        return None, False
    minutes = getattr(policy, names["minutes"], None)
    return minutes, bool(getattr(policy, names["in_business"], False))


def _line(key: str, facts: TicketFacts, ticket: Ticket, policy) -> ExplanationLine:
    names = _MEASURES[key]
    minutes, target_in_business = _target(policy, names)
    calendar_seconds = getattr(facts, names["seconds"])
    business_seconds = getattr(facts, names["business"])
    # Business time where the target counts it (or, without a target, where a calendar
    # applies); calendar time otherwise.
    use_business = business_seconds is not None and (
        target_in_business if minutes else facts.calendar_id is not None
    )
    if calendar_seconds is None:
        head = _not_yet(key)
    else:
        seconds = business_seconds if use_business else calendar_seconds
        head = _measured(key, seconds, use_business)
    notes = []
    if facts.calendar is not None:
        notes.append(_("calendar %(name)s") % {"name": facts.calendar.name})
    paused = getattr(facts, names["paused"]) or 0
    if paused:
        notes.append(
            _("%(duration)s paused while pending or on hold") % {"duration": duration(paused)}
        )
    text = f"{head} ({'; '.join(notes)})" if notes else head
    if not minutes:
        return ExplanationLine(key, _("%(text)s; no SLA target") % {"text": text}, "none")
    target = duration(minutes * 60)
    if target_in_business:
        target = _("%(duration)s business time") % {"duration": target}
    met = getattr(facts, names["met"])
    if met is True:
        verdict, outcome = "met", _("met")
    elif met is False:
        verdict, outcome = "missed", _("missed")
    else:
        verdict = "running"
        due = getattr(ticket, names["due"], None)
        if due is not None:
            when = date_format(localtime(due), "DATETIME_FORMAT")
            outcome = _("running, due %(when)s") % {"when": when}
        else:
            outcome = _("not decided yet")
    values = {"text": text, "target": target, "outcome": outcome}
    return ExplanationLine(key, _("%(text)s; SLA target %(target)s: %(outcome)s") % values, verdict)


def ticket_explanation(*, ticket: Ticket) -> TicketExplanation:
    """The explanation of ``ticket`` (one already permission-checked for the page)."""
    facts = (
        TicketFacts.objects.select_related("calendar", "sla_policy")
        .filter(ticket_id=ticket.pk)
        .first()
    )
    if facts is None or facts.computed_at is None:
        return TicketExplanation(has_facts=False, lines=[])
    policy = facts.sla_policy or getattr(ticket, "sla_policy", None)
    return TicketExplanation(
        has_facts=True,
        lines=[_line(key, facts, ticket, policy) for key in _MEASURES],
    )
