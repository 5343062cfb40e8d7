"""Synthetic bulk data for benchmarks, generated in SQL (see bench/__main__.py for why)."""

from __future__ import annotations

from django.db import connection, transaction

from tickets.models import Team, User

BATCH = 100_000


def reset(*, keep_users: bool = False) -> None:
    tables = [
        "metrics_ticketfacts",
        "tickets_ticketevent",
        "tickets_message",
        "tickets_ticket",
        "tickets_customer",
        "tickets_tag",
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")  # noqa: S608 - fixed names
    if not keep_users:
        User.objects.filter(username__startswith="bench-").delete()


def grow_tickets(count: int, *, team: Team) -> None:
    """Add `count` tickets spread over 60 days, each with a message, an event and facts."""
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO tickets_customer (email, name, language, created_at) "
                "SELECT 'bench' || nextval('tickets_ticket_number_seq') || '@example.com', "
                "'Bench', 'en', now() RETURNING id"
            )
            customer_id = cursor.fetchone()[0]
            cursor.execute(SQL_TICKETS, {"n": size, "team": team.pk, "customer": customer_id})
        done += size
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a live system


# One statement per batch: tickets, then their first message, event and facts.
SQL_TICKETS = """
WITH new AS (
    INSERT INTO tickets_ticket (number, subject, status, priority, channel, language, team_id,
        customer_id, tracking_token, created_at, updated_at)
    SELECT nextval('tickets_ticket_number_seq'), 'Bench ticket ' || g,
        (ARRAY['new','open','pending','on_hold','solved','closed'])[1 + g %% 6],
        'normal', 'web', 'en', %(team)s, %(customer)s, md5(random()::text),
        ts, ts
    FROM (SELECT g, now() - (random() * interval '60 days') AS ts
          FROM generate_series(1, %(n)s) AS g) AS src
    RETURNING id, created_at, status
), messages AS (
    INSERT INTO tickets_message (ticket_id, is_internal, body, body_format, channel, created_at)
    SELECT id, false, 'Synthetic body', 'text', 'web', created_at FROM new
), events AS (
    INSERT INTO tickets_ticketevent (ticket_id, kind, payload, created_at, processed_at)
    SELECT id, 'created', '{}'::jsonb, created_at, now() FROM new
)
INSERT INTO metrics_ticketfacts (ticket_id, team_id, channel, priority, status, created_at,
    first_response_at, first_response_seconds, agent_replies, customer_replies, reopened)
SELECT id, %(team)s, 'web', 'normal', status, created_at,
    created_at + interval '1 hour', 3600, 1, 0, 0
FROM new
"""
