"""Full-text search for agents (issue 7): ranked tickets with highlighted snippets, and the
jumps a search box offers (a reference to its ticket, an e-mail address to its customer).

The index is one tsvector per ticket (tickets.models.TicketSearch, kept by
tickets.services.search_index; the configuration and why are documented there). A query is
``websearch_to_tsquery`` (quoted phrases, ``or``, ``-word``) in the same configuration.

Ranking at scale: a common word matches a large share of a million tickets, and ranking them
all would read every one of their documents. So the ranked set is bounded: the newest
CANDIDATES visible tickets that match (by id, newest first) are ranked with ``ts_rank_cd``
(subject hits weigh more than body hits) and the best ``limit`` are shown. A rare word has
fewer matches than that and is ranked over all of them, and only the best rows shown are
joined to their customer, team and assignee. Headlines (``ts_headline``) are made only for
the rows shown, in one more query: the subject, and the latest message that matches (read
newest first, each message's tsvector made until one matches; ranking every message of every
shown thread made three times the vectors for little better a snippet).

A first measurement (100,000 synthetic tickets of 120 words from 4,000 ru/en words with a
skewed frequency; documents 231 MB, GIN 34 MB; an agent of two of four teams; best of 3 on a
busy 2-core machine): a word in every ticket 30 ms bounded against 270 ms ranking all of them,
a word in a quarter 61 ms against 358 ms, a word in 0.5% 41 ms against 19 ms (there the planner
filtered the teams with a scan of the ticket table). Ranking all grows with the table; the
bounded set does not. Not yet measured at 1,000,000 tickets."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from helpdesk.highlight import START, STOP, marked_html
from helpdesk.text import clean_label
from tickets.models import REFERENCE_PREFIX, Ticket, TicketSearch, User
from tickets.roles import user_is_agent
from tickets.selectors import parse_reference, tickets_visible_to
from tickets.services.search_index import CONFIG, MESSAGE_CHARS

SEARCH_LIMIT = 50
CANDIDATES = 1000
QUERY_MAX = 200
# Headlines are cut from the latest messages of a thread only (the snippet, not the match:
# the ticket was found through its whole document).
SNIPPET_MESSAGES = 200
_SUBJECT_OPTIONS = f"HighlightAll=true, StartSel={START}, StopSel={STOP}"
_BODY_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=2, "
    'FragmentDelimiter=" … "'
)

_SNIPPETS_SQL = f"""
SELECT t.id,
       ts_headline('{CONFIG}', translate(t.subject, %(marks)s, ''), q.q, %(subject_options)s),
       best.headline,
       best.body_format
FROM tickets_ticket t
CROSS JOIN (SELECT websearch_to_tsquery('{CONFIG}', %(query)s) AS q) q
LEFT JOIN LATERAL (
    SELECT ts_headline('{CONFIG}', m.text, q.q, %(body_options)s) AS headline, m.body_format
    FROM (
        SELECT m0.id, m0.body_format,
               translate(CASE WHEN m0.body_format = 'html'
                              THEN regexp_replace(left(m0.body, {MESSAGE_CHARS}),
                                                  '<[^>]*>', ' ', 'g')
                              ELSE left(m0.body, {MESSAGE_CHARS}) END,
                         %(marks)s, '') AS text
        FROM tickets_message m0
        WHERE m0.ticket_id = t.id
        ORDER BY m0.created_at DESC, m0.id DESC
        LIMIT {SNIPPET_MESSAGES}
    ) m
    WHERE to_tsvector('{CONFIG}', m.text) @@ q.q
    LIMIT 1
) best ON true
WHERE t.id = ANY(%(ids)s)
"""  # noqa: S608 - constants only; values are parameters


@dataclass(frozen=True)
class SearchResult:
    ticket: Ticket
    rank: float
    subject_html: SafeString  # the subject with its matches in <mark>
    snippet_html: SafeString  # fragments of the latest matching message; empty if none


def _clean_query(query: str) -> str:
    return clean_label(query or "").strip()[:QUERY_MAX]


def _snippets(ids: list[int], query: str) -> dict[int, tuple[SafeString, SafeString]]:
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            _SNIPPETS_SQL,
            {
                "ids": ids,
                "query": query,
                "marks": START + STOP,
                "subject_options": _SUBJECT_OPTIONS,
                "body_options": _BODY_OPTIONS,
            },
        )
        rows = cursor.fetchall()
    return {
        pk: (marked_html(subject), marked_html(body, from_html=body_format == "html"))
        for pk, subject, body, body_format in rows
    }


def ticket_search(*, user: User, query: str, limit: int = SEARCH_LIMIT) -> list[SearchResult]:
    """The tickets the agent may see whose subject or messages (internal notes included) match
    ``query``, best first, at most ``limit``. Two queries whatever the number of rows.
    Customers and anonymous users get nothing: the index holds internal notes."""
    text = _clean_query(query)
    if not text or not user_is_agent(user):
        return []
    tsquery = SearchQuery(text, search_type="websearch", config=CONFIG)
    visible = tickets_visible_to(user)
    candidates = visible.filter(search__document=tsquery).order_by("-pk").values("pk")[:CANDIDATES]
    limit = max(1, min(limit, CANDIDATES))
    # The candidates are ranked on their documents alone; only the best ``limit`` are joined
    # to their customer, team and assignee (joining all candidates first cost half the time).
    best = (
        TicketSearch.objects.filter(ticket_id__in=candidates)
        .annotate(rank=SearchRank(F("document"), tsquery, cover_density=True))
        .order_by("-rank", "-ticket_id")
        .values("ticket_id")[:limit]
    )
    tickets = list(
        Ticket.objects.select_related("customer", "team", "assignee")
        .filter(pk__in=best)
        .annotate(rank=SearchRank(F("search__document"), tsquery, cover_density=True))
        .order_by("-rank", "-pk")
    )
    snippets = _snippets([ticket.pk for ticket in tickets], text)
    empty = mark_safe("")  # noqa: S308 - the empty string
    return [
        SearchResult(
            ticket=ticket,
            rank=ticket.rank,
            subject_html=snippets.get(ticket.pk, (empty, empty))[0],
            snippet_html=snippets.get(ticket.pk, (empty, empty))[1],
        )
        for ticket in tickets
    ]


def _is_email(text: str) -> bool:
    try:
        validate_email(text)
    except DjangoValidationError:
        return False
    return True


def search_jump(*, user: User, query: str) -> str | None:
    """Where a search box should go straight away instead of listing results: the ticket of a
    reference (``HD-000123``, ``hd-123``, or a bare ``123``, if the agent may see that ticket;
    quote a number, ``"123"``, to search for it as text), or the queue filtered to the
    customer of an e-mail address (``?customer=<id>``) when the agent sees one of their
    tickets. None: search."""
    text = _clean_query(query)
    if not text or not user_is_agent(user):
        return None
    number = parse_reference(text)
    if number is not None:
        if tickets_visible_to(user).filter(number=number).exists():
            return reverse("agent-ticket", args=[f"{REFERENCE_PREFIX}{number:06d}"])
        return None
    if "@" in text and _is_email(text):
        customer_id = (
            tickets_visible_to(user)
            .filter(customer__email=text.lower())
            .values_list("customer_id", flat=True)
            .first()
        )
        if customer_id is not None:
            return f"{reverse('agent-queue')}?customer={customer_id}"
    return None
