"""Settings for `python -m bench.metrics --rollup-queue`: the local settings with the rollup fill
routed to a queue of its own, served by a second worker, to measure the lag when a backlog of
event messages cannot hold the fill up (an experiment; the project does not route it so)."""

from helpdesk.settings.local import *  # noqa: F403

CELERY_TASK_ROUTES = {"metrics.fill_rollups": {"queue": "helpdesk-bench-rollups"}}
