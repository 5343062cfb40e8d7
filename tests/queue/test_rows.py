"""The queue rows' own formatting, held to what Django and the slow path would print."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation
from django.utils.timesince import timesince

from helpdesk.text import clean_label
from tickets.queues.rows import TimeAgo

NOW = datetime(2026, 3, 31, 12, 0, 30, 250_000, tzinfo=UTC)
EDGES = [0, 1, 59, 60, 61, 3599, 3600, 3660, 86399, 86400, 90000, 604799, 604800, 694800]
SPANS = [timedelta(seconds=s) for s in EDGES] + [
    timedelta(days=27, hours=23, minutes=59, seconds=59),
    timedelta(days=28),
    timedelta(days=45, hours=3),
    timedelta(days=400),
    timedelta(seconds=-5),
    timedelta(microseconds=400_000),
]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_time_ago_says_what_timesince_says(language):
    generator = random.Random(7)
    spans = SPANS + [timedelta(seconds=generator.randint(0, 40 * 86400)) for _ in range(3000)]
    with translation.override(language):
        ago = TimeAgo(NOW)
        for span in spans:
            when = NOW - span - timedelta(microseconds=generator.randint(0, 999_999))
            assert ago(when) == timesince(when, NOW), span


@pytest.mark.parametrize(
    ("value", "cleaned"),
    [
        ("Printer  offline ", "Printer offline"),  # printable: the fast path
        ("Принтер не печатает", "Принтер не печатает"),
        ("Принтер\tне\nпечатает", "Принтер не печатает"),  # control characters: the walk
        ("invoice\u202etxt.exe", "invoicetxt.exe"),
        ("zero\u200bwidth", "zerowidth"),
        ("filler\u3164name", "fillername"),  # invisible though printable
        ("line\u2028break and\u00a0nbsp", "line break and nbsp"),
        ("private\ue000use", "private\ue000use"),
        ("", ""),
    ],
)
def test_clean_label_on_either_path(value, cleaned):
    assert clean_label(value) == cleaned
