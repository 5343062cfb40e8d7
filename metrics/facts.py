"""The pure fold of one ticket's events into its facts (docs/metrics.md, version 1).

No database access and no clock reads: the same events (and the same calendars and policy)
always give the same facts, which is what makes a replay or a rebuild idempotent.
``metrics.services.ticket_facts_refresh`` loads the inputs and stores the result.

How time is measured: the events are walked in the order given (the caller sorts them by
``created_at, id``). From CREATED on, the history is cut into stretches at every status and team
change; each stretch knows its status and the team that held the ticket. A duration between two
events is the sum over the stretches between them, in calendar seconds and in the business
seconds of each stretch's team calendar. An event stamped earlier than the one before it (two
writers whose clocks disagree) counts as happening at that earlier event's time, so a duration
is never negative.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from tickets.business_time import ALWAYS, CalendarSpec, business_seconds
from tickets.models import Ticket, TicketEvent

K = TicketEvent.Kind
S = Ticket.Status
RESOLVED = frozenset({S.SOLVED, S.CLOSED})
PAUSED = frozenset({S.PENDING, S.ON_HOLD})
# The requester waits while the ticket is new, open or on hold (on hold: waiting on a third
# party, still our side); pending waits on the requester, solved on nobody.
REQUESTER_WAITING = frozenset({S.NEW, S.OPEN, S.ON_HOLD})

# What facts_from_events derives: the columns of TicketFacts that events determine.
FACT_FIELDS = (
    "team_id",
    "agent_id",
    "category_id",
    "channel",
    "priority",
    "status",
    "created_at",
    "first_response_at",
    "first_response_seconds",
    "first_response_business_seconds",
    "next_response_seconds",
    "next_response_business_seconds",
    "first_resolved_at",
    "first_resolution_seconds",
    "first_resolution_business_seconds",
    "resolved_at",
    "resolution_seconds",
    "resolution_business_seconds",
    "requester_wait_seconds",
    "requester_wait_business_seconds",
    "paused_before_first_response_seconds",
    "paused_before_resolution_seconds",
    "calendar_id",
    "agent_replies",
    "customer_replies",
    "reopened",
    "one_touch",
    "sla_policy_id",
    "sla_first_response_met",
    "sla_next_response_met",
    "sla_resolution_met",
    "sla_outcome",
    "csat_score",
    "csat_answered_at",
    "nps_score",
    "nps_answered_at",
)


@dataclass(frozen=True)
class _Stretch:
    start: datetime
    end: datetime
    status: str
    team_id: int | None


class _Timeline:
    """The stretches of a history and the durations measured over them."""

    def __init__(self, stretches: list[_Stretch], calendar_of):
        self.stretches = stretches
        self.calendar_of = calendar_of

    def pieces(self, start: datetime, end: datetime, statuses=None):
        for stretch in self.stretches:
            if statuses is not None and stretch.status not in statuses:
                continue
            low, high = max(start, stretch.start), min(end, stretch.end)
            if high > low:
                yield stretch, low, high

    def calendar_seconds(self, start, end, statuses=None) -> int:
        total = sum((high - low for _, low, high in self.pieces(start, end, statuses)), timedelta())
        return int(total.total_seconds())

    def business_seconds(self, start, end, statuses=None) -> int:
        return sum(
            business_seconds(self.calendar_of(stretch.team_id), low, high)
            for stretch, low, high in self.pieces(start, end, statuses)
        )

    def both(self, start, end, statuses=None) -> tuple[int, int]:
        return self.calendar_seconds(start, end, statuses), self.business_seconds(
            start, end, statuses
        )


def facts_from_events(
    events: Iterable[TicketEvent],
    *,
    calendars: Mapping[int, CalendarSpec] | None = None,
    default_calendar: CalendarSpec = ALWAYS,
    sla_policy=None,
) -> dict:
    """Fold one ticket's events, in the order given, into the values of ``FACT_FIELDS``.

    ``calendars``: team id -> the business calendar in force for that team
    (``calendar_specs_by_team``); a team missing there uses ``default_calendar``. Without
    calendars business time equals calendar time (24/7). ``sla_policy``: the ticket's policy
    (``Ticket.sla_policy``); None leaves the SLA facts empty."""
    events = list(events)
    calendars = calendars or {}

    def calendar_of(team_id):
        return calendars.get(team_id, default_calendar) if team_id is not None else default_calendar

    facts: dict = {
        "team_id": None,
        "agent_id": None,
        "category_id": None,
        "channel": "",
        "priority": "",
        "status": S.NEW,
        "created_at": None,
        "first_response_at": None,
        "first_resolved_at": None,
        "resolved_at": None,
        "agent_replies": 0,
        "customer_replies": 0,
        "reopened": 0,
        "csat_score": None,
        "csat_answered_at": None,
        "nps_score": None,
        "nps_answered_at": None,
    }
    # Effective (never decreasing) times of the milestones, for durations.
    created = first_response = first_resolved = resolved = None
    stretches: list[_Stretch] = []
    stretch_start = now = None
    waiting_since = None  # a next-response wait that has started and not been answered
    last_public_by_agent = False
    next_waits: list[tuple[datetime, datetime]] = []

    def cut(at):
        nonlocal stretch_start
        if stretch_start is not None and at > stretch_start:
            stretches.append(_Stretch(stretch_start, at, facts["status"], facts["team_id"]))
        stretch_start = at

    for event in events:
        payload = event.payload or {}
        if event.kind == K.CREATED:
            if created is not None:
                continue  # one CREATED per ticket; a stray second one changes nothing
            created = now = stretch_start = event.created_at
            facts.update(
                created_at=event.created_at,
                team_id=payload.get("team_id"),
                category_id=payload.get("category_id"),
                channel=payload.get("channel", ""),
                priority=payload.get("priority", ""),
            )
            continue
        at = max(now, event.created_at) if now is not None else event.created_at
        if now is not None:
            now = at
        if event.kind == K.AGENT_REPLIED:
            facts["agent_replies"] += 1
            if created is not None and first_response is None:
                first_response = at
                facts["first_response_at"] = event.created_at
            if waiting_since is not None:
                next_waits.append((waiting_since, at))
                waiting_since = None
            last_public_by_agent = True
        elif event.kind == K.CUSTOMER_REPLIED:
            facts["customer_replies"] += 1
            if last_public_by_agent and waiting_since is None and created is not None:
                waiting_since = at
            last_public_by_agent = False
        elif event.kind == K.ASSIGNED:
            facts["agent_id"] = payload.get("to")
        elif event.kind == K.TEAM_CHANGED:
            cut(at)
            facts["team_id"] = payload.get("to")
        elif event.kind == K.PRIORITY_CHANGED:
            facts["priority"] = payload.get("to", "")
        elif event.kind == K.STATUS_CHANGED:
            cut(at)
            previous, status = facts["status"], payload.get("to", facts["status"])
            facts["status"] = status
            if status in RESOLVED and previous not in RESOLVED:
                resolved, facts["resolved_at"] = at, event.created_at
                if first_resolved is None:
                    first_resolved, facts["first_resolved_at"] = at, event.created_at
                waiting_since = None  # solving answers a waiting reply: no next response owed
            elif status not in RESOLVED and previous in RESOLVED:
                facts["reopened"] += 1
                resolved, facts["resolved_at"] = None, None
        elif event.kind == K.CSAT_ANSWERED:
            facts["csat_score"], facts["csat_answered_at"] = payload.get("score"), event.created_at
        elif event.kind == K.NPS_ANSWERED:
            facts["nps_score"], facts["nps_answered_at"] = payload.get("score"), event.created_at
    if now is not None:
        cut(now)

    line = _Timeline(stretches, calendar_of)
    facts.update(_durations(line, created, first_response, first_resolved, resolved, next_waits))
    facts["calendar_id"] = calendar_of(facts["team_id"]).calendar_id
    facts["one_touch"] = (
        None if resolved is None else facts["agent_replies"] == 1 and facts["reopened"] == 0
    )
    facts.update(_sla_facts(events, sla_policy, calendar_of(facts["team_id"])))
    return facts


def _durations(line, created, first_response, first_resolved, resolved, next_waits) -> dict:
    def span(end, statuses=None):
        if created is None or end is None:
            return None, None
        return line.both(created, end, statuses)

    values = {}
    values["first_response_seconds"], values["first_response_business_seconds"] = span(
        first_response
    )
    values["first_resolution_seconds"], values["first_resolution_business_seconds"] = span(
        first_resolved
    )
    values["resolution_seconds"], values["resolution_business_seconds"] = span(resolved)
    values["requester_wait_seconds"], values["requester_wait_business_seconds"] = span(
        resolved, REQUESTER_WAITING
    )
    values["next_response_seconds"] = [line.calendar_seconds(a, b) for a, b in next_waits]
    values["next_response_business_seconds"] = [line.business_seconds(a, b) for a, b in next_waits]
    values["paused_before_first_response_seconds"] = span(first_response, PAUSED)[0] or 0
    values["paused_before_resolution_seconds"] = span(resolved, PAUSED)[0] or 0
    return values


def _sla_facts(events, policy, calendar: CalendarSpec) -> dict:
    empty = {
        "sla_policy_id": None,
        "sla_first_response_met": None,
        "sla_next_response_met": None,
        "sla_resolution_met": None,
        "sla_outcome": "",
    }
    if policy is None or not events:
        return empty
    from tickets.sla import sla_evaluate

    # "Now" is the last event, so the facts are a function of the events alone.
    last = max(event.created_at for event in events)
    evaluation = sla_evaluate(events, policy=policy, calendar=calendar, now=last)
    cycles = [state.met for state in evaluation.next_responses]
    if False in cycles:
        next_met = False
    elif cycles and all(cycles):
        next_met = True
    else:
        next_met = None
    return {
        "sla_policy_id": policy.pk,
        "sla_first_response_met": evaluation.first_response.met
        if evaluation.first_response
        else None,
        "sla_next_response_met": next_met,
        "sla_resolution_met": evaluation.resolution.met if evaluation.resolution else None,
        "sla_outcome": evaluation.outcome,
    }
