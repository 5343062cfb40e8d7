"""Abuse limits of the public forms: per client IP and per typed e-mail address, counted in
Redis by django-ratelimit (settings.RATELIMIT_*; the 429 page is helpdesk.views.rate_limited)."""

from __future__ import annotations

from django.conf import settings
from django_ratelimit.decorators import ratelimit

EMAIL_MAX = 320


def typed_address(group, request) -> str:
    """The form's address as customers' addresses are stored, so " Ada@X.org" and "ada@x.org"
    share one budget. Counted for every address, known or not, so the limit tells nothing."""
    return (request.POST.get("email") or "").strip().lower()[:EMAIL_MAX]


def limit_posts_per_ip_and_address(*, group: str, ip_rate: str, address_rate: str):
    """Decorate a view so its POSTs count against both budgets. The rates name settings, read
    per request (not at import) so the environment and tests can change them. A POST without
    an address fails validation anyway: it counts per IP only, so strangers cannot use up one
    shared "no address" budget and turn a form error into a 429."""

    def per_ip(_group, request):
        return getattr(settings, ip_rate)

    def per_address(_group, request):
        return getattr(settings, address_rate) if typed_address(_group, request) else None

    def decorator(view):
        view = ratelimit(
            group=f"{group}:address", key=typed_address, rate=per_address, method="POST"
        )(view)
        return ratelimit(group=f"{group}:ip", key="ip", rate=per_ip, method="POST")(view)

    return decorator
