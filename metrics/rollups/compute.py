"""The pure part of a fill: one day's facts (as dicts) in, that day's rollup rows (dicts of
column values) out. Every
grain is computed in the same pass: each fact adds its numbers to one cell per grain."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from metrics.histograms import bin_of
from metrics.rollups.cuts import DIMS, GRAIN_DIMS, speed_bucket

# TicketFacts columns of the dimensions, in DIMS order.
DIM_FACT_FIELDS = ("team_id", "agent_id", "channel", "priority", "category_id")
CREATED_FACT_FIELDS = (
    *DIM_FACT_FIELDS,
    "first_response_seconds",
    "first_response_business_seconds",
    "next_response_seconds",
    "next_response_business_seconds",
    "sla_outcome",
)
RESOLVED_FACT_FIELDS = (
    *DIM_FACT_FIELDS,
    "resolution_seconds",
    "resolution_business_seconds",
    "first_resolution_seconds",
    "first_resolution_business_seconds",
    "requester_wait_seconds",
    "requester_wait_business_seconds",
    "reopened",
    "one_touch",
)
SURVEY_FACT_FIELDS = (
    *DIM_FACT_FIELDS,
    "first_response_seconds",
    "resolution_seconds",
    "csat_score",
    "nps_score",
)
# Which positions of the dimension key each grain keeps (the others become None: "all").
_GRAIN_MASKS = {
    grain: tuple(i for i, dim in enumerate(DIMS) if dim in dims)
    for grain, dims in GRAIN_DIMS.items()
}
# (sum column, histogram column, fact field) of the durations each rollup sums and bins.
_RESOLVED_DURATIONS = (
    ("resolution_sum", "resolution_hist", "resolution_seconds"),
    ("resolution_business_sum", "resolution_business_hist", "resolution_business_seconds"),
    ("first_resolution_sum", "first_resolution_hist", "first_resolution_seconds"),
    (
        "first_resolution_business_sum",
        "first_resolution_business_hist",
        "first_resolution_business_seconds",
    ),
    ("requester_wait_sum", "requester_wait_hist", "requester_wait_seconds"),
    (
        "requester_wait_business_sum",
        "requester_wait_business_hist",
        "requester_wait_business_seconds",
    ),
)


class _Cells:
    """Sums and sparse histograms per cell key."""

    def __init__(self) -> None:
        self.cells: dict[tuple, tuple[dict[str, int], dict[str, dict[str, int]]]] = {}

    def add(self, key: tuple, sums: Mapping[str, int], bins: list[tuple[str, str]]) -> None:
        cell = self.cells.get(key)
        if cell is None:
            cell = self.cells[key] = ({}, {})
        cell_sums, cell_hists = cell
        for name, value in sums.items():
            cell_sums[name] = cell_sums.get(name, 0) + value
        for name, bin_key in bins:
            hist = cell_hists.setdefault(name, {})
            hist[bin_key] = hist.get(bin_key, 0) + 1


def _dim_key(fact: Mapping) -> tuple:
    # Blank channel/priority mean "none", stored as null like a missing agent or category.
    return (
        fact["team_id"],
        fact["agent_id"],
        fact["channel"] or None,
        fact["priority"] or None,
        fact["category_id"],
    )


def _grain_keys(fact: Mapping) -> list[tuple]:
    values = _dim_key(fact)
    keys = []
    for grain, mask in _GRAIN_MASKS.items():
        keys.append((grain, *(values[i] if i in mask else None for i in range(len(DIMS)))))
    return keys


def _duration(sums: dict, bins: list, sum_name: str, hist_name: str, seconds: int | None) -> None:
    if seconds is not None:
        sums[sum_name] = sums.get(sum_name, 0) + seconds
        bins.append((hist_name, str(bin_of(seconds))))


def _rows(day: date, cells: _Cells, extra_columns: tuple[str, ...] = ()) -> list[dict]:
    """One dict of column values per cell (columns left out take their model default)."""
    names = (*DIM_FACT_FIELDS, *extra_columns)
    rows = []
    for key, (sums, hists) in cells.cells.items():
        grain, *values = key
        rows.append({"day": day, "grain": str(grain), **dict(zip(names, values, strict=True))})
        rows[-1].update(sums)
        rows[-1].update(hists)
    return rows


def created_rows(day: date, facts: Iterable[Mapping]) -> list[dict]:
    """Rows of tickets created on ``day``."""
    cells = _Cells()
    for fact in facts:
        sums = {"created": 1}
        bins: list[tuple[str, str]] = []
        if fact["first_response_seconds"] is not None:
            sums["responded"] = 1
        _duration(
            sums, bins, "first_response_sum", "first_response_hist", fact["first_response_seconds"]
        )
        _duration(
            sums,
            bins,
            "first_response_business_sum",
            "first_response_business_hist",
            fact["first_response_business_seconds"],
        )
        for seconds in fact["next_response_seconds"] or ():
            sums["next_responses"] = sums.get("next_responses", 0) + 1
            _duration(sums, bins, "next_response_sum", "next_response_hist", seconds)
        for seconds in fact["next_response_business_seconds"] or ():
            _duration(
                sums, bins, "next_response_business_sum", "next_response_business_hist", seconds
            )
        if fact["sla_outcome"] == "met":
            sums["sla_met"] = 1
        elif fact["sla_outcome"] == "missed":
            sums["sla_missed"] = 1
        for key in _grain_keys(fact):
            cells.add(key, sums, bins)
    return _rows(day, cells)


def resolved_rows(day: date, facts: Iterable[Mapping]) -> list[dict]:
    """Rows of tickets whose full resolution (last solve) fell on ``day``."""
    cells = _Cells()
    for fact in facts:
        sums = {"resolved": 1, "reopened": fact["reopened"] or 0}
        if fact["one_touch"]:
            sums["one_touch"] = 1
        bins: list[tuple[str, str]] = []
        for sum_name, hist_name, field in _RESOLVED_DURATIONS:
            _duration(sums, bins, sum_name, hist_name, fact[field])
        for key in _grain_keys(fact):
            cells.add(key, sums, bins)
    return _rows(day, cells)


def survey_rows(
    day: date, *, csat_facts: Iterable[Mapping], nps_facts: Iterable[Mapping]
) -> list[dict]:
    """Rows of the CSAT answers (``csat_facts``) and NPS answers (``nps_facts``) last given on
    ``day``, each cell also keyed by the ticket's first-response and resolution buckets."""
    cells = _Cells()
    answers = [(f, _csat_sums(f["csat_score"])) for f in csat_facts if f["csat_score"] is not None]
    answers += [(f, _nps_sums(f["nps_score"])) for f in nps_facts if f["nps_score"] is not None]
    for fact, sums in answers:
        buckets = (
            speed_bucket(fact["first_response_seconds"]),
            speed_bucket(fact["resolution_seconds"]),
        )
        for key in _grain_keys(fact):
            cells.add((*key, *buckets), sums, [])
    return _rows(day, cells, ("first_response_bucket", "resolution_bucket"))


def _csat_sums(score: int) -> dict[str, int]:
    return {"csat_answered": 1, "csat_satisfied": int(score >= 4), "csat_sum": score}


def _nps_sums(score: int) -> dict[str, int]:
    return {"nps_answered": 1, "nps_promoters": int(score >= 9), "nps_detractors": int(score <= 6)}
