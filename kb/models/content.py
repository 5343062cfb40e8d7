"""What the knowledge base holds. Writes go through kb.services."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]


class Bilingual(models.Model):
    """A name in both languages; ``name`` is the active language's."""

    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_ru if (get_language() or "en").startswith("ru") else self.name_en


class Category(Bilingual):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description_en = models.CharField(_("description (English)"), max_length=300, blank=True)
    description_ru = models.CharField(_("description (Russian)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("knowledge base category")
        verbose_name_plural = _("knowledge base categories")
        ordering = ["position", "id"]

    @property
    def description(self) -> str:
        language = get_language() or "en"
        return self.description_ru if language.startswith("ru") else self.description_en


class Section(Bilingual):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="sections", verbose_name=_("category")
    )

    class Meta:
        verbose_name = _("knowledge base section")
        verbose_name_plural = _("knowledge base sections")
        ordering = ["category__position", "position", "id"]


class Article(models.Model):
    """One language version of an article. The versions of one article share ``group``."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    group = models.UUIDField(_("translation group"), default=uuid.uuid4, db_index=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles", verbose_name=_("section")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=True)
    body = models.TextField(_("body (Markdown)"), blank=True)
    # The body as the page shows it: rendered and sanitized once, when it is written.
    body_html = models.TextField(_("body (HTML)"), blank=True, editable=False)
    # Its words without the markup: what search indexes and cuts snippets from.
    body_text = models.TextField(_("body (text)"), blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    is_internal = models.BooleanField(
        _("internal"), default=False, help_text=_("Only agents can read an internal article.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kb_articles",
        verbose_name=_("owner"),
    )
    related = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("related articles")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    last_reviewed_at = models.DateTimeField(_("last reviewed at"), null=True, blank=True)
    # When the owner was last told the article is due for review (kb.services.stale).
    review_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    helpful_yes = models.PositiveIntegerField(_("helpful"), default=0, editable=False)
    helpful_no = models.PositiveIntegerField(_("not helpful"), default=0, editable=False)
    # Title (weight A) and body (B) in the article's own language's configuration; the title
    # alone too, so that a search finds its title matches without reading every body match.
    search_vector = SearchVectorField(null=True, editable=False)
    title_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "slug"], name="kb_article_slug_per_language"
            ),
            models.UniqueConstraint(
                fields=["group", "language"], name="kb_article_one_per_language"
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="kb_article_search_gin"),
            GinIndex(fields=["title_vector"], name="kb_article_title_gin"),
            # The search vocabulary's version (kb.spelling): the latest change.
            models.Index(fields=["updated_at"], name="kb_article_updated"),
            models.Index(fields=["language", "status", "section"], name="kb_article_browse"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and not self.is_internal


class ArticleRevision(models.Model):
    """What an article said after each save, by whom and when."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("article")
    )
    number = models.PositiveIntegerField(_("revision"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body (Markdown)"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Article.Status.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("article revision")
        verbose_name_plural = _("article revisions")
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="kb_revision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} r{self.number}"


def _article_file_path(instance: ArticleFile, filename: str) -> str:
    return f"kb/{uuid.uuid4().hex}"


class ArticleFile(models.Model):
    """An image or attachment an article links to, served by kb.views.files only."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="files", verbose_name=_("article")
    )
    file = models.FileField(_("file"), upload_to=_article_file_path)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("article file")
        verbose_name_plural = _("article files")

    def __str__(self) -> str:
        return self.filename


class SearchWord(models.Model):
    """The public articles' words and how many articles use each: the vocabulary typos are
    corrected against (kb.spelling), kept by kb.services.vocabulary on every article write."""

    word = models.CharField(_("word"), max_length=60, primary_key=True)
    articles = models.PositiveIntegerField(_("articles"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word
