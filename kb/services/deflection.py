"""Deflection: which articles the request form suggested in a visit, which the visitor
opened, and whether a request was still filed (docs/metrics.md defines the rate)."""

from __future__ import annotations

import re
import secrets

from django.core import signing
from django.db import transaction

from helpdesk import clock
from kb.models import Article, DeflectionVisit, Suggestion
from tickets.models import Ticket

# A visit's key is signed, so only keys we handed out are recorded; a form left open for
# longer than this starts no visit any more.
VISIT_MAX_AGE = 24 * 3600
_SALT = "kb.deflection.visit"
_RANDOM = re.compile(r"^[A-Za-z0-9_-]{43}$")


def visit_token_new() -> str:
    """What the request form carries: a random key, signed."""
    return signing.TimestampSigner(salt=_SALT).sign(secrets.token_urlsafe(32))


def visit_key(token: str) -> str | None:
    """The key inside a token we signed, or None."""
    try:
        key = signing.TimestampSigner(salt=_SALT).unsign(token or "", max_age=VISIT_MAX_AGE)
    except signing.BadSignature:
        return None
    return key if _RANDOM.match(key) else None


@transaction.atomic
def suggestions_shown(*, token: str, language: str, articles: list[Article]) -> None:
    """Records that ``articles`` were suggested in the visit (each once)."""
    key = visit_key(token)
    if key is None or not articles:
        return
    now = clock.now()
    visit, _ = DeflectionVisit.objects.get_or_create(
        key=key, defaults={"language": language[:2], "started_at": now}
    )
    Suggestion.objects.bulk_create(
        [Suggestion(visit=visit, article=article, shown_at=now) for article in articles],
        ignore_conflicts=True,
    )


def suggestion_opened(*, token: str, article: Article) -> None:
    """The visitor opened a suggested article (only the first opening is kept)."""
    key = visit_key(token)
    if key is None:
        return
    Suggestion.objects.filter(visit__key=key, article=article, opened_at__isnull=True).update(
        opened_at=clock.now()
    )


def visit_filed(*, token: str, ticket: Ticket) -> None:
    """The visit ended in a request after all."""
    key = visit_key(token)
    if key is None:
        return
    DeflectionVisit.objects.filter(key=key, ticket__isnull=True).update(
        ticket=ticket, filed_at=clock.now()
    )
