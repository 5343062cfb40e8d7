"""Business calendars: the specs that business time is computed with (``tickets.business_time``),
holiday import from the ``holidays`` package, and the one default calendar.

A team's calendar is its own, else the default one (``is_default``), else ``ALWAYS`` (24/7 UTC).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from datetime import date, time
from functools import lru_cache
from zoneinfo import available_timezones

import holidays as holidays_package
from django.contrib.postgres.expressions import ArraySubquery
from django.db import transaction
from django.db.models import OuterRef
from django.db.models.functions import JSONObject
from django.utils.translation import gettext as _

from helpdesk.errors import ValidationError
from tickets.business_time import ALWAYS, CalendarSpec
from tickets.models import BusinessCalendar, Holiday, Team, WorkingHours

# Equal specs share one object, so the timeline one of them has built serves every caller.
_interned: dict[CalendarSpec, CalendarSpec] = {}
_interned_lock = threading.Lock()
_INTERNED_MAX = 256


def _intern(spec: CalendarSpec) -> CalendarSpec:
    with _interned_lock:
        known = _interned.get(spec)
        if known is not None:
            return known
        if len(_interned) >= _INTERNED_MAX:
            _interned.clear()
        _interned[spec] = spec
        return spec


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def calendar_validate_time_zone(time_zone: str) -> str:
    """The IANA name, stripped; a field error on ``time_zone`` for anything else."""
    name = (time_zone or "").strip()
    if name not in _time_zones():
        raise ValidationError(
            _("“%(name)s” is not a known time zone; use an IANA name like Europe/Moscow.")
            % {"name": name},
            field="time_zone",
        )
    return name


def calendar_validate_holiday_region(country: str, subdivision: str = "") -> tuple[str, str]:
    """Country (ISO 3166 alpha-2) and subdivision as the ``holidays`` package knows them; an
    empty country means no import. Field errors on ``holiday_country``/``holiday_subdivision``."""
    country, subdivision = (country or "").strip().upper(), (subdivision or "").strip().upper()
    if not country:
        if subdivision:
            raise ValidationError(
                _("Choose the country of this subdivision."), field="holiday_country"
            )
        return "", ""
    supported = holidays_package.list_supported_countries()
    if country not in supported:
        raise ValidationError(
            _("No holidays are known for the country “%(code)s”.") % {"code": country},
            field="holiday_country",
        )
    if subdivision and subdivision not in {s.upper() for s in supported[country]}:
        raise ValidationError(
            _("“%(code)s” is not a subdivision of %(country)s.")
            % {"code": subdivision, "country": country},
            field="holiday_subdivision",
        )
    return country, subdivision


def _spec(calendar: BusinessCalendar, shifts, holiday_dates) -> CalendarSpec:
    return _intern(
        CalendarSpec(
            time_zone=calendar.time_zone,
            shifts=tuple(shifts),
            holidays=frozenset(holiday_dates),
            calendar_id=calendar.pk,
            name=calendar.name,
        )
    )


def calendar_spec(calendar: BusinessCalendar | None) -> CalendarSpec:
    """The spec of ``calendar`` (two queries: its shifts and its holidays); ``ALWAYS`` for None."""
    if calendar is None:
        return ALWAYS
    shifts = WorkingHours.objects.filter(calendar=calendar).values_list("weekday", "start", "end")
    dates = Holiday.objects.filter(calendar=calendar).values_list("date", flat=True)
    return _spec(calendar, shifts, dates)


def _parse_time(value: str) -> time:
    return time.fromisoformat(value)


def _all_specs() -> tuple[dict[int, CalendarSpec], int | None]:
    """Every calendar's spec by id and the default calendar's id, in one query (shifts and
    holidays come along as arrays)."""
    shift_rows = WorkingHours.objects.filter(calendar=OuterRef("pk")).values(
        row=JSONObject(weekday="weekday", start="start", end="end")
    )
    holiday_rows = Holiday.objects.filter(calendar=OuterRef("pk")).values("date")
    calendars = BusinessCalendar.objects.annotate(
        shift_rows=ArraySubquery(shift_rows), holiday_dates=ArraySubquery(holiday_rows)
    )
    specs, default_id = {}, None
    for calendar in calendars:
        shifts = []
        for row in calendar.shift_rows:
            row = json.loads(row) if isinstance(row, str) else row
            shifts.append((row["weekday"], _parse_time(row["start"]), _parse_time(row["end"])))
        dates = (
            day if isinstance(day, date) else date.fromisoformat(day)
            for day in calendar.holiday_dates
        )
        specs[calendar.pk] = _spec(calendar, shifts, dates)
        if calendar.is_default:
            default_id = calendar.pk
    return specs, default_id


def calendar_specs_by_team() -> dict[int, CalendarSpec]:
    """Every team id -> its spec (its own calendar, else the default one, else ``ALWAYS``).
    Two queries whatever the number of teams, calendars, shifts and holidays."""
    by_calendar, default_id = _all_specs()
    fallback = by_calendar.get(default_id, ALWAYS) if default_id else ALWAYS
    return {
        team_id: by_calendar.get(calendar_id, fallback) if calendar_id else fallback
        for team_id, calendar_id in Team.objects.values_list("pk", "calendar_id")
    }


def calendar_spec_for_team(team_id: int | None) -> CalendarSpec:
    """The spec in force for one team (its own calendar, else the default one, else
    ``ALWAYS``); for ``None`` (no team) the default calendar's, else ``ALWAYS``."""
    calendar = None
    if team_id is not None:
        calendar = BusinessCalendar.objects.filter(teams__pk=team_id).first()
    if calendar is None:
        calendar = BusinessCalendar.objects.filter(is_default=True).first()
    return calendar_spec(calendar)


@transaction.atomic
def calendar_import_holidays(*, calendar: BusinessCalendar, years: Iterable[int]) -> int:
    """Adds the public holidays of the calendar's country (and subdivision) for ``years`` from
    the ``holidays`` package; dates already there (imported or typed by hand) are kept as they
    are. Returns the number of rows added, so a second run adds 0."""
    country, subdivision = calendar_validate_holiday_region(
        calendar.holiday_country, calendar.holiday_subdivision
    )
    if not country:
        raise ValidationError(
            _("Set the calendar's country before importing its holidays."),
            field="holiday_country",
        )
    years = sorted({int(year) for year in years})
    if not years:
        return 0
    found = holidays_package.country_holidays(country, subdiv=subdivision or None, years=years)
    existing = set(Holiday.objects.filter(calendar=calendar).values_list("date", flat=True))
    rows = [
        Holiday(calendar=calendar, date=day, name=str(name)[:200])
        for day, name in sorted(found.items())
        if day not in existing
    ]
    if not rows:
        return 0
    Holiday.objects.bulk_create(rows, ignore_conflicts=True)
    # Counted, not assumed: a concurrent import may have added some of the same dates.
    return Holiday.objects.filter(calendar=calendar).count() - len(existing)


@transaction.atomic
def calendar_set_default(*, calendar: BusinessCalendar) -> BusinessCalendar:
    """Makes ``calendar`` the default one (used by teams without a calendar); the previous
    default stops being one in the same transaction."""
    BusinessCalendar.objects.select_for_update().filter(is_default=True).exclude(
        pk=calendar.pk
    ).update(is_default=False)
    if not calendar.is_default:
        calendar.is_default = True
        calendar.save(update_fields=["is_default"])
    return calendar
