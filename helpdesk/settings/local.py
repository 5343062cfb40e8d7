"""Developer machine: `make up`."""

from .base import *

DEBUG = env.bool("DEBUG", default=True)
