"""Who works a ticket: "take it" and round-robin within a team (issue 7, Assignment).

Manual assignment (``ticket_update(assignee=...)``) respects nothing but permissions: a manager
may hand an agent more than the team's cap, or a ticket while they are away. The cap and
``User.is_away`` only steer round-robin.

Locks, always in this order so two writers never wait on each other in a circle: the ticket
row(s) first (bulk updates lock theirs in id order), then the team row, which serializes the
team's round-robin."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from helpdesk.errors import ApplicationError
from tickets.models import Team, Ticket, TicketEvent, User
from tickets.selectors import agents_with_open_counts
from tickets.services.events import event_record
from tickets.services.tickets import _lock, _touch, require_agent_for, ticket_update


def agent_display_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


class TicketAlreadyTaken(ApplicationError):
    """Someone else took the ticket first. 409 in the API, with who it was."""

    status_code = 409

    def __init__(self, *, assignee: User):
        super().__init__(
            _("Already taken by %(agent)s.") % {"agent": agent_display_name(assignee)},
            field="assignee",
        )
        self.assignee = assignee

    def as_dict(self) -> dict:
        return {
            "detail": self.message,
            "assignee": self.assignee.get_username(),
            "assignee_name": agent_display_name(self.assignee),
        }


@transaction.atomic
def ticket_take(*, ticket: Ticket, agent: User) -> Ticket:
    """Assign ``ticket`` to ``agent`` if nobody has it yet (taking one's own ticket again is a
    no-op). The row lock makes two agents taking at once queue up: the first one wins, the
    second finds the assignee set and gets ``TicketAlreadyTaken`` naming the first."""
    ticket = _lock(ticket)
    require_agent_for(agent, ticket)
    if ticket.assignee_id == agent.pk:
        return ticket
    if ticket.assignee_id is not None:
        raise TicketAlreadyTaken(assignee=User.objects.get(pk=ticket.assignee_id))
    return ticket_update(ticket=ticket, actor=agent, assignee=agent)


def _overseers():
    codename = "view_all_tickets"
    return User.objects.filter(
        Q(groups__permissions__codename=codename) | Q(user_permissions__codename=codename)
    ).values("pk")


def _next_in_turn(team: Team) -> User | None:
    """The first eligible agent after the team's last round-robin pick, by id (a stable order
    that survives agents joining and leaving), wrapping around; None when nobody is eligible.
    Eligible: an active agent of the team, not away, below the team's cap, not a manager."""
    cap = team.max_open_per_agent
    candidates = (
        agents_with_open_counts(team=team)
        .filter(is_away=False)
        # Managers and admins oversee every queue: they get tickets by hand or by taking them.
        .exclude(is_superuser=True)
        .exclude(pk__in=_overseers())
        .order_by("pk")
    )
    eligible = [agent for agent in candidates if cap is None or agent.open_count < cap]
    if not eligible:
        return None
    last = team.last_assigned_to_id or 0
    return next((agent for agent in eligible if agent.pk > last), eligible[0])


@transaction.atomic
def ticket_auto_assign(*, ticket: Ticket) -> Ticket:
    """Round-robin: give an unassigned open ticket of an auto-assign team to the next agent in
    turn who is not away and below the team's cap. Nobody eligible: it stays unassigned.

    The team row is locked for the rest of the transaction, so concurrent creations in one team
    take turns: each sees the assignments (and open counts) the ones before it committed."""
    ticket = _lock(ticket)
    # NO KEY UPDATE: concurrent inserts of the team's tickets hold KEY SHARE locks on the team
    # row (their foreign key), which a plain FOR UPDATE would wait on, deadlocking two creations.
    team = Team.objects.select_for_update(no_key=True).get(pk=ticket.team_id)
    if not team.auto_assign or ticket.assignee_id is not None or not ticket.is_open:
        return ticket
    agent = _next_in_turn(team)
    if agent is None:
        return ticket
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.ASSIGNED,
        system_actor=TicketEvent.SystemActor.ROUND_ROBIN,
        payload={"from": None, "to": agent.pk},
    )
    ticket.assignee = agent
    _touch(ticket, "assignee")
    team.last_assigned_to = agent
    team.save(update_fields=["last_assigned_to"])
    return ticket
