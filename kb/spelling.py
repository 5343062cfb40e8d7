"""Typos: a query word the knowledge base never uses is replaced by the closest word it does
use ("pasword" -> "password", "парол" -> "пароль"), and the search runs again.

Why not pg_trgm: the embedded PostgreSQL of ``make up`` and ``make test`` (pgserver) ships no
contrib extensions, and the search must behave the same on every server. The vocabulary is
every word of the public published articles (kb.models.SearchWord, kept by
kb.services.vocabulary on each write), read again when it changed (its version is the latest
``updated_at``) and kept per process; rapidfuzz finds the closest word (its Indel ratio, a
normalized edit distance). Only public articles' words: a correction must not show a word of
an internal article to a visitor."""

from __future__ import annotations

import re
import threading

from django.db.models import Max
from rapidfuzz import fuzz, process

from kb.models import SearchWord

# Words shorter than this are left alone: too many short words are one edit apart.
MIN_LENGTH = 4
SCORE_CUTOFF = 75
# Each correction scans the vocabulary (a few ms at 40,000 words): a long query corrects its
# first few unknown words only.
MOST_CORRECTIONS = 5
_WORD = re.compile(r"\w+", re.UNICODE)
_lock = threading.Lock()
_cached: dict = {"version": None, "words": frozenset(), "choices": ()}


def _version():
    return SearchWord.objects.aggregate(latest=Max("updated_at"))["latest"]


def vocabulary() -> tuple[frozenset[str], tuple[str, ...]]:
    version = _version()
    with _lock:
        if _cached["version"] == version and _cached["version"] is not None:
            return _cached["words"], _cached["choices"]
    words = frozenset(SearchWord.objects.values_list("word", flat=True).iterator(chunk_size=10_000))
    with _lock:
        _cached.update(version=version, words=words, choices=tuple(sorted(words)))
    return words, _cached["choices"]


def corrected(query: str) -> str | None:
    """``query`` with its unknown words replaced by the closest known ones, or None when
    there is nothing to correct (every word known, or nothing close enough)."""
    words, choices = vocabulary()
    if not choices:
        return None
    tried, fixes, parts = 0, {}, []
    for token in _WORD.findall(query.lower()):
        if len(token) >= MIN_LENGTH and token not in words and not token.isdigit():
            if tried < MOST_CORRECTIONS:
                tried += 1
                match = process.extractOne(
                    token, choices, scorer=fuzz.ratio, score_cutoff=SCORE_CUTOFF
                )
                if match:
                    fixes[token] = match[0]
        parts.append(token)
    # The process's copy may be older than the table (a word whose last article went
    # internal): only words the vocabulary still holds are offered.
    still = set(SearchWord.objects.filter(word__in=fixes.values()).values_list("word", flat=True))
    fixes = {token: word for token, word in fixes.items() if word in still}
    if not fixes:
        return None
    return " ".join(fixes.get(token, token) for token in parts)
