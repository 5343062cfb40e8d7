"""The manager dashboard over HTTP."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from metrics.rollups import rollup_days_mark, rollups_fill
from tests.conftest import T0
from tests.factories import make_ticket
from tickets import services
from tickets.tasks import process_pending_events as _process_events

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
