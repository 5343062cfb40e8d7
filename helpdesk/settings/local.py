"""Developer machine: `make up`."""

from .base import *

DEBUG = env.bool("DEBUG", default=True)

# Serve static files straight from the app folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
