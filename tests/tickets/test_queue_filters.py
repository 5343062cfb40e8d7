"""The agent queue's drill-down filters (the tickets behind a dashboard number)."""

import html
import re
from datetime import timedelta

import pytest

from tests.metrics.dashboard_world import DAY0, build, listed

pytestmark = pytest.mark.django_db

QUEUE = "/agent/"
BEFORE = (DAY0 - timedelta(days=1)).isoformat()
D0 = DAY0.isoformat()


@pytest.fixture
def world(at, customer, team, other_team, agent, other_agent):
    return build(
        at=at, customer=customer, team=team, other_team=other_team, agent=agent,
        other_agent=other_agent,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"created_from": D0, "created_to": D0}, {"t1", "t2", "t3", "t5"}),
        ({"created_to": BEFORE}, {"t4"}),
        ({"resolved_from": D0, "resolved_to": D0}, {"t1", "t4", "t5"}),
        ({"open_on": D0}, {"t2", "t3"}),
        ({"open_on": BEFORE}, {"t4"}),
        ({"priority": "high"}, {"t5"}),
        ({"channel": "web"}, {"t1", "t2", "t3", "t4", "t5"}),
        ({"channel": "email"}, set()),
        ({"responded": "1", "created_from": D0}, {"t1", "t2", "t5"}),
        ({"csat": "satisfied"}, {"t1"}),
        ({"csat": "unsatisfied"}, {"t5"}),
        ({"csat": "answered", "rated_from": D0, "rated_to": D0}, {"t1", "t5"}),
        ({"frt_bucket": "lt1h"}, {"t1"}),
        ({"frt_bucket": "1-4h"}, {"t2"}),
        ({"frt_bucket": "4-24h"}, {"t5"}),
        ({"resolution_bucket": "1-4h"}, {"t1"}),
        ({"sla": "any"}, set()),  # no SLA policy in this world: no ticket met or missed one
    ],
)
def test_each_filter_narrows_the_queue_through_the_facts(client, manager, world, params, expected):
    client.force_login(manager)

    assert listed(client, f"{QUEUE}?{_query(params)}") == world.refs(*expected)


def _query(params: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def test_dimension_filters_use_the_tickets_team_and_agent(
    client, manager, world, team, other_team, agent
):
    client.force_login(manager)

    assert listed(client, f"{QUEUE}?team={other_team.pk}") == world.refs("t3", "t4", "t5")
    assert listed(client, f"{QUEUE}?agent={agent.pk}") == world.refs("t2")
    assert listed(client, f"{QUEUE}?agent=none&team={team.pk}") == world.refs("t1")


def test_without_drill_down_filters_the_queue_is_the_open_one(client, manager, world):
    client.force_login(manager)

    assert listed(client, QUEUE) == world.refs("t2", "t3")


def test_filters_are_shown_with_a_clear_link_that_keeps_the_status(client, manager, world):
    client.force_login(manager)

    response = client.get(QUEUE, {"priority": "high", "csat": "unsatisfied", "status": "solved"})

    page = html.unescape(response.content.decode())
    shown = re.findall(
        r'data-filter="(\w+)"><span class="drill-label">([^<]+)</span> ([^<]+)<', page
    )
    # The dashboard's facts filters are chips; priority and status are the queue's own fields.
    assert shown == [("csat", "CSAT", "not satisfied (1–3)")]
    assert re.search(r'class="drill-clear" href="/agent/"', page)
    # The filter form keeps the drill-down filters.
    assert '<input type="hidden" name="csat" value="unsatisfied">' in page
    assert re.search(r'name="priority" value="high"[^>]*checked', page)
    assert listed(client, "/agent/?status=solved") == world.refs("t1", "t4", "t5")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"team": "x"}, "team"),
        ({"team": "999999"}, "team"),
        ({"agent": "1e400"}, "agent"),
        ({"created_from": "yesterday"}, "created_from"),
        ({"created_from": "2026-03-05", "created_to": "2026-03-01"}, "created_to"),
        ({"resolved_to": "9999-12-31"}, "resolved_to"),
        ({"sla": "maybe"}, "sla"),
        ({"frt_bucket": "fast"}, "frt_bucket"),
    ],
)
def test_bad_filters_are_errors_not_a_crash(client, manager, world, params, field):
    client.force_login(manager)

    response = client.get(QUEUE, params)

    assert response.status_code == 200
    page = response.content.decode()
    assert re.findall(r'<li class="error" data-field="(\w+)">', page) == [field]
    assert listed(client, f"{QUEUE}?{_query(params)}") == set()


def test_an_agent_sees_only_their_teams_tickets_behind_a_number(client, agent, world):
    client.force_login(agent)

    assert listed(client, f"{QUEUE}?created_from={BEFORE}") == world.refs("t1", "t2")
