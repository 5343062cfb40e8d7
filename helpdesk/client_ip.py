"""The address a request came from, for rate limits and logs."""

from __future__ import annotations

from django.conf import settings


def client_ip_from_request(request) -> str:
    """REMOTE_ADDR, unless settings.HELPDESK_TRUSTED_PROXY_HOPS says that many proxies of ours
    stand in front: then the X-Forwarded-For entry the nearest trusted proxy saw. A client can
    write anything into that header, so without trusted proxies it is never read."""
    hops = settings.HELPDESK_TRUSTED_PROXY_HOPS
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 - a key, not a bind
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < hops:
        return forwarded[0] if forwarded else remote
    return forwarded[-hops]
