"""Server time and query count of each request, for bench.workspace (only in bench/settings_ws.py).

Outermost middleware: the time covers every other middleware, the view, its queries and template
rendering, but not gunicorn or the network. Sent as `Server-Timing: app;dur=<ms>` and
`X-Bench-Queries: <n>`."""

from __future__ import annotations

import time

from django.db import connection


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        began = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        elapsed = time.perf_counter() - began
        response["Server-Timing"] = f"app;dur={elapsed * 1e3:.3f}"
        response["X-Bench-Queries"] = str(queries)
        return response
