"""The rollup fill bins durations in SQL (metrics_hist_bin); the reads and the brute-force
checks bin them in Python (metrics.histograms.bin_of). Both must put every value in the same
bin, at the bin edges most of all."""

from __future__ import annotations

import json
import random

import pytest
from django.db import connection

from metrics.histograms import GROWTH, bin_of

pytestmark = pytest.mark.django_db


def _sql_bins(values: list[int]) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT metrics_hist_bin(v) FROM unnest(%s::bigint[]) WITH ORDINALITY AS t(v, i) "
            "ORDER BY i",
            [values],
        )
        return [row[0] for row in cursor.fetchall()]


def test_sql_and_python_put_every_duration_in_the_same_bin():
    rng = random.Random(7)
    edges = {round(GROWTH**i) + delta for i in range(0, 200) for delta in (-1, 0, 1)}
    values = sorted(
        {0, 1, 2, 59, 60, 3600, 86_400, 10**9}
        | {value for value in edges if value >= 0}
        | {rng.randrange(0, 400 * 86_400) for _ in range(2_000)}
    )

    assert _sql_bins(values) == [bin_of(value) for value in values]


def test_an_empty_histogram_is_an_empty_object():
    with connection.cursor() as cursor:
        cursor.execute("SELECT metrics_hist_of(NULL::integer[]), metrics_hist_of('{3,3,0}')")
        # Django's backend hands jsonb over as text: the JSONField decodes it.
        empty, counted = (json.loads(value) for value in cursor.fetchone())

    assert empty == {}
    assert counted == {"3": 2, "0": 1}
