"""Service levels on tickets: which policy applies, the due times stored on the ticket, and
beat's warnings and breaches (each written exactly once, with its event and e-mails).

The clocks themselves are evaluated from events by ``tickets.sla.sla_evaluate``.

Fields on the ticket, rewritten on every event by ``ticket_sla_refresh``:

- ``first_response_due_at``, ``next_response_due_at``, ``resolution_due_at``: the due time of
  each running clock (null while paused, stopped, or without a target);
- ``sla_due_at``: the earliest of them (the queue's badge);
- ``sla_warn_at``: when the next alert not yet written falls: a target's warning until it is
  written, then its breach, then nothing. Beat looks only at tickets whose ``sla_warn_at`` has
  passed, so a ticket is looked at once per alert, not every minute while it is overdue.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from helpdesk import clock
from tickets import links
from tickets.business_time import ALWAYS, CalendarSpec
from tickets.models import OutboundEmail, SlaAlert, SlaPolicy, Ticket, TicketEvent, User
from tickets.services.calendars import calendar_spec_for_team
from tickets.sla import SLA_EVENT_KINDS, SlaEvaluation, TargetState, sla_evaluate

logger = logging.getLogger(__name__)

Kind = TicketEvent.Kind
DUE_FIELDS = (
    "sla_policy",
    "first_response_due_at",
    "next_response_due_at",
    "resolution_due_at",
    "sla_due_at",
    "sla_warn_at",
)
# Events whose payload carries a property the policy depends on, before the service has set it
# on the ticket (event_record is called first, the field assigned after).
_CHANGES = {Kind.PRIORITY_CHANGED: "priority", Kind.TEAM_CHANGED: "team_id"}


def _policy_matching(
    *, priority: str, channel: str, category_id: int | None, team_id: int | None
) -> SlaPolicy | None:
    """The most specific active policy: the priority must match; a channel, category or team
    on the policy must match too; the policy that narrows by more of them wins; ties go to the
    lowest id."""
    candidates = (
        SlaPolicy.objects.filter(is_active=True, priority=priority)
        .filter(Q(channel="") | Q(channel=channel))
        .filter(Q(category__isnull=True) | Q(category_id=category_id))
        .filter(Q(team__isnull=True) | Q(team_id=team_id))
        .order_by("id")
    )
    best, best_score = None, -1
    for policy in candidates:
        score = bool(policy.channel) + bool(policy.category_id) + bool(policy.team_id)
        if score > best_score:
            best, best_score = policy, score
    return best


def sla_policy_for(ticket: Ticket) -> SlaPolicy | None:
    """The policy that applies to ``ticket`` as it is now (see ``_policy_matching``)."""
    return _policy_matching(
        priority=ticket.priority,
        channel=ticket.channel,
        category_id=ticket.category_id,
        team_id=ticket.team_id,
    )


def calendar_for_team(team_id: int | None, policy: SlaPolicy | None = None) -> CalendarSpec:
    """The business calendar in force for a team (tickets.services.calendars); 24/7 without a
    query when ``policy`` has no target in business time."""
    if policy is not None and not _needs_calendar(policy):
        return ALWAYS
    return calendar_spec_for_team(team_id)


def _needs_calendar(policy: SlaPolicy) -> bool:
    return (
        (policy.first_response_minutes is not None and policy.first_response_business)
        or (policy.next_response_minutes is not None and policy.next_response_business)
        or (policy.resolution_minutes is not None and policy.resolution_business)
    )


def _events_of(ticket_id: int) -> list[TicketEvent]:
    # Only the kinds the clocks follow: a ticket's other events (a long history of priority
    # or tag changes) would cost every refresh without changing a due time.
    return list(
        TicketEvent.objects.filter(ticket_id=ticket_id, kind__in=SLA_EVENT_KINDS)
        .only("id", "kind", "payload", "created_at", "ticket_id")
        .order_by("created_at", "id")
    )


def ticket_sla_evaluation(
    ticket: Ticket, *, now: datetime | None = None
) -> tuple[SlaEvaluation, SlaPolicy | None]:
    """The ticket's clocks as they stand (for the ticket page's explanation and the badge)."""
    policy = ticket.sla_policy if ticket.sla_policy_id else None
    evaluation = sla_evaluate(
        _events_of(ticket.pk),
        policy=policy,
        calendar=calendar_for_team(ticket.team_id, policy),
        now=now or clock.now(),
    )
    return evaluation, policy


def _next_alert_at(states: list[TargetState]) -> datetime | None:
    candidates = []
    for state in states:
        if state.due_at is None or state.breached:
            continue
        if not state.warned and state.warn_at is not None:
            candidates.append(state.warn_at)
        candidates.append(state.due_at)
    return min(candidates, default=None)


def ticket_sla_refresh(*, ticket: Ticket, event: TicketEvent | None = None) -> None:
    """Recompute the ticket's policy and due times from its events and store them (one query
    for the events, one for the policy, one UPDATE). Called by ``event_record`` inside the
    service's transaction, so the stored times never lag behind the events."""
    values = {
        "priority": ticket.priority,
        "channel": ticket.channel,
        "category_id": ticket.category_id,
        "team_id": ticket.team_id,
    }
    if event is not None and event.kind in _CHANGES:
        values[_CHANGES[event.kind]] = event.payload.get("to")
    policy = _policy_matching(**values)
    due = dict.fromkeys(DUE_FIELDS[1:])
    if policy is not None:
        evaluation = sla_evaluate(
            _events_of(ticket.pk),
            policy=policy,
            calendar=calendar_for_team(values["team_id"], policy),
            now=clock.now(),
        )
        running = [state for state in evaluation.running if state.due_at is not None]
        for state in running:
            if state.target == SlaAlert.Target.FIRST_RESPONSE:
                due["first_response_due_at"] = state.due_at
            elif state.target == SlaAlert.Target.RESOLUTION:
                due["resolution_due_at"] = state.due_at
            else:
                due["next_response_due_at"] = state.due_at
        due["sla_due_at"] = min((state.due_at for state in running), default=None)
        due["sla_warn_at"] = _next_alert_at(running)
    Ticket.objects.filter(pk=ticket.pk).update(sla_policy=policy, **due)
    ticket.sla_policy = policy
    for name, value in due.items():
        setattr(ticket, name, value)


