"""Business time: how much working time lies between two instants, and when a budget of working
time runs out. Pure functions over a ``CalendarSpec`` (no database; ``tickets.services.calendars``
builds specs from ``BusinessCalendar`` rows).

The rules
---------
- A calendar has shifts per weekday, written as wall-clock local times in its IANA time zone, and
  holidays as local dates. Working time is the union of the shifts' real (UTC) intervals.
- A shift belongs to the local date it starts on. A shift whose end is at or before its start is
  an overnight shift: it ends at that time on the next local day (``00:00-00:00`` is 24 hours).
- A holiday cancels the shifts that *start* on it. An overnight shift that starts the day before a
  holiday still runs into the holiday until its end; one that starts on the holiday does not run.
- Across a DST change the real elapsed time inside the wall-clock window counts: a 00:00-08:00
  shift is 7 h on the spring-forward day and 9 h on the fall-back day (Europe/Moscow has no DST,
  so it is always 8 h there).
- A shift's start or end is the first instant at which the local clock reads that time or later.
  So a start or end that falls in a DST gap (a local time that never happens) moves to the first
  valid instant after the gap, and one in the repeated hour of a fall-back is its first
  occurrence.
- Overlapping or touching shifts (split shifts on one day, an overnight shift running into the
  next day's shift, two rows for the same hours) are merged: working time is never counted twice.
- ``business_seconds`` counts whole seconds (the working time, rounded down). A calendar without
  shifts has no working time: durations are 0 and ``business_deadline`` is ``None``.
- ``ALWAYS`` (24/7 in UTC) is used where no calendar exists: business time equals calendar time.

Speed: a spec builds, once and lazily, a merged timeline of its working intervals for the years
asked about, with prefix sums; a duration is then two binary searches (O(log n)), and a longer
span only grows the timeline once per year. The timeline lives in a cache on the (frozen,
hashable) spec, so keep and reuse the spec objects (``calendar_specs_by_team`` does).
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
_US_PER_SECOND = 1_000_000
# How far (in years) business_deadline looks for working time past what it has built.
_DEADLINE_HORIZON_YEARS = 50


@dataclass(frozen=True)
class CalendarSpec:
    time_zone: str
    shifts: tuple[tuple[int, time, time], ...]
    holidays: frozenset[date] = frozenset()
    calendar_id: int | None = None
    name: str = ""
    # The lazily built timeline; not part of equality or the hash.
    _cache: dict = field(default_factory=dict, init=False, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "shifts", tuple(sorted(self.shifts)))
        if any(not 0 <= weekday <= 6 for weekday, _, _ in self.shifts):
            raise ValueError("weekdays run from 0 (Monday) to 6 (Sunday)")
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        ZoneInfo(self.time_zone)  # fails early on a bad name


ALWAYS = CalendarSpec(
    time_zone="UTC",
    shifts=tuple((weekday, time(0), time(0)) for weekday in range(7)),
    name="24/7",
)


def _to_us(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("business time needs aware datetimes")
    return (moment - _EPOCH) // _US


def _from_us(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value)


def _first_instant_at(local: datetime, zone: ZoneInfo) -> int:
    """The first instant (µs since the epoch) at which the clock in ``zone`` reads ``local``
    (naive) or later: the earlier one of a repeated time, the end of the gap for a skipped one."""
    candidate = local.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if candidate.astimezone(zone).replace(tzinfo=None) == local:
        later = local.replace(tzinfo=zone, fold=1).astimezone(UTC)
        return _to_us(min(candidate, later))
    # In a gap: fold=1 reads the offset after the change (an instant before it), fold=0 the one
    # before (an instant after it). Find the change to the second by bisection.
    low = _to_us(local.replace(tzinfo=zone, fold=1).astimezone(UTC)) // _US_PER_SECOND
    high = _to_us(candidate) // _US_PER_SECOND
    if low > high:
        low, high = high, low
    while low < high:
        middle = (low + high) // 2
        reading = datetime.fromtimestamp(middle, UTC).astimezone(zone).replace(tzinfo=None)
        if reading >= local:
            high = middle
        else:
            low = middle + 1
    return low * _US_PER_SECOND


class _Timeline:
    """Merged working intervals covering the UTC years ``first``..``last`` with prefix sums."""

    __slots__ = ("first", "last", "low", "high", "starts", "ends", "before", "upto")

    def __init__(self, spec: CalendarSpec, first: int, last: int) -> None:
        self.first, self.last = first, last
        self.low = _to_us(datetime(first, 1, 1, tzinfo=UTC))
        self.high = _to_us(datetime(last + 1, 1, 1, tzinfo=UTC))
        zone = ZoneInfo(spec.time_zone)
        by_weekday: dict[int, list[tuple[time, time]]] = {}
        for weekday, start, end in spec.shifts:
            by_weekday.setdefault(weekday, []).append((start, end))
        raw: list[tuple[int, int]] = []
        # Any instant in the covered years has a local date within a day of its UTC date, and
        # the shifts covering it start on that date or up to two days before.
        day = date(first, 1, 1) - timedelta(days=3)
        stop = date(last, 12, 31) + timedelta(days=1)
        one_day = timedelta(days=1)
        while day <= stop:
            if day not in spec.holidays:
                for start, end in by_weekday.get(day.weekday(), ()):
                    end_day = day + one_day if end <= start else day
                    begin = _first_instant_at(datetime.combine(day, start), zone)
                    finish = _first_instant_at(datetime.combine(end_day, end), zone)
                    begin, finish = max(begin, self.low), min(finish, self.high)
                    if finish > begin:
                        raw.append((begin, finish))
            day += one_day
        raw.sort()
        starts: list[int] = []
        ends: list[int] = []
        for begin, finish in raw:
            if ends and begin <= ends[-1]:
                ends[-1] = max(ends[-1], finish)
            else:
                starts.append(begin)
                ends.append(finish)
        before, upto, total = [], [], 0
        for begin, finish in zip(starts, ends, strict=True):
            before.append(total)
            total += finish - begin
            upto.append(total)
        self.starts, self.ends, self.before, self.upto = starts, ends, before, upto

    def worked_until(self, moment: int) -> int:
        """Working µs from the timeline's start to ``moment`` (inside the covered years)."""
        index = bisect_right(self.starts, moment) - 1
        if index < 0:
            return 0
        return self.before[index] + min(moment, self.ends[index]) - self.starts[index]

    def instant_after(self, worked: int) -> int | None:
        """The earliest instant with ``worked_until(instant) == worked`` (``worked`` > 0)."""
        index = bisect_left(self.upto, worked)
        if index == len(self.upto):
            return None
        return self.starts[index] + worked - self.before[index]


