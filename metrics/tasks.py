"""Celery tasks of the metrics app: thin, idempotent, calling metrics.rollups."""

from celery import shared_task

from metrics.rollups import rollups_fill, rollups_fill_request, rollups_fill_request_clear

# Bounds one run (the task time limit is global); a run that stops here queues the next.
MAX_DAYS_PER_RUN = 400


@shared_task(name="metrics.fill_rollups")
def fill_rollups() -> int:
    """Rewrite the dirty rollup days. Asked for after facts change and run by beat; safe to run
    any number of times, also at once (days are claimed with SKIP LOCKED)."""
    rollups_fill_request_clear()
    result = rollups_fill(max_days=MAX_DAYS_PER_RUN)
    if not result.drained:
        rollups_fill_request()
    return result.days
