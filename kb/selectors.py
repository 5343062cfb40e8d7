"""Reads of the knowledge base, for the public site, the API and the agents' pages.

Search: PostgreSQL full-text search, each article in its own language's configuration
(english, russian), ranked with ts_rank_cd, snippets by ts_headline; typos by kb.spelling.

Who reads what: everyone the published articles; agents also the internal ones. Drafts and
archived articles are never on the public site (the admin shows them to editors)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from helpdesk.errors import NotFound
from helpdesk.highlight import MARKS_OPTIONS, marked_html
from helpdesk.text import clean_label
from kb import spelling
from kb.models import Article, Category, Section
from tickets.roles import user_is_agent

LANGUAGES = ("en", "ru")
SEARCH_LIMIT = 20
QUERY_MAX = 200
_WORDS = re.compile(r"[^\W_]{3,}", re.UNICODE)


def other_language(language: str) -> str:
    return "ru" if language == "en" else "en"


def articles_readable_by(user) -> QuerySet[Article]:
    articles = Article.objects.filter(status=Article.Status.PUBLISHED)
    if not user_is_agent(user):
        articles = articles.filter(is_internal=False)
    return articles


def article_get_for_reader(*, user, language: str, slug: str) -> Article:
    article = (
        articles_readable_by(user)
        .filter(language=language, slug=slug)
        .select_related("section__category")
        .first()
    )
    if article is None:
        raise NotFound(_("Article not found."))
    return article


def article_get_for_reader_by_id(*, user, article_id: int) -> Article:
    article = articles_readable_by(user).filter(pk=article_id).first()
    if article is None:
        raise NotFound(_("Article not found."))
    return article


def article_translations(*, user, article: Article) -> list[Article]:
    """The article's readable versions in the other languages."""
    return list(
        articles_readable_by(user)
        .filter(group=article.group)
        .exclude(pk=article.pk)
        .only("language", "slug", "title")
    )


@dataclass(frozen=True)
class Listed:
    """An article as a list shows it in ``language``: its own version, or the other
    language's (``fallback``) when it has none."""

    article: Article
    fallback: bool


def in_language(articles: list[Article], language: str) -> list[Listed]:
    """One entry per translation group, the version in ``language`` first choice; the order
    of ``articles`` kept (by each group's first version)."""
    chosen: dict = {}
    for article in articles:
        current = chosen.get(article.group)
        if current is None or (article.language == language and current.language != language):
            chosen[article.group] = article
    seen, listed = set(), []
    for article in articles:
        if article.group in seen:
            continue
        seen.add(article.group)
        pick = chosen[article.group]
        listed.append(Listed(article=pick, fallback=pick.language != language))
    return listed


def article_related(*, user, article: Article, language: str) -> list[Listed]:
    """The related articles in the reader's language where they have a version in it."""
    groups = article.related.values_list("group", flat=True)
    versions = list(
        articles_readable_by(user)
        .filter(group__in=groups)
        .only("group", "language", "slug", "title")
        .order_by("title")
    )
    return [item for item in in_language(versions, language) if item.article.pk != article.pk]


@dataclass
class SectionEntry:
    section: Section
    articles: list[Listed] = field(default_factory=list)


@dataclass
class CategoryEntry:
    category: Category
    sections: list[SectionEntry] = field(default_factory=list)

    @property
    def article_count(self) -> int:
        return sum(len(entry.articles) for entry in self.sections)


def kb_contents(*, user, language: str, category: Category | None = None) -> list[CategoryEntry]:
    """Categories, their sections and the articles of each in ``language`` (falling back to
    the other language), in three queries; empty sections and categories left out."""
    categories = Category.objects.order_by("position", "id")
    if category is not None:
        categories = categories.filter(pk=category.pk)
    readable = articles_readable_by(user).only(
        "group", "language", "slug", "title", "section_id", "is_internal"
    )
    sections = Section.objects.order_by("position", "id").prefetch_related(
        Prefetch("articles", queryset=readable.order_by("title", "id"), to_attr="readable")
    )
    entries = []
    for each in categories.prefetch_related(Prefetch("sections", queryset=sections)):
        entry = CategoryEntry(category=each)
        for section in each.sections.all():
            listed = in_language(section.readable, language)
            if listed:
                entry.sections.append(SectionEntry(section=section, articles=listed))
        if entry.sections:
            entries.append(entry)
    return entries


def category_get(*, slug: str) -> Category:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise NotFound(_("Category not found."))
    return category


