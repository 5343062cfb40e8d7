"""Facts derived from ticket events by the Celery worker. Dashboards read these tables only."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketFacts(models.Model):
    """One row per ticket, recomputed from that ticket's whole event history, so recomputing
    is idempotent and a re-delivered event can never double count."""

    ticket = models.OneToOneField(
        "tickets.Ticket", primary_key=True, on_delete=models.CASCADE, related_name="facts"
    )
    team = models.ForeignKey("tickets.Team", null=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(max_length=16, blank=True)
    priority = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(null=True)
    first_response_at = models.DateTimeField(null=True)
    first_response_seconds = models.PositiveBigIntegerField(null=True)
    resolved_at = models.DateTimeField(null=True)
    resolution_seconds = models.PositiveBigIntegerField(null=True)
    agent_replies = models.PositiveIntegerField(default=0)
    customer_replies = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("ticket facts")
        verbose_name_plural = _("ticket facts")
        indexes = [
            models.Index(fields=["created_at"], name="facts_created_idx"),
            models.Index(fields=["resolved_at"], name="facts_resolved_idx"),
            models.Index(fields=["team", "created_at"], name="facts_team_created_idx"),
        ]

    def __str__(self) -> str:
        return f"facts of ticket {self.ticket_id}"
