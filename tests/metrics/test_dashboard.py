"""The manager dashboard over HTTP."""

import html
import json
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from metrics.rollups import rollup_days_mark, rollups_fill
from tests.conftest import T0
from tests.factories import make_ticket
from tickets import services
from tickets.tasks import process_pending_events as _process_events
from tickets.templatetags.helpdesk import duration

pytestmark = pytest.mark.django_db

URL = "/manager/"


DAY0 = T0.date()


def process_pending_events(first=DAY0 - timedelta(days=1), last=DAY0 + timedelta(days=3)):
    """The worker's part: facts from the events, then the rollups the dashboard reads (the
    days are marked here too, so the test does not depend on which days the facts mark)."""
    _process_events()
    rollup_days_mark(days=[first + timedelta(days=i) for i in range((last - first).days + 1)])
    rollups_fill()


def number(response, element_id) -> str:
    match = re.search(rf'id="{element_id}">(.*?)<', response.content.decode())
    assert match, f"#{element_id} is not on the page"
    return match.group(1)


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["agent", "customer_user"])
def test_agents_and_customers_are_forbidden(who, client, request):
    client.force_login(request.getfixturevalue(who))

    assert client.get(URL).status_code == 403


def test_manager_sees_the_numbers(client, manager, customer, team, at, t0):
    for hours, seconds in [(0, 60), (1, 120), (2, 600)]:
        with at(hours=hours):
            ticket = make_ticket(customer=customer, team=team)
        with at(hours=hours, seconds=seconds):
            services.message_add_from_agent(ticket=ticket, agent=manager, body="Hi")
    process_pending_events()
    client.force_login(manager)

    day = t0.date().isoformat()
    response = client.get(URL, {"start": day, "end": day})

    assert response.status_code == 200
    assert number(response, "tickets-created") == "3"
    assert number(response, "median-first-response") == "2 minutes"
    assert number(response, "median-resolution") == "—"


def test_team_filter_narrows_the_numbers(client, manager, customer, team, other_team, at, t0):
    with at():
        make_ticket(customer=customer, team=team)
        make_ticket(customer=customer, team=other_team)
        make_ticket(customer=customer, team=other_team)
    process_pending_events()
    client.force_login(manager)

    day = t0.date().isoformat()
    response = client.get(URL, {"start": day, "end": day, "team": other_team.pk})

    assert number(response, "tickets-created") == "2"


def test_default_period_renders(client, manager):
    client.force_login(manager)

    response = client.get(URL)

    assert response.status_code == 200
    assert number(response, "tickets-created") == "0"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_default_period_fills_the_date_inputs_in_iso_form(client, manager, language):
    # <input type="date"> shows nothing unless its value is yyyy-mm-dd, in any language.
    client.force_login(manager)

    response = client.get(URL, HTTP_ACCEPT_LANGUAGE=language)

    today = timezone.localdate()
    html = response.content.decode()
    assert f'name="end" value="{today:%Y-%m-%d}"' in html
    assert f'name="start" value="{today - timedelta(days=29):%Y-%m-%d}"' in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"start": "2026-03-05", "end": "2026-03-01"}, "end"),
        ({"start": "2026-13-45", "end": "2026-03-01"}, "start"),
        ({"start": "yesterday", "end": "2026-03-01"}, "start"),
        ({"start": "2026-03-01", "end": "99999-01-01"}, "end"),
        ({"start": "2026-03-01", "end": "9999-12-31"}, "end"),
        ({"start": "0001-01-01", "end": "0001-01-01\x00"}, "end"),
        ({"start": "2026-03-01", "end": "2026-03-02", "team": "x"}, "team"),
        ({"start": "2026-03-01", "end": "2026-03-02", "team": "99999999999999999999"}, "team"),
    ],
)
def test_bad_period_is_a_field_error_not_a_crash(query, field, client, manager, field_errors):
    client.force_login(manager)

    response = client.get(URL, query)

    assert response.status_code == 200
    assert list(field_errors(response)) == [field]
    assert 'id="tickets-created"' not in response.content.decode()


# --- the full page over the pipeline's numbers ---------------------------------------------------

from tests.metrics.dashboard_world import (  # noqa: E402
    build,
    cell_href,
    href_of,
    listed,
)

ONE_DAY = {"start": DAY0.isoformat(), "end": DAY0.isoformat()}


