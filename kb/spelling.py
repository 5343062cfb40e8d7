"""Typos: a query word the knowledge base never uses is replaced by the closest word it does
use ("pasword" -> "password", "парол" -> "пароль"), and the search runs again.

Why not pg_trgm: the embedded PostgreSQL of ``make up`` and ``make test`` (pgserver) ships no
contrib extensions, and the search must behave the same on every server. The vocabulary is
every word of the published articles (titles and bodies, unstemmed: PostgreSQL's ``simple``
configuration through ts_stat), read once per change of the knowledge base (its version is
the latest ``updated_at``) and kept per process; rapidfuzz finds the closest word (its
Indel ratio, a normalized edit distance)."""

from __future__ import annotations

import re
import threading

from django.db import connection
from django.db.models import Max
from rapidfuzz import fuzz, process

from kb.models import Article

# Words shorter than this are left alone: too many short words are one edit apart.
MIN_LENGTH = 4
SCORE_CUTOFF = 75
_WORD = re.compile(r"\w+", re.UNICODE)
_VOCABULARY_SQL = """
SELECT word FROM ts_stat($$
    SELECT to_tsvector('simple', title || ' ' || body_text) FROM kb_article
    WHERE status = 'published'
$$) WHERE length(word) >= 3 AND word !~ '^[0-9]+$'
"""

_lock = threading.Lock()
_cached: dict = {"version": None, "words": frozenset(), "choices": ()}


def _version():
    return Article.objects.aggregate(latest=Max("updated_at"))["latest"]


def vocabulary() -> tuple[frozenset[str], tuple[str, ...]]:
    version = _version()
    with _lock:
        if _cached["version"] == version and _cached["version"] is not None:
            return _cached["words"], _cached["choices"]
    with connection.cursor() as cursor:
        cursor.execute(_VOCABULARY_SQL)
        words = frozenset(row[0] for row in cursor.fetchall())
    with _lock:
        _cached.update(version=version, words=words, choices=tuple(sorted(words)))
    return words, _cached["choices"]


def corrected(query: str) -> str | None:
    """``query`` with its unknown words replaced by the closest known ones, or None when
    there is nothing to correct (every word known, or nothing close enough)."""
    words, choices = vocabulary()
    if not choices:
        return None
    changed, parts = False, []
    for token in _WORD.findall(query.lower()):
        if len(token) >= MIN_LENGTH and token not in words and not token.isdigit():
            match = process.extractOne(token, choices, scorer=fuzz.ratio, score_cutoff=SCORE_CUTOFF)
            if match:
                token, changed = match[0], True
        parts.append(token)
    return " ".join(parts) if changed else None
