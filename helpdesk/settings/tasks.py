"""Celery and beat (star-imported by helpdesk.settings.base): the broker's timeouts, the periodic
tasks, and the consumers of ticket events with their retries."""

from helpdesk.settings.environment import VAR_DIR, env
from helpdesk.settings.product import HELPDESK_IMAP_POLL_SECONDS, HELPDESK_SLA_CHECK_SECONDS

# --- Celery ------------------------------------------------------------------------------------
# Like every Redis call of a request, a publish to the broker is bounded (see below).
HELPDESK_BROKER_TIMEOUT_SECONDS = env.float("HELPDESK_BROKER_TIMEOUT_SECONDS", default=2.0)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request must not hang when the broker is down or paused: a publish gives up after the
# socket timeout (the event rows are committed already, and beat's re-drive picks them up), and
# is not retried (max_retries 0, no retry_on_timeout; services publish with retry=False).
# Workers and beat reconnect on their own: connection retries never stop, keepalive and
# health checks drop a connection that went silent (kombu reconnects a BRPOP with no reply
# after about brpop_timeout + health_check_interval).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_timeout": HELPDESK_BROKER_TIMEOUT_SECONDS,
    "socket_connect_timeout": HELPDESK_BROKER_TIMEOUT_SECONDS,
    "socket_keepalive": True,
    "retry_on_timeout": False,
    "health_check_interval": env.int("HELPDESK_BROKER_HEALTH_CHECK_SECONDS", default=10),
}
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="helpdesk")
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Rollups (metrics.rollups): a fill is asked for this long after facts change (commits in
# between share it), and beat runs one this often as a backstop.
HELPDESK_ROLLUP_FILL_DEBOUNCE_SECONDS = env.float(
    "HELPDESK_ROLLUP_FILL_DEBOUNCE_SECONDS", default=1.0
)
HELPDESK_ROLLUP_FILL_SECONDS = env.int("HELPDESK_ROLLUP_FILL_SECONDS", default=30)
# Ticket events: the worker is asked to look this long after a commit (whole seconds; commits in
# between share the message, helpdesk.debounce); beat's re-drive is the backstop.
HELPDESK_EVENT_LOOK_DEBOUNCE_SECONDS = env.int("HELPDESK_EVENT_LOOK_DEBOUNCE_SECONDS", default=1)
CELERY_BEAT_SCHEDULE = {
    # The outbox re-drive: events whose "look" message was lost with the broker get processed.
    "process-pending-ticket-events": {
        "task": "tickets.process_pending_events",
        "schedule": env.int("HELPDESK_EVENT_REDRIVE_SECONDS", default=30),
    },
    # Event handlers that failed on an event, retried once their backoff is over.
    "retry-event-handler-failures": {
        "task": "tickets.retry_event_handler_failures",
        "schedule": env.int("HELPDESK_EVENT_HANDLER_RETRY_POLL_SECONDS", default=30),
        "options": {"expires": 30},
    },
    # Rollup days left dirty when the on-commit fill request was lost (broker down, worker killed).
    "fill-rollups": {
        "task": "metrics.fill_rollups",
        "schedule": HELPDESK_ROLLUP_FILL_SECONDS,
        "options": {"expires": HELPDESK_ROLLUP_FILL_SECONDS},
    },
    # E-mails whose send task was lost with the broker.
    "redrive-outbound-emails": {
        "task": "tickets.redrive_outbound_emails",
        "schedule": 300,
    },
    # Fans out one poll task per active IMAP mailbox; a poll not started within one interval
    # is dropped (the next one is on its way).
    "poll-mailboxes": {
        "task": "tickets.poll_mailboxes",
        "schedule": HELPDESK_IMAP_POLL_SECONDS,
        "options": {"expires": HELPDESK_IMAP_POLL_SECONDS},
    },
    # CSAT surveys for tickets solved HELPDESK_CSAT_DELAY_MINUTES ago, and NPS surveys.
    "send-due-surveys": {
        "task": "tickets.send_due_surveys",
        "schedule": 300,
        "options": {"expires": 300},
    },
    # SLA warnings and breaches, each written once (tickets.services.sla).
    "check-sla-alerts": {
        "task": "tickets.check_sla_alerts",
        "schedule": HELPDESK_SLA_CHECK_SECONDS,
        "options": {"expires": HELPDESK_SLA_CHECK_SECONDS},
    },
    # Close solved tickets, solve unanswered pending ones (tickets.services.automations).
    "run-ticket-automations": {
        "task": "tickets.run_automations",
        "schedule": 900,
        "options": {"expires": 900},
    },
    # Owners told of their published articles not reviewed for HELPDESK_KB_REVIEW_AFTER_DAYS.
    "remind-stale-articles": {
        "task": "kb.remind_stale_articles",
        "schedule": 6 * 3600,
        "options": {"expires": 3600},
    },
}

# Consumers of ticket events, called in order inside the transaction that marks events processed.
# A handler that fails on an event is retried on that event alone (the others go on), after
# RETRY_SECONDS, then twice as long each time up to RETRY_MAX_SECONDS; after ATTEMPTS failures
# it is parked for an admin (Event handler failures, "re-drive").
HELPDESK_EVENT_HANDLER_ATTEMPTS = env.int("HELPDESK_EVENT_HANDLER_ATTEMPTS", default=8)
HELPDESK_EVENT_HANDLER_RETRY_SECONDS = env.int("HELPDESK_EVENT_HANDLER_RETRY_SECONDS", default=30)
HELPDESK_EVENT_HANDLER_RETRY_MAX_SECONDS = env.int(
    "HELPDESK_EVENT_HANDLER_RETRY_MAX_SECONDS", default=6 * 3600
)
HELPDESK_EVENT_HANDLERS = [
    "metrics.handlers.refresh_ticket_facts",
    "tickets.notifications.notify_from_events",
]