# --- Beat: warnings and breaches ---------------------------------------------------------------


def sla_alerts_check(*, batch_size: int = 200, max_batches: int = 50) -> int:
    """Write the warnings and breaches that have fallen due: one ``SlaAlert`` (unique per
    ticket, target, kind and cycle), one SLA_WARNING/SLA_BREACHED event by the SLA clock and
    e-mails to the assignee and the team's lead, in one transaction per batch. Tickets are
    claimed with SKIP LOCKED, so runs at once share the work; the constraint keeps each alert
    single even so. Returns the number of alerts written."""
    written, seen = 0, set()
    for _batch in range(max_batches):
        with transaction.atomic():
            now = clock.now()
            tickets = list(
                Ticket.objects.filter(sla_warn_at__lte=now)
                .exclude(pk__in=seen)
                .select_related("team__lead", "assignee", "sla_policy")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("sla_warn_at")[:batch_size]
            )
            if not tickets:
                break
            for ticket in tickets:
                seen.add(ticket.pk)
                written += _ticket_alerts_fire_isolated(ticket, now=now)
    return written


def _ticket_alerts_fire_isolated(ticket: Ticket, *, now: datetime) -> int:
    """One ticket's alerts in a savepoint: a ticket that fails (logged, tried again at the next
    check) must not roll back, and so hold up, the alerts of every ticket in its batch."""
    try:
        with transaction.atomic():
            return _ticket_alerts_fire(ticket, now=now)
    except Exception:
        logger.exception("SLA alerts of ticket %s failed; tried again at the next check", ticket.pk)
        return 0


