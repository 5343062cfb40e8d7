"""'My requests': a signed-in customer's own tickets, searched and paged by keyset, and never
anyone else's, however the URL is tweaked."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from tests.factories import CustomerFactory, make_ticket
from tickets import services
from tickets.models import Ticket
from tickets.selectors import customer_requests

pytestmark = pytest.mark.django_db

URL = "/my/"


def references(response) -> list[str]:
    """The references listed on the page, in order."""
    return re.findall(
        r'<td data-label="Request"><a href="[^"]+">(HD-\d+)</a>', response.content.decode()
    )


def next_link(response) -> str | None:
    match = re.search(r'<a href="(\?[^"]*after=[^"]+)" rel="next">', response.content.decode())
    return match.group(1).replace("&amp;", "&") if match else None


@pytest.fixture
def signed_in(client, customer):
    client.force_login(customer.user)
    return client


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == "/my/sign-in/"


def test_the_navigation_links_to_my_requests(client, db):
    assert f'href="{URL}"' in client.get("/").content.decode()


def test_every_own_ticket_open_or_closed_latest_activity_first(
    signed_in, customer, team, agent, at
):
    with at():
        old = make_ticket(customer=customer, team=team, subject="Old printer")
    with at(hours=1):
        closed = make_ticket(customer=customer, team=team, subject="Closed one")
    with at(hours=2):
        fresh = make_ticket(customer=customer, team=team, subject="Fresh one")
    with at(hours=3):
        services.ticket_change_status(ticket=closed, actor=agent, status=Ticket.Status.CLOSED)
    with at(hours=4):  # the old one gets an answer: it moves to the top
        services.message_add_from_agent(ticket=old, agent=agent, body="On it")
    someone_elses = make_ticket(customer=CustomerFactory(), team=team, subject="Not yours")

    response = signed_in.get(URL)

    assert response.status_code == 200
    assert references(response) == [old.reference, closed.reference, fresh.reference]
    html = response.content.decode()
    assert someone_elses.reference not in html
    assert "Not yours" not in html
    # Each row leads to the ticket's tracking page, which works without signing in.
    closed.refresh_from_db()
    tracking = f"/track/{closed.reference}/{closed.tracking_token}/"
    assert f'href="{tracking}"' in html
    assert "status-closed" in html


def test_no_requests_yet(signed_in):
    assert "You have no requests yet." in signed_in.get(URL).content.decode()


def test_subjects_are_shown_literally(signed_in, customer):
    make_ticket(customer=customer, subject="<script>alert(1)</script>")

    html = signed_in.get(URL).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.fixture
def three(customer, team):
    return {
        "printer": make_ticket(customer=customer, team=team, subject="Printer on fire"),
        "invoice": make_ticket(customer=customer, team=team, subject="Invoice for March"),
        "login": make_ticket(customer=customer, team=team, subject="Cannot sign in, printer too"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("printer", {"printer", "login"}),
        ("PRINTER fire", {"printer"}),
        ("fire printer", {"printer"}),
        ("march", {"invoice"}),
        ("nothing like this", set()),
        ("   ", {"printer", "invoice", "login"}),
        ("\x00printer\u202e", {"printer", "login"}),
        ("%", set()),
        ("_", set()),
    ],
)
def test_search_by_subject_words(signed_in, three, query, expected):
    response = signed_in.get(URL, {"q": query})

    assert response.status_code == 200
    assert set(references(response)) == {three[key].reference for key in expected}


def test_search_by_reference(signed_in, three):
    invoice = three["invoice"]

    for query in (invoice.reference, invoice.reference.lower(), f"HD-{invoice.number}",
                  str(invoice.number)):  # fmt: skip
        assert references(signed_in.get(URL, {"q": query})) == [invoice.reference], query


def test_search_never_finds_another_customers_ticket(signed_in, three, team):
    theirs = make_ticket(customer=CustomerFactory(), team=team, subject="Printer on fire")

    for query in (theirs.reference, str(theirs.number), "printer"):
        assert theirs.reference not in references(signed_in.get(URL, {"q": query}))
    # ...while the same search still finds the customer's own printer ticket.
    own = references(signed_in.get(URL, {"q": "printer"}))
    assert three["printer"].reference in own


def test_a_huge_query_is_fine(signed_in, three):
    response = signed_in.get(URL, {"q": "printer " * 2000})

    assert response.status_code == 200


def test_pages_of_fifty_by_keyset(signed_in, customer, team, at):
    with at():  # all at the same moment: the id breaks the tie
        tickets = [
            make_ticket(customer=customer, team=team, subject=f"Ticket {n}") for n in range(52)
        ]
    newest_first = [ticket.reference for ticket in reversed(tickets)]

    first = signed_in.get(URL)
    with CaptureQueriesContext(connection) as queries:
        second = signed_in.get(URL + next_link(first))

    assert references(first) == newest_first[:50]
    assert references(second) == newest_first[50:]
    assert next_link(second) is None
    assert not [query for query in queries.captured_queries if "OFFSET" in query["sql"]]
    assert 'href="?"' in second.content.decode()  # back to the newest


def test_the_selector_pages_across_different_moments(customer, team, at):
    for hour in range(7):
        with at(hours=hour):
            make_ticket(customer=customer, team=team, subject=f"Hour {hour} printer")
    make_ticket(customer=customer, team=team, subject="Scanner")

    seen, after = [], ""
    while True:
        page = customer_requests(user=customer.user, query="printer", after=after, limit=3)
        seen += [ticket.subject for ticket in page.tickets]
        if not page.next_cursor:
            break
        after = page.next_cursor

    assert seen == [f"Hour {hour} printer" for hour in reversed(range(7))]


def test_paging_keeps_the_search(signed_in, customer, team, at):
    with at():
        for n in range(51):
            make_ticket(customer=customer, team=team, subject=f"Printer {n}")
        make_ticket(customer=customer, team=team, subject="Scanner")

    first = signed_in.get(URL, {"q": "printer"})
    link = next_link(first)

    assert "q=printer" in link
    assert len(references(signed_in.get(URL + link))) == 1


def test_the_list_costs_the_same_few_queries_for_many_tickets(
    signed_in, customer, team, django_assert_max_num_queries
):
    for n in range(30):
        make_ticket(customer=customer, team=team, subject=f"Ticket {n}")

    # Session, user, customer, the user's permissions (two), the page of tickets: no N+1.
    with django_assert_max_num_queries(6):
        response = signed_in.get(URL)

    assert len(references(response)) == 30


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "1.",
        ".1",
        "-1.5",
        "1e400.1",
        "99999999999999999999.1",
        "1.99999999999999999999",
        "１.１",
    ],
)
def test_a_bad_page_link_is_a_400(signed_in, customer, cursor):
    make_ticket(customer=customer)

    response = signed_in.get(URL, {"after": cursor})

    assert response.status_code == 400
    assert "This page link is not valid." in response.content.decode()


def test_a_cursor_from_another_customers_list_shows_only_own_tickets(signed_in, customer, team, at):
    other = CustomerFactory(with_login=True)
    with at():
        mine = make_ticket(customer=customer, team=team)
    with at(hours=1):
        theirs = [make_ticket(customer=other, team=team) for _ in range(3)]
    cursor = customer_requests(user=other.user, limit=1).next_cursor

    response = signed_in.get(URL, {"after": cursor})

    assert references(response) == [mine.reference]
    assert not {t.reference for t in theirs} & set(references(response))


def test_an_agents_login_has_no_requests(client, agent, ticket):
    client.force_login(agent)

    response = client.get(URL)

    assert response.status_code == 200
    assert ticket.reference not in response.content.decode()
    assert "no requests of its own" in response.content.decode()


def test_guessing_urls_never_reaches_another_customers_ticket(signed_in, team):
    theirs = make_ticket(customer=CustomerFactory(), team=team)
    base = f"/track/{theirs.reference}"

    for url in (f"{base}/", f"{base}/guess/", f"{base}/{'x' * 43}/"):
        assert signed_in.get(url).status_code == 404, url
    for url in (f"{base}/{'x' * 43}/solve/", f"{base}/{'x' * 43}/reopen/"):
        assert signed_in.post(url).status_code == 404, url
    for url in (f"/api/v1/tickets/{theirs.reference}/", f"/api/v1/tickets/{theirs.number}/"):
        assert signed_in.get(url).status_code == 404, url
    for action in ("solve", "reopen"):
        assert signed_in.post(f"/api/v1/tickets/{theirs.reference}/{action}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Ticket.Status.NEW


def test_the_api_list_searches_too(api_client, customer, team):
    token, _created = Token.objects.get_or_create(user=customer.user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    printer = make_ticket(customer=customer, team=team, subject="Printer on fire")
    make_ticket(customer=customer, team=team, subject="Invoice")
    make_ticket(customer=CustomerFactory(), team=team, subject="Printer of someone else")

    by_words = api_client.get("/api/v1/tickets/", {"q": "printer"}).json()["results"]
    by_reference = api_client.get("/api/v1/tickets/", {"q": printer.reference}).json()["results"]
    everything = api_client.get("/api/v1/tickets/").json()["results"]

    assert [row["reference"] for row in by_words] == [printer.reference]
    assert [row["reference"] for row in by_reference] == [printer.reference]
    assert len(everything) == 2


def test_the_list_shows_when_it_was_updated(signed_in, customer, at, t0):
    with at():
        make_ticket(customer=customer)

    assert f'datetime="{t0.isoformat()}"' in signed_in.get(URL).content.decode()
