"""Reads of the agent home: the built-in views, the agent's saved views, their counts, and the
page of tickets behind the filters in the URL.

Counts are bounded, not COUNT(*) over the table: each view counts at most COUNT_LIMIT rows of a
``LIMIT`` subquery, which PostgreSQL answers from the indexes alone (open tickets by team,
unassigned open tickets, open by assignee, SLA due and solved by team) and stops at the
limit; the page shows "999+" beyond it. All the counts of the sidebar go in ONE query (a
SELECT of scalar subqueries), however many saved views there are. Maintained counters were
the other option; they would cost a write on every ticket change and drift on every bug, for
a number nobody needs exactly past a thousand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from helpdesk import clock
from helpdesk.errors import ValidationError
from tickets.models import SavedView, Team, Ticket, User
from tickets.queues.filters import DUE_SOON, TicketFilter
from tickets.queues.pages import PAGE_SIZE, Page, tickets_page
from tickets.queues.rows import row_values
from tickets.roles import user_sees_all_tickets
from tickets.selectors import tickets_visible_to

COUNT_LIMIT = 1000
_OPEN = "&".join(f"status={status}" for status in Ticket.OPEN_STATUSES)
_DONE = [Ticket.Status.SOLVED, Ticket.Status.CLOSED]
# (key, label, query string). "All open" is the bare queue (no filter: open tickets only).
BUILTIN_VIEWS = [
    ("mine", _("My open tickets"), f"assignee=me&{_OPEN}"),
    ("unassigned", _("Unassigned"), f"assignee=none&{_OPEN}"),
    ("open", _("All open"), ""),
    ("pending", _("Pending"), "status=pending"),
    ("on_hold", _("On hold"), "status=on_hold"),
    ("due_soon", _("Due soon"), "due=soon"),
    ("overdue", _("Overdue"), "due=overdue"),
    ("solved", _("Solved in the last 7 days"), "status=solved&status=closed&solved_days=7"),
]


def _builtin_querysets(visible: QuerySet[Ticket], user: User) -> dict[str, QuerySet[Ticket]]:
    """The tickets each built-in view's query string selects, built straight from the ORM:
    binding the filter set to each query cost about 1.5 ms a view on every page. The filter
    set stays the one definition; tests/queue/test_home.py holds the two to the same tickets."""
    now = clock.now()
    visible = visible.order_by()
    open_tickets = visible.filter(status__in=Ticket.OPEN_STATUSES)
    return {
        "mine": open_tickets.filter(assignee_id=user.pk),
        "unassigned": open_tickets.filter(assignee__isnull=True),
        "open": open_tickets,
        "pending": visible.filter(status=Ticket.Status.PENDING),
        "on_hold": visible.filter(status=Ticket.Status.ON_HOLD),
        "due_soon": visible.filter(sla_due_at__gt=now, sla_due_at__lte=now + DUE_SOON),
        "overdue": visible.filter(sla_due_at__lte=now),
        "solved": visible.filter(status__in=_DONE, solved_at__gte=now - timedelta(days=7)),
    }


@dataclass
class ViewLink:
    key: str
    label: str
    query: str
    count: int | None = None  # None: the view's filters are no longer valid
    saved: SavedView | None = None
    current: bool = False

    @property
    def count_text(self) -> str:
        if self.count is None:
            return "!"
        return f"{COUNT_LIMIT - 1}+" if self.count >= COUNT_LIMIT else str(self.count)


@dataclass
class QueuePage:
    filters: TicketFilter
    page: Page
    views: list[ViewLink] = field(default_factory=list)
    cursor_error: str = ""


def saved_views_visible_to(user: User) -> QuerySet[SavedView]:
    """The agent's own views and those shared with a team the agent is in."""
    return (
        SavedView.objects.filter(Q(owner=user) | Q(team__in=user.teams.all()))
        .select_related("team", "owner")
        .order_by("team__name", "position", "name", "id")
        .distinct()
    )


def saved_view_get_for_owner(*, user: User, view_id: int) -> SavedView:
    from helpdesk.errors import NotFound

    view = SavedView.objects.filter(pk=view_id, owner=user).first()
    if view is None:
        raise NotFound(_("View not found."))
    return view


def teams_to_share_with(user: User) -> QuerySet[Team]:
    if user_sees_all_tickets(user) and not user.teams.exists():
        return Team.objects.order_by("name")
    return user.teams.order_by("name")


def normalized_query(data: QueryDict) -> str:
    """The filters of ``data`` as a query string, without the page cursor and empty values."""
    pairs = [
        (name, value)
        for name in data
        if name not in ("cursor", "csrfmiddlewaretoken")
        for value in data.getlist(name)
        if value.strip()
    ]
    return urlencode(pairs)


def _bounded_counts(querysets: list[QuerySet[Ticket] | None]) -> list[int | None]:
    parts, params = [], []
    for tickets in querysets:
        if tickets is None:
            continue
        subquery = tickets.order_by().values("pk")[:COUNT_LIMIT]
        sql, sql_params = subquery.query.get_compiler(using=tickets.db).as_sql()
        # The ORM's own SQL with its parameters kept apart: nothing is interpolated.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS bounded)")  # noqa: S608
        params.extend(sql_params)
    counts: list[int] = []
    if parts:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            counts = list(cursor.fetchone())
    it = iter(counts)
    return [next(it) if tickets is not None else None for tickets in querysets]


def queue_views(
    *, user: User, current_query: str = "", visible: QuerySet[Ticket] | None = None
) -> list[ViewLink]:
    """The sidebar: built-in views, then saved ones, each with its bounded count.
    ``visible``: ``tickets_visible_to(user)``, when the page has it already."""
    visible = tickets_visible_to(user) if visible is None else visible
    builtin = _builtin_querysets(visible, user)
    links = [ViewLink(key, str(label), query) for key, label, query in BUILTIN_VIEWS]
    saved = [
        ViewLink(f"saved-{view.pk}", view.name, view.query, saved=view)
        for view in saved_views_visible_to(user)
    ]
    querysets = [builtin[link.key] for link in links] + TicketFilter.querysets_of(
        [link.query for link in saved], queryset=visible, user=user
    )
    links += saved
    for link in links:
        link.current = _same_query(link.query, current_query)
    for link, count in zip(links, _bounded_counts(querysets), strict=True):
        link.count = count
    return links


def _same_query(first: str, second: str) -> bool:
    def key(query: str) -> list:
        data = QueryDict(query)
        return sorted((k, v) for k in data if k not in ("sort",) for v in data.getlist(k) if v)

    return key(first) == key(second)


def queue_page(
    *,
    user: User,
    data: QueryDict,
    size: int | None = None,
    visible: QuerySet[Ticket] | None = None,
) -> QueuePage:
    """The page of tickets the filters in ``data`` select, as the values its rows show
    (tickets.queues.rows: one query; the rows add one for the tags). ``visible``:
    ``tickets_visible_to(user)``, when the page has it already."""
    visible = tickets_visible_to(user) if visible is None else visible
    filters = TicketFilter(data, queryset=visible, user=user)
    empty = Page(rows=[], next_cursor="", previous_cursor="")
    if not filters.is_valid():
        return QueuePage(filters=filters, page=empty)
    try:
        page = tickets_page(
            row_values(filters.qs),
            sort=filters.sort_key(),
            cursor=data.get("cursor", ""),
            size=size or PAGE_SIZE,
        )
    except ValidationError as error:
        return QueuePage(filters=filters, page=empty, cursor_error=error.message)
    return QueuePage(filters=filters, page=page)
