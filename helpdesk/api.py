"""API plumbing shared by every app's endpoints."""

from __future__ import annotations

from django_ratelimit.exceptions import Ratelimited
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from helpdesk.errors import ApplicationError


def exception_handler(exc, context):
    """Domain errors become JSON 4xx bodies keyed by field name, like DRF's own errors."""
    if isinstance(exc, ApplicationError):
        return Response(exc.as_dict(), status=exc.status_code)
    if isinstance(exc, Ratelimited):
        # A PermissionDenied subclass: DRF alone would answer 403.
        from helpdesk.views import rate_limited_message

        return Response({"detail": rate_limited_message()}, status=429)
    return drf_exception_handler(exc, context)
