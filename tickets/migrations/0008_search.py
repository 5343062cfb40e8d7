"""Full-text search over subject and messages (issue 7): one search document per ticket
(tickets.models.TicketSearch, GIN-indexed), filled here for the tickets already there."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

# A copy of tickets.services.search_index.REBUILD_SQL for every ticket, as it stood when this
# migration was written (configuration 'russian', 20,000 characters a message, 200,000 a ticket).
FILL_SQL = r"""
INSERT INTO tickets_ticketsearch (ticket_id, document, indexed_chars)
SELECT t.id,
       setweight(to_tsvector('russian', t.subject), 'A')
           || setweight(to_tsvector('russian', coalesce(b.text, '')), 'B'),
       coalesce(length(b.text), 0)
FROM tickets_ticket t
LEFT JOIN LATERAL (
    SELECT left(string_agg(left(m.body, 20000), E'\n' ORDER BY m.created_at, m.id), 200000) AS text
    FROM tickets_message m
    WHERE m.ticket_id = t.id
) b ON true
ON CONFLICT (ticket_id) DO NOTHING
"""


class Migration(migrations.Migration):
    dependencies = [("tickets", "0007_solved_and_pending_indexes")]

    operations = [
        migrations.CreateModel(
            name="TicketSearch",
            fields=[
                (
                    "ticket",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search",
                        serialize=False,
                        to="tickets.ticket",
                        verbose_name="ticket",
                    ),
                ),
                (
                    "document",
                    django.contrib.postgres.search.SearchVectorField(
                        verbose_name="search document"
                    ),
                ),
                (
                    "indexed_chars",
                    models.PositiveIntegerField(default=0, verbose_name="indexed characters"),
                ),
            ],
            options={
                "verbose_name": "ticket search document",
                "verbose_name_plural": "ticket search documents",
            },
        ),
        migrations.RunSQL(FILL_SQL, reverse_sql=migrations.RunSQL.noop, elidable=True),
        # After the fill: one index build is much faster than a million GIN inserts.
        migrations.AddIndex(
            model_name="ticketsearch",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["document"], name="ticket_search_document_gin"
            ),
        ),
    ]
