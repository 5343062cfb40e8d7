"""A ticket's history in plain words, from its TicketEvent rows: "Anna set priority to High",
"Boris assigned the ticket to Anna", "Customer replied", "SLA clock: first response target
breached". The wording of every event kind lives here, so the ticket page, the API and the
collision warning say the same thing in the active language.

``history_lines`` turns events loaded with their actors (``tickets.selectors.ticket_events``)
into lines; the users and teams that payloads name by id are read in at most two queries."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tickets.models import REFERENCE_PREFIX, Team, Ticket, TicketEvent, User

Kind = TicketEvent.Kind

SLA_TARGETS = {
    "first_response": gettext_lazy("first response"),
    "next_response": gettext_lazy("next response"),
    "resolution": gettext_lazy("resolution"),
}


@dataclass(frozen=True)
class HistoryLine:
    event_id: int
    kind: str
    at: datetime
    actor: str  # who, as shown: a person's name, "Customer" or the automation's name
    text: str  # the whole sentence, actor included
    by_system: bool


@dataclass
class _Names:
    users: dict[int, str]
    teams: dict[int, str]

    def user(self, pk) -> str:
        if pk is None:
            return _("nobody")
        return self.users.get(pk) or _("a former agent")

    def team(self, pk) -> str:
        return self.teams.get(pk) or _("a former team")


def user_name(user: User) -> str:
    return user.get_full_name() or user.username


def _actor(event: TicketEvent) -> tuple[str, bool]:
    if event.system_actor:
        return event.get_system_actor_display(), True
    if event.actor_user_id and event.actor_user is not None:
        return user_name(event.actor_user), False
    if event.actor_customer_id:
        return _("Customer"), False
    return _("Someone"), False


def _status(value) -> str:
    return Ticket.Status(value).label if value in Ticket.Status.values else str(value)


def _priority(value) -> str:
    return Ticket.Priority(value).label if value in Ticket.Priority.values else str(value)


def _channel(value) -> str:
    return Ticket.Channel(value).label if value in Ticket.Channel.values else str(value)


def _created(event, actor, system, names) -> str:
    channel = _channel(event.payload.get("channel", ""))
    if event.actor_user_id:
        return _("%(actor)s logged the ticket for the customer (%(channel)s)") % {
            "actor": actor,
            "channel": channel,
        }
    return _("Customer opened the ticket (%(channel)s)") % {"channel": channel}


def _customer_replied(event, actor, system, names) -> str:
    if event.actor_user_id and event.actor_user is not None:
        return _("%(agent)s logged a reply from the customer (%(channel)s)") % {
            "agent": user_name(event.actor_user),
            "channel": _channel(event.payload.get("channel", "")),
        }
    return _("Customer replied")


def _agent_replied(event, actor, system, names) -> str:
    return _("%(actor)s replied to the customer") % {"actor": actor}


def _note_added(event, actor, system, names) -> str:
    return _("%(actor)s added an internal note") % {"actor": actor}


def _status_changed(event, actor, system, names) -> str:
    status = _status(event.payload.get("to"))
    if system:
        return _("%(actor)s: status set to %(status)s") % {"actor": actor, "status": status}
    return _("%(actor)s set status to %(status)s") % {"actor": actor, "status": status}


def _assigned(event, actor, system, names) -> str:
    to = event.payload.get("to")
    if to is None:
        if system:
            return _("%(actor)s: the ticket was unassigned") % {"actor": actor}
        return _("%(actor)s unassigned the ticket") % {"actor": actor}
    if system:
        return _("%(actor)s: the ticket was assigned to %(assignee)s") % {
            "actor": actor,
            "assignee": names.user(to),
        }
    if to == event.actor_user_id:
        return _("%(actor)s took the ticket") % {"actor": actor}
    return _("%(actor)s assigned the ticket to %(assignee)s") % {
        "actor": actor,
        "assignee": names.user(to),
    }


def _priority_changed(event, actor, system, names) -> str:
    priority = _priority(event.payload.get("to"))
    if system:
        return _("%(actor)s: priority set to %(priority)s") % {"actor": actor, "priority": priority}
    return _("%(actor)s set priority to %(priority)s") % {"actor": actor, "priority": priority}


def _team_changed(event, actor, system, names) -> str:
    team = names.team(event.payload.get("to"))
    if system:
        return _("%(actor)s: the ticket was moved to the team %(team)s") % {
            "actor": actor,
            "team": team,
        }
    return _("%(actor)s moved the ticket to the team %(team)s") % {"actor": actor, "team": team}


def _tags_changed(event, actor, system, names) -> str:
    before = set(event.payload.get("from") or [])
    after = set(event.payload.get("to") or [])
    added, removed = ", ".join(sorted(after - before)), ", ".join(sorted(before - after))
    if added and removed:
        return _("%(actor)s added the tags %(added)s and removed %(removed)s") % {
            "actor": actor,
            "added": added,
            "removed": removed,
        }
    if added:
        return _("%(actor)s added the tags %(added)s") % {"actor": actor, "added": added}
    return _("%(actor)s removed the tags %(removed)s") % {"actor": actor, "removed": removed}


def _reference(number) -> str:
    return f"{REFERENCE_PREFIX}{number:06d}" if isinstance(number, int) else "?"


def _follow_up_created(event, actor, system, names) -> str:
    reference = _reference(event.payload.get("follow_up_number"))
    return _("Customer wrote again; follow-up %(reference)s opened") % {"reference": reference}


def _sla(event, actor, system, names) -> str:
    target = str(SLA_TARGETS.get(event.payload.get("target"), event.payload.get("target", "")))
    if event.kind == Kind.SLA_BREACHED:
        return _("%(actor)s: %(target)s target breached") % {"actor": actor, "target": target}
    return _("%(actor)s: %(target)s target nearly due") % {"actor": actor, "target": target}


def _csat_sent(event, actor, system, names) -> str:
    return _("%(actor)s: satisfaction survey sent") % {"actor": actor}


def _csat_answered(event, actor, system, names) -> str:
    return _("Customer rated the support %(score)s") % {"score": event.payload.get("score")}


def _nps_sent(event, actor, system, names) -> str:
    return _("%(actor)s: recommendation survey sent") % {"actor": actor}


def _nps_answered(event, actor, system, names) -> str:
    return _("Customer gave a recommendation score of %(score)s") % {
        "score": event.payload.get("score")
    }


def _merged_into(event, actor, system, names) -> str:
    return _("%(actor)s merged this ticket into %(reference)s") % {
        "actor": actor,
        "reference": _reference(event.payload.get("into_number")),
    }


def _merged(event, actor, system, names) -> str:
    return _("%(actor)s merged %(reference)s into this ticket") % {
        "actor": actor,
        "reference": _reference(event.payload.get("source_number")),
    }


def _linked(event, actor, system, names) -> str:
    return _("%(actor)s linked the related ticket %(reference)s") % {
        "actor": actor,
        "reference": _reference(event.payload.get("number")),
    }


def _unlinked(event, actor, system, names) -> str:
    return _("%(actor)s unlinked the related ticket %(reference)s") % {
        "actor": actor,
        "reference": _reference(event.payload.get("number")),
    }


def _other(event, actor, system, names) -> str:
    """Kinds this module does not know yet (added later): the kind's own label."""
    return _("%(actor)s: %(what)s") % {"actor": actor, "what": event.get_kind_display()}


