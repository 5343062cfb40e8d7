"""Reads of macros: which canned responses a user sees, and the one they ask for."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from helpdesk.errors import NotFound
from tickets.models import Macro, Ticket, User
from tickets.roles import user_is_agent, user_sees_all_tickets
from tickets.selectors import parse_reference, tickets_visible_to


def macros_visible_to(user: User) -> QuerySet[Macro]:
    """An agent's own macros, those shared with everyone, and those of their teams (every
    team's for managers and admins). Nobody else's personal macros, ever."""
    macros = Macro.objects.select_related("team", "owner")
    if not user_is_agent(user):
        return macros.none()
    shared = Q(owner__isnull=True)
    if not user_sees_all_tickets(user):
        team_ids = list(user.teams.values_list("pk", flat=True))
        shared &= Q(team__isnull=True) | Q(team_id__in=team_ids)
    return macros.filter(Q(owner=user) | shared)


def macros_for_ticket(*, user: User, ticket: Ticket) -> QuerySet[Macro]:
    """What the picker on a ticket offers: the user's own, everyone's and the ticket team's."""
    return macros_visible_to(user).filter(Q(team__isnull=True) | Q(team_id=ticket.team_id))


def macro_get_for_user(*, user: User, macro_id: int | str) -> Macro:
    """The macro, or NotFound if it is missing *or* someone else's personal one."""
    text = str(macro_id).strip()
    macro = None
    if text.isascii() and text.isdigit() and len(text) <= 18:
        macro = macros_visible_to(user).filter(pk=int(text)).first()
    if macro is None:
        raise NotFound(_("Macro not found."))
    return macro


def macro_from_reply(*, user: User, value: str | None) -> Macro | None:
    """The macro named by the reply form's hidden ``macro`` field: None when it is empty,
    NotFound when it is not one the user may use."""
    if not (value or "").strip():
        return None
    return macro_get_for_user(user=user, macro_id=value)


def ticket_for_macros(*, user: User, reference: str) -> Ticket:
    """The ticket a macro is filled in for or applied to, without its thread; NotFound as
    ``ticket_get_for_user`` answers it."""
    number = parse_reference(reference)
    ticket = tickets_visible_to(user).filter(number=number).first() if number else None
    if ticket is None:
        raise NotFound(_("Ticket not found."))
    return ticket