# --- Search ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchResults:
    hits: list
    corrected: str = ""  # the query as searched, when its words were corrected (typos)


@dataclass(frozen=True)
class SearchHit:
    article: Article
    fallback: bool  # not in the reader's language
    title_html: str
    snippet_html: str


_TITLE_OPTIONS = f"HighlightAll=true, {MARKS_OPTIONS}"
_BODY_OPTIONS = (
    f'{MARKS_OPTIONS}, MaxWords=28, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "'
)

# Each article is matched in its own language's configuration. Ranking reads every candidate's
# whole vector, so a word in half of 100,000 articles cannot have them all ranked: the
# candidates are bounded, the first TITLE_CANDIDATES articles whose title matches (their own
# small index) and, only when those are fewer than a page, the first BODY_CANDIDATES that
# match anywhere, in the order the index gives them. A title match outranks a body match
# (title words weigh A, 1.0; the body's B, 0.4), so a page of title matches needs no body
# candidates. A rarer query has fewer matches than that and is ranked over all of them. One
# version per translation group is kept (the reader's language preferred).
TITLE_CANDIDATES = 100
BODY_CANDIDATES = 200
_MATCHES = """
    SELECT a.id FROM kb_article a, q
    WHERE {gate} a.status = 'published' AND (%(agent)s OR NOT a.is_internal)
      AND ((a.language = 'en' AND a.{vector} @@ q.en) OR (a.language = 'ru' AND a.{vector} @@ q.ru))
    LIMIT {limit}
"""
_SEARCH_SQL = f"""
WITH q AS (
    SELECT websearch_to_tsquery('english', %(query)s) AS en,
           websearch_to_tsquery('russian', %(query)s) AS ru
), title_hits AS (
    {_MATCHES.format(gate="", vector="title_vector", limit=TITLE_CANDIDATES)}
), body_hits AS (
    {
    _MATCHES.format(
        gate="(SELECT count(*) FROM title_hits) < %(limit)s AND",
        vector="search_vector",
        limit=BODY_CANDIDATES,
    )
}
), matched AS (
    SELECT DISTINCT ON (a."group") a.id,
           ts_rank_cd(a.search_vector, CASE a.language WHEN 'ru' THEN q.ru ELSE q.en END) AS rank
    FROM kb_article a, q
    WHERE a.id IN (SELECT id FROM title_hits UNION SELECT id FROM body_hits)
    ORDER BY a."group", (a.language = %(language)s) DESC, rank DESC
)
SELECT id, rank FROM matched ORDER BY rank DESC, id LIMIT %(limit)s
"""  # noqa: S608 - only our own constants are formatted in; the query is a parameter
_HEADLINES_SQL = """
SELECT a.id,
       ts_headline(c.config, a.title, websearch_to_tsquery(c.config, %(query)s), %(title)s),
       ts_headline(c.config, left(a.body_text, 20000),
                   websearch_to_tsquery(c.config, %(query)s), %(body)s)
FROM kb_article a
CROSS JOIN LATERAL (SELECT (CASE a.language WHEN 'ru' THEN 'russian' ELSE 'english' END)::regconfig
                    AS config) c
WHERE a.id = ANY(%(ids)s)
"""


def clean_query(query: str) -> str:
    return clean_label(query or "").strip()[:QUERY_MAX]


def _matching_ids(cursor, params: dict) -> list[int]:
    cursor.execute(_SEARCH_SQL, params)
    return [row[0] for row in cursor.fetchall()]


def any_of_words(text: str, most: int = 16) -> str:
    """A search query for any of the words of ``text`` (a subject, a description)."""
    words: list[str] = []
    for word in _WORDS.findall(clean_query(text[:2000]).lower()):
        if word not in words:
            words.append(word)
        if len(words) == most:
            break
    return " or ".join(words)


