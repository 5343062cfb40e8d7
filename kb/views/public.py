"""The public knowledge base: browse by category, read, search, and "Was this helpful?"."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from helpdesk.errors import NotFound, ValidationError
from kb import selectors, services
from kb.forms import VoteForm
from kb.models import Article
from kb.services.feedback import visitor_key
from kb.views.pages import kb_page

VISITOR_COOKIE = "kb_visitor"
VISITOR_COOKIE_AGE = 365 * 24 * 3600


def _alternates(request, language: str, paths: dict[str, str]) -> list[dict]:
    """hreflang links and the language switch: ``paths`` by language."""
    names = {"en": "English", "ru": "Русский"}
    return [
        {
            "language": code,
            "name": names[code],
            "url": request.build_absolute_uri(path),
            "path": path,
            "current": code == language,
        }
        for code, path in paths.items()
    ]


def _same_page(request, language: str, name: str, **kwargs) -> list[dict]:
    paths = {
        code: reverse(name, kwargs={"language": code, **kwargs}) for code in selectors.LANGUAGES
    }
    return _alternates(request, language, paths)


@require_GET
def kb_root(request):
    language = (get_language() or "en")[:2]
    return redirect("kb-home", language=language if language in selectors.LANGUAGES else "en")


@require_GET
@kb_page
def kb_home(request, language):
    context = {
        "language": language,
        "contents": selectors.kb_contents(user=request.user, language=language),
        "alternates": _same_page(request, language, "kb-home"),
        "canonical": request.build_absolute_uri(reverse("kb-home", args=[language])),
    }
    return render(request, "kb/home.html", context)


@require_GET
@kb_page
def kb_category(request, language, slug):
    category = selectors.category_get(slug=slug)
    contents = selectors.kb_contents(user=request.user, language=language, category=category)
    if not contents:  # nothing in it the reader may read: not even its name is shown
        raise NotFound(_("Category not found."))
    context = {
        "language": language,
        "category": category,
        "sections": contents[0].sections if contents else [],
        "alternates": _same_page(request, language, "kb-category", slug=slug),
        "canonical": request.build_absolute_uri(request.path),
    }
    return render(request, "kb/category.html", context)


def _article_in(request, language: str, slug: str) -> Article:
    """The article of ``slug`` in the URL's language, or the other language's version when
    that is the only one (the page then says so); NotFound otherwise."""
    try:
        return selectors.article_get_for_reader(user=request.user, language=language, slug=slug)
    except NotFound:
        other = selectors.other_language(language)
        return selectors.article_get_for_reader(user=request.user, language=other, slug=slug)


@require_GET
@kb_page
def kb_article(request, language, slug):
    article = _article_in(request, language, slug)
    translations = selectors.article_translations(user=request.user, article=article)
    own = {t.language: t for t in translations}
    if article.language != language and language in own:
        # The reader's language has its own version: that is the page.
        return redirect("kb-article", language=language, slug=own[language].slug)
    versions = {article.language: article, **own}
    paths = {
        code: reverse("kb-article", args=[code, version.slug])
        for code, version in sorted(versions.items())
    }
    context = {
        "language": language,
        "article": article,
        "fallback": article.language != language,
        "related": selectors.article_related(user=request.user, article=article, language=language),
        "alternates": _alternates(request, language, paths),
        "canonical": request.build_absolute_uri(paths[article.language]),
    }
    return render(request, "kb/article.html", context)


def _search_rate(_group, request):
    return settings.HELPDESK_KB_SEARCH_RATE_PER_IP


def _vote_rate(_group, request):
    return settings.HELPDESK_KB_VOTE_RATE_PER_IP


@require_GET
@ratelimit(group="kb-search", key="ip", rate=_search_rate, block=True)
@kb_page
def kb_search_page(request, language):
    query = selectors.clean_query(request.GET.get("q", ""))
    results = selectors.kb_search(user=request.user, language=language, query=query)
    context = {
        "language": language,
        "query": query,
        "hits": results.hits,
        "corrected": results.corrected,
        "alternates": _same_page(request, language, "kb-search"),
        "canonical": request.build_absolute_uri(request.path),
        "noindex": True,
    }
    return render(request, "kb/search.html", context)


@require_http_methods(["GET", "POST"])
@ratelimit(group="kb-vote", key="ip", rate=_vote_rate, method="POST", block=True)
@kb_page
def kb_vote(request, language, slug):
    """GET: the vote form (by htmx, never cached: it holds a CSRF token). POST: the vote."""
    article = _article_in(request, language, slug)
    token = request.COOKIES.get(VISITOR_COOKIE, "")
    if len(token) != 43:
        token = ""
    form = VoteForm(request.POST or None)
    voted = False
    status = 200
    if request.method == "POST":
        if form.is_valid():
            token = token or secrets.token_urlsafe(32)
            try:
                services.article_vote(
                    article=article,
                    visitor=visitor_key(token),
                    helpful=form.cleaned_data["helpful"] == "yes",
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_error(error.field, error.message)
                status = 400
            else:
                voted = True
        else:
            status = 400
    context = {"article": article, "language": language, "form": form, "voted": voted}
    response = render(request, "kb/partials/vote.html", context, status=status)
    if voted:
        response.set_cookie(
            VISITOR_COOKIE,
            token,
            max_age=VISITOR_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    response["Cache-Control"] = "private, no-store"
    return response
