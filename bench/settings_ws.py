"""Settings for the gunicorn of `python -m bench.workspace`: the local settings, the bench URLconf
(the project's URLs plus the SELECT-by-primary-key baseline) and, outermost, a middleware that
reports each request's server time and query count in response headers (bench.server_timing)."""

from helpdesk.settings.local import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.server_timing.ServerTimingMiddleware", *MIDDLEWARE]  # noqa: F405
