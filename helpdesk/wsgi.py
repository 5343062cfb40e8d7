import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings.production")

application = get_wsgi_application()

# A page allocates tens of thousands of short-lived objects (rows, template nodes' output);
# with CPython's default thresholds that set off full collections over every long-lived object
# (modules, settings, the URLconf) every few requests: the slowest 5% of the agents' pages took
# twice the median (bench/workspace.py). Long-lived objects are frozen out of the collector and
# collections run less often; reference counting still frees nearly everything at once.
gc.collect()
gc.freeze()
gc.set_threshold(20_000, 50, 1_000)
