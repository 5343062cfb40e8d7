"""Writes to tickets. Each function is atomic and records its TicketEvent(s) in the same
transaction; the ticket row is locked first so concurrent changes serialize."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helpdesk import clock
from helpdesk.errors import PermissionDenied, ValidationError
from helpdesk.text import clean_label
from tickets import lifecycle
from tickets.models import (
    TICKET_NUMBER_SEQUENCE,
    Category,
    Customer,
    Message,
    Tag,
    Team,
    Ticket,
    TicketEvent,
    User,
)
from tickets.roles import user_is_agent, user_sees_all_tickets
from tickets.services.attachments import attachments_store, attachments_validate
from tickets.services.events import event_record
from tickets.services.search_index import search_document_create, search_message_append

SUBJECT_MAX = 200
BODY_MAX = 100_000
UNSET = object()  # "leave this field alone" in ticket_update


def new_tracking_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def _next_ticket_number() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [TICKET_NUMBER_SEQUENCE])
        return cursor.fetchone()[0]


def _lock(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def require_agent_for(user: User, ticket: Ticket) -> None:
    """Agents act on their teams' tickets; managers and admins on every ticket."""
    if not user_is_agent(user):
        raise PermissionDenied(_("Only agents can do this."))
    if user_sees_all_tickets(user) or user.teams.filter(pk=ticket.team_id).exists():
        return
    raise PermissionDenied(_("This ticket belongs to a team you are not in."))


def _clean_text(value: str, *, field: str, max_length: int, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("%(field)s is required.") % {"field": label}, field=field)
    if len(value) > max_length:
        raise ValidationError(
            ngettext(
                "%(field)s must be at most %(max)d character.",
                "%(field)s must be at most %(max)d characters.",
                max_length,
            )
            % {"field": label, "max": max_length},
            field=field,
        )
    return value


def _choice(value: str, choices: type, *, field: str) -> str:
    if value not in choices.values:
        raise ValidationError(
            _("“%(value)s” is not a valid choice.") % {"value": value}, field=field
        )
    return value


def _default_team() -> Team:
    team = Team.objects.filter(is_default=True).first() or Team.objects.order_by("pk").first()
    if team is None:
        raise ValidationError(_("No team is set up to receive tickets yet."))
    return team


@transaction.atomic
def ticket_create(
    *,
    customer: Customer,
    subject: str,
    body: str,
    channel: str,
    created_by: User | None = None,
    category: Category | None = None,
    team: Team | None = None,
    priority: str = Ticket.Priority.NORMAL,
    attachments: Sequence[UploadedFile] = (),
    body_format: str = Message.Format.TEXT,
    follow_up_of: Ticket | None = None,
    body_original: str = "",
    source: dict | None = None,
) -> Ticket:
    """Open a ticket with the customer's first message.

    ``created_by`` is the agent who logs a request from the phone, chat or social media; it is
    None when the customer filed it themselves (web form, e-mail, their API token).
    ``source``: where an integration's message came from (provider, conversation and message
    ids), kept in the CREATED event's payload so a redelivery is recognised."""
    subject = _clean_text(
        clean_label(subject), field="subject", max_length=SUBJECT_MAX, label=_("Subject")
    )
    body = _clean_text(body, field="body", max_length=BODY_MAX, label=_("Message"))
    channel = _choice(channel, Ticket.Channel, field="channel")
    priority = _choice(priority, Ticket.Priority, field="priority")
    attachments_validate(attachments, channel=channel)
    if created_by is not None and not user_is_agent(created_by):
        raise PermissionDenied(_("Only agents can log tickets for customers."))
    if team is not None and created_by is None and follow_up_of is None:
        raise PermissionDenied(_("Only agents can choose the team."))
    if category and not category.is_public and created_by is None and follow_up_of is None:
        # Customers pick from the topics the request form offers; the rest route agents' work.
        raise ValidationError(_("Choose one of the offered topics."), field="category")
    team = team or (category.team if category else None) or _default_team()

    now = clock.now()
    ticket = Ticket.objects.create(
        number=_next_ticket_number(),
        subject=subject,
        priority=priority,
        channel=channel,
        language=customer.language,
        category=category,
        team=team,
        customer=customer,
        follow_up_of=follow_up_of,
        tracking_token=new_tracking_token(),
        created_at=now,
        updated_at=now,
    )
    search_document_create(ticket=ticket)
    message = _message_store(
        ticket=ticket,
        author_customer=customer,
        body=body,
        body_format=body_format,
        body_original=body_original,
        channel=channel,
        attachments=attachments,
    )
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.CREATED,
        actor_user=created_by,
        actor_customer=None if created_by else customer,
        payload={
            "message_id": message.pk,
            "channel": channel,
            "team_id": team.pk,
            "priority": priority,
            "category_id": category.pk if category else None,
            "follow_up_of": follow_up_of.pk if follow_up_of else None,
        }
        | ({"source": source} if source else {}),
        at=now,
    )
    if team.auto_assign:  # round-robin, in this transaction (tickets.services.assignment)
        from tickets.services.assignment import ticket_auto_assign

        ticket = ticket_auto_assign(ticket=ticket)
    return ticket


