"""Keeps each ticket's full-text search document (tickets.models.TicketSearch) up to date, in
the transaction of the write that changes what it indexes: ``ticket_create`` inserts it,
``_message_store`` appends the new message, a subject change swaps the subject part.

Text configuration: one, PostgreSQL's built-in ``russian``. It already handles both of our
languages: its parser maps all-ASCII words to the English Snowball stemmer (with English stop
words) and Cyrillic words to the Russian one (``ts_debug('russian', 'printing принтеры')`` shows
``english_stem`` and ``russian_stem``), and e-mail addresses, URLs, hosts and numbers to
``simple`` (kept whole). So ``printing`` finds ``printer`` and ``принтеры`` finds ``принтер``
with a single vector. ``english || russian`` would add nothing but a second, unstemmed copy of
every Cyrillic word. Measured on the demo texts (174 ru/en messages, 20,534 characters):
``russian`` 1,999 lexemes in 34 KB of tsvector; ``english || russian`` 3,286 lexemes, 62 KB
(1.8x: more GIN entries and slower appends, for no extra match); ``simple`` on top, 82 KB.
The query side uses the same configuration (tickets.search).

Weights: subject A, message bodies B (public replies and internal notes: agents see both, and
only agents search this index). ``ts_filter(document, '{b}')`` keeps the bodies when the
subject changes, so nothing re-reads the thread.

Limits: the first MESSAGE_CHARS characters of a message are indexed, and at most BUDGET_CHARS
characters per ticket (``indexed_chars``); a tsvector above 1 MB is an error in PostgreSQL,
and an error here would fail the reply itself. Messages past the budget are not searchable."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from tickets.models import Message, Ticket

CONFIG = "russian"
MESSAGE_CHARS = 20_000
BUDGET_CHARS = 200_000

_CREATE_SQL = f"""
INSERT INTO tickets_ticketsearch (ticket_id, document, indexed_chars)
VALUES (%s, setweight(to_tsvector('{CONFIG}', %s), 'A'), 0)
ON CONFLICT (ticket_id) DO NOTHING
"""  # noqa: S608 - constants only; values are parameters

_APPEND_SQL = f"""
UPDATE tickets_ticketsearch
SET document = document
        || setweight(to_tsvector('{CONFIG}', left(%(text)s, {BUDGET_CHARS} - indexed_chars)), 'B'),
    indexed_chars = indexed_chars + length(left(%(text)s, {BUDGET_CHARS} - indexed_chars))
WHERE ticket_id = %(ticket_id)s AND indexed_chars < {BUDGET_CHARS}
"""  # noqa: S608 - constants only; values are parameters

_SUBJECT_SQL = f"""
UPDATE tickets_ticketsearch
SET document = setweight(to_tsvector('{CONFIG}', %s), 'A') || ts_filter(document, '{{b}}')
WHERE ticket_id = %s
"""  # noqa: S608 - constants only; values are parameters

# The whole document from the ticket and its thread, for the tickets in a WHERE clause on
# ``t``. Also in migration 0008 (a migration must not import code that may change later).
REBUILD_SQL = f"""
INSERT INTO tickets_ticketsearch (ticket_id, document, indexed_chars)
SELECT t.id,
       setweight(to_tsvector('{CONFIG}', t.subject), 'A')
           || setweight(to_tsvector('{CONFIG}', coalesce(b.text, '')), 'B'),
       coalesce(length(b.text), 0)
FROM tickets_ticket t
LEFT JOIN LATERAL (
    SELECT left(string_agg(left(m.body, {MESSAGE_CHARS}), E'\\n' ORDER BY m.created_at, m.id),
                {BUDGET_CHARS}) AS text
    FROM tickets_message m
    WHERE m.ticket_id = t.id
) b ON true
WHERE {{where}}
ON CONFLICT (ticket_id) DO UPDATE
SET document = EXCLUDED.document, indexed_chars = EXCLUDED.indexed_chars
"""  # noqa: S608 - constants only; values are parameters


_LOCK_SQL = """
SELECT 1 FROM tickets_ticketsearch s JOIN tickets_ticket t ON t.id = s.ticket_id
WHERE {where}
FOR UPDATE OF s
"""


def search_document_create(*, ticket: Ticket) -> None:
    """The new ticket's document, with its subject; its messages follow through
    ``search_message_append``. Call inside the transaction that creates the ticket."""
    with connection.cursor() as cursor:
        cursor.execute(_CREATE_SQL, [ticket.pk, ticket.subject])


def search_message_append(*, message: Message) -> None:
    """Append one new message to its ticket's document (no re-read of the thread)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _APPEND_SQL, {"text": message.body[:MESSAGE_CHARS], "ticket_id": message.ticket_id}
        )


def search_subject_changed(*, ticket: Ticket) -> None:
    """Swap the subject part of the document for ``ticket.subject``. Whatever service changes
    a subject calls this in its transaction."""
    with connection.cursor() as cursor:
        cursor.execute(_SUBJECT_SQL, [ticket.subject, ticket.pk])


def search_documents_rebuild(*, ticket_ids: Iterable[int] | None = None, id_range=None) -> int:
    """Rebuild the documents of these tickets (or of ``id_range`` = (first, last) inclusive)
    from their threads: after messages moved between tickets (a merge), or in bulk
    (``manage.py search_reindex``). Returns the number of rows written."""
    if ticket_ids is not None:
        ids = list(ticket_ids)
        if not ids:
            return 0
        where, params = "t.id = ANY(%s)", [ids]
    else:
        where, params = "t.id BETWEEN %s AND %s", list(id_range)
    with transaction.atomic(), connection.cursor() as cursor:
        # Lock the rows first: an append that committed meanwhile is then read by the rebuild,
        # and one still to come waits and appends to the rebuilt row. None is overwritten.
        cursor.execute(
            _LOCK_SQL.replace("{where}", where),
            params,
        )
        cursor.execute(REBUILD_SQL.replace("{where}", where), params)
        return cursor.rowcount
