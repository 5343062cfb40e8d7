"""The workspace benchmark's data: a helpdesk two years into its life, generated in SQL.

``generate(count)`` makes ``count`` tickets (1,000,000 for the real run) with about five messages
each and their events, in batches of 50,000 (a tqdm bar counts them):

- age: over DAYS (about two years), denser towards today (the helpdesk grew: the density falls
  linearly with age); ids and numbers rise with the creation time, as in a live table, so the
  physical order of the rows is what the indexes meet in production. Numbers come from
  ``tickets_ticket_number_seq``, as in ``ticket_create``.
- status: tickets older than two weeks are nearly all closed (a few stale open, pending and
  on-hold ones stay behind); the last two weeks hold most of the open work, about 7% overall.
- teams uneven (45/30/15/10%), priorities (normal 60%), channels (e-mail half), categories,
  tags on a third, customers writing long-tailed numbers of tickets, assignees from the team
  (new ones and a tenth of the open ones unassigned), SLA due times on new and open tickets.
- thread: the customer's first message, then agents' replies and customers' answers, with
  internal notes (15%); length 1..60, long-tailed (mean about 5); the newest ticket of each
  batch is a 60-message open thread (the "long thread" case).
- text: English and Russian (the customer's language), built from bench.workspace_words; each
  RARE word goes into about ten tickets, the COMMON ones into a large share.
- events: created, assigned, one per message (customer_replied / agent_replied / note_added),
  status changes on the way to the current status; all marked processed, so no worker takes
  them up, and no metrics facts are made (this benchmark measures the agents' pages).

The text pools are COPYed into temporary tables once; tickets, messages and events are then
INSERT ... SELECT over generate_series joined to them. Then the search index is filled (the
project's ``search_reindex`` command, when it exists) and the tables are VACUUMed and
ANALYZEd. What the benchmark needs to find again (the long threads, the rare words' tickets,
the agent) is kept in the table ``bench_ws_meta``, so ``--keep`` reuses the data.
"""

from __future__ import annotations

import csv
import io
import json
import random
import time
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.management import call_command, get_commands
from django.db import DatabaseError, connection, transaction
from tqdm import tqdm

from bench import workspace_words as words
from bench.data import bench_world, reset
from tickets.models import Tag, Team, User
from tickets.roles import AGENTS

BATCH = 50_000
DAYS = 730
POOL = 20_000  # bodies per language and role; subjects the same
RARE_TICKETS = 10  # tickets per rare word
AGENT = "bench-ws-agent"
TAGS = ["billing", "vip", "bug", "hardware", "refund", "outage", "feature-request", "login",
        "возврат", "срочно", "оборудование", "доставка"]  # fmt: skip


@dataclass(frozen=True)
class WsWorld:
    team_ids: list[int]
    agent_ids: list[list[int]]
    category_ids: list[list[int]]
    agent: User  # the signed-in agent of the benchmark: a member of teams 1 and 3
    agent_team_ids: list[int]


def _case(var: str, weights: list[tuple[str, float]]) -> str:
    """A CASE that draws one of the values with the given weights from the uniform ``var``
    (fixed values from this module, never user input)."""
    total, parts = 0.0, []
    for value, weight in weights[:-1]:
        total += weight
        parts.append(f"WHEN {var} < {total:.4f} THEN {value}")
    return f"CASE {' '.join(parts)} ELSE {weights[-1][0]} END"


TEAM_CASE = _case("r_team", [("1", 0.45), ("2", 0.30), ("3", 0.15), ("4", 0.10)])
PRIORITY_CASE = _case(
    "r_prio", [("'low'", 0.15), ("'normal'", 0.60), ("'high'", 0.20), ("'urgent'", 0.05)]
)
CHANNEL_CASE = _case(
    "r_chan",
    [("'email'", .5), ("'web'", .3), ("'chat'", .1), ("'phone'", .05), ("'social'", .03),
     ("'api'", .02)],
)  # fmt: skip
RECENT_STATUS = _case(
    "r_status",
    [("'new'", .10), ("'open'", .25), ("'pending'", .15), ("'on_hold'", .05),
     ("'solved'", .35), ("'closed'", .10)],
)  # fmt: skip
OLD_STATUS = _case(
    "r_status",
    [("'new'", .003), ("'open'", .02), ("'pending'", .015), ("'on_hold'", .007),
     ("'solved'", .01), ("'closed'", .945)],
)  # fmt: skip


