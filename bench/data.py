"""Synthetic bulk data for benchmarks, generated in SQL (see bench/__main__.py for why).

``bench_world()`` makes the people and rules (4 teams with a business calendar each, 24 agents,
8 categories, an SLA policy per priority); ``grow_tickets()`` adds tickets with real event
histories: CREATED (with the payload the facts fold reads), ASSIGNED, the first agent reply
opening the ticket, some customer replies answered again (next responses), solving (most),
some reopens and second solves, closing, and CSAT / NPS answers after the solve. Every event is
marked processed, and no facts are written: ``metrics_rebuild`` derives them, which is the thing
the metrics benchmark measures. Survey rows (CsatSurvey / NpsSurvey) are not generated; the
facts read only the answer events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from django.contrib.auth.models import Group
from django.db import connection, transaction

from tickets.models import (
    BusinessCalendar,
    Category,
    SlaPolicy,
    Team,
    Ticket,
    User,
    WorkingHours,
)
from tickets.roles import AGENTS

BATCH = 50_000
DAYS = 400
AGENTS_PER_TEAM = 6
PRIORITIES = ("low", "normal", "normal", "normal", "high", "urgent")  # weighted


@dataclass(frozen=True)
class World:
    team_ids: list[int]
    agent_ids: list[list[int]]  # per team
    category_ids: list[list[int]]  # per team
    policy_by_priority: dict[str, int]


def reset(*, keep_users: bool = False) -> None:
    tables = [
        "metrics_ticketfacts",
        "metrics_createdrollup",
        "metrics_resolvedrollup",
        "metrics_surveyrollup",
        "metrics_rollupdirtyday",
        "metrics_rollupstate",
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


def bench_world() -> World:
    """Teams, calendars, agents, categories and SLA policies for the generated tickets (made
    once; a second call returns the same ones)."""
    agents_group = Group.objects.get(name=AGENTS)
    zones = ["Europe/Moscow", "Europe/London", "Europe/Moscow", "America/New_York"]
    team_ids, agent_ids, category_ids = [], [], []
    for n, zone in enumerate(zones, start=1):
        calendar, created = BusinessCalendar.objects.get_or_create(
            name=f"bench-calendar-{n}", defaults={"time_zone": zone}
        )
        if created:
            WorkingHours.objects.bulk_create(
                WorkingHours(calendar=calendar, weekday=day, start=time(9), end=time(18))
                for day in range(5)
            )
        team, _ = Team.objects.get_or_create(name=f"bench-team-{n}")
        if team.calendar_id != calendar.pk:
            team.calendar = calendar
            team.save(update_fields=["calendar"])
        team_ids.append(team.pk)
        agents = []
        for a in range(AGENTS_PER_TEAM):
            user, _ = User.objects.get_or_create(username=f"bench-agent-{n}-{a}")
            user.groups.add(agents_group)
            team.members.add(user)
            agents.append(user.pk)
        agent_ids.append(agents)
        categories = []
        for c in range(2):
            category, _ = Category.objects.get_or_create(
                name_en=f"bench-{n}-{c}", defaults={"name_ru": f"bench-{n}-{c}", "team": team}
            )
            categories.append(category.pk)
        category_ids.append(categories)
    targets = {"low": (480, 4800), "normal": (240, 2400), "high": (60, 960), "urgent": (30, 480)}
    policies = {}
    for priority, (first, resolution) in targets.items():
        policy, _ = SlaPolicy.objects.get_or_create(
            name=f"bench-{priority}",
            defaults={
                "priority": priority,
                "first_response_minutes": first,
                "next_response_minutes": first * 2,
                "resolution_minutes": resolution,
            },
        )
        policies[priority] = policy.pk
    return World(team_ids, agent_ids, category_ids, policies)


def grow_tickets(count: int, *, world: World, days: int = DAYS) -> None:
    """Add ``count`` tickets created over the last ``days`` days, with their histories."""
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
            params = {
                "n": size,
                "days": days,
                "customer": customer_id,
                "teams": world.team_ids,
                "agents": world.agent_ids,
                "categories": world.category_ids,
                "priorities": list(PRIORITIES),
                "policies": [world.policy_by_priority[p] for p in PRIORITIES],
                "channels": list(Ticket.Channel.values),
            }
            for statement in SQL_BATCH:
                cursor.execute(statement, params)
        done += size
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a live system


# One batch: the tickets' shapes into a temporary table (every time and choice drawn once),
# then tickets, first messages and events from it. Times are capped at now(), in order.
SQL_BATCH = [
    "DROP TABLE IF EXISTS bench_src",
    """
CREATE TEMP TABLE bench_src AS
WITH base AS (
    SELECT nextval(pg_get_serial_sequence('tickets_ticket', 'id')) AS id,
        g, random() AS r_status, random() AS r_reopen, random() AS r_csat, random() AS r_nps,
        random() AS r_next, g %% 4 AS team_i, (g / 4) %% 6 AS chan_i, (g / 24) %% 6 AS prio_i,
        now() - random() * make_interval(days => %(days)s) AS created,
        -- first response: 5 min .. ~2 days, skewed short; resolution after it: up to ~5 days
        interval '5 minutes' + least(-ln(1 - random()) * interval '3 hours', interval '2 days')
            AS frt,
        interval '10 minutes' + least(-ln(1 - random()) * interval '14 hours', interval '5 days')
            AS rt
    FROM generate_series(1, %(n)s) AS g
)
SELECT b.*,
    (%(teams)s::bigint[])[team_i + 1] AS team_id,
    (%(agents)s::bigint[])[team_i + 1][1 + floor(random() * 6)::int] AS agent_id,
    (%(categories)s::bigint[])[team_i + 1][1 + (g / 7) %% 2] AS category_id,
    (%(channels)s::text[])[chan_i + 1] AS channel,
    (%(priorities)s::text[])[prio_i + 1] AS priority,
    (%(policies)s::bigint[])[prio_i + 1] AS policy_id,
    CASE WHEN r_status < 0.05 THEN 'new' WHEN r_status < 0.11 THEN 'open'
         WHEN r_status < 0.15 THEN 'pending' WHEN r_status < 0.85 THEN 'solved'
         ELSE 'closed' END AS status,
    least(created + frt, now()) AS replied,
    least(created + frt + rt, now()) AS solved,
    least(created + frt + rt * 1.5, now()) AS reopened_at,
    least(created + frt + rt * 2, now()) AS resolved_again,
    least(created + frt + rt * CASE WHEN r_reopen < 0.08 THEN 2 ELSE 1 END, now()) AS resolved,
    least(created + frt + rt * CASE WHEN r_reopen < 0.08 THEN 2 ELSE 1 END + interval '4 days',
        now()) AS closed
