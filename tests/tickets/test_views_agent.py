"""The agents' pages over HTTP: access, the queue, replying and changing properties."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import AgentFactory, CustomerFactory, make_ticket, upload
from tickets import services
from tickets.models import Ticket, TicketEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

S = Ticket.Status
QUEUE = "/agent/"


def page(ticket):
    return f"/agent/tickets/{ticket.reference}/"


def queue_references(response) -> list[str]:
    return re.findall(r'<a href="/agent/tickets/(HD-\d+)/">HD-', response.content.decode())


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", QUEUE),
        ("get", "{page}"),
        ("post", "{page}reply/"),
        ("post", "{page}properties/"),
    ],
)
def test_anonymous_is_sent_to_sign_in(method, path, client, ticket):
    response = getattr(client, method)(path.format(page=page(ticket)), {"body": "x"})

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert ticket.messages.count() == 1


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", QUEUE),
        ("get", "{page}"),
        ("post", "{page}reply/"),
        ("post", "{page}properties/"),
    ],
)
def test_customer_is_forbidden_even_on_own_ticket(method, path, client, ticket, customer):
    client.force_login(customer.user)

    response = getattr(client, method)(path.format(page=page(ticket)), {"body": "x"})

    assert response.status_code == 403
    assert ticket.messages.count() == 1


@pytest.mark.parametrize("suffix", ["", "reply/", "properties/"])
def test_other_teams_ticket_is_404(suffix, client, ticket, other_agent):
    client.force_login(other_agent)
    method = client.get if not suffix else client.post

    response = method(page(ticket) + suffix, {"body": "x", "status": "open", "priority": "low"})

    assert response.status_code == 404
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.messages.count()) == (S.NEW, "normal", 1)


def test_queue_lists_open_tickets_of_own_teams(client, agent, manager, customer, team, other_team):
    waiting = make_ticket(customer=customer, team=team, subject="Waiting one")
    solved = make_ticket(customer=customer, team=team, subject="Solved one")
    services.ticket_change_status(ticket=solved, actor=agent, status=S.SOLVED)
    elsewhere = make_ticket(customer=customer, team=other_team, subject="Elsewhere")
    client.force_login(agent)

    response = client.get(QUEUE)

    assert response.status_code == 200
    assert queue_references(response) == [waiting.reference]

    client.force_login(manager)
    assert set(queue_references(client.get(QUEUE))) == {waiting.reference, elsewhere.reference}


def test_queue_filters(client, agent, customer, team):
    mine = make_ticket(customer=customer, team=team)
    services.ticket_assign(ticket=mine, actor=agent, assignee=agent)
    solved = make_ticket(customer=customer, team=team)
    services.ticket_change_status(ticket=solved, actor=agent, status=S.SOLVED)
    make_ticket(customer=customer, team=team)
    client.force_login(agent)

    assert queue_references(client.get(QUEUE, {"mine": "1"})) == [mine.reference]
    assert queue_references(client.get(QUEUE, {"status": "solved"})) == [solved.reference]
    # A bad value is an error next to its field (the queue's FilterSet), not a silent "all".
    bogus = client.get(QUEUE, {"status": "bogus"})
    assert bogus.status_code == 200 and queue_references(bogus) == []
    assert 'id="id_status-error"' in bogus.content.decode()


def add_busy_tickets(count, *, team, agent):
    """Tickets with everything the queue shows: customer, assignee, tags."""
    for n in range(count):
        ticket = make_ticket(customer=CustomerFactory(), team=team)
        services.ticket_update(
            ticket=ticket, actor=agent, assignee=agent, tags=[f"tag{n}", "common"]
        )


def test_queue_query_count_does_not_grow_with_tickets(
    client, agent, team, django_assert_num_queries
):
    client.force_login(agent)
    add_busy_tickets(3, team=team, agent=agent)
    client.get(QUEUE)  # warm process-wide caches (content types)
    with CaptureQueriesContext(connection) as three:
        response = client.get(QUEUE)
    assert len(queue_references(response)) == 3

    add_busy_tickets(7, team=team, agent=agent)

    with django_assert_num_queries(len(three)):
        response = client.get(QUEUE)
    assert len(queue_references(response)) == 10


def test_ticket_page_query_count_does_not_grow_with_messages(
    client, ticket, agent, django_assert_num_queries
):
    client.force_login(agent)
    services.message_add_from_agent(ticket=ticket, agent=agent, body="1", attachments=[upload()])
    client.get(page(ticket))
    with CaptureQueriesContext(connection) as few:
        client.get(page(ticket))
    for n in range(5):
        services.message_add_from_agent(
            ticket=ticket, agent=agent, body=f"more {n}", attachments=[upload()]
        )
        services.message_add_from_customer(ticket=ticket, customer=ticket.customer, body="ok")

    with django_assert_num_queries(len(few)):
        client.get(page(ticket))


def test_ticket_page_shows_thread_with_notes_and_properties(client, ticket, agent):
    services.message_add_from_agent(
        ticket=ticket, agent=agent, body="Internal remark", is_internal=True
    )
    client.force_login(agent)

    response = client.get(page(ticket))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Internal remark" in html
    assert ticket.customer.email in html
    assert f'action="{page(ticket)}reply/"' in html
    assert f'action="{page(ticket)}properties/"' in html


def test_agent_reply(client, ticket, agent):
    client.force_login(agent)

    response = client.post(page(ticket) + "reply/", {"body": "Restart the router.", "status": ""})

    assert response.status_code == 302
    assert response.url == page(ticket)
    ticket.refresh_from_db()
    assert ticket.status == S.OPEN
    reply = ticket.messages.latest("id")
    assert (reply.body, reply.author_agent, reply.is_internal) == (
        "Restart the router.",
        agent,
        False,
    )
    assert "Reply sent." in client.get(response.url).content.decode()


def test_agent_reply_and_set_pending_with_attachments(client, ticket, agent):
    client.force_login(agent)

    response = client.post(
        page(ticket) + "reply/",
        {
            "body": "See the guide.",
            "status": "pending",
            "attachment": [upload("guide.pdf", b"%PDF"), upload("steps.txt", b"1. 2. 3.")],
        },
    )

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == S.PENDING
    files = ticket.messages.latest("id").attachments.values_list("filename", flat=True)
    assert sorted(files) == ["guide.pdf", "steps.txt"]


def test_agent_note(client, ticket, agent):
    client.force_login(agent)

    client.post(page(ticket) + "reply/", {"body": "VIP customer", "is_internal": "on"})

    ticket.refresh_from_db()
    assert ticket.status == S.NEW
    assert ticket.messages.latest("id").is_internal


@pytest.mark.parametrize(
    ("setup_status", "data", "field"),
    [
        (S.NEW, {"body": ""}, "body"),
        (S.NEW, {"body": "x" * 100_001}, "body"),
        (S.OPEN, {"body": "Hi", "status": "new"}, "status"),
        (S.SOLVED, {"body": "Hi", "status": "pending"}, "status"),
        (S.CLOSED, {"body": "Too late"}, "body"),
        (S.NEW, {"body": "Hi", "attachment": upload("run.exe", b"MZ")}, "attachment"),
    ],
    ids=["empty", "too-long", "back-to-new", "solved-to-pending", "closed", "exe"],
)
def test_bad_reply_shows_error_next_to_the_field(
    setup_status, data, field, client, ticket, agent, field_errors
):
    if setup_status != S.NEW:
        services.ticket_change_status(ticket=ticket, actor=agent, status=setup_status)
    events_before = ticket.events.count()
    client.force_login(agent)

    response = client.post(page(ticket) + "reply/", data)

    assert response.status_code == 400
    assert list(field_errors(response)) == [field]
    assert ticket.messages.count() == 1
    assert ticket.events.count() == events_before


def test_properties_change(client, ticket, agent):
    client.force_login(agent)

    response = client.post(
        page(ticket) + "properties/",
        {"status": "pending", "priority": "urgent", "assignee": agent.pk},
    )

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.assignee) == (S.PENDING, "urgent", agent)
    kinds = set(ticket.events.values_list("kind", flat=True))
    assert {TicketEvent.Kind.STATUS_CHANGED, TicketEvent.Kind.PRIORITY_CHANGED} <= kinds
    assert TicketEvent.Kind.ASSIGNED in kinds


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "new", "priority": "urgent", "assignee": "{other_agent}"}, "assignee"),
        ({"status": "new", "priority": "urgent", "assignee": "{customer}"}, "assignee"),
        ({"status": "new", "priority": "urgent", "assignee": "x"}, "assignee"),
        ({"status": "new", "priority": "whenever", "assignee": ""}, "priority"),
        ({"status": "archived", "priority": "urgent", "assignee": ""}, "status"),
        ({"priority": "urgent", "assignee": ""}, "status"),
    ],
    ids=["other-teams-agent", "customer", "garbage-assignee", "priority", "status", "no-status"],
)
def test_bad_properties_show_error_next_to_the_field_and_change_nothing(
    data, field, client, ticket, agent, other_agent, customer, field_errors
):
    data = {
        key: value.format(other_agent=other_agent.pk, customer=customer.user.pk)
        for key, value in data.items()
    }
    client.force_login(agent)

    response = client.post(page(ticket) + "properties/", data)

    assert response.status_code == 400
    assert list(field_errors(response)) == [f"properties_{field}"]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.assignee) == (S.NEW, "normal", None)
    assert ticket.events.count() == 1


def test_assignee_choices_are_agents_of_the_team(client, ticket, agent, other_agent, manager):
    teammate = AgentFactory(teams=[ticket.team], first_name="Tess", last_name="Mate")
    client.force_login(agent)

    html = client.get(page(ticket)).content.decode()
    select = re.search(r'<select name="assignee".*?</select>', html, re.S).group(0)

    assert f'value="{agent.pk}"' in select
    assert f'value="{teammate.pk}"' in select
    assert f'value="{other_agent.pk}"' not in select
    assert f'value="{manager.pk}"' not in select
    assert "Tess Mate" in select


def test_manager_works_any_ticket(client, ticket, manager):
    client.force_login(manager)

    assert client.get(page(ticket)).status_code == 200
    response = client.post(page(ticket) + "reply/", {"body": "Manager here"})

    assert response.status_code == 302
    assert ticket.messages.latest("id").author_agent == manager


@pytest.mark.parametrize("action", ["reply", "properties"])
def test_agent_forms_refuse_a_post_without_the_csrf_token(action, agent, ticket):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    data = {"body": "Hi", "status": "solved", "priority": "urgent"}

    response = client.post(f"/agent/tickets/{ticket.reference}/{action}/", data)

    assert response.status_code == 403
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority) == (Ticket.Status.NEW, Ticket.Priority.NORMAL)
    assert ticket.messages.count() == 1
