"""Tickets, customers, messages and attachments (the event spine is in tickets.models.events)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tickets.models.queue_indexes import QUEUE_INDEXES

REFERENCE_PREFIX = "HD-"
# Ticket numbers come from this PostgreSQL sequence (created in 0001_initial), so references
# are short, human and never reused, even when a transaction rolls back.
TICKET_NUMBER_SEQUENCE = "tickets_ticket_number_seq"


class User(AbstractUser):
    """Agents, managers and admins sign in; customers may have a login too (see Customer.user)."""

    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    notify_by_email = models.BooleanField(
        _("e-mail me about my tickets"),
        default=True,
        help_text=_("Agents: an e-mail when a ticket is assigned to you or its customer replies."),
    )
    # Assignment (tickets.services.assignment): round-robin passes over an agent who is away.
    is_away = models.BooleanField(
        _("away"),
        default=False,
        help_text=_(
            "Agents: new tickets are not assigned to you automatically while you are away."
        ),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Team(models.Model):
    """A team is also a queue: tickets belong to one team, agents to any number of teams."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_default = models.BooleanField(
        _("receives unrouted tickets"),
        default=False,
        help_text=_("New tickets without a category go to this team."),
    )
    members = models.ManyToManyField(
        User, related_name="teams", blank=True, verbose_name=_("members")
    )
    lead = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_teams",
        verbose_name=_("team lead"),
        help_text=_("Hears about SLA breaches and bad satisfaction ratings."),
    )
    calendar = models.ForeignKey(
        "tickets.BusinessCalendar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams",
        verbose_name=_("business calendar"),
        help_text=_("Empty: the default calendar."),
    )
    # Assignment (tickets.services.assignment): round-robin of new tickets within the team.
    auto_assign = models.BooleanField(
        _("assign new tickets automatically"),
        default=False,
        help_text=_("Round-robin among the team's agents who are not away and not at the cap."),
    )
    max_open_per_agent = models.PositiveIntegerField(
        _("open tickets per agent"),
        null=True,
        blank=True,
        help_text=_(
            "Round-robin skips an agent who holds this many open tickets of this team. "
            "Empty: no cap. Manual assignment may exceed it."
        ),
    )
    # The round-robin position: the agent who got the team's last automatic assignment.
    last_assigned_to = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("last assigned to"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_team"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Customer(models.Model):
    """Someone we help. Known by e-mail address and/or phone number (a caller or a chat user may
    have no address); both are stored normalized by ``customer_get_or_create``."""

    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)  # lower-cased
    phone = models.CharField(_("phone"), max_length=32, unique=True, null=True, blank=True)  # E.164
    # Set when the customer opened a link we e-mailed to the address (a tracking link from one
    # of our e-mails, a sign-in link): only then do we know the address is really theirs.
    email_verified_at = models.DateTimeField(_("e-mail verified"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    user = models.OneToOneField(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customer",
        verbose_name=_("login"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False),
                name="customer_has_email_or_phone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email or self.phone}>"

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


class Category(models.Model):
    """What a request is about, as the customer picks it; routes the ticket to a team."""

    name_en = models.CharField(_("name (English)"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="categories", verbose_name=_("team")
    )
    is_public = models.BooleanField(_("offered on the request form"), default=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_ru if (get_language() or "").startswith("ru") else self.name_en


class Tag(models.Model):
    name = models.SlugField(_("name"), max_length=50, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Ticket(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        OPEN = "open", _("Open")
        PENDING = "pending", _("Pending")
        ON_HOLD = "on_hold", _("On hold")
        SOLVED = "solved", _("Solved")
        CLOSED = "closed", _("Closed")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        CHAT = "chat", _("Chat")
        SOCIAL = "social", _("Social media")
        API = "api", _("API")

    number = models.BigIntegerField(_("number"), unique=True, editable=False)
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    priority = models.CharField(
        _("priority"), max_length=16, choices=Priority.choices, default=Priority.NORMAL
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
        verbose_name=_("category"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="tickets", verbose_name=_("tags"))
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("team")
    )
    assignee = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
        verbose_name=_("assignee"),
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("customer")
    )
    follow_up_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("follow-up of"),
    )
    # Merged as a duplicate into this ticket (tickets.services.merge): the source is closed and
    # its messages live on the target; its tracking link leads there.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    # At least 128 bits from `secrets` (see services.new_tracking_token); compared in constant
    # time by selectors.ticket_get_for_tracking.
    tracking_token = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Service level: the policy that applies and the due times of its running clocks, recomputed
    # from the ticket's events on each event (tickets.services.sla). Null: no running clock.
    sla_policy = models.ForeignKey(
        "tickets.SlaPolicy",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("SLA policy"),
    )
    first_response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    next_response_due_at = models.DateTimeField(_("next response due"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    # The earliest of the due times above, and when its warning falls: what beat and the queue
    # look at. Null while every clock is paused or stopped.
    sla_due_at = models.DateTimeField(_("SLA due"), null=True, blank=True)
    sla_warn_at = models.DateTimeField(_("SLA warning"), null=True, blank=True)

    OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        permissions = [
            ("work_ticket", _("Can work tickets as an agent")),
            ("view_all_tickets", _("Can see tickets of every team")),
            ("view_dashboard", _("Can view the manager dashboard")),
        ]
        indexes = [
            models.Index(fields=["team", "status", "-updated_at"], name="ticket_queue_idx"),
            # The agents' default view: open tickets of a team, most recently active first.
            models.Index(
                fields=["team", "-updated_at"],
                condition=Q(status__in=["new", "open", "pending", "on_hold"]),
                name="ticket_open_queue_idx",
            ),
            models.Index(fields=["assignee", "status"], name="ticket_assignee_idx"),
            # Each agent's open tickets in a team (the assignee picker's counts, the round-robin
            # cap), counted from the index alone.
            models.Index(
                fields=["assignee", "team"],
                condition=Q(status__in=["new", "open", "pending", "on_hold"]),
                name="ticket_open_assignee_idx",
            ),
            models.Index(fields=["customer", "-created_at"], name="ticket_customer_idx"),
            models.Index(fields=["created_at"], name="ticket_created_idx"),
            # Beat's surveys and auto-close look for tickets solved in a window.
            models.Index(fields=["solved_at"], name="ticket_solved_idx"),
            models.Index(fields=["id"], condition=Q(status="pending"), name="ticket_pending_idx"),
            models.Index(
                fields=["sla_warn_at"],
                condition=Q(sla_warn_at__isnull=False),
                name="ticket_sla_warn_idx",
            ),
            models.Index(
                fields=["sla_due_at"],
                condition=Q(sla_due_at__isnull=False),
                name="ticket_sla_due_idx",
            ),
            # The agent queue's sorts and counts (issue 7, tickets.queues).
            *QUEUE_INDEXES,
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    @admin.display(description=_("reference"), ordering="number")
    def reference(self) -> str:
        return f"{REFERENCE_PREFIX}{self.number:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Message(models.Model):
    """A public reply (from the customer or an agent) or an internal note (agents only).

    The body is stored exactly as written; templates render it through the ``render_body``
    filter, which escapes plain text and sanitizes HTML."""

    class Format(models.TextChoices):
        TEXT = "text", _("Plain text")
        HTML = "html", _("HTML")

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="messages", verbose_name=_("ticket")
    )
    author_agent = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
        verbose_name=_("agent"),
    )
    author_customer = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
        verbose_name=_("customer"),
    )
    is_internal = models.BooleanField(_("internal note"), default=False)
    body = models.TextField(_("message"))
    body_format = models.CharField(
        _("format"), max_length=8, choices=Format.choices, default=Format.TEXT
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Ticket.Channel.choices)
    # For mail: the whole text as it arrived, quoted history and signature included (``body``
    # has them cut for display). Empty when it is the same as ``body``.
    body_original = models.TextField(_("original text"), blank=True, default="")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["ticket", "created_at"], name="message_thread_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(is_internal=True, author_customer__isnull=False),
                name="customers_write_no_internal_notes",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket.reference} #{self.pk}"

    @property
    def author_name(self) -> str:
        if self.author_agent_id:
            return self.author_agent.get_full_name() or self.author_agent.username
        if self.author_customer_id:
            return self.author_customer.name
        return ""


def attachment_storage_key(instance: Attachment, filename: str) -> str:
    # The stored name never contains anything the uploader chose.
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("message")
    )
    file = models.FileField(_("file"), upload_to=attachment_storage_key, max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename
