"""'Was this helpful?': one vote per visitor per article, counted on the article."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from helpdesk.errors import ValidationError
from kb.models import Article, ArticleVote

COMMENT_MAX = 1000


def visitor_key(token: str) -> str:
    """What a vote keeps of the visitor: a hash of the random id in their cookie."""
    return hashlib.sha256(f"kb-vote:{token}".encode()).hexdigest()


def _count(article_id: int, helpful: bool, delta: int) -> None:
    field = "helpful_yes" if helpful else "helpful_no"
    Article.objects.filter(pk=article_id).update(**{field: F(field) + delta})


@transaction.atomic
def article_vote(
    *, article: Article, visitor: str, helpful: bool, comment: str = ""
) -> ArticleVote:
    """The visitor's vote; a second vote replaces the first (and its count moves with it)."""
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            _("Keep the comment under %(max)d characters.") % {"max": COMMENT_MAX},
            field="comment",
        )
    vote = ArticleVote.objects.select_for_update().filter(article=article, visitor=visitor).first()
    if vote is None:
        vote, created = ArticleVote.objects.get_or_create(
            article=article, visitor=visitor, defaults={"helpful": helpful, "comment": comment}
        )
        if created:
            _count(article.pk, helpful, 1)
            return vote
        vote = ArticleVote.objects.select_for_update().get(pk=vote.pk)
    if vote.helpful != helpful:
        _count(article.pk, vote.helpful, -1)
        _count(article.pk, helpful, 1)
    vote.helpful = helpful
    vote.comment = comment or vote.comment
    vote.save(update_fields=["helpful", "comment", "updated_at"])
    return vote
