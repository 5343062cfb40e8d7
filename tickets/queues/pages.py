"""Keyset pages of the queue (never OFFSET): the cursor is the last row's sort key and id.

Each sort is descending on every column, so one row comparison, ``(key, id) < (%s, %s)``,
finds the next page and lets PostgreSQL start the index scan right at the cursor (see the
indexes in tickets.models.core and migration 0009): a deep page costs what the first does."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import F, Func, IntegerField, QuerySet, Value
from django.db.models.lookups import GreaterThan, LessThan
from django.utils.translation import gettext as _

from helpdesk.errors import ValidationError
from tickets.models import Ticket
from tickets.models.queue_indexes import PRIORITY_RANK

PAGE_SIZE = 50
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# sort -> the columns (all descending), the last always "id".
SORT_COLUMNS = {
    "updated": ("updated_at", "id"),
    "created": ("created_at", "id"),
    "priority": ("priority_rank", "updated_at", "id"),
}


class Row(Func):
    """A row value, ``(a, b, c)``, for row-wise comparison."""

    template = "(%(expressions)s)"
    arg_joiner = ", "
    output_field = IntegerField()  # only compared, never selected


@dataclass(frozen=True)
class Page:
    rows: list  # tickets, or the dicts of a ``values()`` queryset (tickets.queues.rows)
    next_cursor: str  # empty: no next page
    previous_cursor: str  # empty: this is the first page


def _encode(sort: str, direction: str, row: Ticket | dict) -> str:
    parts = [sort, direction]
    for column in SORT_COLUMNS[sort]:
        value = row[column] if isinstance(row, dict) else getattr(row, column)
        if isinstance(value, datetime):
            value = (value - EPOCH) // timedelta(microseconds=1)
        parts.append(str(int(value)))
    return base64.urlsafe_b64encode(".".join(parts).encode()).decode().rstrip("=")


def _decode(cursor: str, sort: str) -> tuple[str, list]:
    invalid = ValidationError(_("This page link is not valid."), field="cursor")
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid from None
    parts = text.split(".")
    columns = SORT_COLUMNS.get(sort, ())
    if len(parts) != len(columns) + 2 or parts[0] != sort or parts[1] not in ("n", "p"):
        raise invalid
    values: list = []
    for column, part in zip(columns, parts[2:], strict=True):
        if not (part.isascii() and part.isdigit() and len(part) <= 17):
            raise invalid
        number = int(part)
        if column.endswith("_at"):
            try:
                values.append(EPOCH + timedelta(microseconds=number))
            except OverflowError:
                raise invalid from None
        else:
            values.append(number)
    return parts[1], values


def _ordered(tickets: QuerySet[Ticket], sort: str) -> QuerySet[Ticket]:
    if sort == "priority":
        tickets = tickets.annotate(priority_rank=PRIORITY_RANK)
    return tickets


def tickets_page(
    tickets: QuerySet, *, sort: str = "updated", cursor: str = "", size: int = PAGE_SIZE
) -> Page:
    """One page of ``tickets`` in ``sort`` order after (or, for a "previous" cursor, before)
    ``cursor``. ValidationError (field "cursor") for a cursor we did not make for this sort."""
    sort = sort if sort in SORT_COLUMNS else "updated"
    columns = SORT_COLUMNS[sort]
    tickets = _ordered(tickets, sort)
    direction, values = _decode(cursor, sort) if cursor else ("n", [])
    newest_first = [f"-{column}" for column in columns]
    if values:
        row, at = Row(*[F(c) for c in columns]), Row(*[Value(v) for v in values])
        compare = LessThan if direction == "n" else GreaterThan
        tickets = tickets.filter(compare(row, at))
    if direction == "p":
        rows = list(tickets.order_by(*columns)[: size + 1])
        more = len(rows) > size
        rows = rows[:size][::-1]
        previous = _encode(sort, "p", rows[0]) if more and rows else ""
        following = _encode(sort, "n", rows[-1]) if rows else ""
        return Page(rows=rows, next_cursor=following, previous_cursor=previous)
    rows = list(tickets.order_by(*newest_first)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    following = _encode(sort, "n", rows[-1]) if more else ""
    previous = _encode(sort, "p", rows[0]) if values and rows else ""
    return Page(rows=rows, next_cursor=following, previous_cursor=previous)
