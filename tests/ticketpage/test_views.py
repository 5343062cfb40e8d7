"""The ticket page over HTTP: in-place properties (htmx and plain posts), preview, presence,
the collision check, assign-to-me, the customer panel, queue neighbours and the query guard."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import AgentFactory, CustomerFactory, TeamFactory, make_ticket, upload
from tests.ticketpage.conftest import page
from tickets import services
from tickets.models import Ticket, TicketEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def anna(team):
    return AgentFactory(teams=[team], first_name="Anna", last_name="Petrova")


@pytest.fixture
def boris(team):
    return AgentFactory(teams=[team], first_name="Boris", last_name="Ivanov")


def seen_event(html: str) -> int:
    return int(re.search(r'name="seen_event" value="(\d+)"', html).group(1))


def test_htmx_property_change_answers_the_partial_with_history_out_of_band(
    client, ticket, anna, htmx
):
    client.force_login(anna)

    response = client.post(
        page(ticket) + "properties/",
        {"status": "new", "priority": "high", "assignee": "", "team": ticket.team.pk, "tags": ""},
        **htmx,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ticket-properties"' in html and "<html" not in html
    assert re.search(r'id="ticket-history" hx-swap-oob="true"', html)
    assert "Anna Petrova set priority to High" in html
    assert re.search(r'id="ticket-meta" hx-swap-oob="true"', html)
    ticket.refresh_from_db()
    assert ticket.priority == "high"


def test_plain_post_still_redirects(client, ticket, anna):
    client.force_login(anna)

    response = client.post(
        page(ticket) + "properties/",
        {"status": "open", "priority": "low", "assignee": anna.pk, "tags": "Printer, fire"},
    )

    assert response.status_code == 302 and response.url == page(ticket)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.assignee) == ("open", "low", anna)
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["fire", "printer"]


def test_a_post_without_tags_leaves_the_tags_alone(client, ticket, anna):
    services.ticket_set_tags(ticket=ticket, actor=anna, tags=["keep"])
    client.force_login(anna)

    client.post(page(ticket) + "properties/", {"status": "new", "priority": "urgent"})

    assert list(ticket.tags.values_list("name", flat=True)) == ["keep"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "new", "priority": "whenever"}, "priority"),
        ({"status": "new", "priority": "low", "team": "999999"}, "team"),
        (
            {"status": "new", "priority": "low", "tags": ",".join(f"t{n}" for n in range(21))},
            "tags",
        ),
        ({"status": "solved", "priority": "low"}, "status"),
    ],
    ids=["priority", "team", "too-many-tags", "transition"],
)
def test_htmx_errors_sit_next_to_the_field_in_the_partial(
    data, field, client, ticket, anna, htmx, field_errors
):
    if field == "status":
        services.ticket_change_status(ticket=ticket, actor=anna, status="open")
        data["status"] = "new"  # an open ticket cannot go back to new
    events = ticket.events.count()
    client.force_login(anna)

    response = client.post(page(ticket) + "properties/", data, **htmx)

    assert response.status_code == 422
    assert list(field_errors(response)) == [f"properties_{field}"]
    assert ticket.events.count() == events


def test_moving_the_ticket_to_a_team_the_agent_is_not_in_sends_them_to_the_queue(
    client, ticket, anna, htmx
):
    elsewhere = TeamFactory(name="Elsewhere")
    client.force_login(anna)

    response = client.post(
        page(ticket) + "properties/",
        {"status": "new", "priority": "normal", "team": elsewhere.pk},
        **htmx,
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/agent/"
    ticket.refresh_from_db()
    assert ticket.team == elsewhere


def test_preview_renders_what_the_customer_will_see(client, ticket, anna):
    client.force_login(anna)

    response = client.post(
        page(ticket) + "preview/", {"body": "<b>Hi</b>\nsee https://example.com/help"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;b&gt;Hi&lt;/b&gt;<br>" in html  # escaped, line breaks kept, as in the thread
    assert '<a href="https://example.com/help" rel="nofollow">' in html
    assert "what the customer will see" in html
    assert ticket.messages.count() == 1


def test_preview_of_a_note_says_only_agents_see_it(client, ticket, anna):
    client.force_login(anna)

    html = client.post(page(ticket) + "preview/", {"body": "x", "is_internal": "on"}).content

    assert b"only agents will see this note" in html and b"Internal note" in html


def test_presence_shows_the_others_viewing(client, ticket, anna, boris):
    other = Client()
    other.force_login(boris)
    other.get(page(ticket))
    client.force_login(anna)

    html = client.get(page(ticket)).content.decode()
    beat = other.post(page(ticket) + "presence/").content.decode()

    assert "Boris Ivanov is also viewing this ticket" in html
    assert "Anna Petrova is also viewing this ticket" in beat
    assert "Boris Ivanov" not in beat
    assert 'hx-trigger="every 20s"' in beat


@pytest.mark.parametrize("suffix", ["preview/", "presence/"])
def test_the_page_endpoints_are_404_for_another_teams_agent(suffix, client, ticket, other_agent):
    client.force_login(other_agent)

    response = client.post(page(ticket) + suffix, {"body": "x"})

    assert response.status_code == 404
    assert ticket.events.count() == 1


@pytest.mark.parametrize("suffix", ["preview/", "presence/"])
def test_the_page_endpoints_refuse_a_post_without_the_csrf_token(suffix, ticket, anna):
    client = Client(enforce_csrf_checks=True)
    client.force_login(anna)

    assert client.post(page(ticket) + suffix, {"body": "x"}).status_code == 403


def test_collision_a_colleague_replied_since_the_page_loaded(client, ticket, anna, boris):
    client.force_login(anna)
    seen = seen_event(client.get(page(ticket)).content.decode())
    services.message_add_from_agent(ticket=ticket, agent=boris, body="I am on it")
    draft = {"body": "My careful answer", "status": "", "seen_event": seen}

    warned = client.post(page(ticket) + "reply/", draft)

    html = warned.content.decode()
    assert warned.status_code == 409
    assert "Not sent: this ticket changed after you opened it." in html
    assert "Boris Ivanov replied to the customer" in html
    assert "My careful answer</textarea>" in html
    assert 'name="confirm"' in html
    assert ticket.messages.filter(body="My careful answer").count() == 0

    sent = client.post(page(ticket) + "reply/", draft | {"confirm": "on"})

    assert sent.status_code == 302
    assert ticket.messages.filter(body="My careful answer", author_agent=anna).count() == 1


def test_no_warning_for_my_own_changes_or_without_a_seen_event(client, ticket, anna):
    client.force_login(anna)
    seen = seen_event(client.get(page(ticket)).content.decode())
    services.ticket_set_priority(ticket=ticket, actor=anna, priority="high")

    first = client.post(page(ticket) + "reply/", {"body": "One", "seen_event": seen})
    second = client.post(page(ticket) + "reply/", {"body": "Two"})

    assert (first.status_code, second.status_code) == (302, 302)


def test_the_page_after_a_send_tells_the_script_to_drop_the_draft(client, ticket, anna):
    client.force_login(anna)

    response = client.post(page(ticket) + "reply/", {"body": "Done"}, follow=True)
    again = client.get(page(ticket))

    assert "data-draft-sent" in response.content.decode()
    assert "data-draft-sent" not in again.content.decode()


def test_the_a_shortcut_has_the_take_it_form_to_submit(client, ticket, anna):
    client.force_login(anna)

    html = client.get(page(ticket)).content.decode()

    head = html.split('<div class="ticket-head">')[1].split('<ol class="thread">')[0]
    assert 'class="take-form"' in head  # static/js/shortcuts.js submits it on "a"


def test_customer_panel_lists_their_other_visible_tickets(client, team, other_team, anna):
    customer = CustomerFactory(phone="+15551234567")
    ticket = make_ticket(customer=customer, team=team, subject="This one")
    older = [make_ticket(customer=customer, team=team, subject=f"Old {n}") for n in range(11)]
    hidden = make_ticket(customer=customer, team=other_team, subject="Not for Anna")
    client.force_login(anna)

    html = client.get(page(ticket)).content.decode()
    panel = re.search(r'<section class="customer-panel".*?</section>', html, re.S).group(0)

    assert customer.email in panel and "+15551234567" in panel
    assert "unverified address" in panel
    listed = re.findall(r"(HD-\d+)</a>", panel)
    assert listed == [t.reference for t in reversed(older)][:10]
    assert hidden.reference not in panel and ticket.reference not in listed


def test_previous_and_next_follow_the_agents_queue(client, customer, team, anna):
    first, second, third = (make_ticket(customer=customer, team=team) for _ in range(3))
    client.force_login(anna)

    html = client.get(page(second)).content.decode()  # the queue: third, second, first

    assert f'href="{page(third)}" rel="prev"' in html
    assert f'href="{page(first)}" rel="next"' in html
    assert 'rel="next"' not in client.get(page(first)).content.decode()  # the queue's end


def test_thread_tells_notes_from_replies(client, ticket, anna):
    services.message_add_from_agent(ticket=ticket, agent=anna, body="Public")
    services.message_add_from_agent(ticket=ticket, agent=anna, body="Secret", is_internal=True)
    client.force_login(anna)

    html = client.get(page(ticket)).content.decode()

    note = re.search(r'<li class="message internal from-agent".*?</li>', html, re.S).group(0)
    assert "Internal note" in note and "Secret" in note


def test_ticket_page_query_count_is_fixed_whatever_the_thread_and_history(
    client, customer, team, anna, boris, django_assert_num_queries
):
    ticket = make_ticket(customer=customer, team=team)
    make_ticket(customer=customer, team=team)

    def grow(n):
        services.message_add_from_agent(
            ticket=ticket, agent=anna, body=f"r{n}", attachments=[upload()]
        )
        services.message_add_from_agent(ticket=ticket, agent=boris, body=f"n{n}", is_internal=True)
        services.message_add_from_customer(ticket=ticket, customer=customer, body=f"c{n}")
        services.ticket_assign(ticket=ticket, actor=boris, assignee=anna if n % 2 else boris)
        services.ticket_set_tags(ticket=ticket, actor=anna, tags=[f"t{n}"])
        make_ticket(customer=customer, team=team)

    grow(0)
    client.force_login(anna)
    client.get(page(ticket))  # warm: the session, content types
    with CaptureQueriesContext(connection) as few:
        assert client.get(page(ticket)).status_code == 200
    for n in range(1, 8):
        grow(n)

    with django_assert_num_queries(len(few)):
        response = client.get(page(ticket))
    assert response.content.decode().count('class="history-line') == ticket.events.count()
    assert ticket.events.filter(kind=TicketEvent.Kind.ASSIGNED).count() == 8
    assert Ticket.objects.filter(customer=customer).count() == 10
