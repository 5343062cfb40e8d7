"""Suggestions on the request form: articles for what the customer is typing (htmx,
debounced), and the way into a suggested article that records it was opened."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from kb import selectors, services
from kb.models import Article

VISIT_FIELD = "kb_visit"


def _rate(_group, request):
    return settings.HELPDESK_KB_SUGGEST_RATE_PER_IP


@require_POST
@ratelimit(group="kb-suggest", key="ip", rate=_rate, method="POST", block=True)
def suggestions(request):
    """POST (the typed text stays out of URLs and logs): subject, body, kb_visit."""
    language = (get_language() or "en")[:2]
    text = f"{request.POST.get('subject', '')} {request.POST.get('body', '')}"
    articles = selectors.kb_suggest(language=language, text=text)
    token = request.POST.get(VISIT_FIELD, "")
    services.suggestions_shown(token=token, language=language, articles=articles)
    context = {"articles": articles, "language": language, "token": token}
    response = render(request, "kb/partials/suggestions.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def suggestion_open(request, article_id: int):
    """A suggestion's link: records the opening, then the article (public ones only)."""
    article = get_object_or_404(
        Article, pk=article_id, status=Article.Status.PUBLISHED, is_internal=False
    )
    services.suggestion_opened(token=request.GET.get("visit", ""), article=article)
    response = redirect("kb-article", language=article.language, slug=article.slug)
    response["Referrer-Policy"] = "same-origin"
    return response