FROM base b
""",
    """
INSERT INTO tickets_ticket (id, number, subject, status, priority, channel, language, team_id,
    category_id, assignee_id, customer_id, tracking_token, created_at, updated_at, solved_at,
    closed_at, sla_policy_id)
SELECT id, nextval('tickets_ticket_number_seq'), 'Bench ticket ' || g, status, priority, channel,
    'en', team_id, category_id, CASE WHEN status = 'new' THEN NULL ELSE agent_id END,
    %(customer)s, md5(random()::text), created,
    CASE status WHEN 'new' THEN created WHEN 'closed' THEN closed
        WHEN 'solved' THEN resolved ELSE replied END,
    CASE WHEN status IN ('solved', 'closed') THEN resolved END,
    CASE WHEN status = 'closed' THEN closed END,
    policy_id
FROM bench_src
""",
    """
INSERT INTO tickets_message (ticket_id, is_internal, body, body_format, channel, created_at,
    body_original)
SELECT id, false, 'Synthetic body', 'text', channel, created, '' FROM bench_src
""",
    # Each event's time is offset by microseconds so a ticket's events keep their order even
    # when several are capped at now().
    """
INSERT INTO tickets_ticketevent (ticket_id, kind, payload, created_at, processed_at,
    system_actor)
SELECT id, kind, payload, at, now(), '' FROM (
    SELECT id, 'created' AS kind, jsonb_build_object('channel', channel, 'team_id', team_id,
        'priority', priority, 'category_id', category_id) AS payload, created AS at
    FROM bench_src
    UNION ALL
    SELECT id, 'assigned', jsonb_build_object('from', NULL, 'to', agent_id),
        created + interval '1 microsecond'
    FROM bench_src WHERE status <> 'new'
    UNION ALL
    SELECT id, 'agent_replied', '{}'::jsonb, replied + interval '2 microseconds'
    FROM bench_src WHERE status <> 'new'
    UNION ALL
    SELECT id, 'status_changed', '{"from": "new", "to": "open"}'::jsonb,
        replied + interval '3 microseconds'
    FROM bench_src WHERE status <> 'new'
    UNION ALL  -- a customer's follow-up question and its answer: a next response
    SELECT id, 'customer_replied', '{}'::jsonb,
        replied + (solved - replied) * 0.3 + interval '4 microseconds'
    FROM bench_src WHERE status <> 'new' AND r_next < 0.35
    UNION ALL
    SELECT id, 'agent_replied', '{}'::jsonb,
        replied + (solved - replied) * 0.6 + interval '5 microseconds'
    FROM bench_src WHERE status <> 'new' AND r_next < 0.35
    UNION ALL
    SELECT id, 'status_changed', '{"from": "open", "to": "pending"}'::jsonb,
        solved + interval '6 microseconds'
    FROM bench_src WHERE status = 'pending'
    UNION ALL
    SELECT id, 'status_changed', '{"from": "open", "to": "solved"}'::jsonb,
        solved + interval '6 microseconds'
    FROM bench_src WHERE status IN ('solved', 'closed')
    UNION ALL  -- reopened by the customer, answered and solved again
    SELECT id, 'status_changed', '{"from": "solved", "to": "open"}'::jsonb,
        reopened_at + interval '7 microseconds'
    FROM bench_src WHERE status IN ('solved', 'closed') AND r_reopen < 0.08
    UNION ALL
    SELECT id, 'agent_replied', '{}'::jsonb, resolved_again + interval '8 microseconds'
    FROM bench_src WHERE status IN ('solved', 'closed') AND r_reopen < 0.08
    UNION ALL
    SELECT id, 'status_changed', '{"from": "open", "to": "solved"}'::jsonb,
        resolved_again + interval '9 microseconds'
    FROM bench_src WHERE status IN ('solved', 'closed') AND r_reopen < 0.08
    UNION ALL
    SELECT id, 'csat_answered',
        jsonb_build_object('score', 1 + floor(power(random(), 0.6) * 5)::int),
        least(resolved + interval '1 day', now()) + interval '10 microseconds'
    FROM bench_src WHERE status IN ('solved', 'closed') AND r_csat < 0.35
    UNION ALL
    SELECT id, 'nps_answered', jsonb_build_object('score', floor(power(random(), 0.5) * 11)::int),
        least(resolved + interval '2 days', now()) + interval '11 microseconds'
    FROM bench_src WHERE status IN ('solved', 'closed') AND r_nps < 0.12
    UNION ALL
    SELECT id, 'status_changed', '{"from": "solved", "to": "closed"}'::jsonb,
        closed + interval '12 microseconds'
    FROM bench_src WHERE status = 'closed'
) AS events
""",
    "DROP TABLE bench_src",
]
