"""Agents see what we e-mailed: the log on the agent ticket page and the API's list."""

from __future__ import annotations

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import upload
from tickets import services
from tickets.models import OutboundEmail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("send_queue", "media_root")]

Status = OutboundEmail.Status


def page(ticket) -> str:
    return reverse("agent-ticket", args=[ticket.reference])


def api(ticket) -> str:
    return reverse("api-ticket-emails", args=[ticket.reference])


@pytest.fixture
def replied(ticket, agent, process_events, send_queue):
    """The acknowledgement sent; a first reply sent, a second one failed for good."""
    first = services.message_add_from_agent(ticket=ticket, agent=agent, body="First")
    second = services.message_add_from_agent(ticket=ticket, agent=agent, body="Second")
    process_events()
    send_queue.run()
    OutboundEmail.objects.filter(message=second).update(
        status=Status.FAILED, attempts=6, last_error="SMTPDataError: (554, b'5.7.1 <no>')"
    )
    return first, second


def test_ticket_page_lists_the_emails_and_each_replys_delivery(client, ticket, agent, replied):
    first, second = replied
    client.force_login(agent)

    response = client.get(page(ticket))

    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "Sent by e-mail" in text
    assert "Request received" in text  # the acknowledgement's kind
    assert ticket.customer.email in text
    assert "SMTPDataError: (554, b'5.7.1 <no>')" in text  # the error, escaped on the page
    assert "<no>" not in response.content.decode()
    assert "6 attempts" in text
    page_html = response.content.decode()
    first_row = page_html.split(f'id="reply-delivery-{first.pk}"')[1].split("</li>")[0]
    second_row = page_html.split(f'id="reply-delivery-{second.pk}"')[1].split("</li>")[0]
    assert "email-sent" in first_row
    assert "email-failed" in second_row
    assert f'href="#message-{first.pk}"' in first_row


def test_suppressed_acknowledgement_shows_why(client, ticket, customer, team, agent, at):
    from tests.factories import make_ticket
    from tickets.services import events_process_pending

    with at():
        events_process_pending()
        second = make_ticket(customer=customer, team=team)
        events_process_pending()
    client.force_login(agent)

    response = client.get(page(second))

    assert "less than an hour ago" in response.content.decode()
    assert "Not sent" in response.content.decode()


def test_reply_without_an_email_says_so(client, team, agent, process_events):
    from tests.factories import CustomerFactory, make_ticket

    caller = CustomerFactory(email=None, phone="+79161234567")
    ticket = make_ticket(customer=caller, team=team)
    reply = services.message_add_from_agent(ticket=ticket, agent=agent, body="Called back")
    process_events()
    client.force_login(agent)

    response = client.get(page(ticket))

    row = response.content.decode().split(f'id="reply-delivery-{reply.pk}"')[1].split("</li>")[0]
    assert "Not e-mailed" in row
    assert "No e-mail about this ticket yet." in response.content.decode()


def test_ticket_page_query_count_does_not_grow_with_emails(
    client, ticket, agent, process_events, send_queue, django_assert_num_queries
):
    client.force_login(agent)
    services.message_add_from_agent(ticket=ticket, agent=agent, body="1", attachments=[upload()])
    process_events()
    client.get(page(ticket))
    with CaptureQueriesContext(connection) as few:
        client.get(page(ticket))
    for n in range(5):
        services.message_add_from_agent(ticket=ticket, agent=agent, body=f"more {n}")
        services.message_add_from_customer(ticket=ticket, customer=ticket.customer, body="ok")
    process_events()
    send_queue.run()
    assert OutboundEmail.objects.filter(ticket=ticket).count() == 7

    with django_assert_num_queries(len(few)):
        client.get(page(ticket))


# --- API ---------------------------------------------------------------------------------------


def test_api_lists_a_tickets_emails_for_agents(api_client, ticket, agent, replied):
    first, second = replied
    api_client.force_authenticate(agent)

    response = api_client.get(api(ticket))

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["kind"] for row in rows] == ["acknowledgement", "agent_reply", "agent_reply"]
    assert [row["status"] for row in rows] == ["sent", "sent", "failed"]
    assert rows[1]["message"] == first.pk
    assert rows[2]["error"].startswith("SMTPDataError")
    assert rows[2]["attempts"] == 6
    assert rows[1]["provider_id"] == rows[1]["message_id_header"]
    assert rows[0]["recipient"] == ticket.customer.email


def test_api_refuses_customers_and_other_teams(
    api_client, ticket, customer_user, other_customer_user, other_agent, replied
):
    for user in (customer_user, other_customer_user, other_agent):
        api_client.force_authenticate(user)
        assert api_client.get(api(ticket)).status_code == 404

    api_client.force_authenticate(None)
    assert api_client.get(api(ticket)).status_code in (401, 403)


def test_api_unknown_reference_is_404(api_client, agent):
    api_client.force_authenticate(agent)

    assert api_client.get("/api/v1/tickets/HD-999999/emails/").status_code == 404
    assert api_client.get("/api/v1/tickets/nonsense/emails/").status_code == 404


def test_api_is_in_the_schema(api_client, agent):
    api_client.force_authenticate(agent)

    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    operation = schema["paths"]["/api/v1/tickets/{reference}/emails/"]["get"]
    assert operation["summary"] == "The e-mails sent about a ticket (agents)"


# --- Sending a failed e-mail again -------------------------------------------------------------


def send_again(ticket, email) -> str:
    return reverse("agent-email-send-again", args=[ticket.reference, email.pk])


def test_agent_sends_a_failed_email_again(client, ticket, agent, replied, send_queue):
    _first, second = replied
    failed = OutboundEmail.objects.get(message=second)
    client.force_login(agent)
    assert send_again(ticket, failed) in client.get(page(ticket)).content.decode()
    send_queue.ids.clear()

    response = client.post(send_again(ticket, failed), follow=True)

    assert response.status_code == 200
    assert "will be sent again" in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.QUEUED, 0)
    [sent] = send_queue.run()
    assert sent.status == Status.SENT


def test_only_failed_emails_are_sent_again(client, ticket, agent, replied):
    first, _second = replied
    sent = OutboundEmail.objects.get(message=first)
    client.force_login(agent)

    response = client.post(send_again(ticket, sent), follow=True)

    assert "Only a failed e-mail can be sent again." in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == Status.SENT


def test_nobody_else_sends_a_tickets_email_again(
    client, ticket, other_ticket_email, other_agent, customer_user, replied
):
    _first, second = replied
    failed = OutboundEmail.objects.get(message=second)
    for user, expected in ((other_agent, 404), (customer_user, 403)):
        client.force_login(user)
        assert client.post(send_again(ticket, failed)).status_code == expected
    # An e-mail of another ticket is not found through this one
    client.force_login(ticket.team.members.first())
    assert client.post(send_again(ticket, other_ticket_email)).status_code == 404
    assert client.get(send_again(ticket, failed)).status_code == 405
    failed.refresh_from_db()
    assert failed.status == Status.FAILED


@pytest.fixture
def other_ticket_email(team, process_events):
    from tests.factories import make_ticket

    other = make_ticket(team=team)
    process_events()
    email = OutboundEmail.objects.get(ticket=other)
    OutboundEmail.objects.filter(pk=email.pk).update(status=Status.FAILED)
    return email
