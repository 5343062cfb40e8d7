from celery import shared_task

from tickets.services import events_process_pending

# Bounds one run so a huge backlog is worked through in several tasks, not one endless one.
MAX_BATCHES_PER_RUN = 50


@shared_task(name="tickets.process_pending_events")
def process_pending_events() -> int:
    """Process unprocessed ticket events. Enqueued after every commit and by beat; safe to run
    any number of times at once (rows are claimed with SKIP LOCKED)."""
    processed = 0
    for _batch in range(MAX_BATCHES_PER_RUN):
        count = events_process_pending()
        processed += count
        if not count:
            break
    return processed
