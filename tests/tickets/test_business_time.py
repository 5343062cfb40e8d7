"""Business time (tickets.business_time): DST, holidays, overnight and split shifts, and a
property test against a minute-by-minute count."""

from __future__ import annotations

from collections import deque
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tickets.business_time import (
    ALWAYS,
    CalendarSpec,
    business_deadline,
    business_seconds,
    working_intervals,
)

HOUR = 3600
EVERY_DAY = range(7)


def spec(zone: str, *shifts, holidays=()) -> CalendarSpec:
    return CalendarSpec(time_zone=zone, shifts=tuple(shifts), holidays=frozenset(holidays))


def daily(zone: str, start: time, end: time, **kwargs) -> CalendarSpec:
    return spec(zone, *((day, start, end) for day in EVERY_DAY), **kwargs)


def local(zone: str, *args) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone))


def hours_of_shift(calendar: CalendarSpec, day: date) -> float:
    """Working hours from the shifts starting on ``day`` (the window reaches into the next
    day's early morning only as far as an overnight shift could, the next day being off)."""
    zone = ZoneInfo(calendar.time_zone)
    begin = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=2), time(0), zone)
    return business_seconds(calendar, begin, end) / HOUR


# --- DST -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        ("Europe/London", date(2026, 3, 29), 7),  # spring forward 01:00 -> 02:00
        ("Europe/London", date(2026, 10, 25), 9),  # fall back 02:00 -> 01:00
        ("Europe/London", date(2026, 6, 7), 8),
        ("America/New_York", date(2026, 3, 8), 7),
        ("America/New_York", date(2026, 11, 1), 9),
        ("Europe/Moscow", date(2026, 3, 29), 8),  # no DST: the control
        ("Europe/Moscow", date(2026, 10, 25), 8),
    ],
)
def test_a_night_shift_counts_the_real_time_across_dst(zone, day, hours):
    # Only the shift starting on ``day`` runs (the next day is a holiday).
    calendar = daily(zone, time(0), time(8), holidays={day + timedelta(days=1)})
    assert hours_of_shift(calendar, day) == hours


def test_a_shift_starting_in_the_gap_starts_when_the_clock_jumps():
    # New York skips 02:00-03:00 on 2026-03-08; a 02:30-04:00 shift starts at 03:00 EDT.
    calendar = spec("America/New_York", (6, time(2, 30), time(4)))
    day_start = local("America/New_York", 2026, 3, 8)
    assert working_intervals(calendar, day_start, day_start + timedelta(days=1)) == [
        (local("America/New_York", 2026, 3, 8, 3), local("America/New_York", 2026, 3, 8, 4))
    ]


def test_a_shift_ending_in_the_repeated_hour_ends_at_its_first_occurrence():
    # London repeats 01:00-02:00 on 2026-10-25: 00:00-01:30 ends at 01:30 BST (00:30 UTC).
    calendar = spec("Europe/London", (6, time(0), time(1, 30)))
    day = datetime(2026, 10, 24, 12, tzinfo=UTC)
    assert working_intervals(calendar, day, day + timedelta(days=1)) == [
        (datetime(2026, 10, 24, 23, tzinfo=UTC), datetime(2026, 10, 25, 0, 30, tzinfo=UTC))
    ]


# --- holidays, overnight and split shifts ----------------------------------------------------


def test_a_holiday_cancels_the_shifts_that_start_on_it():
    calendar = spec(
        "Europe/Moscow",
        *((day, time(9), time(18)) for day in range(5)),
        holidays={date(2026, 3, 9)},  # a Monday
    )
    week = local("Europe/Moscow", 2026, 3, 9)
    assert business_seconds(calendar, week, week + timedelta(days=7)) == 4 * 9 * HOUR


def test_an_overnight_shift_before_a_holiday_still_runs_into_it():
    # 22:00-06:00 starting Sunday 2026-05-31; Monday 06-01 is a holiday.
    calendar = daily("Europe/Moscow", time(22), time(6), holidays={date(2026, 6, 1)})
    monday = local("Europe/Moscow", 2026, 6, 1)
    assert business_seconds(calendar, monday, monday + timedelta(days=1)) == 6 * HOUR
    assert working_intervals(calendar, monday, monday + timedelta(days=1)) == [
        (monday, monday + timedelta(hours=6))
    ]


def test_split_shifts_count_each_part():
    calendar = spec("Europe/London", (0, time(8), time(12)), (0, time(13), time(17, 30)))
    monday = local("Europe/London", 2026, 6, 1)
    assert business_seconds(calendar, monday, monday + timedelta(days=1)) == 8.5 * HOUR
    assert len(working_intervals(calendar, monday, monday + timedelta(days=1))) == 2


