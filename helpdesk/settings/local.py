"""Developer machine: `make up`."""

from .base import *

DEBUG = env.bool("DEBUG", default=True)

# Serve static files straight from the app folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True

# The console e-mail backend prints mail to the worker's stdout, which is the developer's
# mailbox here: keep it out of the logging system, whose filters redact the links' tokens.
CELERY_WORKER_REDIRECT_STDOUTS = False
