"""The queue's ``q``: one switch point for the text filter of the queue and the API.

A reference (``HD-123``) matches that ticket; other words match the full-text document of
the search helper's index (tickets.models.TicketSearch, its configuration) with
``websearch_to_tsquery``. The list keeps the queue's own sort and keyset pages; ranked results
with snippets are the search page's (tickets.search). Without that index (an install that
predates it), the old reference-or-subject match (tickets.selectors.tickets_search)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from helpdesk.text import clean_label
from tickets.models import Ticket


def queue_search(tickets: QuerySet[Ticket], query: str) -> QuerySet[Ticket]:
    from tickets.selectors import parse_reference, tickets_search

    try:
        from django.contrib.postgres.search import SearchQuery

        from tickets.services.search_index import CONFIG
    except ImportError:  # the full-text index is not installed
        return tickets_search(tickets, query)
    text = clean_label(query)[:200]
    if not text:
        return tickets
    match = Q(search__document=SearchQuery(text, search_type="websearch", config=CONFIG))
    number = parse_reference(text)
    return tickets.filter(match | Q(number=number) if number is not None else match)
