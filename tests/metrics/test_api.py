"""GET /api/v1/metrics/dashboard/: who may read it, what it answers, and 400s for bad input."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
import yaml
from rest_framework.authtoken.models import Token

from metrics.selectors import (
    KPI_KEYS,
    DashboardQuery,
    dashboard_breakdown,
    dashboard_kpis,
    dashboard_series,
    satisfaction_by_speed,
)
from tests.metrics.dashdata_world import DAY0, fill_rollups, random_facts
from tickets import services

pytestmark = pytest.mark.django_db

URL = "/api/v1/metrics/dashboard/"


@pytest.fixture
def world(t0):
    return random_facts(random.Random(11), count=40, t0=t0)


def params(start, end, **filters) -> dict:
    return {"start": start.isoformat(), "end": end.isoformat(), **filters}


def test_anonymous_is_refused(api_client):
    assert api_client.get(URL).status_code in (401, 403)


@pytest.mark.parametrize("who", ["agent", "customer_user"])
def test_agents_and_customers_are_forbidden(api_client, request, who):
    api_client.force_authenticate(request.getfixturevalue(who))

    assert api_client.get(URL).status_code == 403


def test_a_manager_reads_it_with_a_token(api_client, manager):
    token, _ = Token.objects.get_or_create(user=manager)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = api_client.get(URL)

    assert response.status_code == 200
    assert [kpi["key"] for kpi in response.json()["kpis"]] == list(KPI_KEYS)
    assert response.json()["period"]["days"] == 30


def test_the_answer_is_what_the_selectors_say(api_client, manager, world):
    team = world["teams"][0]
    query = DashboardQuery(start=DAY0 - timedelta(days=9), end=DAY0 + timedelta(9), team_id=team.pk)
    api_client.force_login(manager)

    body = api_client.get(URL, params(query.start, query.end, team=team.pk)).json()

    previous = query.previous()
    assert body["period"] == {"start": "2026-02-21", "end": "2026-03-11", "days": 19}
    assert body["previous_period"] == {
        "start": previous.start.isoformat(),
        "end": previous.end.isoformat(),
        "days": 19,
    }
    assert body["kpis"] == [
        {
            "key": kpi.key,
            "value": kpi.value,
            "previous": kpi.previous,
            "change": kpi.change,
            "count": kpi.count,
            "unit": kpi.unit,
        }
        for kpi in dashboard_kpis(query)
    ]
    assert any(kpi["value"] for kpi in body["kpis"])
    series = dashboard_series(query)
    assert [(p["day"], p["created"], p["backlog"]) for p in body["series"]] == [
        (p.day.isoformat(), p.created, p.backlog) for p in series
    ]
    assert [p["frt_p50"] for p in body["series"]] == [p.frt_p50 for p in series]
    for by in ("team", "agent", "channel", "priority", "category"):
        rows = dashboard_breakdown(query, by=by)
        assert [
            (r["key"], r["label"], r["created"], r["csat"]) for r in body["breakdowns"][by]
        ] == [(None if r.key is None else str(r.key), r.label, r.created, r.csat) for r in rows]
    speed = satisfaction_by_speed(query)
    assert [
        (r["bucket"], r["csat_count"], r["nps"])
        for r in body["satisfaction_by_speed"]["resolution"]
    ] == [(r.bucket, r.csat_count, r.nps) for r in speed.resolution]


def test_filters_narrow_the_numbers(api_client, manager, customer, team, other_team, agent, at):
    from tests.factories import make_ticket

    with at():
        make_ticket(customer=customer, team=team)
        make_ticket(customer=customer, team=other_team)
        make_ticket(customer=customer, team=other_team, priority="high")
    services.events_process_pending()
    fill_rollups(DAY0, DAY0)
    api_client.force_login(manager)

    def created(**filters) -> int:
        body = api_client.get(URL, params(DAY0, DAY0, **filters)).json()
        return next(kpi["value"] for kpi in body["kpis"] if kpi["key"] == "created")

    assert created() == 3
    assert created(team=other_team.pk) == 2
    assert created(team=other_team.pk, priority="high") == 1
    assert created(team="", channel="") == 3  # empty parameters are no filter


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"start": "2026-03-10", "end": "2026-03-01"}, "end"),
        ({"start": "2026-13-01"}, "start"),
        ({"end": "yesterday"}, "end"),
        ({"start": "2020-01-01", "end": "2026-01-01"}, "start"),
        ({"team": "999999"}, "team"),
        ({"team": "1e400"}, "team"),
        ({"agent": "999999"}, "agent"),
        ({"category": "x"}, "category"),
        ({"channel": "pigeon"}, "channel"),
        ({"priority": "asap"}, "priority"),
        ({"end": "9999-12-31", "start": "9999-12-01"}, "end"),
        ({"end": "9999-12-30", "start": "9999-01-01"}, "end"),
        ({"end": "0001-01-10", "start": "0001-01-01"}, "start"),
        ({"end": "0001-01-10"}, "start"),
        ({"start": "9998-01-01", "end": "9999-12-30"}, "end"),
    ],
)
def test_bad_parameters_are_400_with_the_field_named(api_client, manager, query, field):
    api_client.force_login(manager)

    response = api_client.get(URL, query)

    assert response.status_code == 400
    assert field in response.json(), response.json()


def test_three_years_is_the_longest_period(api_client, manager):
    api_client.force_login(manager)

    ok = api_client.get(URL, {"start": "2023-03-02", "end": "2026-03-02"})
    too_long = api_client.get(URL, {"start": "2023-03-01", "end": "2026-03-02"})

    assert ok.status_code == 200
    assert too_long.status_code == 400


def test_the_schema_documents_the_endpoint(api_client, db):
    schema = api_client.get("/api/schema/").content.decode()

    assert "/api/v1/metrics/dashboard/:" in schema
    for name in ("DashboardOutput", "KpiOutput", "BreakdownRowOutput", "satisfaction_by_speed"):
        assert name in schema
    operation = yaml.safe_load(schema)["paths"]["/api/v1/metrics/dashboard/"]["get"]
    assert {"200", "400", "403"} <= set(operation["responses"])
