"""What every public knowledge base page shares: the URL's language for the whole response,
and caching for anonymous visitors (their pages hold nothing personal: no CSRF token, no
session; the vote form comes by htmx from an uncached view)."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers


def kb_page(view):
    """Renders the view in its URL's ``language``; anonymous visitors' successful pages may
    be kept HELPDESK_KB_CACHE_SECONDS by browsers and shared caches, signed-in users' never
    (agents see internal articles)."""

    @wraps(view)
    def wrapped(request, *args, language: str, **kwargs):
        with translation.override(language):
            response = view(request, *args, language=language, **kwargs)
        response.headers.setdefault("Content-Language", language)
        if response.has_header("Cache-Control"):  # the view knows better (the vote form)
            return response
        if request.user.is_authenticated or _personal(request, response):
            patch_cache_control(response, private=True, no_cache=True)
        elif response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.HELPDESK_KB_CACHE_SECONDS)
            patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped


def _personal(request, response) -> bool:
    """Whether the page used something of this visitor's: a flash message shown, a session
    written, a CSRF token handed out, a cookie set (the middleware set theirs later)."""
    shown = getattr(request, "_messages", None)
    return bool(
        response.cookies
        or (shown is not None and (shown.used or len(shown)))
        or (getattr(request, "session", None) is not None and request.session.modified)
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )
