"""Checks for the rollup tests: a brute-force count over the facts (written apart from
metrics.rollups), random facts, and the pipeline as the worker runs it."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from metrics import rollups
from metrics.histograms import histogram_of
from metrics.models import (
    CreatedRollup,
    ResolvedRollup,
    SurveyRollup,
    TicketFacts,
)
from tests.factories import AgentFactory, CategoryFactory, CustomerFactory, make_ticket
from tickets.services import events_process_pending

ZONE = "Europe/Moscow"
DIMS = ("team_id", "agent_id", "channel", "priority", "category_id")
# The contract with the dashboard, written out again: which dimensions each grain keeps.
GRAIN_DIMS = {
    "all": (),
    "team": ("team_id",),
    "agent": ("agent_id",),
    "channel": ("channel",),
    "priority": ("priority",),
    "category": ("category_id",),
    "team_agent": ("team_id", "agent_id"),
    "team_channel": ("team_id", "channel"),
    "team_priority": ("team_id", "priority"),
    "team_category": ("team_id", "category_id"),
    "full": DIMS,
}
MODELS = (CreatedRollup, ResolvedRollup, SurveyRollup)


# --- the pipeline ------------------------------------------------------------------------------


def fact_days() -> set[date]:
    zone = ZoneInfo(ZONE)
    days = set()
    for row in TicketFacts.objects.values_list(
        "created_at", "resolved_at", "csat_answered_at", "nps_answered_at"
    ):
        days |= {moment.astimezone(zone).date() for moment in row if moment is not None}
    return days


def process_and_fill() -> rollups.FillResult:
    """Events -> facts -> rollups, as the worker runs them: the facts refresh adds the changes
    to the rollups (metrics.rollups.delta); a fill rewrites any day left dirty."""
    while events_process_pending():
        pass
    return rollups.rollups_fill()


def snapshot() -> dict:
    """Every rollup row's content, comparable across runs (no ids)."""
    rows = {}
    for model in MODELS:
        for row in model.objects.values():
            row.pop("id")
            key = (model.__name__, *(row[name] for name in ("day", "span", "grain", *DIMS)))
            key += (row.get("first_response_bucket"), row.get("resolution_bucket"))
            rows[key] = row
    return rows


# --- brute force over the facts ----------------------------------------------------------------


def local(moment) -> date | None:
    return moment.astimezone(ZoneInfo(ZONE)).date() if moment else None


def _dims(fact: TicketFacts, grain: str) -> tuple:
    values = {
        "team_id": fact.team_id,
        "agent_id": fact.agent_id,
        "channel": fact.channel or None,
        "priority": fact.priority or None,
        "category_id": fact.category_id,
    }
    return tuple(values[name] if name in GRAIN_DIMS[grain] else None for name in DIMS)


def _durations(prefix: str, values: list[int]) -> dict:
    return {f"{prefix}_sum": sum(values), f"{prefix}_hist": histogram_of(values)}


def expected_created(group: list[TicketFacts]) -> dict:
    first = [f.first_response_seconds for f in group if f.first_response_seconds is not None]
    first_b = [
        f.first_response_business_seconds
        for f in group
        if f.first_response_business_seconds is not None
    ]
    nexts = [s for f in group for s in f.next_response_seconds]
    nexts_b = [s for f in group for s in f.next_response_business_seconds]
    return {
        "created": len(group),
        "responded": len(first),
        **_durations("first_response", first),
        **_durations("first_response_business", first_b),
        "next_responses": len(nexts),
        **_durations("next_response", nexts),
        **_durations("next_response_business", nexts_b),
        "sla_met": sum(f.sla_outcome == "met" for f in group),
        "sla_missed": sum(f.sla_outcome == "missed" for f in group),
    }


def expected_resolved(group: list[TicketFacts]) -> dict:
    numbers = {"resolved": len(group), "reopened": sum(f.reopened for f in group)}
    numbers["one_touch"] = sum(bool(f.one_touch) for f in group)
    for name in ("resolution", "first_resolution", "requester_wait"):
        for suffix in ("", "_business"):
            values = [getattr(f, f"{name}{suffix}_seconds") for f in group]
            numbers.update(_durations(f"{name}{suffix}", [v for v in values if v is not None]))
    return numbers


def bucket_of(seconds):
    if seconds is None:
        return None
    return (
        "lt1h"
        if seconds < 3600
        else "1-4h"
        if seconds < 14400
        else "4-24h"
        if seconds < 86400
        else "gt24h"
    )


def expected_cells(grain: str) -> dict:
    """{(table, day, dims..., fr bucket, res bucket): numbers} for one grain, from the facts."""
    facts = list(TicketFacts.objects.all())
    groups = defaultdict(list)
    for f in facts:
        if f.created_at:
            groups[("CreatedRollup", local(f.created_at), *_dims(f, grain), None, None)].append(f)
        if f.resolved_at:
            groups[("ResolvedRollup", local(f.resolved_at), *_dims(f, grain), None, None)].append(f)
    answers = defaultdict(lambda: {"csat": [], "nps": []})
    for f in facts:
        buckets = (bucket_of(f.first_response_seconds), bucket_of(f.resolution_seconds))
        for kind in ("csat", "nps"):
            score, moment = getattr(f, f"{kind}_score"), getattr(f, f"{kind}_answered_at")
            if score is not None and moment is not None:
                key = ("SurveyRollup", local(moment), *_dims(f, grain), *buckets)
                answers[key][kind].append(score)
    cells = {}
    for key, group in groups.items():
        table = key[0]
        cells[key] = (
            expected_created(group) if table == "CreatedRollup" else expected_resolved(group)
        )
    for key, scores in answers.items():
        csat, nps = scores["csat"], scores["nps"]
        cells[key] = {
            "csat_answered": len(csat),
            "csat_satisfied": sum(s >= 4 for s in csat),
            "csat_sum": sum(csat),
            "nps_answered": len(nps),
            "nps_promoters": sum(s >= 9 for s in nps),
            "nps_detractors": sum(s <= 6 for s in nps),
        }
    return {key: _nonzero(numbers) for key, numbers in cells.items()}


