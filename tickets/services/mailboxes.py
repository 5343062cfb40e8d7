"""IMAP mailboxes: enqueueing their polls and recording how the last one went. The polling itself
is in ``tickets.channels.imap``; what it fetches goes through ``email_ingest``."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.db import transaction

from helpdesk import clock
from tickets.models import Mailbox

logger = logging.getLogger(__name__)


def mailbox_record_poll(*, mailbox_id: int, error: str = "") -> None:
    """When the mailbox was last polled and what went wrong (empty: nothing). An update, not a
    save: the admin may be editing the row at the same moment."""
    Mailbox.objects.filter(pk=mailbox_id).update(
        last_polled_at=clock.now(), last_error=error[:2000]
    )


def mailboxes_poll_enqueue(*, mailbox_ids: Iterable[int] | None = None) -> int:
    """Enqueue one poll task per active mailbox (those of ``mailbox_ids``, or all), after
    commit. Returns how many were enqueued."""
    mailboxes = Mailbox.objects.filter(is_active=True)
    if mailbox_ids is not None:
        mailboxes = mailboxes.filter(pk__in=list(mailbox_ids))
    ids = list(mailboxes.order_by("pk").values_list("pk", flat=True))
    for mailbox_id in ids:
        transaction.on_commit(partial(_enqueue_poll, mailbox_id))
    return len(ids)


def _enqueue_poll(mailbox_id: int) -> None:
    from tickets.tasks import poll_mailbox

    try:
        # A poll older than one interval is stale: beat has sent a fresh one by then.
        poll_mailbox.apply_async(
            args=[mailbox_id], expires=settings.HELPDESK_IMAP_POLL_SECONDS, retry=False
        )
    except Exception:  # broker down: beat enqueues the next poll anyway
        logger.warning("broker unreachable; mailbox %s is polled next time", mailbox_id)
