"""Indexes that serve the agent queue's sorts and sidebar counts (tickets.queues), declared on
Ticket.Meta.indexes. Keyset pages compare ``(key, id)`` rows, so every sort index ends in id.

- ticket_open_updated_idx / _created_idx / _priority_idx: open tickets in each sort order,
  for managers (every team) and agents of several teams (the team is a filter on the scan;
  ticket_open_queue_idx still serves one team by last update).
- ticket_unassigned_idx: the "Unassigned" view and its count, per team.
- ticket_team_due_idx / ticket_team_solved_idx: the "Due soon", "Overdue" and "Solved in the
  last 7 days" counts per team from the index alone (the single-column indexes beat uses
  left PostgreSQL reading a heap row for each ticket counted).
"""

from django.db import models
from django.db.models import Case, F, Q, Value, When

OPEN = Q(status__in=["new", "open", "pending", "on_hold"])
# Urgent first. tickets.queues.pages orders by the very same expression, so PostgreSQL
# recognises it in ticket_open_priority_idx; change both through a migration.
PRIORITY_RANK = Case(
    When(priority="urgent", then=Value(3)),
    When(priority="high", then=Value(2)),
    When(priority="normal", then=Value(1)),
    default=Value(0),
    output_field=models.IntegerField(),
)

QUEUE_INDEXES = [
    models.Index(fields=["updated_at", "id"], condition=OPEN, name="ticket_open_updated_idx"),
    models.Index(fields=["created_at", "id"], condition=OPEN, name="ticket_open_created_idx"),
    models.Index(
        PRIORITY_RANK, F("updated_at"), F("id"), condition=OPEN, name="ticket_open_priority_idx"
    ),
    models.Index(
        fields=["team", "updated_at", "id"],
        condition=OPEN & Q(assignee__isnull=True),
        name="ticket_unassigned_idx",
    ),
    models.Index(
        fields=["team", "sla_due_at"],
        condition=Q(sla_due_at__isnull=False),
        name="ticket_team_due_idx",
    ),
    models.Index(
        fields=["team", "solved_at"],
        condition=Q(status__in=["solved", "closed"]),
        name="ticket_team_solved_idx",
    ),
]
