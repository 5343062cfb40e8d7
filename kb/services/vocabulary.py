"""The search vocabulary (kb.models.SearchWord): every word of the public published articles
with the number of articles that use it, moved by each article write in its transaction, so
typo correction never reads the articles themselves (a ts_stat over 100,000 of them took
about ten seconds)."""

from __future__ import annotations

import re

from django.db import connection, transaction

from kb.models import Article, SearchWord

_WORD = re.compile(r"[^\W_]{3,60}", re.UNICODE)
REBUILD_BATCH = 2000

_ADD_SQL = """
INSERT INTO kb_searchword (word, articles, updated_at)
SELECT word, 1, clock_timestamp() FROM unnest(%s::text[]) AS word
ON CONFLICT (word) DO UPDATE
    SET articles = kb_searchword.articles + 1, updated_at = clock_timestamp()
"""
# Two statements: a DELETE in the same statement as the UPDATE would not see its rows.
_REMOVE_SQL = """
UPDATE kb_searchword SET articles = articles - 1, updated_at = clock_timestamp()
WHERE word = ANY(%s::text[])
"""
_FORGET_SQL = "DELETE FROM kb_searchword WHERE articles <= 0 AND word = ANY(%s::text[])"


def words_of(article: Article) -> set[str]:
    """What the vocabulary counts of ``article``: nothing unless it is public and published."""
    if not article.is_public:
        return set()
    return {
        word
        for word in _WORD.findall(f"{article.title} {article.body_text}".lower())
        if not word.isdigit()
    }


def vocabulary_update(*, before: set[str], after: set[str]) -> None:
    """One article went from using ``before`` to ``after``. Sorted, so that two saves
    touching the same words lock them in the same order."""
    with connection.cursor() as cursor:
        if added := sorted(after - before):
            cursor.execute(_ADD_SQL, [added])
        if removed := sorted(before - after):
            cursor.execute(_REMOVE_SQL, [removed])
            cursor.execute(_FORGET_SQL, [removed])


@transaction.atomic
def vocabulary_rebuild() -> int:
    """Counts every word again from the articles (after a bulk import, or to repair)."""
    counts: dict[str, int] = {}
    articles = Article.objects.filter(status=Article.Status.PUBLISHED, is_internal=False).only(
        "title", "body_text", "status", "is_internal"
    )
    for article in articles.iterator(chunk_size=REBUILD_BATCH):
        for word in words_of(article):
            counts[word] = counts.get(word, 0) + 1
    SearchWord.objects.all().delete()
    SearchWord.objects.bulk_create(
        [SearchWord(word=word, articles=n) for word, n in counts.items()], batch_size=5000
    )
    return len(counts)
