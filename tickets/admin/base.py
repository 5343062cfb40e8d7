"""What the admin modules share."""

import logging

from django.contrib import admin
from django.db import transaction

logger = logging.getLogger(__name__)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Tickets change only through services (each change writes an event), so the admin may
    look but not touch."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def refresh_sla_after_commit() -> None:
    """Open tickets pick up the changed policies in the background."""
    from tickets.tasks import refresh_sla_due_times

    def enqueue():
        try:
            refresh_sla_due_times.apply_async(retry=False)
        except Exception:  # broker down: each ticket follows at its next event
            logger.warning("broker unreachable; SLA due times not redone")

    transaction.on_commit(enqueue)