@pytest.fixture
def world(at, customer, team, other_team, agent, other_agent):
    return build(
        at=at, customer=customer, team=team, other_team=other_team, agent=agent,
        other_agent=other_agent,
    )  # fmt: skip


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_page_shows_the_pipelines_numbers_in_both_languages(client, manager, world, language):
    client.force_login(manager)

    response = client.get(URL, ONE_DAY, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert number(response, "tickets-created") == "4"
    assert number(response, "kpi-solved") == "3"
    assert number(response, "kpi-backlog") == "2"
    assert number(response, "kpi-csat").replace("\xa0", " ") == "50.0 %".replace(
        ".", "," if language == "ru" else "."
    )
    # The chart data is JSON for static/js/dashboard.js, and every chart has a table fallback.
    data = json.loads(re.search(r'id="dashboard-data" type="application/json">(.*?)</script>',
                                page, re.S).group(1))  # fmt: skip
    assert data["charts"]["volume"][0]["data"] == [4]
    assert data["charts"]["volume"][1]["data"] == [3]
    assert page.count('<details class="chart-table">') == len(data["charts"])
    assert "<script>" not in page and " style=" not in page


def test_kpi_tiles_compare_with_the_previous_period(client, manager, world):
    client.force_login(manager)

    response = client.get(URL, ONE_DAY)

    page = response.content.decode()
    created = page[page.index('data-kpi="created"') :]
    created = created[: created.index("</div>")]
    # One ticket created the day before (t4), four on the day: up by three, neither good nor bad.
    assert "+3" in created and "vs previous 1 day (1)" in created
    assert "trend-up" in created and "kpi-neutral" in page.split('data-kpi="created"')[0][-80:]
    solved = page[page.index('data-kpi="solved"') - 80 :]
    assert "kpi-good" in solved[:120]


def test_the_page_equals_the_api_for_the_same_query(client, manager, world, team):
    client.force_login(manager)
    query = {**ONE_DAY, "team": team.pk}

    page = client.get(URL, query)
    api = client.get("/api/v1/metrics/dashboard/", query).json()

    kpis = {kpi["key"]: kpi for kpi in api["kpis"]}
    assert number(page, "tickets-created") == str(int(kpis["created"]["value"]))
    assert number(page, "kpi-solved") == str(int(kpis["solved"]["value"]))
    assert number(page, "median-first-response") == duration(kpis["frt_median"]["value"])
    assert number(page, "kpi-frt_p90") == duration(kpis["frt_p90"]["value"])


def test_filters_round_trip_in_the_url(client, manager, world, team, agent):
    client.force_login(manager)
    query = {**ONE_DAY, "team": team.pk, "agent": agent.pk, "channel": "web", "priority": "normal"}

    response = client.get(URL, query)

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    for name, value in query.items():
        if name in ("start", "end"):
            assert f'name="{name}" value="{value}"' in page
        else:
            assert re.search(rf'<select name="{name}"[^>]*>.*?<option value="{value}" selected>',
                             page, re.S), name  # fmt: skip
    csv = href_of_csv(page)
    assert parse_qs(urlsplit(csv).query) == {k: [str(v)] for k, v in query.items()}
    # Every queue link carries the page's filters.
    link = parse_qs(urlsplit(href_of(page, "tickets-created")).query)
    assert link["team"] == [str(team.pk)] and link["agent"] == [str(agent.pk)]


def href_of_csv(page: str) -> str:
    return re.search(r'<a href="([^"]+)" id="dashboard-csv"', page).group(1)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"agent": "x"}, "agent"),
        ({"agent": "1e400"}, "agent"),
        ({"channel": "fax"}, "channel"),
        ({"priority": "whenever"}, "priority"),
        ({"category": "-1"}, "category"),
        ({"start": "2020-01-01", "end": "2026-03-02"}, "start"),
        ({"start": "9998-01-01", "end": "9998-01-02"}, None),
    ],
)
def test_bad_filters_are_field_errors(query, field, client, manager, field_errors):
    client.force_login(manager)

    response = client.get(URL, {**ONE_DAY, **query})

    assert response.status_code == 200
    assert list(field_errors(response)) == ([field] if field else [])


def test_tile_links_list_exactly_the_tickets_counted(client, manager, world):
    client.force_login(manager)
    page = client.get(URL, ONE_DAY).content.decode()

    assert listed(client, href_of(page, "tickets-created")) == world.refs("t1", "t2", "t3", "t5")
    assert listed(client, href_of(page, "kpi-solved")) == world.refs("t1", "t4", "t5")
    assert listed(client, href_of(page, "kpi-backlog")) == world.refs("t2", "t3")
    assert listed(client, href_of(page, "median-first-response")) == world.refs("t1", "t2", "t5")
    assert listed(client, href_of(page, "kpi-csat")) == world.refs("t1", "t5")


def test_breakdown_and_speed_links_list_exactly_the_tickets_counted(
    client, manager, world, team, other_team
):
    client.force_login(manager)
    page = client.get(URL, ONE_DAY).content.decode()

    created_a = cell_href(page, "breakdown-team", str(team.pk), "created")
    solved_b = cell_href(page, "breakdown-team", str(other_team.pk), "solved")
    assert listed(client, created_a) == world.refs("t1", "t2")
    assert listed(client, solved_b) == world.refs("t4", "t5")
    speed = page[page.index('data-speed="first_response"') :]
    fast = speed[speed.index('data-bucket="lt1h"') :]
    fast_csat = html.unescape(re.search(r'class="csat-count"><a href="([^"]+)"', fast).group(1))
    slow = speed[speed.index('data-bucket="4-24h"') :]
    slow_csat = html.unescape(re.search(r'class="csat-count"><a href="([^"]+)"', slow).group(1))
    assert listed(client, fast_csat) == world.refs("t1")
    assert listed(client, slow_csat) == world.refs("t5")


def test_the_page_costs_a_bounded_number_of_queries(
    client, manager, world, django_assert_max_num_queries
):
    client.force_login(manager)

    # A fixed number (session, permissions, ~45 rollup reads, the filter lists), whatever the
    # number of tickets: the page reads rollup rows only.
    with django_assert_max_num_queries(55):
        response = client.get(URL, ONE_DAY)

    assert response.status_code == 200