def ws_world() -> WsWorld:
    """bench.data's world (4 teams, 24 agents, categories, SLA policies) and the agent
    whose session the benchmark uses (made once; a second call returns the same)."""
    world = bench_world()
    agent, _ = User.objects.get_or_create(username=AGENT, defaults={"language": "en"})
    agent.groups.add(Group.objects.get(name=AGENTS))
    agent_team_ids = [world.team_ids[0], world.team_ids[2]]
    for team in Team.objects.filter(pk__in=agent_team_ids):
        team.members.add(agent)
    return WsWorld(world.team_ids, world.agent_ids, world.category_ids, agent, agent_team_ids)


def _copy(cursor, table: str, columns: str, rows) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)", buffer)


def _pools(cursor, rng: random.Random) -> None:
    """Subjects, message bodies (per language and role) and names, COPYed into temp tables."""
    cursor.execute("DROP TABLE IF EXISTS ws_pool, ws_names")
    cursor.execute("CREATE TEMP TABLE ws_pool (lang text, role text, i int, body text)")
    cursor.execute("CREATE TEMP TABLE ws_names (lang text, i int, name text)")
    columns = "lang, role, i, body"
    for lang in ("en", "ru"):
        subjects = ((lang, "subject", i, words.subject(rng, lang)[:200]) for i in range(POOL))
        _copy(cursor, "ws_pool", columns, subjects)
        for role in ("customer", "agent", "note"):
            bodies = ((lang, role, i, words.body(rng, lang, role)) for i in range(POOL))
            _copy(cursor, "ws_pool", columns, bodies)
        names = ((lang, i, words.person(rng, lang)) for i in range(200))
        _copy(cursor, "ws_names", "lang, i, name", names)
    cursor.execute("ALTER TABLE ws_pool ADD PRIMARY KEY (lang, role, i)")
    cursor.execute("ANALYZE ws_pool")


def _customers(cursor, count: int) -> None:
    """``count`` customers, 60% Russian-speaking; ws_cust maps 0..count-1 to their ids."""
    cursor.execute("DROP TABLE IF EXISTS ws_cust")
    cursor.execute(
        "CREATE TEMP TABLE ws_cust AS SELECT i, "
        "nextval(pg_get_serial_sequence('tickets_customer', 'id')) AS id, "
        "CASE WHEN i %% 10 < 6 THEN 'ru' ELSE 'en' END AS lang "
        "FROM generate_series(0, %s - 1) AS i",
        [count],
    )
    cursor.execute("ALTER TABLE ws_cust ADD PRIMARY KEY (i)")
    cursor.execute(
        "INSERT INTO tickets_customer (id, email, name, language, created_at) "
        "SELECT c.id, 'ws' || c.i || CASE c.lang WHEN 'ru' THEN '@example.ru' "
        "ELSE '@example.com' END, n.name, c.lang, now() - interval '800 days' "
        "FROM ws_cust c JOIN ws_names n ON n.lang = c.lang AND n.i = c.i % 200"
    )


def _rare_plan(batches: int, rng: random.Random) -> list[dict[tuple[str, str], int]]:
    """How many of each rare word's tickets fall into each batch."""
    plan: list[dict[tuple[str, str], int]] = [{} for _ in range(batches)]
    for lang, sentences in words.RARE.items():
        for word in sentences:
            for _ in range(RARE_TICKETS):
                slot = plan[rng.randrange(batches)]
                slot[(lang, word)] = slot.get((lang, word), 0) + 1
    return plan


