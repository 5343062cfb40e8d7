"""The queue's sorts and counts can use their partial indexes. With sequential scans off the
planner picks an index if one serves the query at all (and with sorts off, one that gives
the order), so a query that drifts from its index
(the priority expression above all: it must be the very expression indexed) fails here."""

import pytest
from django.db import connection
from django.http import QueryDict

from tests.factories import make_ticket
from tickets.queues.filters import TicketFilter
from tickets.queues.pages import SORT_COLUMNS, _ordered
from tickets.selectors import tickets_visible_to

pytestmark = pytest.mark.django_db


def plan(queryset, *, only: str) -> str:
    """The plan with ``only`` left of the tickets' own indexes (the others are dropped inside
    the test's transaction, so it rolls back): on a handful of rows several indexes cost the
    same, and which one the planner picks would depend on the statistics other tests left."""
    sql, params = queryset.query.get_compiler(using="default").as_sql()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text FROM pg_index i "
            "WHERE i.indrelid = 'tickets_ticket'::regclass AND i.indexrelid::regclass::text <> %s "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [only],
        )
        for (other,) in cursor.fetchall():
            cursor.execute(f"DROP INDEX {other}")  # a name from pg_index, quoted by regclass
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")  # so the order must come from an index
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def listing(user, query: str, sort: str):
    filters = TicketFilter(QueryDict(query), queryset=tickets_visible_to(user), user=user)
    rows = _ordered(filters.qs, sort).order_by(*[f"-{c}" for c in SORT_COLUMNS[sort]])
    return rows[:51]


@pytest.mark.parametrize(
    ("sort", "index"),
    [
        ("updated", "ticket_open_updated_idx"),
        ("created", "ticket_open_created_idx"),
        ("priority", "ticket_open_priority_idx"),
    ],
)
def test_each_sort_of_open_tickets_has_its_index(manager, customer, team, sort, index):
    make_ticket(customer=customer, team=team)

    steps = plan(listing(manager, "", sort), only=index)
    assert index in steps
    assert "Sort" not in steps  # the order comes from the index


def test_the_unassigned_view_is_served_by_its_index(agent, customer, team):
    make_ticket(customer=customer, team=team)
    query = "assignee=none&status=new&status=open&status=pending&status=on_hold"

    index = "ticket_unassigned_idx"
    steps = plan(listing(agent, query, "updated"), only=index)
    assert index in steps
    assert "Sort" not in steps
