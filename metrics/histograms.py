"""Duration histograms that merge exactly, so percentiles over any set of rollup rows come out
with a bounded error instead of an average of medians (docs/metrics.md, "Percentiles").

A histogram is a sparse ``{"bin": count}`` dict (stored as jsonb). Bin 0 holds durations under
one second; bin ``i >= 1`` holds ``[GROWTH ** (i - 1), GROWTH ** i)`` seconds. Two histograms
merge by adding counts per bin, in Python (``merge``) or in SQL (``jsonb_each_text`` and SUM).
A percentile is the nearest-rank value, reported as its bin's geometric middle: at most
``MAX_RELATIVE_ERROR`` away from the exact nearest-rank value."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

GROWTH = 1.1
MAX_RELATIVE_ERROR = math.sqrt(GROWTH) - 1  # about 4.9 %
_LOG_GROWTH = math.log(GROWTH)


def bin_of(seconds: float) -> int:
    if seconds < 1:
        return 0
    # floor(log_g(s)) + 1, corrected for floating-point error at the bin edges.
    index = int(math.floor(math.log(seconds) / _LOG_GROWTH)) + 1
    if GROWTH ** (index - 1) > seconds:
        index -= 1
    elif GROWTH**index <= seconds:
        index += 1
    return index


def bin_value(index: int) -> float:
    """The value a percentile falling in this bin reports."""
    if index == 0:
        return 0.0
    return GROWTH ** (index - 0.5)


def histogram_of(values: Iterable[float]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        key = str(bin_of(value))
        counts[key] = counts.get(key, 0) + 1
    return counts


def merge(histograms: Iterable[Mapping[str, int]]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for histogram in histograms:
        for key, count in histogram.items():
            merged[key] = merged.get(key, 0) + int(count)
    return {key: count for key, count in merged.items() if count}


def total(histogram: Mapping[str, int]) -> int:
    return sum(int(count) for count in histogram.values())


def percentile(histogram: Mapping[str, int], q: float) -> float | None:
    """The nearest-rank ``q`` percentile (0 < q <= 1): the value at rank ``ceil(q * n)``."""
    n = total(histogram)
    if n == 0:
        return None
    rank = max(1, math.ceil(q * n))
    seen = 0
    for index in sorted(int(key) for key in histogram):
        seen += int(histogram[str(index)])
        if seen >= rank:
            return bin_value(index)
    raise AssertionError("unreachable: the ranks add up to n")


def exact_percentile(values: Iterable[float], q: float) -> float | None:
    """The same definition over raw values (what tests and small exact reads compare with)."""
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[max(1, math.ceil(q * len(ordered))) - 1]
