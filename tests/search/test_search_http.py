"""The search page (/agent/search/) and the search API (/api/v1/search/)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CustomerFactory, make_ticket
from tickets import services

pytestmark = pytest.mark.django_db

PAGE = "/agent/search/"
API = "/api/v1/search/"


def result_references(response) -> list[str]:
    page = response.content.decode()
    return re.findall(r'<p class="search-title"><a href="/agent/tickets/(HD-\d+)/">', page)


def test_results_page_lists_ranked_tickets_with_escaped_snippets(client, agent, team):
    make_ticket(team=team, subject="Question", body="The <script>x()</script> monitor flickers")
    top = make_ticket(team=team, subject="Monitor is dark", body="Nothing shows")
    client.force_login(agent)

    response = client.get(PAGE, {"q": "monitors"})

    assert response.status_code == 200
    page = response.content.decode()
    assert result_references(response)[0] == top.reference
    assert "<mark>Monitor</mark> is dark" in page
    assert "<script>x()" not in page
    assert "<mark>monitor</mark> flickers" in page
    assert 'id="agent-search"' in page and 'name="q"' in page  # the nav box


def test_a_reference_or_an_address_redirects(client, agent, team):
    customer = CustomerFactory(email="ivan@example.ru")
    ticket = make_ticket(team=team, customer=customer)
    client.force_login(agent)

    assert client.get(PAGE, {"q": ticket.reference.lower()}).url == (
        f"/agent/tickets/{ticket.reference}/"
    )
    assert client.get(PAGE, {"q": "ivan@example.ru"}).url == f"/agent/?customer={customer.pk}"


def test_an_empty_query_shows_the_form(client, agent):
    client.force_login(agent)

    response = client.get(PAGE)

    assert response.status_code == 200
    assert result_references(response) == []


def test_customers_and_anonymous_are_kept_out(client, customer):
    assert client.get(PAGE, {"q": "x"}).status_code == 302  # to sign in
    client.force_login(customer.user)
    assert client.get(PAGE, {"q": "x"}).status_code == 403


def test_results_page_query_count_does_not_grow_with_rows(
    client, agent, team, customer, django_assert_num_queries
):
    def add(n):
        for _ in range(n):
            ticket = make_ticket(team=team, customer=customer, subject="Toner low")
            services.message_add_from_agent(ticket=ticket, agent=agent, body="More toner sent")

    client.force_login(agent)
    add(2)
    client.get(PAGE, {"q": "toner"})  # warm process-wide caches
    with CaptureQueriesContext(connection) as few:
        assert len(result_references(client.get(PAGE, {"q": "toner"}))) == 2

    add(6)

    with django_assert_num_queries(len(few)):
        assert len(result_references(client.get(PAGE, {"q": "toner"}))) == 8


def test_api_returns_ranked_hits_with_snippets(api_client, agent, other_agent, team):
    ticket = make_ticket(team=team, subject="Принтер зажевал бумагу", body="Снова")
    services.message_add_from_agent(
        ticket=ticket, agent=agent, body="Заказали новый ролик", is_internal=True
    )
    api_client.force_login(agent)

    response = api_client.get(API, {"q": "ролики"})

    assert response.status_code == 200
    body = response.json()
    assert body["jump"] is None
    (hit,) = body["results"]
    assert hit["reference"] == ticket.reference
    assert hit["url"] == f"/api/v1/tickets/{ticket.reference}/"
    assert "<mark>ролик</mark>" in hit["snippet_html"]
    assert hit["rank"] > 0

    api_client.force_login(other_agent)
    assert api_client.get(API, {"q": "ролики"}).json()["results"] == []


def test_api_jump_and_errors(api_client, agent, customer, team):
    ticket = make_ticket(team=team, customer=customer)
    api_client.force_login(agent)

    assert api_client.get(API, {"q": ticket.reference}).json()["jump"] == (
        f"/agent/tickets/{ticket.reference}/"
    )
    response = api_client.get(API, {"q": "  "})
    assert response.status_code == 400
    assert "q" in response.json()

    api_client.force_login(customer.user)
    assert api_client.get(API, {"q": "printer"}).status_code == 403


def test_schema_describes_search(api_client, db):
    schema = api_client.get("/api/schema/").content.decode()

    assert "/api/v1/search/:" in schema
    assert "snippet_html" in schema
