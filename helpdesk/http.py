"""HTTP helpers shared by the views."""

from __future__ import annotations

from functools import wraps

from django.utils.cache import patch_cache_control


def token_page(view):
    """For a page whose URL carries a secret (a tracking token, a sign-in link): the browser must
    neither send that URL to other sites as the Referer nor keep the page in any cache, where the
    next user of a shared computer or a proxy could find it.

    Sets `Referrer-Policy: same-origin` and `Cache-Control: no-store` on every response the view
    returns (redirects and error pages included)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        token_page_headers(response)
        return response

    return wrapped


def token_page_headers(response):
    """The headers of `token_page`, for a response built outside a decorated view."""
    response["Referrer-Policy"] = "same-origin"
    # no-store alone forbids keeping a copy; private and max-age=0 cover old proxies.
    patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
    return response
