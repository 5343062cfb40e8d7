"""Beat's automations: changes nobody made by hand, recorded on their events with a system
actor (``TicketEvent.SystemActor``).

- ``tickets_auto_close``: solved tickets close HELPDESK_AUTO_CLOSE_DAYS after they were solved.
- ``tickets_pending_solve``: pending tickets whose customer has not answered for
  HELPDESK_PENDING_SOLVE_DAYS (since the ticket went pending, or their last reply if later)
  are solved, with a notice e-mail to the customer in their language.

Both are safe to run twice or at once: each ticket is claimed with SKIP LOCKED and checked
again under its lock, so a second run finds nothing left to do. A system-made status change
sends no agent-style notice (tickets.notifications skips changes without a user); the pending
one sends its own ``PENDING_SOLVED`` e-mail instead.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery

from helpdesk import clock
from tickets import links
from tickets.models import OutboundEmail, Ticket, TicketEvent
from tickets.services.outbound import outbound_email_queue
from tickets.services.tickets import STATUS_FIELDS, _set_status, _touch

logger = logging.getLogger(__name__)
Kind = TicketEvent.Kind
System = TicketEvent.SystemActor


@transaction.atomic
def ticket_change_status_by_system(
    *, ticket: Ticket, status: str, system_actor: str
) -> TicketEvent | None:
    """Move ``ticket`` to ``status`` as the automation ``system_actor``; returns the event, or
    None when the ticket is locked by someone else or already there."""
    locked = Ticket.objects.select_for_update(skip_locked=True).filter(pk=ticket.pk).first()
    if locked is None or not _set_status(locked, status, system_actor=system_actor):
        return None
    _touch(locked, *STATUS_FIELDS)
    return TicketEvent.objects.filter(ticket=locked, kind=Kind.STATUS_CHANGED).latest(
        "created_at", "id"
    )


def tickets_auto_close(*, batch_size: int = 500) -> int:
    """Close the tickets solved more than HELPDESK_AUTO_CLOSE_DAYS ago; returns how many."""
    cutoff = clock.now() - timedelta(days=settings.HELPDESK_AUTO_CLOSE_DAYS)
    closed = 0
    while True:
        ids = list(
            Ticket.objects.filter(status=Ticket.Status.SOLVED, solved_at__lte=cutoff)
            .order_by("solved_at")
            .values_list("pk", flat=True)[:batch_size]
        )
        done = 0
        for ticket_id in ids:
            done += _isolated(_close_one, ticket_id, cutoff=cutoff)
        closed += done
        if len(ids) < batch_size or not done:
            return closed


@transaction.atomic
def _close_one(ticket_id: int, *, cutoff: datetime) -> int:
    ticket = (
        Ticket.objects.select_for_update(skip_locked=True)
        .filter(pk=ticket_id, status=Ticket.Status.SOLVED, solved_at__lte=cutoff)
        .first()
    )
    if ticket is None:  # taken by the other run, or changed meanwhile
        return 0
    event = ticket_change_status_by_system(
        ticket=ticket, status=Ticket.Status.CLOSED, system_actor=System.AUTO_CLOSE
    )
    return 1 if event else 0


def _isolated(change, ticket_id: int, **options) -> int:
    """One ticket in its own transaction: one that fails is logged and tried again at the next
    run, and holds up none of the tickets behind it."""
    try:
        return change(ticket_id, **options)
    except Exception:
        logger.exception("%s(%s) failed; tried again at the next run", change.__name__, ticket_id)
        return 0


def _waiting_since():
    """When the customer was last heard from or asked: the later of the ticket going pending
    and the customer's last reply."""
    went_pending = TicketEvent.objects.filter(
        ticket=OuterRef("pk"), kind=Kind.STATUS_CHANGED, payload__to=Ticket.Status.PENDING
    ).order_by("-created_at", "-id")
    replied = TicketEvent.objects.filter(
        ticket=OuterRef("pk"), kind=Kind.CUSTOMER_REPLIED
    ).order_by("-created_at", "-id")
    return {
        "went_pending_at": Subquery(went_pending.values("created_at")[:1]),
        "replied_at": Subquery(replied.values("created_at")[:1]),
    }


def _pending_too_long(cutoff: datetime):
    return (
        Ticket.objects.filter(status=Ticket.Status.PENDING)
        .annotate(**_waiting_since())
        .filter(went_pending_at__lte=cutoff)
        .filter(Q(replied_at__isnull=True) | Q(replied_at__lte=cutoff))
    )


def tickets_pending_solve(*, batch_size: int = 500) -> int:
    """Solve the pending tickets nobody answered for HELPDESK_PENDING_SOLVE_DAYS, each with a
    notice to its customer; returns how many."""
    days = settings.HELPDESK_PENDING_SOLVE_DAYS
    cutoff = clock.now() - timedelta(days=days)
    solved = 0
    while True:
        ids = list(
            _pending_too_long(cutoff)
            .order_by("went_pending_at")
            .values_list("pk", flat=True)[:batch_size]
        )
        done = 0
        for ticket_id in ids:
            done += _isolated(_solve_one, ticket_id, cutoff=cutoff, days=days)
        solved += done
        if len(ids) < batch_size or not done:
            return solved


@transaction.atomic
def _solve_one(ticket_id: int, *, cutoff: datetime, days: int) -> int:
    ticket = (
        Ticket.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("customer")
        .filter(pk=ticket_id)
        .first()
    )
    # Checked again under the lock: the customer may have answered a moment ago.
    if ticket is None or not _pending_too_long(cutoff).filter(pk=ticket_id).exists():
        return 0
    event = ticket_change_status_by_system(
        ticket=ticket, status=Ticket.Status.SOLVED, system_actor=System.PENDING_TIMEOUT
    )
    if event is None:
        return 0
    customer = ticket.customer
    if customer.email:
        outbound_email_queue(
            kind=OutboundEmail.Kind.PENDING_SOLVED,
            to=customer.email,
            template="pending_solved",
            context={
                "ticket": ticket,
                "days": days,
                "tracking_url": links.emailed_tracking_url(ticket),
            },
            language=customer.language,
            customer=customer,
            ticket=ticket,
            event=event,
        )
    return 1
