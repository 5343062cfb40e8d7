"""Satisfaction surveys: CSAT after a solved ticket, NPS to a customer now and then."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tickets.models.core import Customer, Ticket


class CsatSurvey(models.Model):
    """One per ticket. The answer (1-5 and a comment) may change until the ticket closes;
    each answer is also a ticket event, which is what the metrics read."""

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, related_name="csat", verbose_name=_("ticket")
    )
    # At least 128 bits from `secrets`, compared in constant time.
    token = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        _("score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("CSAT survey")
        verbose_name_plural = _("CSAT surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="csat_score_1_to_5",
            )
        ]
        indexes = [models.Index(fields=["sent_at"], name="csat_sent_idx")]

    def __str__(self) -> str:
        return f"CSAT {self.ticket_id}: {self.score}"


class NpsSurvey(models.Model):
    """ "How likely are you to recommend us?" (0-10 and a reason), to a customer at most once per
    90 days, after one of their tickets was solved (that ticket is kept for the breakdowns)."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="nps_surveys", verbose_name=_("customer")
    )
    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.CASCADE,
        related_name="nps_surveys",
        verbose_name=_("after ticket"),
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    reason = models.TextField(_("reason"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("NPS survey")
        verbose_name_plural = _("NPS surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=10), name="nps_score_0_to_10"
            )
        ]
        indexes = [models.Index(fields=["customer", "-created_at"], name="nps_customer_idx")]

    def __str__(self) -> str:
        return f"NPS {self.customer_id}: {self.score}"
