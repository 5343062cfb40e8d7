"""The address a request came from, for rate limits and logs."""

from __future__ import annotations

import ipaddress

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
    if not forwarded:
        return remote
    # Fewer entries than proxies: the request skipped the outer ones, so only the entry our
    # nearest proxy appended (the rightmost) is sure not to come from the client.
    entry = forwarded[-hops] if len(forwarded) >= hops else forwarded[-1]
    return _address(entry, remote)


def _address(entry: str, fallback: str) -> str:
    """The IP address in a forwarded entry ("192.0.2.1", "192.0.2.1:443", "[2001:db8::1]:443"),
    or ``fallback`` for anything else: the rate limiter parses the value, and a malformed
    header must not become a server error."""
    candidates = [entry]
    if entry.startswith("[") and "]" in entry:
        candidates.append(entry[1 : entry.index("]")])
    elif entry.count(":") == 1:
        candidates.append(entry.split(":", 1)[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return fallback