WORDING: dict[str, Callable[..., str]] = {
    Kind.CREATED: _created,
    Kind.CUSTOMER_REPLIED: _customer_replied,
    Kind.AGENT_REPLIED: _agent_replied,
    Kind.NOTE_ADDED: _note_added,
    Kind.STATUS_CHANGED: _status_changed,
    Kind.ASSIGNED: _assigned,
    Kind.PRIORITY_CHANGED: _priority_changed,
    Kind.TEAM_CHANGED: _team_changed,
    Kind.TAGS_CHANGED: _tags_changed,
    Kind.FOLLOW_UP_CREATED: _follow_up_created,
    Kind.SLA_WARNING: _sla,
    Kind.SLA_BREACHED: _sla,
    Kind.CSAT_SENT: _csat_sent,
    Kind.CSAT_ANSWERED: _csat_answered,
    Kind.NPS_SENT: _nps_sent,
    Kind.NPS_ANSWERED: _nps_answered,
    # Merge and link (tickets.services.merge); by value, so this module does not depend on them.
    "merged_into": _merged_into,
    "merged": _merged,
    "linked": _linked,
    "unlinked": _unlinked,
}


def _names_for(events: Sequence[TicketEvent]) -> _Names:
    user_ids: set[int] = set()
    team_ids: set[int] = set()
    for event in events:
        payload = event.payload if isinstance(event.payload, dict) else {}
        if event.kind == Kind.ASSIGNED:
            user_ids |= {pk for pk in (payload.get("from"), payload.get("to")) if pk}
        elif event.kind == Kind.TEAM_CHANGED:
            team_ids |= {pk for pk in (payload.get("from"), payload.get("to")) if pk}
    users = {}
    if user_ids:
        people = User.objects.filter(pk__in=user_ids).only("username", "first_name", "last_name")
        users = {user.pk: user_name(user) for user in people}
    teams = dict(Team.objects.filter(pk__in=team_ids).values_list("pk", "name")) if team_ids else {}
    return _Names(users=users, teams=teams)


def history_line(event: TicketEvent, names: _Names) -> HistoryLine:
    actor, system = _actor(event)
    if not isinstance(event.payload, dict):
        event.payload = {}
    wording = WORDING.get(event.kind, _other)
    return HistoryLine(
        event_id=event.pk,
        kind=event.kind,
        at=event.created_at,
        actor=actor,
        text=wording(event, actor, system, names),
        by_system=system,
    )


def history_lines(events: Iterable[TicketEvent]) -> list[HistoryLine]:
    """One line per event, in the order given. Events should come with ``actor_user`` and
    ``actor_customer`` selected (one query); names in payloads cost at most two more."""
    events = list(events)
    names = _names_for(events)
    return [history_line(event, names) for event in events]
