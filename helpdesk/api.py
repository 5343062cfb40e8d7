"""API plumbing shared by every app's endpoints."""

from __future__ import annotations

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from helpdesk.errors import ApplicationError


def exception_handler(exc, context):
    """Domain errors become JSON 4xx bodies keyed by field name, like DRF's own errors."""
    if isinstance(exc, ApplicationError):
        return Response(exc.as_dict(), status=exc.status_code)
    return drf_exception_handler(exc, context)
