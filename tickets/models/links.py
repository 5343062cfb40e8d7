"""Tickets linked as related (issue 7). Merging is a field on the ticket itself
(``Ticket.merged_into``); see tickets.services.merge."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy as _

from tickets.models.core import Ticket, User


class TicketLink(models.Model):
    """Two tickets that are about related things. Stored once, from the ticket where the agent
    made the link; shown on both (the relation is symmetric, so a pair is unique in either
    direction)."""

    class Kind(models.TextChoices):
        RELATED = "related", _("Related")

    from_ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="links_from", verbose_name=_("ticket")
    )
    to_ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="links_to", verbose_name=_("linked ticket")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.RELATED)
    created_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("linked by"),
    )
    created_at = models.DateTimeField(_("linked"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ticket link")
        verbose_name_plural = _("ticket links")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_ticket=F("to_ticket")), name="ticket_link_not_to_itself"
            ),
            models.UniqueConstraint(
                Least("from_ticket", "to_ticket"),
                Greatest("from_ticket", "to_ticket"),
                "kind",
                name="one_link_per_ticket_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_ticket_id} {self.kind} {self.to_ticket_id}"

    def other(self, ticket: Ticket) -> Ticket:
        """The ticket at the other end, seen from ``ticket``."""
        return self.to_ticket if self.from_ticket_id == ticket.pk else self.from_ticket
