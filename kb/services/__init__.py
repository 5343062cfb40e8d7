"""Every write to the knowledge base (the HTML views, the API, the admin, seed_demo and the
beat task call these)."""

from kb.services.articles import (
    article_create,
    article_mark_reviewed,
    article_set_related,
    article_update,
)
from kb.services.deflection import (
    suggestion_opened,
    suggestions_shown,
    visit_filed,
    visit_key,
)
from kb.services.feedback import article_vote
from kb.services.files import article_file_add
from kb.services.from_replies import article_draft_from_message
from kb.services.stale import stale_articles_remind

__all__ = [
    "article_create",
    "article_draft_from_message",
    "article_file_add",
    "article_mark_reviewed",
    "article_set_related",
    "article_update",
    "article_vote",
    "stale_articles_remind",
    "suggestion_opened",
    "suggestions_shown",
    "visit_filed",
    "visit_key",
]
