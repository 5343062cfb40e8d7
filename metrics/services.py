"""Store per-ticket facts derived from ticket events (the fold is metrics.facts) and bring the
rollups of the days whose numbers they change up to date (metrics.rollups)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Literal

from django.db import connection, transaction
from django.utils import timezone

from helpdesk import clock
from metrics.facts import FACT_FIELDS, facts_from_events
from metrics.models import TicketFacts
from metrics.rollups import rollup_days_mark
from metrics.rollups.delta import rollups_delta_apply, rollups_delta_begin
from tickets.models import SlaPolicy, Ticket, TicketEvent
from tickets.services.calendars import calendar_spec_for_team, calendar_specs_by_team

__all__ = ["FACT_FIELDS", "facts_from_events", "ticket_facts_refresh"]

# The facts that put a ticket into a rollup day (metrics.rollups): created, fully resolved,
# surveys answered.
DAY_FIELDS = ("created_at", "resolved_at", "csat_answered_at", "nps_answered_at")


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def _days(values: dict) -> set[date]:
    return {_local_day(values[name]) for name in DAY_FIELDS if values.get(name) is not None}


@transaction.atomic
def ticket_facts_refresh(
    *, ticket_ids: Iterable[int], rollups: Literal["delta", "mark"] = "delta"
) -> int:
    """Recompute the facts of these tickets from their full event history; returns how many
    tickets exist. A constant number of queries whatever the batch size (the rebuild passes
    ~1000 ids at a time). Rows whose facts did not change are not written (a replay is a
    no-op). For those that did, in the same transaction, the rollups of every local day their
    old and new values fall on follow: ``rollups="delta"`` adds the differences to the rows at
    once (metrics.rollups.delta; what event processing does), ``"mark"`` marks the days dirty
    for a fill to rewrite (what a rebuild does, as it rewrites every day anyway)."""
    if rollups not in ("delta", "mark"):
        raise ValueError(f"rollups must be 'delta' or 'mark', not {rollups!r}")
    ids = sorted(set(ticket_ids))
    policy_of = dict(Ticket.objects.filter(pk__in=ids).values_list("pk", "sla_policy_id"))
    if not policy_of:
        return 0
    existing = sorted(policy_of)
    _facts_rows_ensure(existing)
    # Lock the rows (in id order, so two workers cannot deadlock) before reading events: a
    # worker that waited here then reads the history the other one committed.
    locked = list(TicketFacts.objects.select_for_update().filter(pk__in=existing).order_by("pk"))
    events_by_ticket: dict[int, list[TicketEvent]] = {pk: [] for pk in existing}
    for event in TicketEvent.objects.filter(ticket_id__in=existing).order_by("created_at", "id"):
        events_by_ticket[event.ticket_id].append(event)
    policies = SlaPolicy.objects.in_bulk({pk for pk in policy_of.values() if pk})
    calendars = calendar_specs_by_team()
    default_calendar = calendar_spec_for_team(None)

    computed_at = clock.now()
    changed, days = [], set()
    for row in locked:
        new = facts_from_events(
            events_by_ticket[row.pk],
            calendars=calendars,
            default_calendar=default_calendar,
            sla_policy=policies.get(policy_of[row.pk]),
        )
        old = {name: getattr(row, name) for name in FACT_FIELDS}
        if row.computed_at is not None and old == new:
            continue
        days |= _days(old) | _days(new)
        for name, value in new.items():
            setattr(row, name, value)
        row.computed_at = computed_at
        changed.append(row)
    if not changed:
        return len(locked)
    changed_ids = [row.pk for row in changed]
    if rollups == "mark":
        _facts_upsert(changed)
        rollup_days_mark(days=days)
    else:
        rollups_delta_begin(ticket_ids=changed_ids)
        _facts_upsert(changed)
        rollups_delta_apply(ticket_ids=changed_ids, days=days)
    return len(locked)


# The upserts below are written as SQL: bulk_create compiles every value of every row through
# the fields (~38 columns x 1000 rows a batch), which took about half of a rebuild's time. The
# values here are plain Python (ints, str, bool, aware datetimes, lists of ints) that the
# driver adapts by itself, and INSERT ... VALUES casts them to the columns' types.
_UPSERT_FIELDS = ("ticket_id", *FACT_FIELDS, "computed_at")


def _facts_rows_ensure(ticket_ids: list[int]) -> None:
    """Empty facts rows (every column at its model default) for tickets that have none yet,
    so they can be locked before their events are read."""
    fields = [
        field
        for field in TicketFacts._meta.concrete_fields
        if not field.null and not field.primary_key
    ]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    defaults = ", ".join(["%s"] * len(fields))
    table = TicketFacts._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (ticket_id, {columns}) "  # noqa: S608 - names from the model
            f"SELECT id, {defaults} FROM unnest(%s::bigint[]) AS id "
            f"ON CONFLICT (ticket_id) DO NOTHING",
            [*(field.get_db_prep_save(field.get_default(), connection) for field in fields),
             ticket_ids],
        )  # fmt: skip


def _plain(value):
    # TextChoices members are str subclasses; the driver adapts exact types.
    return str(value) if isinstance(value, str) else value


def _facts_upsert(rows: list[TicketFacts]) -> None:
    meta = TicketFacts._meta
    columns = [meta.get_field(name).column for name in _UPSERT_FIELDS]
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        values = b",".join(
            raw.mogrify(placeholder, [_plain(getattr(row, name)) for name in _UPSERT_FIELDS])
            for row in rows
        ).decode()
        quoted = [connection.ops.quote_name(column) for column in columns]
        updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in quoted[1:])
        cursor.execute(
            f"INSERT INTO {meta.db_table} ({', '.join(quoted)}) VALUES {values} "  # noqa: S608
            f"ON CONFLICT (ticket_id) DO UPDATE SET {updates}"
        )
