"""Password-guessing protection (django-axes), as configured in settings (AXES_*).

Failures are counted per account (the typed username or e-mail address, case ignored) and per
client IP, over the last HELPDESK_SIGN_IN_LOCKOUT_MINUTES. Either count reaching its limit pauses
password sign-in for that account or that IP until the window has passed, or an admin deletes
the attempts (admin: Axes -> Access attempts). The IP limit is higher than the account limit:
a whole office behind one NAT address shares it, while one account has one person's typos."""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_lockout_parameters
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

# AccessAttempt.username is a CharField(max_length=255).
_USERNAME_MAX = 255


def username_for_attempts(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """settings.AXES_USERNAME_CALLABLE: the account a sign-in attempt names, the same key for
    "Anna@Example.org " and "anna@example.org" (customers sign in by address, in any case), so
    changing the case does not buy an attacker a fresh count."""
    value = (credentials or {}).get("username")
    if value is None:
        data = getattr(request, "POST", {})
        value = data.get("username") or data.get("email")
    if not value:
        return None
    return str(value).strip().casefold()[:_USERNAME_MAX] or None


def _is_ip_only(parameter) -> bool:
    names = [parameter] if isinstance(parameter, str) else list(parameter)
    return names == ["ip_address"]


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with a limit of its own for the per-IP count.

    axes compares one number with one AXES_FAILURE_LIMIT (the per-account limit). The per-IP
    failures are scaled onto it, so they lock only at HELPDESK_SIGN_IN_FAILURES_PER_IP."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        account_limit = settings.AXES_FAILURE_LIMIT
        ip_limit = max(1, settings.HELPDESK_SIGN_IN_FAILURES_PER_IP)
        parameters = get_lockout_parameters(request, credentials)
        worst = 0
        for parameter, attempts in zip(
            parameters, self.get_user_attempts(request, credentials), strict=True
        ):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if _is_ip_only(parameter):
                failures = failures * account_limit // ip_limit
            worst = max(worst, failures)
        return worst


def lockout_minutes() -> int:
    cool_off = get_cool_off()
    return max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0


def lockout_message() -> str:
    minutes = lockout_minutes()
    return ngettext(
        "Too many failed sign-in attempts. Signing in with a password is paused for "
        "%(minutes)d minute. Please try again later, or ask an administrator to unlock "
        "your account.",
        "Too many failed sign-in attempts. Signing in with a password is paused for "
        "%(minutes)d minutes. Please try again later, or ask an administrator to unlock "
        "your account.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """settings.AXES_LOCKOUT_CALLABLE: what a locked-out sign-in attempt gets (429). The same
    answer whether or not the password was right, so it tells a guesser nothing."""
    message = lockout_message()
    if request.path.startswith("/api/") or request.headers.get("x-requested-with"):
        response: HttpResponse = JsonResponse({"detail": message}, status=429)
    else:
        match = getattr(request, "resolver_match", None)
        context = {
            "message": message,
            "portal": bool(match and match.url_name == "portal-sign-in-password"),
        }
        response = render(request, "registration/lockout.html", context, status=429)
    if lockout_minutes():
        response["Retry-After"] = str(lockout_minutes() * 60)
    return response
