"""Facts derived from ticket events by the Celery worker, and the rollups the dashboards read.
Definitions of every number: docs/metrics.md."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketFacts(models.Model):
    """One row per ticket, recomputed from that ticket's whole event history, so recomputing
    is idempotent and a re-delivered event can never double count. Durations are seconds,
    in calendar time and in the business time of the team's calendar (``*_business_seconds``)."""

    class SlaOutcome(models.TextChoices):
        NONE = "", _("No target")
        IN_PROGRESS = "in_progress", _("In progress")
        MET = "met", _("Met")
        MISSED = "missed", _("Missed")

    ticket = models.OneToOneField(
        "tickets.Ticket", primary_key=True, on_delete=models.CASCADE, related_name="facts"
    )
    # Dimensions: the ticket's current values (the last event that set them).
    team = models.ForeignKey("tickets.Team", null=True, on_delete=models.SET_NULL, related_name="+")
    agent = models.ForeignKey(
        "tickets.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.ForeignKey(
        "tickets.Category", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=16, blank=True)
    priority = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(null=True)

    first_response_at = models.DateTimeField(null=True)
    first_response_seconds = models.PositiveBigIntegerField(null=True)
    first_response_business_seconds = models.PositiveBigIntegerField(null=True)
    # One value per next response (a public agent reply answering a customer reply that came
    # after an earlier agent reply).
    next_response_seconds = ArrayField(models.PositiveBigIntegerField(), default=list)
    next_response_business_seconds = ArrayField(models.PositiveBigIntegerField(), default=list)
    first_resolved_at = models.DateTimeField(null=True)
    first_resolution_seconds = models.PositiveBigIntegerField(null=True)
    first_resolution_business_seconds = models.PositiveBigIntegerField(null=True)
    # Full resolution: the last time the ticket was solved; null while it is unresolved.
    resolved_at = models.DateTimeField(null=True)
    resolution_seconds = models.PositiveBigIntegerField(null=True)
    resolution_business_seconds = models.PositiveBigIntegerField(null=True)
    # Time in new + open + on-hold until the full resolution; null while unresolved.
    requester_wait_seconds = models.PositiveBigIntegerField(null=True)
    requester_wait_business_seconds = models.PositiveBigIntegerField(null=True)
    # Clocks paused (pending, on-hold) before the first response and before the resolution:
    # what the per-ticket explanation tells.
    paused_before_first_response_seconds = models.PositiveBigIntegerField(default=0)
    paused_before_resolution_seconds = models.PositiveBigIntegerField(default=0)
    calendar = models.ForeignKey(
        "tickets.BusinessCalendar", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    agent_replies = models.PositiveIntegerField(default=0)
    customer_replies = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    one_touch = models.BooleanField(null=True)

    sla_policy = models.ForeignKey(
        "tickets.SlaPolicy", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sla_first_response_met = models.BooleanField(null=True)
    sla_next_response_met = models.BooleanField(null=True)
    sla_resolution_met = models.BooleanField(null=True)
    sla_outcome = models.CharField(max_length=16, choices=SlaOutcome.choices, blank=True)

    csat_score = models.PositiveSmallIntegerField(null=True)
    csat_answered_at = models.DateTimeField(null=True)
    nps_score = models.PositiveSmallIntegerField(null=True)
    nps_answered_at = models.DateTimeField(null=True)

    computed_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("ticket facts")
        verbose_name_plural = _("ticket facts")
        indexes = [
            models.Index(fields=["created_at"], name="facts_created_idx"),
            models.Index(fields=["resolved_at"], name="facts_resolved_idx"),
            models.Index(fields=["team", "created_at"], name="facts_team_created_idx"),
            models.Index(fields=["csat_answered_at"], name="facts_csat_idx"),
            models.Index(fields=["nps_answered_at"], name="facts_nps_idx"),
        ]

    def __str__(self) -> str:
        return f"facts of ticket {self.ticket_id}"


class Grain(models.TextChoices):
    """Which dimensions a rollup row groups by; the others are null and mean "all". FULL groups
    by every dimension (any filter combination can be answered from it); the others are the
    precomputed cuts the dashboard reads most, so it scans days, not tickets."""

    ALL = "all", _("All")
    TEAM = "team", _("Team")
    AGENT = "agent", _("Agent")
    CHANNEL = "channel", _("Channel")
    PRIORITY = "priority", _("Priority")
    CATEGORY = "category", _("Category")
    TEAM_AGENT = "team_agent", _("Team and agent")
    TEAM_CHANNEL = "team_channel", _("Team and channel")
    TEAM_PRIORITY = "team_priority", _("Team and priority")
    TEAM_CATEGORY = "team_category", _("Team and category")
    FULL = "full", _("Every dimension")


class Span(models.TextChoices):
    """How many days a rollup row sums (metrics.rollups.spans): a day, or a whole ISO week
    (from its Monday) or calendar month (from its first), so a long period reads a few rows."""

    DAY = "day", _("Day")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")


class RollupBase(models.Model):
    """A day (in settings.TIME_ZONE) × dimensions. Dimension ids are plain integers, not foreign
    keys: a deleted team must not rewrite history. ``agent_id``/``category_id`` are null both for
    "all" and for "none"; ``grain`` tells which. ``span``: the row sums ``day`` alone, or the
    week or month that starts on ``day``."""

    day = models.DateField()
    span = models.CharField(max_length=8, choices=Span.choices, default=Span.DAY)
    grain = models.CharField(max_length=16, choices=Grain.choices)
    team_id = models.IntegerField(null=True)
    agent_id = models.IntegerField(null=True)
    # Null is "all" (see grain), as for the integer dimensions, so one rule reads every column.
    channel = models.CharField(max_length=16, null=True)  # noqa: DJ001
    priority = models.CharField(max_length=16, null=True)  # noqa: DJ001
    category_id = models.IntegerField(null=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day} {self.grain}"


# Rollup counts are plain IntegerFields, not PositiveIntegerFields: a delta (metrics.rollups.
# delta) proposes rows with negative counts that ON CONFLICT adds to existing ones, and
# PostgreSQL checks a CHECK (>= 0) on the proposed row before it finds the conflict. The delta
# checks the stored counts itself.


def _histogram():
    # Sparse {"bin": count} (metrics.histograms): counts per bin merge by addition.
    return models.JSONField(default=dict)


class CreatedRollup(RollupBase):
    """Tickets by the day they were created: volume, first and next response, SLA outcome."""

    created = models.IntegerField(default=0)
    responded = models.IntegerField(default=0)
    first_response_sum = models.BigIntegerField(default=0)
    first_response_business_sum = models.BigIntegerField(default=0)
    first_response_hist = _histogram()
    first_response_business_hist = _histogram()
    next_responses = models.IntegerField(default=0)
    next_response_sum = models.BigIntegerField(default=0)
    next_response_business_sum = models.BigIntegerField(default=0)
    next_response_hist = _histogram()
    next_response_business_hist = _histogram()
    sla_met = models.IntegerField(default=0)
    sla_missed = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "day",
                    "span",
                    "grain",
                    "team_id",
                    "agent_id",
                    "channel",
                    "priority",
                    "category_id",
                ],
                nulls_distinct=False,
                name="created_rollup_cell",
            )
        ]
        indexes = [models.Index(fields=["grain", "span", "day"], name="created_rollup_grain_idx")]


