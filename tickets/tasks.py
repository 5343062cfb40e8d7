from celery import shared_task

from tickets.services import events_process_pending
from tickets.services.events import events_look_request_clear
from tickets.services.outbound import (
    SendFailed,
    outbound_email_send,
    outbound_emails_redrive,
    retry_delay_seconds,
)

# Bounds one run so a huge backlog is worked through in several tasks, not one endless one.
MAX_BATCHES_PER_RUN = 50


@shared_task(name="tickets.process_pending_events")
def process_pending_events() -> int:
    """Process unprocessed ticket events. Enqueued after every commit and by beat; safe to run
    any number of times at once (rows are claimed with SKIP LOCKED)."""
    events_look_request_clear()  # before looking: a commit from now on asks again
    processed = 0
    for _batch in range(MAX_BATCHES_PER_RUN):
        count = events_process_pending()
        processed += count
        if not count:
            break
    return processed


@shared_task(name="tickets.send_outbound_email", bind=True, max_retries=None)
def send_outbound_email(self, email_id: int) -> None:
    """Send one queued e-mail. The row counts the attempts and marks itself failed after the
    last one, so the retries here are bounded by HELPDESK_EMAIL_SEND_ATTEMPTS."""
    try:
        outbound_email_send(email_id=email_id)
    except SendFailed as error:
        # The delay follows the row's attempts, not this task's retries: a task started again
        # by the re-drive keeps backing off where the lost one left off.
        raise self.retry(countdown=retry_delay_seconds(error.attempts)) from error


@shared_task(name="tickets.redrive_outbound_emails")
def redrive_outbound_emails() -> int:
    return outbound_emails_redrive()


@shared_task(name="tickets.poll_mailboxes")
def poll_mailboxes() -> int:
    """Beat's entry: one small poll task per active IMAP mailbox."""
    from tickets.services.mailboxes import mailboxes_poll_enqueue

    return mailboxes_poll_enqueue()


@shared_task(name="tickets.poll_mailbox")
def poll_mailbox(mailbox_id: int) -> int:
    """Poll one mailbox; safe to run twice at once (the second one skips). Mail-side errors are
    recorded on the mailbox, not raised."""
    from tickets.channels.imap import mailbox_poll

    return mailbox_poll(mailbox_id=mailbox_id).handled


@shared_task(name="tickets.send_due_surveys")
def send_due_surveys() -> dict:
    """Beat's entry: CSAT surveys for tickets solved long enough ago, then NPS surveys. Safe to
    run twice or at once (each survey is created under a row lock, after a fresh check)."""
    from tickets.services.surveys import csat_surveys_send_due, nps_surveys_send_due

    return {"csat": csat_surveys_send_due(), "nps": nps_surveys_send_due()}


@shared_task(name="tickets.check_sla_alerts")
def check_sla_alerts() -> int:
    """Beat's entry: the SLA warnings and breaches that fell due, each written exactly once
    (rows claimed with SKIP LOCKED, a unique constraint behind them)."""
    from tickets.services.sla import sla_alerts_check

    return sla_alerts_check()


@shared_task(name="tickets.run_automations")
def run_automations() -> dict:
    """Beat's entry: close solved tickets, solve unanswered pending ones. Safe to run twice or
    at once (each ticket is claimed under a lock and checked again)."""
    from tickets.services.automations import tickets_auto_close, tickets_pending_solve

    return {"closed": tickets_auto_close(), "solved": tickets_pending_solve()}


@shared_task(name="tickets.retry_event_handler_failures")
def retry_event_handler_failures() -> int:
    """Beat's entry (and an admin's re-drive): run each failed event handler again on its one
    event once its backoff is over. Safe to run twice at once (rows claimed with SKIP LOCKED)."""
    from tickets.services.events import event_handler_failures_retry

    return event_handler_failures_retry()


@shared_task(name="tickets.refresh_sla_due_times")
def refresh_sla_due_times() -> int:
    """Recompute the open tickets' SLA due times (enqueued when an admin changes a policy)."""
    from tickets.services.sla import open_tickets_sla_refresh

    return open_tickets_sla_refresh()