def generate(count: int, *, world: WsWorld, seed: int = 7) -> dict:
    """Replace the bench database's tickets with ``count`` generated ones; returns the meta."""
    rng = random.Random(seed)
    began = time.perf_counter()
    reset(keep_users=True)
    batches = -(-count // BATCH)
    plan = _rare_plan(batches, rng)
    rare: dict[str, list[int]] = {}
    long_threads: list[int] = []
    with connection.cursor() as cursor:
        replica = _without_triggers(cursor)
        _pools(cursor, rng)
        _customers(cursor, max(100, count // 4))
        params = {
            "count": count,
            "days": DAYS,
            "pool": POOL,
            "ncust": max(100, count // 4),
            "teams": world.team_ids,
            "agents": world.agent_ids,
            "categories": world.category_ids,
            # after reset(), which empties the tags too
            "tags": [Tag.objects.get_or_create(name=name)[0].pk for name in TAGS],
        }
        with tqdm(total=count, unit="tickets", desc="generating") as bar:
            for n in range(batches):
                size = min(BATCH, count - n * BATCH)
                with transaction.atomic():
                    for statement in BATCH_SQL:
                        cursor.execute(statement, params | {"offset": n * BATCH, "n": size})
                    long_threads.extend(_long_threads(cursor))
                    for (lang, word), times in plan[n].items():
                        rare.setdefault(word, []).extend(
                            _rare_put(cursor, lang, words.RARE[lang][word], times)
                        )
                    cursor.execute("DROP TABLE ws_src, ws_msg")
                bar.update(size)
        if replica:
            cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("SELECT count(*) FROM tickets_message")
        messages = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM tickets_ticketevent")
        events = cursor.fetchone()[0]
    generated = time.perf_counter() - began
    print(f"generated {count:,} tickets, {messages:,} messages, {events:,} events "
          f"in {generated:.1f} s")  # fmt: skip
    index_seconds = search_reindex()
    began = time.perf_counter()
    with connection.cursor() as cursor:
        # VACUUM too: a live database's autovacuum keeps the visibility map set, so the
        # sidebar's counts come from the indexes alone, as they would in production.
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE in {time.perf_counter() - began:.1f} s")
    meta = {
        "tickets": count,
        "messages": messages,
        "events": events,
        "long_threads": long_threads,
        "rare": rare,
        "seconds": {"generate": round(generated, 1), "search_index": index_seconds},
    }
    meta_write(meta)
    return meta


def _without_triggers(cursor) -> bool:
    """Skip the foreign-key triggers while loading (the rows are made consistent): a third of
    the load time. Needs a superuser (the embedded server's); otherwise load with them."""
    try:
        with transaction.atomic():
            cursor.execute("SET session_replication_role = replica")
    except DatabaseError:
        return False
    return True


def search_reindex() -> float | None:
    """Fill the full-text index through the project's own command, if it has one yet."""
    if "search_reindex" not in get_commands():
        print("search index: no search_reindex command in the project yet; not filled")
        return None
    began = time.perf_counter()
    call_command("search_reindex")
    seconds = round(time.perf_counter() - began, 1)
    print(f"search index filled (search_reindex) in {seconds} s")
    return seconds


def _long_threads(cursor) -> list[int]:
    cursor.execute("SELECT id FROM ws_src WHERE k = 60 AND status = 'open' ORDER BY id")
    return [row[0] for row in cursor.fetchall()]


def _rare_put(cursor, lang: str, sentence: str, times: int) -> list[int]:
    """Append ``sentence`` to one message of each of ``times`` tickets in ``lang``."""
    cursor.execute(
        "UPDATE tickets_message SET body = body || ' ' || %(sentence)s WHERE id IN ("
        " SELECT DISTINCT ON (m.ticket_id) m.id FROM ws_msg m"
        " JOIN (SELECT id FROM ws_src WHERE lang = %(lang)s ORDER BY random() LIMIT %(n)s) t"
        " ON t.id = m.ticket_id ORDER BY m.ticket_id, random()) RETURNING ticket_id",
        {"sentence": sentence, "lang": lang, "n": times},
    )
    return sorted(row[0] for row in cursor.fetchall())


def meta_write(meta: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_ws_meta (id int PRIMARY KEY, meta jsonb)")
        cursor.execute(
            "INSERT INTO bench_ws_meta VALUES (1, %s) ON CONFLICT (id) DO UPDATE "
            "SET meta = excluded.meta",
            [json.dumps(meta)],
        )


def meta_read() -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_ws_meta')")
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute("SELECT meta FROM bench_ws_meta WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return None
    return row[0] if isinstance(row[0], dict) else json.loads(row[0])


# One batch. ws_src: every ticket's shape, drawn once; the global position of a ticket
# (offset + g) sets its age, so ids rise with creation time. Then tickets, ws_msg (every
# message's shape), messages, events, tags. Times are capped at now().
BATCH_SQL = [
    f"""
CREATE TEMP TABLE ws_src AS
WITH base AS (
    SELECT nextval(pg_get_serial_sequence('tickets_ticket', 'id')) AS id, g,
        random() AS r_team, random() AS r_status, random() AS r_prio, random() AS r_chan,
        random() AS r_len, random() AS r_span, random() AS r_tag, random() AS r_assign,
        g = %(n)s AS long_thread,
        -- position p in (0, 1], oldest first; density falling linearly with age
        %(days)s * (1 - sqrt((%(offset)s + g - random()) / %(count)s::float))
            * interval '1 day' AS age,
        floor(%(ncust)s * power(random(), 3))::int AS cust_i
    FROM generate_series(1, %(n)s) AS g
), shaped AS (
    SELECT b.*,
        CASE WHEN long_thread THEN 1 ELSE {TEAM_CASE} END AS team_n,
        CASE WHEN long_thread THEN 'open' WHEN age < interval '14 days' THEN {RECENT_STATUS}
            ELSE {OLD_STATUS} END AS status,
        CASE WHEN long_thread THEN now() - interval '3 days' ELSE now() - age END AS created,
        {PRIORITY_CASE} AS priority, {CHANNEL_CASE} AS channel
    FROM base b
), threaded AS (
    SELECT s.*,
        CASE WHEN long_thread THEN 60 WHEN status = 'new' THEN 1
            ELSE least(60, 1 + floor(-ln(1 - r_len) * 4.6))::int END AS k,
        (%(agents)s::bigint[])[team_n][1 + floor(random() * 6)::int] AS writer_id
    FROM shaped s
)
SELECT t.*, c.id AS customer_id, c.lang,
    (%(teams)s::bigint[])[team_n] AS team_id,
    CASE WHEN r_tag < 0.9 THEN (%(categories)s::bigint[])[team_n][1 + g %% 2] END
        AS category_id,
    CASE WHEN status = 'new' OR (status = 'open' AND r_assign < 0.1) THEN NULL
        ELSE writer_id END AS assignee_id,
    least(now() - created, -ln(1 - r_span) * interval '16 hours' * (k - 1)) AS span,
    floor(random() * %(pool)s)::int AS subject_i
FROM threaded t JOIN ws_cust c ON c.i = t.cust_i
""",  # noqa: S608 - the CASE fragments are this module's constants
    "ALTER TABLE ws_src ADD COLUMN last_at timestamptz",
    "UPDATE ws_src SET last_at = created + span",
    """
INSERT INTO tickets_ticket (id, number, subject, status, priority, channel, language, team_id,
    category_id, assignee_id, customer_id, tracking_token, created_at, updated_at, solved_at,
    closed_at, sla_due_at, sla_warn_at)
SELECT s.id, nextval('tickets_ticket_number_seq'), p.body, status, priority, channel, s.lang,
    team_id, category_id, assignee_id, customer_id, md5(random()::text), created,
    CASE WHEN status = 'closed' THEN least(last_at + interval '4 days', now()) ELSE last_at END,
    CASE WHEN status IN ('solved', 'closed') THEN last_at END,
    CASE WHEN status = 'closed' THEN least(last_at + interval '4 days', now()) END,
    CASE WHEN status IN ('new', 'open') THEN last_at + sla END,
    CASE WHEN status IN ('new', 'open') THEN last_at + sla * 0.75 END
FROM ws_src s
JOIN ws_pool p ON p.lang = s.lang AND p.role = 'subject' AND p.i = s.subject_i
CROSS JOIN LATERAL (SELECT CASE priority WHEN 'urgent' THEN interval '4 hours'
    WHEN 'high' THEN interval '8 hours' WHEN 'normal' THEN interval '24 hours'
    ELSE interval '72 hours' END AS sla) AS target
ORDER BY s.id
""",
    """
CREATE TEMP TABLE ws_msg AS
SELECT nextval(pg_get_serial_sequence('tickets_message', 'id')) AS id, x.* FROM (
    SELECT s.id AS ticket_id, i, s.lang, s.channel, s.customer_id, s.writer_id,
        CASE WHEN i = 1 THEN 'customer' WHEN random() < 0.15 THEN 'note'
            WHEN i %% 2 = 0 THEN 'agent' ELSE 'customer' END AS role,
        s.created + CASE WHEN s.k > 1 THEN s.span * (i - 1) / (s.k - 1) ELSE interval '0' END
            + i * interval '1 microsecond' AS at,
        floor(random() * %(pool)s)::int AS body_i
    FROM ws_src s CROSS JOIN LATERAL generate_series(1, s.k) AS i
    ORDER BY s.id, i
) AS x
""",
    """
INSERT INTO tickets_message (id, ticket_id, author_agent_id, author_customer_id, is_internal,
    body, body_format, channel, body_original, created_at)
SELECT m.id, ticket_id, CASE WHEN m.role <> 'customer' THEN writer_id END,
    CASE WHEN m.role = 'customer' THEN customer_id END, m.role = 'note', p.body, 'text',
    channel, '', at
FROM ws_msg m JOIN ws_pool p ON p.lang = m.lang AND p.role = m.role AND p.i = m.body_i
ORDER BY m.id
""",
    """
INSERT INTO tickets_ticketevent (ticket_id, kind, actor_user_id, actor_customer_id, payload,
    created_at, processed_at, system_actor)
SELECT ticket_id, kind, actor_user_id, actor_customer_id, payload, at, now(), system_actor
FROM (
    SELECT s.id AS ticket_id, 'created' AS kind, NULL::bigint AS actor_user_id,
        s.customer_id AS actor_customer_id,
        jsonb_build_object('message_id', m.id, 'channel', s.channel, 'team_id', s.team_id,
            'priority', s.priority, 'category_id', s.category_id, 'follow_up_of', NULL)
            AS payload,
        s.created AS at, '' AS system_actor
    FROM ws_src s JOIN ws_msg m ON m.ticket_id = s.id AND m.i = 1
    UNION ALL
    SELECT id, 'assigned', assignee_id, NULL, jsonb_build_object('from', NULL, 'to', assignee_id),
        created + interval '1 second', ''
    FROM ws_src WHERE assignee_id IS NOT NULL
    UNION ALL
    SELECT id, 'status_changed', writer_id, NULL, '{"from": "new", "to": "open"}'::jsonb,
        created + interval '2 seconds', ''
    FROM ws_src WHERE status <> 'new'
    UNION ALL
    SELECT m.ticket_id, CASE m.role WHEN 'customer' THEN 'customer_replied'
            WHEN 'agent' THEN 'agent_replied' ELSE 'note_added' END,
        CASE WHEN m.role <> 'customer' THEN m.writer_id END,
        CASE WHEN m.role = 'customer' THEN m.customer_id END,
        jsonb_build_object('message_id', m.id, 'channel', m.channel), m.at, ''
    FROM ws_msg m WHERE m.i > 1
    UNION ALL
    SELECT id, 'status_changed', writer_id, NULL,
        jsonb_build_object('from', 'open', 'to', CASE WHEN status = 'closed' THEN 'solved'
            ELSE status END), last_at + interval '1 millisecond', ''
    FROM ws_src WHERE status NOT IN ('new', 'open')
    UNION ALL
    SELECT id, 'status_changed', NULL, NULL, '{"from": "solved", "to": "closed"}'::jsonb,
        least(last_at + interval '4 days', now()) + interval '2 milliseconds', 'auto_close'
    FROM ws_src WHERE status = 'closed'
) AS events
""",
    """
INSERT INTO tickets_ticket_tags (ticket_id, tag_id)
SELECT id, (%(tags)s::bigint[])[1 + floor(power(random(), 2) * cardinality(%(tags)s))::int]
FROM ws_src, generate_series(1, 2) AS n
WHERE r_tag < CASE n WHEN 1 THEN 0.33 ELSE 0.1 END
ON CONFLICT DO NOTHING
""",
]
