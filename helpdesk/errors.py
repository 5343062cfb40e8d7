"""Domain errors raised by services and selectors.

Views never catch bare exceptions: the DRF handler (helpdesk.api) turns these into JSON 4xx
bodies, and HTML views turn ``ValidationError`` into form errors.
"""

from __future__ import annotations


class ApplicationError(Exception):
    status_code = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict:
        key = self.field or "detail"
        return {key: [self.message]} if self.field else {"detail": self.message}


class ValidationError(ApplicationError):
    """Input that breaks a business rule (an invalid transition, a bad assignee...)."""


class PermissionDenied(ApplicationError):
    status_code = 403


class NotFound(ApplicationError):
    """Also used when an object exists but the user may not see it, so its existence never leaks."""

    status_code = 404
