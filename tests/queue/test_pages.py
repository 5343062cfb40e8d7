"""Keyset pages of the queue: every sort walks forward and back without gaps or repeats."""

import pytest
from django.http import QueryDict

from tests.factories import make_ticket
from tickets import services
from tickets.queues.pages import tickets_page
from tickets.queues.selectors import queue_page
from tickets.selectors import tickets_visible_to

pytestmark = pytest.mark.django_db
PRIORITIES = ["low", "urgent", "high", "high", "urgent", "low", "low"]  # never the default


@pytest.fixture
def seven(at, customer, team, agent):
    """Seven open tickets, created a minute apart; two share one update moment."""
    tickets = []
    for n, priority in enumerate(PRIORITIES):
        with at(minutes=n):
            ticket = make_ticket(customer=customer, team=team, subject=f"T{n}")
        with at(minutes=10 + (n if n != 4 else 3)):
            services.ticket_set_priority(ticket=ticket, actor=agent, priority=priority)
        tickets.append(ticket)
    return tickets


def walk(user, sort, size=3):
    """All pages forward, then all back from the last, as lists of subjects."""
    visible = tickets_visible_to(user)
    pages, cursor = [], ""
    while True:
        page = tickets_page(visible, sort=sort, cursor=cursor, size=size)
        pages.append([t.subject for t in page.rows])
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    back, cursor = [], page.previous_cursor
    while cursor:
        page = tickets_page(visible, sort=sort, cursor=cursor, size=size)
        back.append([t.subject for t in page.rows])
        cursor = page.previous_cursor
    return pages, back


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("updated", ["T6", "T5", "T4", "T3", "T2", "T1", "T0"]),  # T3 and T4: same moment, id
        ("created", ["T6", "T5", "T4", "T3", "T2", "T1", "T0"]),
        ("priority", ["T4", "T1", "T3", "T2", "T6", "T5", "T0"]),
    ],
)
def test_every_sort_pages_forward_and_back_without_gaps(seven, agent, sort, expected):
    pages, back = walk(agent, sort)

    assert [subject for page in pages for subject in page] == expected
    assert [len(page) for page in pages] == [3, 3, 1]
    assert back == pages[:-1][::-1]


def test_a_changed_ticket_moves_to_the_top_and_pages_stay_whole(seven, agent, at):
    first = tickets_page(tickets_visible_to(agent), size=3)
    with at(minutes=30):
        services.ticket_set_priority(ticket=seven[0], actor=agent, priority="high")

    second = tickets_page(tickets_visible_to(agent), cursor=first.next_cursor, size=3)

    assert [t.subject for t in second.rows] == ["T3", "T2", "T1"]


@pytest.mark.parametrize("cursor", ["garbage", "dXBkYXRlZC5uLjE", "!!", "cHJpb3JpdHkubi4xLjIuMw"])
def test_a_cursor_we_did_not_make_is_an_error_not_a_crash(seven, agent, cursor):
    result = queue_page(user=agent, data=QueryDict(f"cursor={cursor}"))

    assert result.cursor_error
    assert result.page.rows == []


def test_the_last_page_has_no_next_link(seven, agent):
    page = tickets_page(tickets_visible_to(agent), size=3)
    last = tickets_page(tickets_visible_to(agent), cursor=page.next_cursor, size=100)
    assert len(last.rows) == 4 and last.next_cursor == ""
