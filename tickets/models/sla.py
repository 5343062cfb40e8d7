"""Business calendars and service-level policies. The clocks themselves are computed in
``tickets.sla`` (business time) and ``tickets.services.sla`` (due times, warnings, breaches)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tickets.models.core import Category, Team, Ticket


class BusinessCalendar(models.Model):
    """When a team works: shifts per weekday in one time zone, minus holidays."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    is_default = models.BooleanField(
        _("default calendar"),
        default=False,
        help_text=_("Used by teams that have no calendar of their own."),
    )
    # Holidays of this country (and subdivision) come from the `holidays` package on import.
    holiday_country = models.CharField(_("holidays of country"), max_length=2, blank=True)
    holiday_subdivision = models.CharField(_("subdivision"), max_length=10, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_calendar"
            )
        ]

    def __str__(self) -> str:
        return self.name


class WorkingHours(models.Model):
    """One shift: on ``weekday`` from ``start`` to ``end`` local time. An ``end`` at or before
    ``start`` is an overnight shift that ends on the next day; a day may have several shifts."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    calendar = models.ForeignKey(
        BusinessCalendar,
        on_delete=models.CASCADE,
        related_name="shifts",
        verbose_name=_("calendar"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(pgettext_lazy("working hours", "from"))
    end = models.TimeField(pgettext_lazy("working hours", "until"))

    class Meta:
        ordering = ["calendar", "weekday", "start"]
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"


class Holiday(models.Model):
    """A whole local day off (the shifts that start on it do not run)."""

    calendar = models.ForeignKey(
        BusinessCalendar,
        on_delete=models.CASCADE,
        related_name="holidays",
        verbose_name=_("calendar"),
    )
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        ordering = ["calendar", "date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="one_holiday_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class SlaPolicy(models.Model):
    """Targets for tickets of one priority, optionally narrowed by channel, category or team.
    The most specific active policy that matches a ticket applies (see tickets.services.sla)."""

    name = models.CharField(_("name"), max_length=100)
    priority = models.CharField(_("priority"), max_length=16, choices=Ticket.Priority.choices)
    channel = models.CharField(
        _("channel"), max_length=16, choices=Ticket.Channel.choices, blank=True
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("category"),
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("team"),
    )
    # Targets in minutes; empty means no target of that kind.
    first_response_minutes = models.PositiveIntegerField(
        _("first response within (minutes)"), null=True, blank=True
    )
    first_response_business = models.BooleanField(
        _("first response in business hours"), default=True
    )
    next_response_minutes = models.PositiveIntegerField(
        _("next response within (minutes)"), null=True, blank=True
    )
    next_response_business = models.BooleanField(_("next response in business hours"), default=True)
    resolution_minutes = models.PositiveIntegerField(
        _("resolution within (minutes)"), null=True, blank=True
    )
    resolution_business = models.BooleanField(_("resolution in business hours"), default=True)
    # Translators: a plain percent sign, not a format code.
    # xgettext:no-python-format
    warn_at_percent = models.PositiveSmallIntegerField(_("warn at (% of the target)"), default=80)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["priority", "name"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(warn_at_percent__gte=1, warn_at_percent__lte=99),
                name="sla_warn_between_1_and_99",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SlaAlert(models.Model):
    """A warning or breach of one target, written exactly once (the unique constraint) by the
    beat task together with its ticket event. Breaches are kept for reporting."""

    class Target(models.TextChoices):
        FIRST_RESPONSE = "first_response", _("First response")
        NEXT_RESPONSE = "next_response", _("Next response")
        RESOLUTION = "resolution", _("Resolution")

    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning")
        BREACH = "breach", _("Breach")

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="sla_alerts", verbose_name=_("ticket")
    )
    target = models.CharField(_("target"), max_length=16, choices=Target.choices)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    # Next response is a new clock after each agent reply: the cycle numbers them (0 for the
    # other targets), so each cycle warns and breaches once.
    cycle = models.PositiveIntegerField(_("cycle"), default=0)
    due_at = models.DateTimeField(_("due"))
    created_at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("SLA alert")
        verbose_name_plural = _("SLA alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "target", "kind", "cycle"], name="one_sla_alert_per_cycle"
            )
        ]
        indexes = [models.Index(fields=["kind", "created_at"], name="sla_alert_kind_idx")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.target} {self.kind}"
