# Production image: gunicorn serving helpdesk.wsgi; the same image runs the Celery worker and beat
# (see docker-compose.yml). PostgreSQL and Redis are external: DATABASE_URL and REDIS_URL.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=helpdesk.settings.production \
    HELPDESK_VAR_DIR=/app/var

RUN useradd --create-home --uid 1000 --user-group helpdesk

WORKDIR /app

# Dependencies first, so editing the code does not reinstall them.
COPY requirements.lock .
RUN pip install -r requirements.lock

COPY . .

# Settings need these to import; the URLs make them skip the embedded servers. Nothing connects
# at build time, and none of these values reaches the running container.
RUN SECRET_KEY=build-only-not-secret \
    ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build@localhost:5432/build \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
    && python -m helpdesk.i18n compile \
    && mkdir -p /app/var \
    && chown helpdesk:helpdesk /app/var

# /app/var holds uploads and the beat schedule: mount a volume there to keep them.
USER helpdesk

EXPOSE 8000

# gunicorn reads WEB_CONCURRENCY for the number of workers.
# gunicorn.conf.py: the access log without tracking tokens (helpdesk/logging.py).
CMD ["gunicorn", "--config", "gunicorn.conf.py", "helpdesk.wsgi:application", "--bind", "0.0.0.0:8000"]
