"""Writing articles: each save renders the body once, refreshes the search vector and keeps a
revision, in one transaction."""

from __future__ import annotations

import html
import uuid

from django.contrib.postgres.search import SearchVector
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from helpdesk import clock
from helpdesk.errors import ValidationError
from kb.markdown import render_markdown
from kb.models import Article, ArticleRevision, Section
from kb.services.vocabulary import vocabulary_update, words_of
from tickets.models import User

# PostgreSQL's text search configuration for each article language.
SEARCH_CONFIGS = {"en": "english", "ru": "russian"}
# The fields a revision records; a save that changes none of them keeps no revision.
REVISED = ("title", "body", "status")
EDITABLE = ("title", "body", "slug", "status", "section", "is_internal", "owner")


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("Give the article a title."), field="title")
    if len(title) > 200:
        raise ValidationError(_("Keep the title under 200 characters."), field="title")
    return title


def _unique_slug(*, language: str, wanted: str, title: str, article_id: int | None) -> str:
    """``wanted`` (or the title's slug), made unique among the language's articles."""
    base = slugify(wanted or title, allow_unicode=True)[:180].strip("-")
    if wanted and base != wanted:
        raise ValidationError(_("Use lowercase letters, digits and hyphens only."), field="slug")
    base = base or "article"
    taken = set(
        Article.objects.filter(language=language, slug__startswith=base)
        .exclude(pk=article_id)
        .values_list("slug", flat=True)
    )
    if wanted and wanted in taken:
        raise ValidationError(_("Another article in this language has this slug."), field="slug")
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def index_expressions(language: str) -> dict:
    """The search columns of an article in ``language``, as UPDATE expressions."""
    config = SEARCH_CONFIGS[language]
    return {
        "search_vector": SearchVector("title", weight="A", config=config)
        + SearchVector("body_text", weight="B", config=config),
        "title_vector": SearchVector("title", weight="A", config=config),
    }


def _index(article: Article) -> None:
    Article.objects.filter(pk=article.pk).update(**index_expressions(article.language))


def _revise(article: Article, author: User | None) -> None:
    last = article.revisions.aggregate(number=Max("number"))["number"] or 0
    ArticleRevision.objects.create(
        article=article,
        number=last + 1,
        title=article.title,
        body=article.body,
        status=article.status,
        author=author,
    )


def _render(article: Article) -> None:
    article.body_html = render_markdown(article.body)
    article.body_text = html.unescape(strip_tags(article.body_html))


def _stamp_publication(article: Article) -> None:
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = clock.now()
        article.last_reviewed_at = article.last_reviewed_at or article.published_at


def _save(article: Article) -> None:
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # A concurrent save took the slug, or the group already has this language.
        raise ValidationError(
            _("Another article in this language has this slug or translates the same article."),
            field="slug",
        ) from None


@transaction.atomic
def article_create(
    *,
    author: User | None,
    section: Section,
    language: str,
    title: str,
    body: str = "",
    slug: str = "",
    status: str = Article.Status.DRAFT,
    is_internal: bool = False,
    owner: User | None = None,
    translation_of: Article | None = None,
) -> Article:
    """A new article (or ``translation_of``'s version in ``language``), revision 1."""
    if language not in SEARCH_CONFIGS:
        raise ValidationError(_("Choose English or Russian."), field="language")
    if status not in Article.Status.values:
        raise ValidationError(_("Choose a valid status."), field="status")
    group = uuid.uuid4()
    if translation_of is not None:
        if translation_of.language == language:
            raise ValidationError(
                _("A translation must be in the other language."), field="language"
            )
        if Article.objects.filter(group=translation_of.group, language=language).exists():
            raise ValidationError(
                _("This article already has a version in that language."), field="language"
            )
        group = translation_of.group
    title = _clean_title(title)
    article = Article(
        group=group,
        language=language,
        section=section,
        title=title,
        slug=_unique_slug(language=language, wanted=slug, title=title, article_id=None),
        body=body or "",
        status=status,
        is_internal=is_internal,
        owner=owner or author,
    )
    _render(article)
    _stamp_publication(article)
    _save(article)
    _index(article)
    vocabulary_update(before=set(), after=words_of(article))
    _revise(article, author)
    return article


@transaction.atomic
def article_update(*, article: Article, author: User | None, **changes) -> Article:
    """Change any of ``EDITABLE``; a change of title, body or status keeps a revision."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    article = Article.objects.select_for_update().get(pk=article.pk)
    used = words_of(article)
    if "status" in changes and changes["status"] not in Article.Status.values:
        raise ValidationError(_("Choose a valid status."), field="status")
    if "title" in changes:
        changes["title"] = _clean_title(changes["title"])
    if "slug" in changes or "title" in changes:
        wanted = changes.get("slug", article.slug)
        changes["slug"] = _unique_slug(
            language=article.language,
            wanted=wanted,
            title=changes.get("title", article.title),
            article_id=article.pk,
        )
    revised = any(name in changes and changes[name] != getattr(article, name) for name in REVISED)
    for name, value in changes.items():
        setattr(article, name, value)
    if "body" in changes:
        _render(article)
    _stamp_publication(article)
    _save(article)
    _index(article)
    vocabulary_update(before=used, after=words_of(article))
    if revised:
        _revise(article, author)
    return article


@transaction.atomic
def article_mark_reviewed(*, article: Article, actor: User) -> Article:
    """The owner (or another agent) read it through and it still holds."""
    article.last_reviewed_at = clock.now()
    article.review_reminded_at = None
    article.save(update_fields=["last_reviewed_at", "review_reminded_at", "updated_at"])
    return article


@transaction.atomic
def article_set_related(*, article: Article, related: list[Article]) -> None:
    """Articles shown under ``article`` (and it under them), in any language."""
    article.related.set([other for other in related if other.pk != article.pk])
