"""Knowledge gaps: what tickets were about over a period (their categories, their tags and
the commonest words of their subjects) with no published article that matches.

"Matches" is the search's own test: a category or tag matches when an article's search
vector matches all of its words (in English or in Russian); a subject word (a lexeme of the
ticket's language's configuration) when an article holds that lexeme."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.db.models import Count, QuerySet

from helpdesk import clock
from tickets.models import Category, Tag, Ticket

GAPS_LIMIT = 15
MIN_TICKETS = 2
TERMS_READ = 80
_WORDS = re.compile(r"[^\W_]{3,}", re.UNICODE)

_ANY_ARTICLE_SQL = """
SELECT EXISTS (
    SELECT 1 FROM kb_article
    WHERE status = 'published'
      AND (search_vector @@ websearch_to_tsquery('english', %(words)s)
        OR search_vector @@ websearch_to_tsquery('russian', %(words)s))
)
"""
# The commonest lexemes of the subjects, each counted once a ticket (ndoc).
_SUBJECT_TERMS_SQL = """
SELECT word, ndoc FROM ts_stat(%s)
WHERE length(word) >= 3 AND word !~ '^[0-9]+$'
ORDER BY ndoc DESC, word LIMIT %s
"""
_UNCOVERED_SQL = """
SELECT t.word FROM unnest(%s::text[]) AS t(word)
WHERE NOT EXISTS (
    SELECT 1 FROM kb_article a
    WHERE a.status = 'published' AND a.search_vector @@ quote_literal(t.word)::tsquery
)
"""


@dataclass(frozen=True)
class Gap:
    label: str
    tickets: int
    query: str  # what to search the tickets (and the knowledge base) for


@dataclass(frozen=True)
class KnowledgeGaps:
    days: int
    categories: list[Gap]
    tags: list[Gap]
    terms: list[Gap]


def _covered(cursor, text: str) -> bool:
    words = " ".join(dict.fromkeys(_WORDS.findall(text.lower())))
    if not words:
        return True
    cursor.execute(_ANY_ARTICLE_SQL, {"words": words})
    return cursor.fetchone()[0]


def _subject_terms(cursor, tickets: QuerySet[Ticket]) -> list[tuple[str, int]]:
    documents = tickets.extra(
        select={
            "document": "to_tsvector(CASE tickets_ticket.language WHEN 'ru' THEN "
            "'russian' ELSE 'english' END::regconfig, tickets_ticket.subject)"
        }
    ).values_list("document", flat=True)
    sql, params = documents.query.get_compiler(using=tickets.db).as_sql()
    inner = cursor.mogrify(sql, params).decode()
    cursor.execute(_SUBJECT_TERMS_SQL, [inner, TERMS_READ])
    return [(word, count) for word, count in cursor.fetchall() if count >= MIN_TICKETS]


def knowledge_gaps(*, tickets: QuerySet[Ticket], days: int = 30) -> KnowledgeGaps:
    """``tickets``: those the reader may see (tickets_visible_to); the last ``days`` days'."""
    since = clock.now() - timedelta(days=days)
    recent = tickets.filter(created_at__gte=since).order_by()
    by_category = (
        recent.exclude(category=None).values("category").annotate(n=Count("pk")).order_by("-n")
    )
    categories = Category.objects.in_bulk([row["category"] for row in by_category[:40]])
    by_tag = (
        Tag.objects.filter(tickets__in=recent)
        .annotate(n=Count("tickets"))
        .filter(n__gte=MIN_TICKETS)
        .order_by("-n", "name")[:40]
    )
    gaps = KnowledgeGaps(days=days, categories=[], tags=[], terms=[])
    with connection.cursor() as cursor:
        for row in by_category[:40]:
            category = categories[row["category"]]
            named = (category.name_en, category.name_ru)
            if row["n"] >= MIN_TICKETS and not any(_covered(cursor, name) for name in named):
                gaps.categories.append(Gap(category.name, row["n"], category.name))
        for tag in by_tag:
            if not _covered(cursor, tag.name.replace("-", " ")):
                gaps.tags.append(Gap(tag.name, tag.n, tag.name))
        terms = _subject_terms(cursor, recent)
        if terms:
            cursor.execute(_UNCOVERED_SQL, [[word for word, _ in terms]])
            uncovered = {row[0] for row in cursor.fetchall()}
            gaps.terms.extend(Gap(word, count, word) for word, count in terms if word in uncovered)
    del gaps.categories[GAPS_LIMIT:], gaps.tags[GAPS_LIMIT:], gaps.terms[GAPS_LIMIT:]
    return gaps
