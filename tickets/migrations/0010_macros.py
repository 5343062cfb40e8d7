"""Canned responses (macros) (issue 7)."""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tickets", "0009_saved_views")]

    operations = [
        migrations.CreateModel(
            name="Macro",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "body_en",
                    models.TextField(blank=True, default="", verbose_name="text (English)"),
                ),
                (
                    "body_ru",
                    models.TextField(blank=True, default="", verbose_name="text (Russian)"),
                ),
                (
                    "set_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("new", "New"),
                            ("open", "Open"),
                            ("pending", "Pending"),
                            ("on_hold", "On hold"),
                            ("solved", "Solved"),
                            ("closed", "Closed"),
                        ],
                        default="",
                        max_length=16,
                        verbose_name="then set status",
                    ),
                ),
                (
                    "set_priority",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("low", "Low"),
                            ("normal", "Normal"),
                            ("high", "High"),
                            ("urgent", "Urgent"),
                        ],
                        default="",
                        max_length=16,
                        verbose_name="set priority",
                    ),
                ),
                (
                    "add_tags",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=50),
                        blank=True,
                        default=list,
                        size=None,
                        verbose_name="add tags",
                    ),
                ),
                (
                    "assign_to_me",
                    models.BooleanField(default=False, verbose_name="assign the ticket to me"),
                ),
                ("created_at", models.DateTimeField(verbose_name="created")),
                ("updated_at", models.DateTimeField(verbose_name="updated")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="macros",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="personal macro of",
                    ),
                ),
                (
                    "team",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="macros",
                        to="tickets.team",
                        verbose_name="shared with team",
                    ),
                ),
            ],
            options={
                "verbose_name": "macro",
                "verbose_name_plural": "macros",
                "ordering": ["name", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("owner__isnull", True), ("team__isnull", True), _connector="OR"
                        ),
                        name="macro_personal_or_team",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("body_en", ""), ("body_ru", ""), _negated=True),
                        name="macro_has_text",
                    ),
                ],
            },
        ),
    ]
