"""The customer portal's sign-in links and the conversations of chat and social integrations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tickets.models.core import Customer, Ticket


class SignInLink(models.Model):
    """A one-time sign-in link e-mailed to a customer. Only a hash of its token is stored."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="sign_in_links", verbose_name=_("customer")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)  # sha256 hex
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")

    def __str__(self) -> str:
        return f"{self.customer} {self.created_at:%Y-%m-%d %H:%M}"


class ExternalConversation(models.Model):
    """A chat or social-media conversation of an integration, tied to the ticket it feeds."""

    provider = models.CharField(_("integration"), max_length=50)
    external_id = models.CharField(_("conversation id"), max_length=255)
    channel = models.CharField(_("channel"), max_length=16, choices=Ticket.Channel.choices)
    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.CASCADE,
        related_name="external_conversations",
        verbose_name=_("ticket"),
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("external conversation")
        verbose_name_plural = _("external conversations")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "external_id"], name="one_ticket_per_external_conversation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.external_id}"
