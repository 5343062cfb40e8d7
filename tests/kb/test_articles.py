"""Writing articles through kb.services: revisions, slugs, translations, reviews, votes."""

from datetime import timedelta

import pytest
from django.core import mail

from helpdesk.errors import ValidationError
from kb import services
from kb.models import Article
from kb.services.feedback import visitor_key
from kb.services.stale import stale_articles_remind


def test_every_change_of_text_or_status_keeps_a_revision_with_author(publish, agent, manager):
    article = publish("en", "Reset a password", "First version.", status=Article.Status.DRAFT)
    services.article_update(article=article, author=manager, body="Second version.")
    services.article_update(article=article, author=manager, is_internal=True)  # no revision
    services.article_update(article=article, author=agent, status=Article.Status.PUBLISHED)
    revisions = list(article.revisions.order_by("number"))
    assert [(r.number, r.body, r.status, r.author) for r in revisions] == [
        (1, "First version.", "draft", agent),
        (2, "Second version.", "draft", manager),
        (3, "Second version.", "published", agent),
    ]
    article.refresh_from_db()
    assert article.published_at is not None and article.last_reviewed_at == article.published_at


def test_slugs_are_readable_and_unique_per_language(publish):
    first = publish("ru", "Сброс забытого пароля")
    second = publish("ru", "Сброс забытого пароля")
    english = publish("en", "Reset a password", slug="reset-a-password")
    assert first.slug == "сброс-забытого-пароля"
    assert second.slug == "сброс-забытого-пароля-2"
    assert english.slug == "reset-a-password"
    with pytest.raises(ValidationError) as taken:
        publish("en", "Another", slug="reset-a-password")
    assert taken.value.field == "slug"
    with pytest.raises(ValidationError) as bad:
        publish("en", "Another", slug="Not A Slug!")
    assert bad.value.field == "slug"


def test_a_translation_joins_the_group_once_per_language(publish):
    english = publish("en", "Reset a password")
    russian = publish("ru", "Сброс пароля", translation_of=english)
    assert russian.group == english.group
    with pytest.raises(ValidationError):
        publish("ru", "Ещё один перевод", translation_of=english)
    with pytest.raises(ValidationError):
        publish("en", "Same language", translation_of=english)
    assert Article.objects.filter(group=english.group).count() == 2


def test_a_title_is_required_and_nothing_is_half_written(publish):
    with pytest.raises(ValidationError) as error:
        publish("en", "   ")
    assert error.value.field == "title"
    assert not Article.objects.exists()


def test_one_vote_per_visitor_counted_and_changeable(publish):
    article = publish("en", "Reset a password")
    anna, boris = visitor_key("a" * 43), visitor_key("b" * 43)
    services.article_vote(article=article, visitor=anna, helpful=True)
    services.article_vote(article=article, visitor=anna, helpful=True)
    services.article_vote(article=article, visitor=boris, helpful=False, comment="Too short")
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (1, 1)
    services.article_vote(article=article, visitor=boris, helpful=True)
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (2, 0)
    assert article.votes.count() == 2
    assert article.votes.get(visitor=boris).comment == "Too short"


def test_owners_hear_once_per_stale_period(publish, agent, settings, at):
    settings.HELPDESK_KB_REVIEW_AFTER_DAYS = 30
    stale = publish("en", "Old article")
    publish("en", "Fresh article")
    Article.objects.filter(pk=stale.pk).update(
        last_reviewed_at=stale.last_reviewed_at - timedelta(days=31)
    )
    assert stale_articles_remind() == 1
    assert stale_articles_remind() == 0  # already told in this stale period
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [agent.email]
    assert "Old article" in mail.outbox[0].body and "Fresh article" not in mail.outbox[0].body
    services.article_mark_reviewed(article=Article.objects.get(pk=stale.pk), actor=agent)
    assert stale_articles_remind() == 0
