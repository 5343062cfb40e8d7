"""Saved views of the agent queue. They change no ticket, so they write no ticket event."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.http import QueryDict
from django.utils.translation import gettext as _

from helpdesk.errors import PermissionDenied, ValidationError
from helpdesk.text import clean_label
from tickets.models import SavedView, Team, User
from tickets.roles import user_is_agent, user_sees_all_tickets

_UNSET = object()


def _clean_name(name: str) -> str:
    text = clean_label(name)[:80]
    if not text:
        raise ValidationError(_("Give the view a name."), field="name")
    return text


def _check_team(owner: User, team: Team | None) -> None:
    if team is None or user_sees_all_tickets(owner):
        return
    if not owner.teams.filter(pk=team.pk).exists():
        raise ValidationError(_("You can only share a view with a team you are in."), field="team")


def _clean_query(owner: User, query: str) -> str:
    from tickets.queues.filters import TicketFilter
    from tickets.queues.selectors import normalized_query

    data = QueryDict(query or "")
    filters = TicketFilter(data, queryset=None, user=owner)
    if not filters.form.is_valid():
        names = ", ".join(sorted(filters.form.errors))
        raise ValidationError(
            _("These filters are not valid: %(names)s.") % {"names": names}, field="query"
        )
    text = normalized_query(data)
    if len(text) > 2000:
        raise ValidationError(_("These filters are too long to save."), field="query")
    return text


@transaction.atomic
def saved_view_create(*, owner: User, name: str, query: str, team: Team | None = None) -> SavedView:
    if not user_is_agent(owner):
        raise PermissionDenied(_("Only agents can save views."))
    _check_team(owner, team)
    last = SavedView.objects.filter(owner=owner).aggregate(last=Max("position"))["last"]
    return SavedView.objects.create(
        owner=owner,
        name=_clean_name(name),
        query=_clean_query(owner, query),
        team=team,
        position=(last or 0) + 1,
    )


def _own(view: SavedView, actor: User) -> None:
    if view.owner_id != actor.pk:
        raise PermissionDenied(_("Only the view's owner can change it."))


@transaction.atomic
def saved_view_update(
    *,
    view: SavedView,
    actor: User,
    name: str | None = None,
    query: str | None = None,
    team=_UNSET,
    position: int | None = None,
) -> SavedView:
    """Rename, re-filter, share or unshare (team None), or move the owner's view."""
    _own(view, actor)
    fields = []
    if name is not None:
        view.name = _clean_name(name)
        fields.append("name")
    if query is not None:
        view.query = _clean_query(actor, query)
        fields.append("query")
    if team is not _UNSET:
        _check_team(actor, team)
        view.team = team
        fields.append("team")
    if position is not None:
        view.position = max(0, int(position))
        fields.append("position")
    if fields:
        view.save(update_fields=fields)
    return view


@transaction.atomic
def saved_view_delete(*, view: SavedView, actor: User) -> None:
    _own(view, actor)
    view.delete()
