"""Service-level clocks, evaluated from a ticket's events alone (no queries, no clock reads).

The rules (docs/metrics.md refers here):

- **First response** runs from CREATED to the first public agent reply (AGENT_REPLIED; internal
  notes are NOTE_ADDED and do not count). A ticket logged by an agent for a customer is the
  same: the customer's words arrived, an answer is owed.
- **Next response**: each customer reply that follows a public agent reply starts a cycle
  (numbered 1, 2, ...) that ends at the next public agent reply. Further customer replies
  while a cycle runs do not start another one.
- **Resolution** runs from CREATED to solved (or closed). A reopen resumes the *same* clock:
  the time the ticket spent solved is not counted, the time before it is kept.
- Every clock pauses while the ticket is pending or on hold. Solving (or closing) a ticket
  also stops a running first or next response clock: the answer was the solution.
- A stopped target is met when its elapsed time is within the target. A running target is
  missed only once its SLA_BREACHED event exists, so the outcome is a pure function of the
  events; once every clock has stopped the evaluation does not depend on ``now``.

Elapsed time is business time (``tickets.business_time``) or calendar time, per target.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from tickets.models import SlaAlert, Ticket, TicketEvent

if TYPE_CHECKING:
    from tickets.business_time import CalendarSpec
    from tickets.models import SlaPolicy

Kind = TicketEvent.Kind
Target = SlaAlert.Target
PAUSED = frozenset({Ticket.Status.PENDING, Ticket.Status.ON_HOLD})
DONE = frozenset({Ticket.Status.SOLVED, Ticket.Status.CLOSED})
# The only events sla_evaluate reads; the others (priority, tags, assignment...) it skips, so a
# caller may leave them out of the history it passes.
SLA_EVENT_KINDS = frozenset(
    {
        Kind.CREATED,
        Kind.AGENT_REPLIED,
        Kind.CUSTOMER_REPLIED,
        Kind.STATUS_CHANGED,
        Kind.SLA_WARNING,
        Kind.SLA_BREACHED,
    }
)

IN_PROGRESS, MET, MISSED = "in_progress", "met", "missed"


@dataclass(frozen=True)
class TargetState:
    target: str  # SlaAlert.Target value
    cycle: int  # 0, or the next-response cycle number
    started_at: datetime
    due_at: datetime | None  # None while paused (pending/on-hold) or when stopped
    stopped_at: datetime | None  # when the target was fulfilled (reply/solve); None = running
    met: bool | None  # None while running; True/False once stopped (or breached)
    elapsed_seconds: int  # target time used (business or calendar), pauses excluded
    target_seconds: int
    business: bool
    paused_seconds: int  # calendar seconds paused while pending/on-hold inside this target
    warn_at: datetime | None = None  # when the warning falls (running and not paused only)
    breached: bool = False  # an SLA_BREACHED event exists for this target and cycle
    warned: bool = False  # an SLA_WARNING event exists for this target and cycle

    @property
    def running(self) -> bool:
        return self.stopped_at is None

    @property
    def key(self) -> tuple[str, int]:
        return (self.target, self.cycle)


@dataclass(frozen=True)
class SlaEvaluation:
    first_response: TargetState | None
    next_responses: tuple[TargetState, ...]  # every cycle, oldest first
    resolution: TargetState | None
    outcome: str  # "" no policy/targets, "in_progress", "met", "missed"

    @property
    def targets(self) -> tuple[TargetState, ...]:
        found = [self.first_response, *self.next_responses, self.resolution]
        return tuple(state for state in found if state is not None)

    @property
    def running(self) -> tuple[TargetState, ...]:
        return tuple(state for state in self.targets if state.running)


@dataclass
class _Clock:
    """Running intervals of one target, in calendar time; ``open_at`` is the start of the
    current running interval (None while paused or stopped)."""

    target: str
    cycle: int
    started_at: datetime
    intervals: list[tuple[datetime, datetime]] = field(default_factory=list)
    open_at: datetime | None = None
    paused_from: datetime | None = None
    paused_seconds: int = 0
    stopped_at: datetime | None = None

    def run(self, at: datetime) -> None:
        if self.stopped_at is None and self.open_at is None:
            if self.paused_from is not None:
                self.paused_seconds += _seconds(self.paused_from, at)
                self.paused_from = None
            self.open_at = at

    def pause(self, at: datetime, *, counted: bool) -> None:
        """Close the running interval; ``counted``: the pause is pending/on-hold (reported as
        paused time), not the time a ticket spends solved."""
        if self.open_at is not None:
            self.intervals.append((self.open_at, at))
            self.open_at = None
        if counted and self.stopped_at is None and self.paused_from is None:
            self.paused_from = at

    def stop(self, at: datetime) -> None:
        if self.stopped_at is None:
            self.pause(at, counted=False)
            if self.paused_from is not None:
                self.paused_seconds += _seconds(self.paused_from, at)
                self.paused_from = None
            self.stopped_at = at

    def resume(self, at: datetime, *, running: bool) -> None:
        """A reopened resolution clock: running again from ``at`` (or paused)."""
        self.stopped_at = None
        if running:
            self.run(at)
        else:
            self.paused_from = at


def _seconds(start: datetime, end: datetime) -> int:
    return max(0, int((end - start).total_seconds()))


def sla_evaluate(
    events: Sequence[TicketEvent],
    *,
    policy: SlaPolicy | None,
    calendar: CalendarSpec,
    now: datetime,
) -> SlaEvaluation:
    """Evaluate the policy's targets over ``events`` (any order; sorted by time and id here)."""
    if policy is None or not _has_targets(policy):
        return SlaEvaluation(None, (), None, "")
    ordered = sorted(events, key=lambda e: (e.created_at, e.pk or 0))
    first: _Clock | None = None
    resolution: _Clock | None = None
    cycles: list[_Clock] = []
    status = Ticket.Status.NEW
    last_public_by_agent = False
    alerts: dict[tuple[str, int], set[str]] = {}

    for event in ordered:
        at = event.created_at
        if event.kind == Kind.CREATED:
            first = _Clock(Target.FIRST_RESPONSE, 0, at)
            resolution = _Clock(Target.RESOLUTION, 0, at)
            first.run(at)
            resolution.run(at)
        elif first is None:
            continue  # history without its CREATED event: nothing to measure from
        elif event.kind == Kind.AGENT_REPLIED:
            first.stop(at)
            if cycles:
                cycles[-1].stop(at)
            last_public_by_agent = True
        elif event.kind == Kind.CUSTOMER_REPLIED:
            running_cycle = cycles and cycles[-1].stopped_at is None
            if last_public_by_agent and not running_cycle and status != Ticket.Status.CLOSED:
                cycle = _Clock(Target.NEXT_RESPONSE, len(cycles) + 1, at)
                if status in PAUSED:
                    cycle.paused_from = at
                elif status not in DONE:
                    cycle.run(at)
                # (on a solved ticket the reopen that follows the reply starts it)
                cycles.append(cycle)
            last_public_by_agent = False
        elif event.kind == Kind.STATUS_CHANGED:
            new = event.payload.get("to", status)
            _status_change(status, new, at, first, resolution, cycles)
            status = new
        elif event.kind in (Kind.SLA_WARNING, Kind.SLA_BREACHED):
            key = (event.payload.get("target", ""), int(event.payload.get("cycle", 0) or 0))
            alerts.setdefault(key, set()).add(event.kind)

    states_first = _state(first, policy, calendar, now, alerts) if first else None
    states_next = tuple(
        s for s in (_state(c, policy, calendar, now, alerts) for c in cycles) if s is not None
    )
    state_resolution = _state(resolution, policy, calendar, now, alerts) if resolution else None
    evaluation_targets = [
        s for s in (states_first, *states_next, state_resolution) if s is not None
    ]
    return SlaEvaluation(states_first, states_next, state_resolution, _outcome(evaluation_targets))