_build_lock = threading.Lock()


def _timeline(spec: CalendarSpec, first: int, last: int) -> _Timeline:
    current = spec._cache.get("timeline")
    if current is not None and current.first <= first and last <= current.last:
        return current
    with _build_lock:
        current = spec._cache.get("timeline")
        if current is not None:
            first, last = min(first, current.first), max(last, current.last)
        built = _Timeline(spec, max(first, 2), min(last, 9997))
        spec._cache["timeline"] = built
        return built


def _is_continuous(spec: CalendarSpec) -> bool:
    """24/7 without holidays: every weekday has a 24-hour shift (start == end) starting at one
    same wall-clock time, so each day's window ends exactly where the next one begins."""
    cached = spec._cache.get("continuous")
    if cached is None:
        cached = False
        if not spec.holidays:
            for start_of_day in {start for _, start, end in spec.shifts if start == end}:
                days = {w for w, start, end in spec.shifts if start == end == start_of_day}
                cached = cached or days == set(range(7))
        spec._cache["continuous"] = cached
    return cached


def business_seconds(spec: CalendarSpec, start: datetime, end: datetime) -> int:
    """Whole seconds of working time in ``[start, end)``; 0 when ``end <= start``."""
    start_us, end_us = _to_us(start), _to_us(end)
    if end_us <= start_us or not spec.shifts:
        return 0
    if _is_continuous(spec):
        return (end_us - start_us) // _US_PER_SECOND
    start_utc, end_utc = _from_us(start_us), _from_us(end_us)
    line = _timeline(spec, start_utc.year, end_utc.year)
    return (line.worked_until(end_us) - line.worked_until(start_us)) // _US_PER_SECOND


def business_deadline(spec: CalendarSpec, start: datetime, seconds: int) -> datetime | None:
    """The earliest instant ``t >= start`` with ``business_seconds(spec, start, t) == seconds``;
    ``start`` itself for 0 seconds, ``None`` when the calendar has no working time."""
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    start_us = _to_us(start)
    if seconds == 0:
        return start
    if not spec.shifts:
        return None
    if _is_continuous(spec):
        return start + timedelta(seconds=seconds)
    first = _from_us(start_us).year
    # Roughly how many years the budget needs at full time, plus one; grow while not found.
    last = first + 1 + seconds // (365 * 86400)
    while True:
        line = _timeline(spec, first, last)
        target = line.worked_until(start_us) + seconds * _US_PER_SECOND
        found = line.instant_after(target)
        if found is not None:
            return _from_us(found)
        if last - first > _DEADLINE_HORIZON_YEARS + seconds // (365 * 86400) or last >= 9997:
            return None
        last = min(9997, last + max(1, last - first))


def working_intervals(
    spec: CalendarSpec, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """Sorted, merged, aware UTC intervals of working time inside ``[start, end)``."""
    start_us, end_us = _to_us(start), _to_us(end)
    if end_us <= start_us or not spec.shifts:
        return []
    if _is_continuous(spec):
        return [(_from_us(start_us), _from_us(end_us))]
    line = _timeline(spec, _from_us(start_us).year, _from_us(end_us).year)
    index = max(0, bisect_right(line.starts, start_us) - 1)
    result: list[tuple[datetime, datetime]] = []
    while index < len(line.starts) and line.starts[index] < end_us:
        begin, finish = max(line.starts[index], start_us), min(line.ends[index], end_us)
        if finish > begin:
            result.append((_from_us(begin), _from_us(finish)))
        index += 1
    return result
