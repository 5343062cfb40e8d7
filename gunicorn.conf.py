"""gunicorn settings used by the Dockerfile and docker-compose.yml (`gunicorn -c gunicorn.conf.py`).

The access log goes to stdout through a logger that redacts tracking tokens, sign-in links and
signed address proofs (helpdesk.logging), so no log line opens a customer's ticket."""

from gunicorn.glogging import Logger

from helpdesk.logging import RedactTokensFilter, redact_atoms


class RedactingLogger(Logger):
    """gunicorn's logger, with token URLs cut out of the access log (request line, path, query,
    Referer, headers) and out of the error log."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactTokensFilter) for f in log.filters):
                log.addFilter(RedactTokensFilter())

    def atoms(self, resp, req, environ, request_time):
        return redact_atoms(super().atoms(resp, req, environ, request_time))


logger_class = RedactingLogger
accesslog = "-"


def post_worker_init(worker):
    """Keep the cyclic garbage collector off the request path. Django, the URLconf and the
    compiled templates are loaded by now and live as long as the worker: freezing them takes
    them out of every later collection. A page allocates some 100,000 objects, so the default
    threshold (700) ran ~150 young collections per request and, every hundred of those, a full
    one over the whole heap: a few ms of every page and tens at p95. Nearly all of a request's
    objects die by reference counting; the rare cycles wait a little longer."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
