"""Run a service in several threads at once, as two beat runs or two workers would."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable

from django.db import connection


def run_at_once(fn: Callable[[], object], *, times: int = 2) -> list[object]:
    """Call ``fn`` in ``times`` threads released together (each on its own database connection,
    each seeing the caller's frozen clock) and return their results; re-raise the first error."""
    start = threading.Barrier(times)
    results: list[object] = []
    errors: list[BaseException] = []

    def run():
        try:
            start.wait()
            results.append(fn())
        except BaseException as error:  # re-raised below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=contextvars.copy_context().run, args=(run,)) for _ in range(times)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