def kb_search(
    *, user, language: str, query: str, limit: int = SEARCH_LIMIT, any_word: bool = False
) -> SearchResults:
    """Readable articles matching ``query`` in either language, best first, with the matches
    highlighted. When the words find nothing, the query with its typos corrected
    (kb.spelling) is searched instead, and ``corrected`` says so. ``any_word``: articles with
    any of the words, those with more of them (and the rarer) first."""
    query = any_of_words(query) if any_word else clean_query(query)
    if not query:
        return SearchResults(hits=[])
    params = {"query": query, "agent": user_is_agent(user), "language": language, "limit": limit}
    searched = ""
    with connection.cursor() as cursor:
        ids = _matching_ids(cursor, params)
        if not ids:
            fixed = spelling.corrected(query)
            if fixed:
                params["query"] = searched = fixed
                ids = _matching_ids(cursor, params)
        if not ids:
            return SearchResults(hits=[], corrected=searched)
        cursor.execute(
            _HEADLINES_SQL,
            {"ids": ids, "query": params["query"], "title": _TITLE_OPTIONS, "body": _BODY_OPTIONS},
        )
        headlines = {pk: (title, body) for pk, title, body in cursor.fetchall()}
    articles = Article.objects.select_related("section").in_bulk(ids)
    hits = []
    for pk in ids:
        article = articles.get(pk)
        if article is None:  # deleted since it matched
            continue
        title, body = headlines.get(pk, (article.title, ""))
        hits.append(
            SearchHit(
                article=article,
                fallback=article.language != language,
                title_html=marked_html(title),
                snippet_html=marked_html(body),
            )
        )
    return SearchResults(hits=hits, corrected=searched)


# --- Suggestions while a customer writes a request ----------------------------------------

SUGGESTION_LIMIT = 5
SUGGESTION_WORDS = 16


def kb_suggest(*, language: str, text: str, limit: int = SUGGESTION_LIMIT) -> list[Article]:
    """Public articles for what a customer is typing: any of its words (the subject's first),
    ranked as a search, so the article sharing the most and the rarest words comes first."""
    query = any_of_words(text, SUGGESTION_WORDS)
    if not query:
        return []
    params = {"query": query, "agent": False, "language": language, "limit": limit}
    with connection.cursor() as cursor:
        ids = _matching_ids(cursor, params)
    articles = Article.objects.in_bulk(ids)
    return [articles[pk] for pk in ids if pk in articles]


# --- The API ---------------------------------------------------------------------------------


def _articles_for(user) -> QuerySet[Article]:
    """Agents: every article (drafts and archived ones too); others: what they may read."""
    if user_is_agent(user):
        return Article.objects.all()
    return articles_readable_by(user)


def articles_for_api(
    *, user, language: str | None = None, category: str | None = None, status: str | None = None
) -> QuerySet[Article]:
    """Published articles, filtered; an agent's ``status`` lists drafts or archived ones."""
    articles = _articles_for(user)
    if not (status and user_is_agent(user)):
        status = Article.Status.PUBLISHED
    articles = articles.filter(status=status)
    if language in LANGUAGES:
        articles = articles.filter(language=language)
    if category:
        articles = articles.filter(section__category__slug=category.replace("\x00", ""))
    return articles


def articles_with_files_for(user) -> QuerySet[Article]:
    """The articles whose images and files ``user`` may download."""
    return _articles_for(user)


def article_get_for_api(*, user, article_id: int) -> Article:
    article = _articles_for(user).select_related("owner").filter(pk=article_id).first()
    if article is None:
        raise NotFound(_("Article not found."))
    return article


# --- The agents' editor ----------------------------------------------------------------------

EDITOR_FILTERS = ("all", "mine", "drafts", "stale", "internal", "archived")


def articles_for_editors(*, user, show: str = "all", query: str = "") -> QuerySet[Article]:
    """The articles the agents' editor lists, newest change first (paged by the caller)."""
    from kb.services.stale import stale_articles

    articles = Article.objects.select_related("section__category", "owner")
    if show == "mine":
        articles = articles.filter(owner=user).exclude(status=Article.Status.ARCHIVED)
    elif show == "drafts":
        articles = articles.filter(status=Article.Status.DRAFT)
    elif show == "stale":
        articles = articles.filter(pk__in=stale_articles().values("pk"))
    elif show == "internal":
        articles = articles.filter(is_internal=True)
    elif show == "archived":
        articles = articles.filter(status=Article.Status.ARCHIVED)
    else:
        articles = articles.exclude(status=Article.Status.ARCHIVED)
    query = clean_query(query)
    if query:
        articles = articles.filter(title__icontains=query)
    return articles


def article_get_for_editor(*, article_id: int) -> Article:
    article = (
        Article.objects.select_related("section__category", "owner").filter(pk=article_id).first()
    )
    if article is None:
        raise NotFound(_("Article not found."))
    return article


def article_is_stale(article: Article) -> bool:
    from kb.services.stale import stale_cutoff

    reviewed = article.last_reviewed_at or article.published_at
    return (
        article.status == Article.Status.PUBLISHED
        and reviewed is not None
        and reviewed < stale_cutoff()
    )