def _ticket_alerts_fire(ticket: Ticket, *, now: datetime) -> int:
    evaluation, _policy = ticket_sla_evaluation(ticket, now=now)
    written = 0
    for state in evaluation.running:
        if state.due_at is None or state.breached:
            continue
        if state.due_at <= now:
            kind = SlaAlert.Kind.BREACH  # a warning not yet sent is not worth sending now
        elif state.warn_at is not None and state.warn_at <= now and not state.warned:
            kind = SlaAlert.Kind.WARNING
        else:
            continue
        if _alert_write(ticket, state, kind=kind, now=now):
            written += 1
    if not written:
        # Nothing fell due after all (the stored time was stale): store the fresh one, so the
        # ticket is not picked up again before its next alert.
        ticket_sla_refresh(ticket=ticket)
    return written


def _alert_write(ticket: Ticket, state: TargetState, *, kind: str, now: datetime) -> bool:
    try:
        with transaction.atomic():  # a savepoint: the constraint decides who writes it
            SlaAlert.objects.create(
                ticket=ticket,
                target=state.target,
                kind=kind,
                cycle=state.cycle,
                due_at=state.due_at,
                created_at=now,
            )
    except IntegrityError:
        return False
    from tickets.services.events import event_record

    event = event_record(
        ticket=ticket,
        kind=Kind.SLA_BREACHED if kind == SlaAlert.Kind.BREACH else Kind.SLA_WARNING,
        system_actor=TicketEvent.SystemActor.SLA,
        payload={
            "target": state.target,
            "cycle": state.cycle,
            "due_at": state.due_at.isoformat(),
            "target_seconds": state.target_seconds,
            "business": state.business,
        },
        at=now,
    )
    for user in _alert_recipients(ticket):
        _alert_email(ticket, state, kind=kind, event=event, user=user)
    return True


def _alert_recipients(ticket: Ticket) -> list[User]:
    """The assignee (if they want e-mail about their tickets) and the team's lead, once each."""
    people = []
    if ticket.assignee is not None and ticket.assignee.notify_by_email:
        people.append(ticket.assignee)
    if ticket.team.lead is not None:
        people.append(ticket.team.lead)
    found, seen = [], set()
    for user in people:
        if user.is_active and user.email and user.pk not in seen:
            seen.add(user.pk)
            found.append(user)
    return found


def _alert_email(
    ticket: Ticket, state: TargetState, *, kind: str, event: TicketEvent, user: User
) -> None:
    from tickets.services.outbound import outbound_email_queue

    breach = kind == SlaAlert.Kind.BREACH
    outbound_email_queue(
        kind=OutboundEmail.Kind.SLA_BREACH if breach else OutboundEmail.Kind.SLA_WARNING,
        to=user.email,
        template="sla_breach" if breach else "sla_warning",
        context={
            "ticket": ticket,
            "agent": user,
            "target": SlaAlert.Target(state.target),
            "due_at": state.due_at,
            "business": state.business,
            "ticket_url": links.absolute(reverse("agent-ticket", args=[ticket.reference])),
        },
        language=user.language,
        user=user,
        ticket=ticket,
        event=event,
    )


def open_tickets_sla_refresh(*, batch_size: int = 500) -> int:
    """Recompute the due times of every open ticket (after a policy or a calendar changed: the
    stored times otherwise follow at each ticket's next event). Tickets a service holds locked
    right now are skipped: that service's own event refreshes them. Returns how many."""
    done, last_id = 0, 0
    while True:
        with transaction.atomic():
            tickets = list(
                Ticket.objects.filter(status__in=Ticket.OPEN_STATUSES, pk__gt=last_id)
                .order_by("pk")
                .select_for_update(skip_locked=True)[:batch_size]
            )
            for ticket in tickets:
                ticket_sla_refresh(ticket=ticket)
        if not tickets:
            return done
        done += len(tickets)
        last_id = tickets[-1].pk
