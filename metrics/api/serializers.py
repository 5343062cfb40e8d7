"""The dashboard's query parameters and its answer, for the API, the CSV export and the
OpenAPI schema."""

from __future__ import annotations

from datetime import date, timedelta

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from kb.api.serializers import DeflectionOutput
from metrics.selectors import BREAKDOWNS, DashboardQuery, period_too_long
from tickets.models import Category, Team, Ticket, User

DEFAULT_PERIOD_DAYS = 30
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(9000, 12, 31)


def _days_before(day: date, days: int) -> date:
    try:
        return day - timedelta(days=days)
    except OverflowError:
        return date.min


def present(params: QueryDict) -> dict:
    """The query parameters that have a value (``?team=`` means no team filter)."""
    return {name: value for name, value in params.items() if value.strip()}


def _id_field(queryset, help_text: str):
    # pk_field: the id is checked as an integer before the lookup (no ORM error on "1e400").
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset, required=False, pk_field=serializers.IntegerField(), help_text=help_text
    )


class DashboardQueryInput(serializers.Serializer):
    start = serializers.DateField(
        required=False, help_text="First day (YYYY-MM-DD, local). Default: 29 days before end."
    )
    end = serializers.DateField(required=False, help_text="Last day, inclusive. Default: today.")
    team = _id_field(Team.objects.all(), "Team id")
    agent = _id_field(User.objects.all(), "Agent (user) id")
    channel = serializers.ChoiceField(choices=Ticket.Channel.choices, required=False)
    priority = serializers.ChoiceField(choices=Ticket.Priority.choices, required=False)
    category = _id_field(Category.objects.all(), "Category id")

    def validate(self, attrs: dict) -> dict:
        end = attrs.get("end") or timezone.localdate()
        start = attrs.get("start") or _days_before(end, DEFAULT_PERIOD_DAYS - 1)
        # Far from the ends of the calendar, so the previous period and the series' steps exist.
        if start < FIRST_DAY:
            raise serializers.ValidationError({"start": [_("Enter a later date.")]})
        if end > LAST_DAY:
            raise serializers.ValidationError({"end": [_("Enter an earlier date.")]})
        if start > end:
            raise serializers.ValidationError(
                {"end": [_("The end date must not be before the start date.")]}
            )
        if period_too_long(start, end):
            raise serializers.ValidationError(
                {"start": [_("The period can be at most three years long.")]}
            )
        return {**attrs, "start": start, "end": end}

    def query(self) -> DashboardQuery:
        data = self.validated_data
        return DashboardQuery(
            start=data["start"],
            end=data["end"],
            team_id=data["team"].pk if data.get("team") else None,
            agent_id=data["agent"].pk if data.get("agent") else None,
            channel=data.get("channel") or None,
            priority=data.get("priority") or None,
            category_id=data["category"].pk if data.get("category") else None,
        )


class PeriodOutput(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    days = serializers.IntegerField()


class KpiOutput(serializers.Serializer):
    key = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    previous = serializers.FloatField(allow_null=True)
    change = serializers.FloatField(allow_null=True, help_text="value - previous")
    count = serializers.IntegerField(help_text="How many tickets or answers the value is over")
    unit = serializers.ChoiceField(choices=["count", "seconds", "percent", "score"])


class DayPointOutput(serializers.Serializer):
    day = serializers.DateField(help_text="The point's first day")
    days = serializers.IntegerField(help_text="Days the point covers (1, or 7 past 120 days)")
    created = serializers.IntegerField()
    solved = serializers.IntegerField()
    backlog = serializers.IntegerField(help_text="Open at the end of the point's last day")
    frt_p50 = serializers.FloatField(allow_null=True)
    frt_p90 = serializers.FloatField(allow_null=True)
    resolution_p50 = serializers.FloatField(allow_null=True)
    resolution_p90 = serializers.FloatField(allow_null=True)
    csat = serializers.FloatField(allow_null=True)
    nps = serializers.FloatField(allow_null=True)
    sla_attainment = serializers.FloatField(allow_null=True)


class BreakdownRowOutput(serializers.Serializer):
    key = serializers.CharField(
        allow_null=True, help_text="The id or choice value; null: none (no agent, no category)"
    )
    label = serializers.CharField()
    created = serializers.IntegerField()
    solved = serializers.IntegerField()
    frt_median = serializers.FloatField(allow_null=True)
    resolution_median = serializers.FloatField(allow_null=True)
    csat = serializers.FloatField(allow_null=True)
    csat_count = serializers.IntegerField()
    nps = serializers.FloatField(allow_null=True)
    nps_count = serializers.IntegerField()
    sla_attainment = serializers.FloatField(allow_null=True)


BreakdownsOutput = type(
    "BreakdownsOutput",
    (serializers.Serializer,),
    {by: BreakdownRowOutput(many=True) for by in BREAKDOWNS},
)


class BucketRowOutput(serializers.Serializer):
    bucket = serializers.CharField()
    label = serializers.CharField()
    csat = serializers.FloatField(allow_null=True)
    csat_count = serializers.IntegerField()
    nps = serializers.FloatField(allow_null=True)
    nps_count = serializers.IntegerField()


class SatisfactionBySpeedOutput(serializers.Serializer):
    first_response = BucketRowOutput(many=True)
    resolution = BucketRowOutput(many=True)


class DashboardOutput(serializers.Serializer):
    period = PeriodOutput()
    previous_period = PeriodOutput()
    kpis = KpiOutput(many=True)
    series = DayPointOutput(many=True)
    breakdowns = BreakdownsOutput()
    satisfaction_by_speed = SatisfactionBySpeedOutput()
    deflection = DeflectionOutput(help_text="The request form's suggestions (docs/metrics.md)")