class ResolvedRollup(RollupBase):
    """Tickets by the day of their full resolution: resolution times, waits, reopens."""

    resolved = models.IntegerField(default=0)
    resolution_sum = models.BigIntegerField(default=0)
    resolution_business_sum = models.BigIntegerField(default=0)
    resolution_hist = _histogram()
    resolution_business_hist = _histogram()
    first_resolution_sum = models.BigIntegerField(default=0)
    first_resolution_business_sum = models.BigIntegerField(default=0)
    first_resolution_hist = _histogram()
    first_resolution_business_hist = _histogram()
    requester_wait_sum = models.BigIntegerField(default=0)
    requester_wait_business_sum = models.BigIntegerField(default=0)
    requester_wait_hist = _histogram()
    requester_wait_business_hist = _histogram()
    reopened = models.IntegerField(default=0)
    one_touch = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "day",
                    "span",
                    "grain",
                    "team_id",
                    "agent_id",
                    "channel",
                    "priority",
                    "category_id",
                ],
                nulls_distinct=False,
                name="resolved_rollup_cell",
            )
        ]
        indexes = [models.Index(fields=["grain", "span", "day"], name="resolved_rollup_grain_idx")]


class SurveyRollup(RollupBase):
    """Survey answers by the day they were (last) answered, also cut by how fast the ticket was
    answered and solved: the satisfaction-against-speed view."""

    first_response_bucket = models.CharField(max_length=8, null=True)  # noqa: DJ001
    resolution_bucket = models.CharField(max_length=8, null=True)  # noqa: DJ001
    csat_answered = models.IntegerField(default=0)
    csat_satisfied = models.IntegerField(default=0)
    csat_sum = models.IntegerField(default=0)
    nps_answered = models.IntegerField(default=0)
    nps_promoters = models.IntegerField(default=0)
    nps_detractors = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "day",
                    "span",
                    "grain",
                    "team_id",
                    "agent_id",
                    "channel",
                    "priority",
                    "category_id",
                    "first_response_bucket",
                    "resolution_bucket",
                ],
                nulls_distinct=False,
                name="survey_rollup_cell",
            )
        ]
        indexes = [models.Index(fields=["grain", "span", "day"], name="survey_rollup_grain_idx")]


class RollupDirtyDay(models.Model):
    """A day whose rollups must be recomputed because a ticket's facts that fall on it changed
    (a late survey answer or reopen marks past days). Written with the facts, in their
    transaction; deleted by the fill in the transaction that rewrites the day."""

    day = models.DateField(unique=True)
    marked_at = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.day)


class RollupDirtySpan(models.Model):
    """A week or month whose rows must be summed again from its days: marked by the fill that
    rewrote one of its days (in that transaction), deleted by the one that sums it."""

    span = models.CharField(max_length=8, choices=Span.choices)
    day = models.DateField()  # the span's first day
    marked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["span", "day"], name="rollup_dirty_span_unique")
        ]

    def __str__(self) -> str:
        return f"{self.span} {self.day}"


class RollupState(models.Model):
    """The watermark of one rollup: a fill records when it started and finished; a fill that
    started and never finished (a killed worker) is redone on the next run."""

    name = models.CharField(max_length=32, unique=True)
    started_at = models.DateTimeField(null=True)
    done_at = models.DateTimeField(null=True)
    filled_until = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return self.name
