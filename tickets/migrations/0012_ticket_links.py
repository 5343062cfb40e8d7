"""Merged and linked tickets (issue 7)."""

import django.db.models.deletion
import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tickets", "0011_assignment")]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="merged_from",
                to="tickets.ticket",
                verbose_name="merged into",
            ),
        ),
        migrations.AlterField(
            model_name="ticketevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("created", "Ticket created"),
                    ("customer_replied", "Customer replied"),
                    ("agent_replied", "Agent replied"),
                    ("note_added", "Internal note added"),
                    ("status_changed", "Status changed"),
                    ("assigned", "Assignee changed"),
                    ("priority_changed", "Priority changed"),
                    ("team_changed", "Team changed"),
                    ("tags_changed", "Tags changed"),
                    ("follow_up_created", "Follow-up ticket created"),
                    ("sla_warning", "SLA target nearly due"),
                    ("sla_breached", "SLA target breached"),
                    ("csat_sent", "Satisfaction survey sent"),
                    ("csat_answered", "Satisfaction rated"),
                    ("nps_sent", "Recommendation survey sent"),
                    ("nps_answered", "Recommendation score given"),
                    ("merged_into", "Merged into another ticket"),
                    ("merged", "Another ticket merged into this one"),
                    ("linked", "Related ticket linked"),
                    ("unlinked", "Related ticket unlinked"),
                ],
                max_length=32,
                verbose_name="kind",
            ),
        ),
        migrations.CreateModel(
            name="TicketLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("related", "Related")],
                        default="related",
                        max_length=16,
                        verbose_name="kind",
                    ),
                ),
                ("created_at", models.DateTimeField(verbose_name="linked")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="linked by",
                    ),
                ),
                (
                    "from_ticket",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="links_from",
                        to="tickets.ticket",
                        verbose_name="ticket",
                    ),
                ),
                (
                    "to_ticket",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="links_to",
                        to="tickets.ticket",
                        verbose_name="linked ticket",
                    ),
                ),
            ],
            options={
                "verbose_name": "ticket link",
                "verbose_name_plural": "ticket links",
                "ordering": ["created_at", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("from_ticket", models.F("to_ticket")), _negated=True),
                        name="ticket_link_not_to_itself",
                    ),
                    models.UniqueConstraint(
                        django.db.models.functions.comparison.Least("from_ticket", "to_ticket"),
                        django.db.models.functions.comparison.Greatest("from_ticket", "to_ticket"),
                        models.F("kind"),
                        name="one_link_per_ticket_pair",
                    ),
                ],
            },
        ),
    ]
