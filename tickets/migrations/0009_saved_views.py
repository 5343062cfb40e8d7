"""Saved views and queue counts (issue 7): SavedView, and partial indexes for the queue's
keyset sorts and its bounded sidebar counts (tickets.models.queue_indexes)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tickets", "0008_search")]

    operations = [
        migrations.CreateModel(
            name="SavedView",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=80, verbose_name="name")),
                ("query", models.CharField(blank=True, max_length=2000, verbose_name="filters")),
                ("position", models.PositiveIntegerField(default=0, verbose_name="position")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
            ],
            options={
                "verbose_name": "saved view",
                "verbose_name_plural": "saved views",
                "ordering": ["position", "name", "id"],
            },
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(("status__in", ["new", "open", "pending", "on_hold"])),
                fields=["updated_at", "id"],
                name="ticket_open_updated_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(("status__in", ["new", "open", "pending", "on_hold"])),
                fields=["created_at", "id"],
                name="ticket_open_created_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                models.Case(
                    models.When(priority="urgent", then=models.Value(3)),
                    models.When(priority="high", then=models.Value(2)),
                    models.When(priority="normal", then=models.Value(1)),
                    default=models.Value(0),
                    output_field=models.IntegerField(),
                ),
                models.F("updated_at"),
                models.F("id"),
                condition=models.Q(("status__in", ["new", "open", "pending", "on_hold"])),
                name="ticket_open_priority_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ["new", "open", "pending", "on_hold"]),
                    ("assignee__isnull", True),
                ),
                fields=["team", "updated_at", "id"],
                name="ticket_unassigned_idx",
            ),
        ),
        migrations.AddField(
            model_name="savedview",
            name="owner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="saved_views",
                to=settings.AUTH_USER_MODEL,
                verbose_name="owner",
            ),
        ),
        migrations.AddField(
            model_name="savedview",
            name="team",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty: a personal view.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="saved_views",
                to="tickets.team",
                verbose_name="shared with team",
            ),
        ),
        migrations.AddIndex(
            model_name="savedview",
            index=models.Index(fields=["owner", "position"], name="savedview_owner_idx"),
        ),
    ]
