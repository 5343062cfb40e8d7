"""Dashboard breakdowns by one dimension, and satisfaction against speed. Rollup rows only, like
metrics.selectors.dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from metrics.models import SurveyRollup
from metrics.rollups import SPEED_BUCKETS, SPEED_COLUMNS
from metrics.selectors.dashboard import _numbers, csat_of, nps_of, sla_attainment_of
from metrics.selectors.query import DIMENSIONS, DashboardQuery, grain_for
from metrics.selectors.reads import SURVEY_SUMS, Key, Numbers, aggregate
from tickets.models import Category, Team, Ticket, User

BREAKDOWNS = tuple(DIMENSIONS)


@dataclass(frozen=True)
class BreakdownRow:
    key: int | str | None  # the dimension's value: an id, a choice value; None: none
    label: str
    created: int
    solved: int
    frt_median: float | None
    resolution_median: float | None
    csat: float | None
    csat_count: int
    nps: float | None
    nps_count: int
    sla_attainment: float | None


@dataclass(frozen=True)
class BucketRow:
    bucket: str
    label: str
    csat: float | None
    csat_count: int
    nps: float | None
    nps_count: int


@dataclass(frozen=True)
class SatisfactionBySpeed:
    first_response: list[BucketRow]
    resolution: list[BucketRow]


def _labels(by: str, keys: list) -> dict:
    """Display names in the active language, in one query at most."""
    ids = [key for key in keys if key is not None and key != ""]
    if by == "team":
        names = dict(Team.objects.filter(pk__in=ids).values_list("pk", "name"))
        return {key: names.get(key, _("Deleted team")) for key in ids} | {None: _("No team")}
    if by == "agent":
        people = User.objects.filter(pk__in=ids).only("first_name", "last_name", "username")
        names = {person.pk: person.get_full_name() or person.username for person in people}
        return {key: names.get(key, _("Deleted user")) for key in ids} | {None: _("Unassigned")}
    if by == "category":
        names = {category.pk: category.name for category in Category.objects.filter(pk__in=ids)}
        return {key: names.get(key, _("Deleted category")) for key in ids} | {
            None: _("No category")
        }
    choices = {"channel": Ticket.Channel, "priority": Ticket.Priority}[by]
    labels = dict(choices.choices)
    return {key: str(labels.get(key, key)) for key in ids} | {None: _("None"), "": _("None")}


def dimension_label(by: str, value) -> str:
    """The display name of one filter value (a team's name, a channel's label), as the
    breakdown rows name it."""
    return str(_labels(by, [value]).get(value, value))


def dashboard_breakdown(query: DashboardQuery, *, by: str) -> list[BreakdownRow]:
    """One row per value of ``by`` ("team", "agent", "channel", "priority", "category") that
    has any number in the period, busiest first. A None key is "none" (no agent, no category)."""
    if by not in DIMENSIONS:
        raise ValueError(f"unknown breakdown: {by}")
    by_key = _numbers(query, key=Key.column(DIMENSIONS[by]), start=query.start, by=by)
    labels = _labels(by, list(by_key))
    rows = [
        BreakdownRow(
            key=key,
            label=labels.get(key, str(key)),
            created=numbers.sum("created"),
            solved=numbers.sum("resolved"),
            frt_median=numbers.percentile("first_response_hist", 0.5),
            resolution_median=numbers.percentile("resolution_hist", 0.5),
            csat=csat_of(numbers),
            csat_count=numbers.sum("csat_answered"),
            nps=nps_of(numbers),
            nps_count=numbers.sum("nps_answered"),
            sla_attainment=sla_attainment_of(numbers),
        )
        for key, numbers in by_key.items()
    ]
    rows.sort(key=lambda row: (-row.created, -row.solved, row.label))
    return rows


def speed_buckets() -> list[tuple[str, str]]:
    """(key, label) of each speed bucket, fastest first (metrics.rollups.SPEED_BUCKETS)."""
    return [(bucket.key, str(bucket.label)) for bucket in SPEED_BUCKETS]


def _bucket_rows(query: DashboardQuery, *, speed: str) -> list[BucketRow]:
    column = SPEED_COLUMNS[speed]
    by_bucket = aggregate(
        SurveyRollup,
        grain=grain_for(query.filters()),
        start=query.start,
        end=query.end,
        columns=query.columns(),
        key=Key.column(column),
        sums=SURVEY_SUMS,
    )
    rows = []
    for bucket, label in speed_buckets():
        numbers = by_bucket.get(bucket, Numbers())
        rows.append(
            BucketRow(
                bucket=bucket,
                label=label,
                csat=csat_of(numbers),
                csat_count=numbers.sum("csat_answered"),
                nps=nps_of(numbers),
                nps_count=numbers.sum("nps_answered"),
            )
        )
    return rows


def satisfaction_by_speed(query: DashboardQuery) -> SatisfactionBySpeed:
    """CSAT and NPS of the answers given in the period, by how fast the ticket got its first
    response and its resolution (calendar time). Answers on tickets without a first response
    (or not resolved) fall in no bucket."""
    return SatisfactionBySpeed(
        first_response=_bucket_rows(query, speed="first_response"),
        resolution=_bucket_rows(query, speed="resolution"),
    )
