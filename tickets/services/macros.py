"""Canned responses (macros): writing them, and applying one to a ticket.

Applying is a reply plus the macro's field changes (status, priority, tags, assign to me), all in
one transaction through the ticket services, so each change has its event and a change that fails
takes the reply back with it."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helpdesk import clock
from helpdesk.errors import NotFound, PermissionDenied, ValidationError
from tickets.macro_selectors import macros_visible_to
from tickets.macros import macro_render, placeholders_check
from tickets.models import Macro, Message, Team, Ticket, User
from tickets.roles import ADMINS, user_is_agent, user_is_manager
from tickets.services.messages import message_add_from_agent
from tickets.services.tickets import BODY_MAX, require_agent_for, ticket_update

NAME_MAX = 100
TAGS_MAX = 20
PERSONAL, TEAM, EVERYONE = "personal", "team", "everyone"
# A macro may move a ticket anywhere an agent can, but never back to "new".
SETTABLE_STATUSES = [s for s in Ticket.Status.values if s != Ticket.Status.NEW]


def user_is_admin(user: User) -> bool:
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_macros_is_admin"):  # asked once per macro on a list page
        user._macros_is_admin = user.is_superuser or user.groups.filter(name=ADMINS).exists()
    return user._macros_is_admin


def macro_scopes_for(user: User) -> list[tuple[str, Team | None]]:
    """Where ``user`` may put a macro: (PERSONAL, None), (TEAM, team)..., (EVERYONE, None)."""
    if not user_is_agent(user):
        return []
    scopes: list[tuple[str, Team | None]] = [(PERSONAL, None)]
    if user_is_manager(user) or user_is_admin(user):
        teams = Team.objects.all()
    else:
        teams = Team.objects.filter(lead=user)
    scopes += [(TEAM, team) for team in teams.order_by("name")]
    if user_is_admin(user):
        scopes.append((EVERYONE, None))
    return scopes


def _may_manage_scope(user: User, scope: str, team: Team | None) -> bool:
    if not user_is_agent(user):
        return False
    if scope == PERSONAL:
        return True
    if scope == EVERYONE:
        return user_is_admin(user)
    return user_is_manager(user) or user_is_admin(user) or team.lead_id == user.pk


def macro_can_manage(*, user: User, macro: Macro) -> bool:
    """Only its owner changes a personal macro; team leads (of that team), managers and admins
    a team's; admins one shared with everyone."""
    if macro.owner_id:
        return macro.owner_id == user.pk
    return _may_manage_scope(user, TEAM if macro.team_id else EVERYONE, macro.team)


def _clean_fields(
    *,
    name: str,
    body_en: str,
    body_ru: str,
    set_status: str,
    set_priority: str,
    add_tags: Sequence[str],
) -> dict:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Give the macro a name."), field="name")
    if len(name) > NAME_MAX:
        raise ValidationError(
            ngettext(
                "The name must be at most %(max)d character.",
                "The name must be at most %(max)d characters.",
                NAME_MAX,
            )
            % {"max": NAME_MAX},
            field="name",
        )
    bodies = {"body_en": (body_en or "").strip(), "body_ru": (body_ru or "").strip()}
    if not any(bodies.values()):
        raise ValidationError(_("Write the text in English, Russian or both."), field="body_en")
    for field, body in bodies.items():
        if len(body) > BODY_MAX:
            raise ValidationError(_("The text is too long."), field=field)
        problem = placeholders_check(body)
        if problem:
            raise ValidationError(problem, field=field)
    if set_status and set_status not in SETTABLE_STATUSES:
        raise ValidationError(
            _("“%(value)s” is not a valid choice.") % {"value": set_status}, field="set_status"
        )
    if set_priority and set_priority not in Ticket.Priority.values:
        raise ValidationError(
            _("“%(value)s” is not a valid choice.") % {"value": set_priority},
            field="set_priority",
        )
    tags = []
    for raw in add_tags or ():
        tag = slugify(raw, allow_unicode=True)[:50]
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise ValidationError(_("At most %(max)d tags.") % {"max": TAGS_MAX}, field="add_tags")
    return {
        "name": name,
        **bodies,
        "set_status": set_status or "",
        "set_priority": set_priority or "",
        "add_tags": tags,
    }


def _scope_owner_team(
    actor: User, scope: str, team: Team | None
) -> tuple[User | None, Team | None]:
    if scope not in (PERSONAL, TEAM, EVERYONE):
        raise ValidationError(_("Choose who shares the macro."), field="scope")
    if scope == TEAM and team is None:
        raise ValidationError(_("Choose the team to share the macro with."), field="team")
    team = team if scope == TEAM else None
    if not _may_manage_scope(actor, scope, team):
        raise PermissionDenied(
            _("Only admins share macros with everyone.")
            if scope == EVERYONE
            else _("Only the team lead, managers and admins share macros with this team.")
            if scope == TEAM
            else _("Only agents have macros.")
        )
    return (actor if scope == PERSONAL else None), team


