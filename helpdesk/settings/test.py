"""pytest: real PostgreSQL and Redis (embedded unless DATABASE_URL / REDIS_URL are set)."""

from .base import *

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-media"
WHITENOISE_USE_FINDERS = True  # the browser tests get CSS without a collectstatic
# Mail stays in memory, except in the e2e tests' worker subprocess, which sends real SMTP to the
# tests' peer (tests/e2e/conftest.py sets this and product.py's EMAIL_HOST / EMAIL_PORT).
EMAIL_BACKEND = env(
    "HELPDESK_TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend"
)
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Separate test databases let several test runs share one server at once.
DATABASES["default"]["TEST"] = {
    "NAME": env("HELPDESK_TEST_DATABASE", default=f"test_{DATABASES['default']['NAME']}")
}
# Tests never share a queue with a developer's running worker, nor with another test run:
# each test database has its own queue.
CELERY_TASK_DEFAULT_QUEUE = f"helpdesk-{DATABASES['default']['TEST']['NAME']}"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Rate limits stay in real Redis, under a prefix of this test run's own.
    "ratelimit": {
        **CACHES["ratelimit"],
        "KEY_PREFIX": f"rl-{DATABASES['default']['TEST']['NAME']}",
    },
}
# The e2e tests' worker renders e-mailed links to the live server the browser opens.
HELPDESK_BASE_URL = env("HELPDESK_TEST_BASE_URL", default="http://testserver").rstrip("/")
# django-axes refuses authenticate() calls without a request (test Client.login(), scripts);
# tests/permissions turns it on for the lockout and URL-table tests.
AXES_ENABLED = False
