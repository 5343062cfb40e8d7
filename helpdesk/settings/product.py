"""The helpdesk's own options (star-imported by helpdesk.settings.base): e-mail in and out, the
customer portal, SLA checks and automations, surveys, the public forms' rate limits, chat and
social webhooks. Each reads its environment variable (README lists them)."""

from helpdesk.settings.environment import env

# --- E-mail ------------------------------------------------------------------------------------
# Mail is printed to the console unless EMAIL_BACKEND says otherwise (README: "E-mail").
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="helpdesk@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The display name on every e-mail we send ("Support <help@example.com>").
HELPDESK_EMAIL_FROM_NAME = env("HELPDESK_EMAIL_FROM_NAME", default="Helpdesk")
# The right-hand side of our Message-IDs; also how replies to our mail are recognised.
HELPDESK_EMAIL_DOMAIN = env("HELPDESK_EMAIL_DOMAIN", default="helpdesk.localhost")
# Links in e-mails point here (no request to take the host from in a Celery worker).
HELPDESK_BASE_URL = env("HELPDESK_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Mail from these addresses (ours) is never turned into tickets or answered.
HELPDESK_OWN_ADDRESSES = env.list("HELPDESK_OWN_ADDRESSES", default=[])
# Providers that POST raw MIME to /inbound/email/ send this secret; empty turns the endpoint off.
HELPDESK_INBOUND_EMAIL_SECRET = env("HELPDESK_INBOUND_EMAIL_SECRET", default="")
# Raw messages larger than this are rejected (kept, with the reason).
HELPDESK_INBOUND_EMAIL_MAX_BYTES = env.int(
    "HELPDESK_INBOUND_EMAIL_MAX_BYTES", default=30 * 1024 * 1024
)
# IMAP mailboxes (configured in the admin): beat polls each active one this often; one poll
# takes at most this many messages; a silent server is given up after this many seconds.
HELPDESK_IMAP_POLL_SECONDS = env.int("HELPDESK_IMAP_POLL_SECONDS", default=60)
HELPDESK_IMAP_BATCH_SIZE = env.int("HELPDESK_IMAP_BATCH_SIZE", default=100)
HELPDESK_IMAP_TIMEOUT_SECONDS = env.int("HELPDESK_IMAP_TIMEOUT_SECONDS", default=30)
# Sending: attempts before an e-mail is marked failed; backoff doubles from the first delay.
HELPDESK_EMAIL_SEND_ATTEMPTS = env.int("HELPDESK_EMAIL_SEND_ATTEMPTS", default=6)
HELPDESK_EMAIL_RETRY_SECONDS = env.int("HELPDESK_EMAIL_RETRY_SECONDS", default=30)
# Ticket events older than this when the worker gets to them send no e-mail (stale news).
HELPDESK_NOTIFY_MAX_EVENT_AGE_HOURS = env.int("HELPDESK_NOTIFY_MAX_EVENT_AGE_HOURS", default=48)
# A reply's files go into its e-mail up to this total (mail servers refuse big messages, and
# base64 adds a third); the rest are named in the e-mail and downloaded through the link.
HELPDESK_EMAIL_ATTACHMENTS_MAX_BYTES = env.int(
    "HELPDESK_EMAIL_ATTACHMENTS_MAX_BYTES", default=15 * 1024 * 1024
)

# --- Customer portal ---------------------------------------------------------------------------
HELPDESK_SIGN_IN_LINK_MINUTES = env.int("HELPDESK_SIGN_IN_LINK_MINUTES", default=30)
# A solved ticket may be reopened by its customer for this many days.
HELPDESK_REOPEN_WINDOW_DAYS = env.int("HELPDESK_REOPEN_WINDOW_DAYS", default=14)
# Numbers without a country code are read in this region (ISO 3166 code).
HELPDESK_PHONE_REGION = env("HELPDESK_PHONE_REGION", default="RU")
# --- SLA and automations (tickets.services.sla, tickets.services.automations) ----------------
# How often beat writes the SLA warnings and breaches that fell due.
HELPDESK_SLA_CHECK_SECONDS = env.int("HELPDESK_SLA_CHECK_SECONDS", default=60)
# Solved tickets close this many days after they were solved.
HELPDESK_AUTO_CLOSE_DAYS = env.int("HELPDESK_AUTO_CLOSE_DAYS", default=7)
# Pending tickets whose customer has not answered for this many days are solved, with a notice.
HELPDESK_PENDING_SOLVE_DAYS = env.int("HELPDESK_PENDING_SOLVE_DAYS", default=7)
# --- Surveys (tickets.services.surveys) ---------------------------------------------------------
# CSAT: this long after a ticket is solved, its customer is asked to rate it (1-5).
HELPDESK_CSAT_DELAY_MINUTES = env.int("HELPDESK_CSAT_DELAY_MINUTES", default=60)
# A rating at or below this score e-mails the team lead and shows on the agent's ticket page.
HELPDESK_CSAT_BAD_SCORE = env.int("HELPDESK_CSAT_BAD_SCORE", default=2)
# NPS: at most one "would you recommend us" survey per customer in this many days.
HELPDESK_NPS_INTERVAL_DAYS = env.int("HELPDESK_NPS_INTERVAL_DAYS", default=90)
# Survey answers (page and API) allowed per client IP.
HELPDESK_SURVEY_RATE_PER_IP = env("HELPDESK_SURVEY_RATE_PER_IP", default="30/h")
# Abuse limits of the public forms, counted in Redis (django-ratelimit): "count/period".
HELPDESK_REQUEST_RATE_PER_IP = env("HELPDESK_REQUEST_RATE_PER_IP", default="10/h")
HELPDESK_REQUEST_RATE_PER_ADDRESS = env("HELPDESK_REQUEST_RATE_PER_ADDRESS", default="5/h")
HELPDESK_SIGN_IN_RATE_PER_IP = env("HELPDESK_SIGN_IN_RATE_PER_IP", default="20/h")
HELPDESK_SIGN_IN_RATE_PER_ADDRESS = env("HELPDESK_SIGN_IN_RATE_PER_ADDRESS", default="5/h")
# The client address comes from X-Forwarded-For only behind a proxy we trust, and then from the
# entry that many hops from the right (1: the address our own proxy saw).
HELPDESK_TRUSTED_PROXY_HOPS = env.int("HELPDESK_TRUSTED_PROXY_HOPS", default=0)
RATELIMIT_USE_CACHE = "ratelimit"
# A limit whose counter cannot be read lets the request through (logged by helpdesk/cache.py):
# a Redis outage must not lock every customer out of the forms.
RATELIMIT_FAIL_OPEN = True
RATELIMIT_IP_META_KEY = "helpdesk.client_ip.client_ip_from_request"
RATELIMIT_VIEW = "helpdesk.views.rate_limited"

# --- Chat and social integrations --------------------------------------------------------------
# Signed inbound webhook (README: "Chat and social integrations"): provider name -> secret.
HELPDESK_CONVERSATION_WEBHOOK_SECRETS = env.dict(
    "HELPDESK_CONVERSATION_WEBHOOK_SECRETS", default={}
)
HELPDESK_CONVERSATION_WEBHOOK_WINDOW_SECONDS = env.int(
    "HELPDESK_CONVERSATION_WEBHOOK_WINDOW_SECONDS", default=300
)

# --- Knowledge base ------------------------------------------------------------------------------
# A published article not reviewed for this long is stale: its owner gets a reminder (kb.tasks).
HELPDESK_KB_REVIEW_AFTER_DAYS = env.int("HELPDESK_KB_REVIEW_AFTER_DAYS", default=180)
# Anonymous visitors' knowledge base pages may be kept by browsers and proxies this long.
HELPDESK_KB_CACHE_SECONDS = env.int("HELPDESK_KB_CACHE_SECONDS", default=300)
# A request-form visit shown suggestions counts as deflected once this long has passed
# without a request (kb.reports; docs/metrics.md).
HELPDESK_KB_VISIT_SETTLE_MINUTES = env.int("HELPDESK_KB_VISIT_SETTLE_MINUTES", default=60)
HELPDESK_KB_SUGGEST_RATE_PER_IP = env("HELPDESK_KB_SUGGEST_RATE_PER_IP", default="600/h")
HELPDESK_KB_SEARCH_RATE_PER_IP = env("HELPDESK_KB_SEARCH_RATE_PER_IP", default="600/h")
HELPDESK_KB_VOTE_RATE_PER_IP = env("HELPDESK_KB_VOTE_RATE_PER_IP", default="60/h")