def test_overlapping_shifts_are_counted_once():
    calendar = spec(
        "Europe/Moscow",
        (0, time(9), time(17)),
        (0, time(12), time(20)),
        (0, time(9), time(17)),  # the same hours twice
        (6, time(20), time(10)),  # Sunday night into Monday's shift
    )
    monday = local("Europe/Moscow", 2026, 6, 1)
    assert business_seconds(calendar, monday, monday + timedelta(days=1)) == 20 * HOUR
    assert working_intervals(calendar, monday, monday + timedelta(days=1)) == [
        (monday, monday + timedelta(hours=20))
    ]


def test_a_24_hour_shift_and_always():
    start = datetime(2026, 3, 28, 7, 13, 5, tzinfo=UTC)
    end = start + timedelta(days=3, seconds=17)
    assert business_seconds(ALWAYS, start, end) == 3 * 86400 + 17
    assert business_deadline(ALWAYS, start, 90) == start + timedelta(seconds=90)
    london_days = daily("Europe/London", time(0), time(0), holidays={date(2026, 3, 30)})
    # Saturday 24 h, Sunday 23 h (spring forward), Monday off.
    saturday = local("Europe/London", 2026, 3, 28)
    assert business_seconds(london_days, saturday, saturday + timedelta(days=3)) == 47 * HOUR


def test_no_shifts_means_no_working_time():
    closed = spec("Europe/Moscow")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert business_seconds(closed, start, start + timedelta(days=30)) == 0
    assert business_deadline(closed, start, 60) is None
    assert business_deadline(closed, start, 0) == start
    assert working_intervals(closed, start, start + timedelta(days=30)) == []


def test_reversed_or_empty_ranges_are_zero():
    calendar = daily("Europe/Moscow", time(0), time(0))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert business_seconds(calendar, start, start) == 0
    assert business_seconds(calendar, start, start - timedelta(hours=5)) == 0


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        business_seconds(ALWAYS, datetime(2026, 1, 1), datetime(2026, 1, 2))  # noqa: DTZ001


def test_an_unknown_time_zone_is_refused():
    with pytest.raises(ZoneInfoNotFoundError):
        spec("Mars/Olympus_Mons", (0, time(9), time(17)))


# --- deadlines -------------------------------------------------------------------------------


def test_a_deadline_skips_nights_weekends_and_holidays():
    # Mon-Fri 09:00-18:00 Moscow; Friday 2026-03-06 at 17:00 plus 4 h business time: 1 h on
    # Friday, Monday 03-09 is a holiday, 3 h on Tuesday -> Tuesday 12:00.
    calendar = spec(
        "Europe/Moscow",
        *((day, time(9), time(18)) for day in range(5)),
        holidays={date(2026, 3, 9)},
    )
    start = local("Europe/Moscow", 2026, 3, 6, 17)
    assert business_deadline(calendar, start, 4 * HOUR) == local("Europe/Moscow", 2026, 3, 10, 12)


def test_a_deadline_that_uses_up_a_shift_is_its_end():
    calendar = daily("Europe/London", time(9), time(17))
    start = local("Europe/London", 2026, 6, 1, 8)
    assert business_deadline(calendar, start, 8 * HOUR) == local("Europe/London", 2026, 6, 1, 17)


def test_a_deadline_far_away_grows_the_timeline():
    calendar = spec("Europe/Moscow", (2, time(10), time(11)))  # one hour a week
    start = datetime(2026, 1, 1, tzinfo=UTC)
    due = business_deadline(calendar, start, 200 * HOUR)
    assert due is not None and due.year == 2029
    assert business_seconds(calendar, start, due) == 200 * HOUR


# --- the property test against a brute-force count -------------------------------------------

ZONES = ["UTC", "Europe/London", "Europe/Moscow", "America/New_York", "Australia/Lord_Howe"]
# Days around DST changes, so the random ranges cross them often.
TRANSITIONS = [date(2025, 3, 30), date(2025, 10, 26), date(2025, 3, 9), date(2025, 11, 2),
               date(2025, 4, 6), date(2025, 10, 5), date(2025, 12, 30)]  # fmt: skip