def _status_change(old, new, at, first, resolution, cycles) -> None:
    response_clocks = [c for c in (first, *cycles) if c is not None]
    if new in DONE:
        for clock_ in response_clocks:
            clock_.stop(at)
        resolution.stop(at)
        return
    if old in DONE:  # reopened: the resolution clock resumes; a waiting cycle starts
        resolution.resume(at, running=new not in PAUSED)
    for clock_ in [*response_clocks, resolution]:
        if clock_.stopped_at is not None:
            continue
        if new in PAUSED:
            clock_.pause(at, counted=True)
        else:
            clock_.run(at)


def _has_targets(policy: SlaPolicy) -> bool:
    return any(
        minutes is not None
        for minutes in (
            policy.first_response_minutes,
            policy.next_response_minutes,
            policy.resolution_minutes,
        )
    )


def _target_of(policy: SlaPolicy, target: str) -> tuple[int | None, bool]:
    if target == Target.FIRST_RESPONSE:
        return policy.first_response_minutes, policy.first_response_business
    if target == Target.NEXT_RESPONSE:
        return policy.next_response_minutes, policy.next_response_business
    return policy.resolution_minutes, policy.resolution_business


def _state(clock_, policy, calendar, now, alerts) -> TargetState | None:
    minutes, business = _target_of(policy, clock_.target)
    if minutes is None:
        return None
    target_seconds = minutes * 60
    intervals = list(clock_.intervals)
    if clock_.open_at is not None:
        intervals.append((clock_.open_at, None))
    measure = _business_measure(calendar) if business else _calendar_measure()
    elapsed = sum(measure.seconds(s, e or max(now, s)) for s, e in intervals)
    paused = clock_.paused_seconds
    if clock_.paused_from is not None:
        paused += _seconds(clock_.paused_from, max(now, clock_.paused_from))
    fired = alerts.get((clock_.target, clock_.cycle), set())
    breached = Kind.SLA_BREACHED in fired
    due_at = warn_at = None
    met: bool | None
    if clock_.stopped_at is not None:
        met = elapsed <= target_seconds
    else:
        met = False if breached else None
        if clock_.open_at is not None:
            due_at = _instant(measure, intervals, target_seconds)
            warn_seconds = max(1, target_seconds * policy.warn_at_percent // 100)
            warn_at = _instant(measure, intervals, warn_seconds)
    return TargetState(
        target=clock_.target,
        cycle=clock_.cycle,
        started_at=clock_.started_at,
        due_at=due_at,
        stopped_at=clock_.stopped_at,
        met=met,
        elapsed_seconds=int(elapsed),
        target_seconds=target_seconds,
        business=business,
        paused_seconds=paused,
        warn_at=warn_at,
        breached=breached,
        warned=Kind.SLA_WARNING in fired,
    )


def _instant(measure, intervals, seconds: int) -> datetime | None:
    """When the running time over ``intervals`` (the last one open) reaches ``seconds``."""
    remaining = seconds
    for start, end in intervals:
        deadline = measure.deadline(start, remaining)
        if end is None or (deadline is not None and deadline <= end):
            return deadline
        remaining -= measure.seconds(start, end)
    return None


class _calendar_measure:
    @staticmethod
    def seconds(start: datetime, end: datetime) -> int:
        return _seconds(start, end)

    @staticmethod
    def deadline(start: datetime, seconds: int) -> datetime:
        return start + timedelta(seconds=max(0, seconds))


class _business_measure:
    def __init__(self, calendar: CalendarSpec):
        from tickets import business_time

        self._bt = business_time
        self._calendar = calendar

    def seconds(self, start: datetime, end: datetime) -> int:
        if end <= start:
            return 0
        return self._bt.business_seconds(self._calendar, start, end)

    def deadline(self, start: datetime, seconds: int) -> datetime | None:
        return self._bt.business_deadline(self._calendar, start, max(0, seconds))


def _outcome(states: Sequence[TargetState]) -> str:
    if not states:
        return ""
    if any(state.met is False for state in states):
        return MISSED
    if all(state.met for state in states):
        return MET
    return IN_PROGRESS