def _set_status(
    ticket: Ticket,
    status: str,
    *,
    actor_user: User | None = None,
    actor_customer: Customer | None = None,
    with_message_id: int | None = None,
    system_actor: str = "",
) -> bool:
    """Move a locked ticket to ``status`` and record it; the caller saves the ticket.
    Like every ``_set_*`` helper here, returns whether anything changed.
    ``with_message_id``: the public reply this change came with (its e-mail tells the status,
    so no separate notice goes out)."""
    status = _choice(status, Ticket.Status, field="status")
    if status == ticket.status:
        return False
    if not lifecycle.can_transition(ticket.status, status):
        raise ValidationError(
            _("A ticket cannot go from “%(current)s” to “%(target)s”.")
            % {"current": ticket.get_status_display(), "target": Ticket.Status(status).label},
            field="status",
        )
    previous, now = ticket.status, clock.now()
    ticket.status = status
    if status == Ticket.Status.SOLVED:
        ticket.solved_at = now
    elif status == Ticket.Status.CLOSED:
        ticket.closed_at = now
        ticket.solved_at = ticket.solved_at or now
    else:
        ticket.solved_at = None
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.STATUS_CHANGED,
        actor_user=actor_user,
        actor_customer=actor_customer,
        system_actor=system_actor,
        payload={"from": previous, "to": status}
        | ({"with_message_id": with_message_id} if with_message_id else {}),
    )
    return True


def _touch(ticket: Ticket, *fields: str) -> None:
    ticket.updated_at = clock.now()
    ticket.save(update_fields=[*fields, "updated_at"])


STATUS_FIELDS = ("status", "solved_at", "closed_at")


def reopen_deadline(ticket: Ticket) -> datetime | None:
    """Until when the customer may reopen their solved ticket (HELPDESK_REOPEN_WINDOW_DAYS after
    it was solved); None when the ticket is not solved."""
    if ticket.status != Ticket.Status.SOLVED:
        return None
    solved_at = ticket.solved_at or ticket.updated_at
    return solved_at + timedelta(days=settings.HELPDESK_REOPEN_WINDOW_DAYS)


def customer_may_reopen(ticket: Ticket) -> bool:
    deadline = reopen_deadline(ticket)
    return deadline is not None and clock.now() <= deadline


@transaction.atomic
def ticket_change_status_by_customer(*, ticket: Ticket, customer: Customer, status: str) -> Ticket:
    """The customer moves their own ticket through the same transitions and events as an
    agent would; when they may (solve, reopen) is decided by tickets.services.portal."""
    ticket = _lock(ticket)
    if customer.pk != ticket.customer_id:
        raise PermissionDenied(_("This is not your ticket."))
    if _set_status(ticket, status, actor_customer=customer):
        _touch(ticket, *STATUS_FIELDS)
    return ticket


def _assign(ticket: Ticket, actor: User, assignee: User | None) -> bool:
    if assignee is not None:
        if not user_is_agent(assignee):
            raise ValidationError(_("Tickets can only be assigned to agents."), field="assignee")
        if not assignee.teams.filter(pk=ticket.team_id).exists():
            raise ValidationError(
                _("%(agent)s is not in the team %(team)s.")
                % {"agent": assignee.get_username(), "team": ticket.team.name},
                field="assignee",
            )
    if ticket.assignee_id == (assignee.pk if assignee else None):
        return False
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.ASSIGNED,
        actor_user=actor,
        payload={"from": ticket.assignee_id, "to": assignee.pk if assignee else None},
    )
    ticket.assignee = assignee
    return True


