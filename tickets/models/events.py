"""The event spine: one TicketEvent per change to a ticket, and the handlers that failed on one."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tickets.models.core import Customer, Ticket, User


class TicketEvent(models.Model):
    """One row per change to a ticket, written in the same transaction as the change.

    Events are the audit trail and the only input of metrics. ``processed_at`` makes this table
    the outbox: a worker picks up unprocessed rows, and beat re-drives any the broker lost."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Ticket created")
        CUSTOMER_REPLIED = "customer_replied", _("Customer replied")
        AGENT_REPLIED = "agent_replied", _("Agent replied")
        NOTE_ADDED = "note_added", _("Internal note added")
        STATUS_CHANGED = "status_changed", _("Status changed")
        ASSIGNED = "assigned", _("Assignee changed")
        PRIORITY_CHANGED = "priority_changed", _("Priority changed")
        TEAM_CHANGED = "team_changed", _("Team changed")
        TAGS_CHANGED = "tags_changed", _("Tags changed")
        FOLLOW_UP_CREATED = "follow_up_created", _("Follow-up ticket created")
        SLA_WARNING = "sla_warning", _("SLA target nearly due")
        SLA_BREACHED = "sla_breached", _("SLA target breached")
        CSAT_SENT = "csat_sent", _("Satisfaction survey sent")
        CSAT_ANSWERED = "csat_answered", _("Satisfaction rated")
        NPS_SENT = "nps_sent", _("Recommendation survey sent")
        NPS_ANSWERED = "nps_answered", _("Recommendation score given")
        MERGED_INTO = "merged_into", _("Merged into another ticket")
        MERGED = "merged", _("Another ticket merged into this one")
        LINKED = "linked", _("Related ticket linked")
        UNLINKED = "unlinked", _("Related ticket unlinked")

    class SystemActor(models.TextChoices):
        """Changes nobody made by hand: beat's automations, the SLA clock, round-robin."""

        NONE = "", _("—")
        AUTO_CLOSE = "auto_close", _("Automation: close solved tickets")
        PENDING_TIMEOUT = "pending_timeout", _("Automation: solve unanswered pending tickets")
        SLA = "sla", _("SLA clock")
        SURVEYS = "surveys", _("Surveys")
        ROUND_ROBIN = "round_robin", _("Round-robin assignment")

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="events", verbose_name=_("ticket")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    actor_user = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by user"),
    )
    actor_customer = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by customer"),
    )
    system_actor = models.CharField(
        _("by the system"), max_length=32, choices=SystemActor.choices, blank=True, default=""
    )
    payload = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"))
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        indexes = [
            models.Index(fields=["ticket", "created_at"], name="event_ticket_idx"),
            models.Index(
                fields=["id"], condition=Q(processed_at__isnull=True), name="event_unprocessed_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class EventHandlerFailure(models.Model):
    """A handler (settings.HELPDESK_EVENT_HANDLERS) that failed on one event. The event itself is
    marked processed for the other handlers; this row retries the one handler with backoff and,
    after the last attempt, parks it for an admin to read the error and re-drive."""

    event = models.ForeignKey(
        TicketEvent, on_delete=models.CASCADE, related_name="failures", verbose_name=_("event")
    )
    handler = models.CharField(_("handler"), max_length=200)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    error = models.TextField(_("error"))
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    parked_at = models.DateTimeField(_("parked"), null=True, blank=True)
    created_at = models.DateTimeField(_("first failure"))
    updated_at = models.DateTimeField(_("last failure"))

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("event handler failure")
        verbose_name_plural = _("event handler failures")
        constraints = [
            models.UniqueConstraint(fields=["event", "handler"], name="one_failure_per_handler")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(parked_at__isnull=True),
                name="failure_retry_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.handler} on event {self.event_id}"
