"""The agent home: the sidebar of views with their counts, the filtered queue in keyset
pages, saving views, and bulk actions on the selected rows."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from helpdesk.auth import permission_required
from helpdesk.errors import ApplicationError
from tickets import services
from tickets.forms import add_service_error
from tickets.queues.forms import (
    BulkForm,
    RenameViewForm,
    SaveViewForm,
    agents_of,
    dress_filters,
    teams_of,
)
from tickets.queues.rows import render_rows, row_labels, rows_for_display
from tickets.queues.selectors import (
    normalized_query,
    queue_page,
    queue_views,
    saved_view_get_for_owner,
)
from tickets.selectors import tickets_visible_to

agent_required = permission_required("tickets.work_ticket")


def _page_link(data, cursor: str) -> str:
    query = [(k, v) for k in data if k != "cursor" for v in data.getlist(k)]
    return "?" + urlencode([*query, ("cursor", cursor)]) if cursor else ""


def _filters_of(post) -> QueryDict:
    """The filters of the page a form was posted from (its ``next`` or ``query``)."""
    target = post.get("next", "") or ("?" + post.get("query", ""))
    return QueryDict(urlsplit(target).query)


def _home(request, *, data=None, save_form=None, bulk_form=None, status=200):
    """The page for the filters in ``data`` (the URL's unless a failed POST brings its own)."""
    data = request.GET if data is None else data
    user = request.user
    visible = tickets_visible_to(user)
    result = queue_page(user=user, data=data, visible=visible)
    list_only = request.htmx and request.htmx.target == "queue-list"
    if not list_only:  # read once for the filters, the bulk bar and the save form
        agents, teams = list(agents_of(user)), list(teams_of(user))
        dress_filters(result.filters, teams=teams, agents=agents)
    rows, labels = rows_for_display(result.page.rows), row_labels()
    query = normalized_query(data)
    context = {
        "filters": result.filters,
        "form": result.filters.form,
        "facts_filters": result.filters.facts_active(),
        "rows": rows,
        "rows_html": render_rows(request, rows, labels),
        "labels": labels,
        "next_link": _page_link(data, result.page.next_cursor),
        "previous_link": _page_link(data, result.page.previous_cursor),
        "cursor_error": result.cursor_error,
        "query": query,
        "here": f"{request.path}?{query}" if query else request.path,
    }
    if list_only:
        return render(request, "tickets/partials/queue_list.html", context, status=status)
    context |= {
        "views": queue_views(user=user, current_query=query, visible=visible),
        "save_form": save_form or SaveViewForm(user=user, teams=teams, initial={"query": query}),
        "bulk_form": bulk_form or BulkForm(user=user, agents=agents, teams=teams),
    }
    return render(request, "tickets/agent_queue.html", context, status=status)


@require_GET
@agent_required
def queue(request):
    return _home(request)


def _back(request, fallback: str = "agent-queue"):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


@require_POST
@agent_required
def view_create(request):
    form = SaveViewForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            view = services.saved_view_create(
                owner=request.user,
                name=form.cleaned_data["name"],
                query=form.cleaned_data["query"],
                team=form.cleaned_data["team"],
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("View saved."))
            return redirect(f"{_url('agent-queue')}?{view.query}" if view.query else "agent-queue")
    return _home(request, data=_filters_of(request.POST), save_form=form, status=400)


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@require_POST
@agent_required
def view_rename(request, view_id: int):
    view = saved_view_get_for_owner(user=request.user, view_id=view_id)
    form = RenameViewForm(request.POST)
    if form.is_valid():
        try:
            services.saved_view_update(
                view=view, actor=request.user, name=form.cleaned_data["name"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("View renamed."))
    else:
        messages.error(request, _("Give the view a name."))
    return _back(request)


@require_POST
@agent_required
def view_delete(request, view_id: int):
    view = saved_view_get_for_owner(user=request.user, view_id=view_id)
    services.saved_view_delete(view=view, actor=request.user)
    messages.success(request, _("View deleted."))
    return _back(request)


@require_POST
@agent_required
def bulk_update(request):
    form = BulkForm(request.POST, user=request.user, agents=list(agents_of(request.user)))
    if form.is_valid():
        ids = form.cleaned_data["tickets"]
        visible = list(
            tickets_visible_to(request.user).filter(pk__in=ids).values_list("pk", flat=True)
        )
        try:
            if len(visible) != len(set(ids)):
                raise ApplicationError(_("Some of the selected tickets are not yours to change."))
            updated = services.tickets_bulk_update(
                actor=request.user, tickets=visible, **form.changes()
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            count = len(updated)
            text = ngettext("%(count)d ticket updated.", "%(count)d tickets updated.", count)
            messages.success(request, text % {"count": count})
            return _back(request)
    return _home(request, data=_filters_of(request.POST), bulk_form=form, status=400)