def _set_priority(ticket: Ticket, actor: User, priority: str) -> bool:
    priority = _choice(priority, Ticket.Priority, field="priority")
    if priority == ticket.priority:
        return False
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.PRIORITY_CHANGED,
        actor_user=actor,
        payload={"from": ticket.priority, "to": priority},
    )
    ticket.priority = priority
    return True


def _set_team(ticket: Ticket, actor: User, team: Team) -> bool:
    if team.pk == ticket.team_id:
        return False
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.TEAM_CHANGED,
        actor_user=actor,
        payload={"from": ticket.team_id, "to": team.pk},
    )
    ticket.team = team
    if ticket.assignee_id and not ticket.assignee.teams.filter(pk=team.pk).exists():
        _assign(ticket, actor, None)
    return True


def _set_tags(ticket: Ticket, actor: User, names: Sequence[str]) -> bool:
    wanted = sorted({slugify(name, allow_unicode=True)[:50] for name in names} - {""})
    current = sorted(ticket.tags.values_list("name", flat=True))
    if wanted == current:
        return False
    tags = [Tag.objects.get_or_create(name=name)[0] for name in wanted]
    ticket.tags.set(tags)
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.TAGS_CHANGED,
        actor_user=actor,
        payload={"from": current, "to": wanted},
    )
    return True


@transaction.atomic
def ticket_update(
    *,
    ticket: Ticket,
    actor: User,
    status=UNSET,
    priority=UNSET,
    assignee=UNSET,
    team=UNSET,
    tags=UNSET,
) -> Ticket:
    """Change any of a ticket's properties at once, all or nothing, one event per change.
    The agent's property form and the API's PATCH both come here."""
    ticket = _lock(ticket)
    require_agent_for(actor, ticket)
    changed = team_changed = False
    if team is not UNSET:
        changed |= (team_changed := _set_team(ticket, actor, team))
    if assignee is not UNSET:
        changed |= _assign(ticket, actor, assignee)
    if priority is not UNSET:
        changed |= _set_priority(ticket, actor, priority)
    if tags is not UNSET:
        changed |= _set_tags(ticket, actor, tags)
    if status is not UNSET:
        changed |= _set_status(ticket, status, actor_user=actor)
    if changed:  # a no-op save must not move the ticket up the agents' queue
        _touch(ticket, "team", "assignee", "priority", *STATUS_FIELDS)
    if team_changed and assignee is UNSET and ticket.assignee_id is None and team.auto_assign:
        from tickets.services.assignment import ticket_auto_assign  # round-robin in the new team

        ticket = ticket_auto_assign(ticket=ticket)
    return ticket


def ticket_change_status(*, ticket: Ticket, actor: User, status: str) -> Ticket:
    return ticket_update(ticket=ticket, actor=actor, status=status)


def ticket_assign(*, ticket: Ticket, actor: User, assignee: User | None) -> Ticket:
    return ticket_update(ticket=ticket, actor=actor, assignee=assignee)


def ticket_set_priority(*, ticket: Ticket, actor: User, priority: str) -> Ticket:
    return ticket_update(ticket=ticket, actor=actor, priority=priority)


def ticket_set_tags(*, ticket: Ticket, actor: User, tags: Sequence[str]) -> Ticket:
    return ticket_update(ticket=ticket, actor=actor, tags=tags)


def ticket_change_team(*, ticket: Ticket, actor: User, team: Team) -> Ticket:
    return ticket_update(ticket=ticket, actor=actor, team=team)


def _message_store(
    *,
    ticket: Ticket,
    body: str,
    channel: str,
    attachments: Sequence[UploadedFile],
    author_agent: User | None = None,
    author_customer: Customer | None = None,
    is_internal: bool = False,
    body_format: str = Message.Format.TEXT,
    body_original: str = "",
) -> Message:
    """Validate and store a message with its attachments; the caller records the event.
    ``body_original``: for mail, the whole text when ``body`` has the quoted history cut."""
    body = _clean_text(body, field="body", max_length=BODY_MAX, label=_("Message"))
    channel = _choice(channel, Ticket.Channel, field="channel")
    body_format = _choice(body_format, Message.Format, field="body_format")
    attachments_validate(attachments, channel=channel)
    message = Message.objects.create(
        ticket=ticket,
        author_agent=author_agent,
        author_customer=author_customer,
        is_internal=is_internal,
        body=body,
        body_format=body_format,
        body_original=body_original if body_original != body else "",
        channel=channel,
        created_at=clock.now(),
    )
    attachments_store(message=message, uploads=attachments)
    search_message_append(message=message)
    return message