@transaction.atomic
def macro_create(
    *,
    actor: User,
    name: str,
    body_en: str = "",
    body_ru: str = "",
    scope: str = PERSONAL,
    team: Team | None = None,
    set_status: str = "",
    set_priority: str = "",
    add_tags: Sequence[str] = (),
    assign_to_me: bool = False,
) -> Macro:
    owner, team = _scope_owner_team(actor, scope, team)
    fields = _clean_fields(
        name=name,
        body_en=body_en,
        body_ru=body_ru,
        set_status=set_status,
        set_priority=set_priority,
        add_tags=add_tags,
    )
    now = clock.now()
    return Macro.objects.create(
        **fields,
        owner=owner,
        team=team,
        assign_to_me=bool(assign_to_me),
        created_by=actor,
        created_at=now,
        updated_at=now,
    )


def _require_manage(actor: User, macro: Macro) -> Macro:
    if not macros_visible_to(actor).filter(pk=macro.pk).exists():
        raise NotFound(_("Macro not found."))
    if not macro_can_manage(user=actor, macro=macro):
        raise PermissionDenied(_("You may use this macro but not change it."))
    return Macro.objects.select_for_update().get(pk=macro.pk)


@transaction.atomic
def macro_update(
    *,
    actor: User,
    macro: Macro,
    name: str,
    body_en: str = "",
    body_ru: str = "",
    scope: str = PERSONAL,
    team: Team | None = None,
    set_status: str = "",
    set_priority: str = "",
    add_tags: Sequence[str] = (),
    assign_to_me: bool = False,
) -> Macro:
    """Change every field at once (the form and the API's PUT/PATCH send them all)."""
    macro = _require_manage(actor, macro)
    if macro.owner_id and scope == PERSONAL:
        owner = macro.owner  # the owner keeps it personal
    else:
        owner, team = _scope_owner_team(actor, scope, team)
    fields = _clean_fields(
        name=name,
        body_en=body_en,
        body_ru=body_ru,
        set_status=set_status,
        set_priority=set_priority,
        add_tags=add_tags,
    )
    for field, value in fields.items():
        setattr(macro, field, value)
    macro.owner = owner
    macro.team = team if scope == TEAM else None
    macro.assign_to_me = bool(assign_to_me)
    macro.updated_at = clock.now()
    macro.save()
    return macro


@transaction.atomic
def macro_delete(*, actor: User, macro: Macro) -> None:
    _require_manage(actor, macro).delete()


@transaction.atomic
def macro_apply(
    *,
    ticket: Ticket,
    agent: User,
    macro: Macro,
    body: str | None = None,
    is_internal: bool = False,
    status: str | None = None,
    attachments: Sequence[UploadedFile] = (),
    channel: str = Ticket.Channel.WEB,
    seen_event: int | None = None,
    confirmed: bool = False,
) -> Message:
    """Reply with ``macro`` and make its field changes, all or nothing.

    ``body``: the text as the agent edited it in the reply box; None sends the macro's text
    rendered for this ticket (the API's apply without a body). ``status``: a status the agent
    chose with the reply, which wins over the macro's. ``seen_event``/``confirmed``: the ticket
    page's collision check (tickets.services.replies), which sends nothing when others changed
    the ticket since the agent loaded it."""
    if not macros_visible_to(agent).filter(pk=macro.pk).exists():
        raise NotFound(_("Macro not found."))
    require_agent_for(agent, ticket)
    if body is None:
        body = macro_render(macro=macro, ticket=ticket, agent=agent)
    reply = dict(
        ticket=ticket,
        agent=agent,
        body=body,
        is_internal=is_internal,
        status=status or macro.set_status or None,
        attachments=attachments,
        channel=channel,
    )
    if seen_event is not None:
        from tickets.services.replies import reply_send_checked  # the ticket page's check

        message = reply_send_checked(**reply, seen_event=seen_event, confirmed=confirmed)
    else:
        message = message_add_from_agent(**reply)
    changes: dict = {}
    if macro.set_priority:
        changes["priority"] = macro.set_priority
    if macro.add_tags:
        current = list(ticket.tags.values_list("name", flat=True))
        changes["tags"] = [*current, *macro.add_tags]
    if macro.assign_to_me:
        changes["assignee"] = agent
    if changes:
        ticket_update(ticket=ticket, actor=agent, **changes)
    return message