def brute_force_minutes(calendar: CalendarSpec, start: datetime, minutes: int) -> list[bool]:
    """Whether each minute from ``start`` works, decided from the local clock alone: a minute
    is inside a shift when the latest time the clock has shown so far (the clock goes back an
    hour in autumn) lies in ``[start, end)`` of a shift that starts on a working day."""
    zone = ZoneInfo(calendar.time_zone)
    lookback = 180
    readings = [
        (start + timedelta(minutes=i - lookback)).astimezone(zone).replace(tzinfo=None)
        for i in range(minutes + lookback)
    ]
    windows: dict[date, list[tuple[datetime, datetime]]] = {}

    def windows_of(day: date) -> list[tuple[datetime, datetime]]:
        if day not in windows:
            windows[day] = [
                (
                    datetime.combine(day, begin),
                    datetime.combine(day + timedelta(days=1) if end <= begin else day, end),
                )
                for weekday, begin, end in calendar.shifts
                if weekday == day.weekday() and day not in calendar.holidays
            ]
        return windows[day]

    result, running = [], deque()
    for index, reading in enumerate(readings):
        while running and running[-1][1] <= reading:
            running.pop()
        running.append((index, reading))
        while running[0][0] <= index - lookback:
            running.popleft()
        if index < lookback:
            continue
        latest = running[0][1]
        candidates = windows_of(latest.date()) + windows_of(latest.date() - timedelta(days=1))
        result.append(any(begin <= latest < end for begin, end in candidates))
    return result


# Hours 1-2 and Sundays often: that is where the clocks change (gaps and repeated hours).
shift_times = st.builds(
    time,
    st.one_of(st.sampled_from([1, 2]), st.integers(0, 23)),
    st.sampled_from([0, 15, 30, 45]),
)
weekdays = st.one_of(st.just(6), st.integers(0, 6))
calendars = st.builds(
    lambda zone, shifts, holidays: CalendarSpec(
        time_zone=zone, shifts=tuple(shifts), holidays=frozenset(holidays)
    ),
    st.sampled_from(ZONES),
    st.lists(st.tuples(weekdays, shift_times, shift_times), min_size=1, max_size=5),
    st.lists(
        st.sampled_from(TRANSITIONS).flatmap(
            lambda day: st.integers(-3, 3).map(lambda n: day + timedelta(days=n))
        ),
        max_size=4,
    ),
)
starts = st.builds(
    lambda day, minute: datetime.combine(day, time(0), UTC) + timedelta(minutes=minute),
    st.sampled_from(TRANSITIONS),
    st.integers(-3 * 1440, 2 * 1440),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calendar=calendars, start=starts, minutes=st.integers(0, 5 * 1440))
@example(  # a shift starting in London's spring gap
    calendar=spec("Europe/London", (6, time(1, 30), time(3))),
    start=datetime(2025, 3, 29, 12, tzinfo=UTC),
    minutes=1440,
)
@example(  # an overnight shift ending in New York's repeated hour, and a split one after it
    calendar=spec("America/New_York", (5, time(23), time(1, 30)), (6, time(1, 45), time(2, 15))),
    start=datetime(2025, 11, 1, 12, tzinfo=UTC),
    minutes=1440,
)
def test_business_seconds_equals_a_minute_by_minute_count(calendar, start, minutes):
    working = brute_force_minutes(calendar, start, minutes)
    end = start + timedelta(minutes=minutes)

    assert business_seconds(calendar, start, end) == 60 * sum(working)
    intervals = working_intervals(calendar, start, end)
    assert sum((b - a).total_seconds() for a, b in intervals) == 60 * sum(working)
    assert all(b1 < a2 for (_, b1), (a2, _) in zip(intervals, intervals[1:], strict=False))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calendar=calendars, start=starts, seconds=st.integers(0, 3 * 86400))
def test_business_deadline_is_the_inverse_of_business_seconds(calendar, start, seconds):
    start = start + timedelta(seconds=seconds % 59)  # not only whole minutes
    due = business_deadline(calendar, start, seconds)

    assert due is not None and due >= start
    assert business_seconds(calendar, start, due) == seconds
    if seconds:  # the earliest such instant: a second earlier is short
        assert business_seconds(calendar, start, due - timedelta(seconds=1)) == seconds - 1


def test_a_replaced_spec_does_not_share_the_timeline_of_the_original():
    from dataclasses import replace

    weekdays = spec("Europe/Moscow", *((day, time(9), time(18)) for day in range(5)))
    monday = local("Europe/Moscow", 2026, 6, 1)
    assert business_seconds(weekdays, monday, monday + timedelta(days=1)) == 9 * HOUR

    holiday = replace(weekdays, holidays=frozenset({date(2026, 6, 1)}))

    assert business_seconds(holiday, monday, monday + timedelta(days=1)) == 0