def actual_cells(grain: str) -> dict:
    """The day rows of ``grain`` (week and month rows are checked against these)."""
    cells = {}
    skip = {"day", "span", "grain", *DIMS, "first_response_bucket", "resolution_bucket"}
    for key, row in snapshot().items():
        if key[3] == grain and key[2] == "day":
            numbers = {name: value for name, value in row.items() if name not in skip}
            cells[(key[0], key[1], *key[4:])] = _nonzero(numbers)
    return cells


def span_mismatches() -> list:
    """Week and month rows that are not the sums of their day rows, written apart from
    metrics.rollups.spans: every count and sum added, the dashboard's histograms merged bin by
    bin, the others empty; FULL has no span rows. [] when every span row is right."""
    from metrics.rollups.spans import SPAN_HISTS, span_end, span_start

    rows = snapshot()
    expected = {}
    for key, row in rows.items():
        if key[2] != "day" or key[3] == "full":
            continue
        model = {m.__name__: m for m in MODELS}[key[0]]
        for span in ("week", "month"):
            start = span_start(span, key[1])
            if key[1] >= span_end(span, start):
                continue
            cell = expected.setdefault((key[0], start, span, *key[3:]), {})
            for name, value in row.items():
                if name in ("day", "span", "grain", *DIMS) or "bucket" in name:
                    cell[name] = {"day": start, "span": span}.get(name, value)
                elif name.endswith("_hist"):
                    merged = cell.setdefault(name, {})
                    if name in SPAN_HISTS[model]:
                        for bin_, count in value.items():
                            merged[bin_] = merged.get(bin_, 0) + count
                else:
                    cell[name] = cell.get(name, 0) + value
    actual = {key: row for key, row in rows.items() if key[2] != "day"}
    return [
        (key, actual.get(key), expected.get(key))
        for key in sorted(set(actual) | set(expected), key=repr)
        if actual.get(key) != expected.get(key)
    ]


def _nonzero(numbers: dict) -> dict:
    return {name: value for name, value in numbers.items() if value}


# --- random facts ------------------------------------------------------------------------------


def make_cast(team, other_team, agent) -> dict:
    """Teams, agents (one without a team of ``team``'s) and categories for random facts."""
    agents = [agent, AgentFactory(teams=[team]), AgentFactory(teams=[other_team])]
    categories = [CategoryFactory(team=team), CategoryFactory(team=other_team)]
    return {"teams": [team, other_team], "agents": agents, "categories": categories}


def random_facts(rng: random.Random, cast: dict, t0, *, tickets: int = 40, days: int = 5):
    """Facts with random values in every column the rollups read (as the facts refresh would
    write them), on tickets made by the services."""
    customer = CustomerFactory()
    for _ in range(tickets):
        ticket = make_ticket(customer=customer)
        created = t0 + timedelta(seconds=rng.randrange(days * 86400))
        maybe = lambda value: value if rng.random() < 0.7 else None  # noqa: E731
        resolution = maybe(rng.choice([600, 5000, 20000, 100000, rng.randrange(1, 400000)]))
        first = maybe(rng.choice([0, 59, 3599, 3600, 14400, 86399, 86400, rng.randrange(200000)]))
        csat, nps = maybe(rng.randint(1, 5)), maybe(rng.randint(0, 10))
        TicketFacts.objects.update_or_create(
            ticket=ticket,
            defaults={
                "team": maybe(rng.choice(cast["teams"])),
                "agent": maybe(rng.choice(cast["agents"])),
                "category": maybe(rng.choice(cast["categories"])),
                "channel": rng.choice(["web", "email", "chat", ""]),
                "priority": rng.choice(["low", "normal", "high", ""]),
                "created_at": created,
                "first_response_seconds": first,
                "first_response_business_seconds": maybe(rng.randrange(100000)),
                "next_response_seconds": [rng.randrange(50000) for _ in range(rng.randrange(3))],
                "next_response_business_seconds": [
                    rng.randrange(9000) for _ in range(rng.randrange(3))
                ],
                "resolved_at": created + timedelta(seconds=resolution) if resolution else None,
                "resolution_seconds": resolution,
                "resolution_business_seconds": resolution and rng.randrange(resolution + 1),
                "first_resolution_seconds": resolution and rng.randrange(resolution + 1),
                "first_resolution_business_seconds": resolution and rng.randrange(9000),
                "requester_wait_seconds": resolution and rng.randrange(resolution + 1),
                "requester_wait_business_seconds": maybe(rng.randrange(9000)),
                "reopened": rng.choice([0, 0, 1, 2]),
                "one_touch": rng.choice([True, False, None]),
                "sla_outcome": rng.choice(["", "in_progress", "met", "missed"]),
                "csat_score": csat,
                "csat_answered_at": created + timedelta(hours=rng.randrange(300)) if csat else None,
                "nps_score": nps,
                "nps_answered_at": (
                    created + timedelta(hours=rng.randrange(300)) if nps is not None else None
                ),
            },
        )


def fill_all() -> rollups.FillResult:
    rollups.rollup_days_mark(days=fact_days())
    return rollups.rollups_fill()
