"""E-mail in and out. Every message we send is an ``OutboundEmail`` row (the send log agents
read); every message we receive is an ``InboundEmail`` row with its raw bytes kept."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.models.core import Customer, Message, Ticket, User
from tickets.models.events import TicketEvent


def raw_email_storage_key(instance: InboundEmail, filename: str) -> str:
    return f"mail/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.eml"


class Mailbox(models.Model):
    """An IMAP mailbox that beat polls; configured by admins."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.EmailField(
        _("address"), help_text=_("The address customers write to; mail from it is never answered.")
    )
    host = models.CharField(_("IMAP host"), max_length=255)
    port = models.PositiveIntegerField(_("IMAP port"), default=993)
    use_ssl = models.BooleanField(_("use TLS"), default=True)
    username = models.CharField(_("user name"), max_length=255)
    password = models.CharField(_("password"), max_length=255)
    folder = models.CharField(_("folder"), max_length=255, default="INBOX")
    processed_folder = models.CharField(
        _("move handled mail to"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to keep handled mail in the folder, flagged as seen."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True, default="")

    class Meta:
        ordering = ["name"]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self) -> str:
        return self.name


class InboundEmail(models.Model):
    """One message as it arrived, whatever became of it."""

    class Source(models.TextChoices):
        IMAP = "imap", _("IMAP")
        HTTP = "http", _("HTTP")
        COMMAND = "command", _("Command")

    class Outcome(models.TextChoices):
        CREATED = "created", _("New ticket")
        APPENDED = "appended", _("Added to a ticket")
        FOLLOW_UP = "follow_up", _("Follow-up ticket")
        IGNORED = "ignored", _("Ignored (automatic or bulk mail)")
        QUARANTINED = "quarantined", _("Quarantined")
        REJECTED = "rejected", _("Rejected")

    class Review(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    # sha256 of the normalized Message-ID, or of the raw bytes when there is none: the same mail
    # delivered twice (or fetched by two pollers at once) is stored once.
    dedupe_key = models.CharField(max_length=64, unique=True, editable=False)
    message_id_header = models.CharField(_("Message-ID"), max_length=998, blank=True, default="")
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    mailbox = models.ForeignKey(
        Mailbox,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
        verbose_name=_("mailbox"),
    )
    raw = models.FileField(_("raw message"), upload_to=raw_email_storage_key, max_length=200)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    from_address = models.CharField(_("from"), max_length=320, blank=True, default="")
    from_name = models.CharField(_("sender name"), max_length=200, blank=True, default="")
    subject = models.CharField(_("subject"), max_length=998, blank=True, default="")
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    reason = models.TextField(_("reason"), blank=True, default="")
    ticket = models.ForeignKey(
        Ticket,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_emails",
        verbose_name=_("ticket"),
    )
    message = models.ForeignKey(
        Message,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_emails",
        verbose_name=_("message"),
    )
    review = models.CharField(
        _("review"), max_length=16, choices=Review.choices, blank=True, default=""
    )
    reviewed_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"))

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("incoming e-mail")
        verbose_name_plural = _("incoming e-mails")
        indexes = [
            models.Index(fields=["message_id_header"], name="inbound_message_id_idx"),
            models.Index(
                fields=["-received_at"],
                condition=Q(review="pending"),
                name="inbound_review_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_address} {self.subject[:60]}"


class OutboundEmail(models.Model):
    """One e-mail to one recipient: queued in the transaction that caused it, sent by Celery."""

    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement", _("Request received")
        AGENT_REPLY = "agent_reply", _("Agent reply")
        SOLVED = "solved", _("Ticket solved")
        PENDING = "pending", _("Waiting on the customer")
        SIGN_IN_LINK = "sign_in_link", _("Sign-in link")
        AGENT_ASSIGNED = "agent_assigned", _("Ticket assigned (to the agent)")
        AGENT_CUSTOMER_REPLIED = "agent_customer_replied", _("Customer replied (to the agent)")
        CSAT_SURVEY = "csat_survey", _("Satisfaction survey")
        NPS_SURVEY = "nps_survey", _("Recommendation survey")
        PENDING_SOLVED = "pending_solved", _("Solved after no answer")
        SLA_WARNING = "sla_warning", _("SLA warning (to agents)")
        SLA_BREACH = "sla_breach", _("SLA breach (to agents)")
        BAD_RATING = "bad_rating", _("Bad satisfaction rating (to the team lead)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SUPPRESSED = "suppressed", _("Not sent")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    recipient = models.CharField(_("recipient"), max_length=320)
    recipient_customer = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
        verbose_name=_("customer"),
    )
    recipient_user = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
        verbose_name=_("user"),
    )
    ticket = models.ForeignKey(
        Ticket,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outbound_emails",
        verbose_name=_("ticket"),
    )
    message = models.ForeignKey(
        Message,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbound_emails",
        verbose_name=_("message"),
    )
    # The event that caused the e-mail: with the constraint below, replaying events never sends
    # the same e-mail twice.
    event = models.ForeignKey(
        TicketEvent,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
        verbose_name=_("event"),
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    subject = models.CharField(_("subject"), max_length=998)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True, default="")
    message_id_header = models.CharField(_("Message-ID"), max_length=255, unique=True)
    in_reply_to = models.CharField(_("In-Reply-To"), max_length=998, blank=True, default="")
    references = models.TextField(_("References"), blank=True, default="")
    is_automatic = models.BooleanField(_("automatic"), default=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    provider_id = models.CharField(_("provider id"), max_length=255, blank=True, default="")
    last_error = models.TextField(_("last error"), blank=True, default="")
    created_at = models.DateTimeField(_("created"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "kind", "recipient"],
                condition=Q(event__isnull=False),
                name="one_email_per_event_kind_recipient",
            )
        ]
        indexes = [
            models.Index(fields=["ticket", "created_at"], name="outbound_ticket_idx"),
            models.Index(fields=["recipient", "kind", "created_at"], name="outbound_recipient_idx"),
            models.Index(
                fields=["created_at"], condition=Q(status="queued"), name="outbound_queued_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.subject[:60]}"
