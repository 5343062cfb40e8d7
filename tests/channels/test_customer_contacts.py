"""Customers known only by a phone number work everywhere a customer appears; the API takes a
phone for agents' customers and keeps the channel and the priority agents' to choose."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import CategoryFactory, UserFactory
from tickets import services
from tickets.models import Customer, OutboundEmail, Ticket
from tickets.services.conversations import message_log_for_customer, ticket_log_for_customer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

TICKETS = "/api/v1/tickets/"


@pytest.fixture
def caller(db):
    return services.customer_get_or_create(phone="+7 495 123 45 67", name="Caller <b>Bold</b>")


@pytest.fixture
def phone_ticket(agent, team, caller):
    return ticket_log_for_customer(
        agent=agent,
        channel="phone",
        phone=caller.phone,
        subject="Line is dead",
        body="No dial tone.",
        team=team,
    )


def test_a_phone_only_customer_reads_well(caller):
    assert (caller.email, caller.phone) == (None, "+74951234567")
    assert str(caller) == "Caller <b>Bold</b> <+74951234567>"


def test_agent_pages_show_the_phone_number_not_none(client, agent, phone_ticket):
    client.force_login(agent)

    ticket_page = client.get(f"/agent/tickets/{phone_ticket.reference}/").content.decode()
    queue = client.get("/agent/").content.decode()

    assert 'href="tel:+74951234567"' in ticket_page  # the customer panel's phone row
    assert "None" not in ticket_page
    assert "Caller &lt;b&gt;Bold&lt;/b&gt;" in ticket_page  # escaped, never markup
    assert "Caller &lt;b&gt;Bold&lt;/b&gt;" in queue


def test_the_tracking_page_works_for_a_phone_only_customer(client, phone_ticket):
    response = client.get(f"/track/{phone_ticket.reference}/{phone_ticket.tracking_token}/")

    assert response.status_code == 200
    assert "None" not in response.content.decode()


def test_nothing_is_e_mailed_to_a_customer_without_an_address(agent, phone_ticket):
    services.message_add_from_agent(ticket=phone_ticket, agent=agent, body="Checking the line")
    message_log_for_customer(ticket=phone_ticket, agent=agent, channel="phone", body="Thanks")

    while services.events_process_pending():
        pass

    assert not OutboundEmail.objects.filter(recipient_customer=phone_ticket.customer).exists()


def test_admin_finds_customers_and_tickets_by_phone(client, phone_ticket):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    customers = client.get(reverse("admin:tickets_customer_changelist"), {"q": "+7495123"})
    tickets = client.get(reverse("admin:tickets_ticket_changelist"), {"q": "74951234567"})

    assert customers.status_code == tickets.status_code == 200
    assert "+74951234567" in customers.content.decode()
    assert phone_ticket.reference in tickets.content.decode()


# --- The API ------------------------------------------------------------------------------------


def test_agent_creates_a_phone_ticket_for_a_phone_only_customer(api_client, agent, team):
    api_client.force_login(agent)

    response = api_client.post(
        TICKETS,
        {
            "subject": "Call",
            "body": "Caller says hi",
            "channel": "phone",
            "team": team.pk,
            "priority": "high",
            "customer": {"phone": "8 495 765-43-21", "name": "Pavel"},
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["customer_email"], body["customer_phone"], body["channel"]) == (
        None,
        "+74957654321",
        "phone",
    )
    ticket = Ticket.objects.get()
    assert ticket.messages.get().author_customer == ticket.customer
    assert ticket.events.get().actor_user == agent


@pytest.mark.parametrize("channel", ["chat", "social"])
def test_agent_creates_chat_and_social_tickets_by_email(channel, api_client, agent, team):
    api_client.force_login(agent)

    response = api_client.post(
        TICKETS,
        {
            "subject": "s",
            "body": "b",
            "channel": channel,
            "team": team.pk,
            "customer": {"email": "Fan@Example.org"},
        },
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["customer_email"] == "fan@example.org"
    assert Ticket.objects.get().channel == channel


@pytest.mark.parametrize(
    ("customer", "path"),
    [
        ({}, ("customer", "email")),
        ({"name": "Nobody"}, ("customer", "email")),
        ({"email": "", "phone": ""}, ("customer", "email")),
        ({"phone": "12"}, ("customer", "phone")),
        ({"phone": "+7 495 123\x00"}, ("customer", "phone")),
        ({"phone": "9" * 65}, ("customer", "phone")),
        ({"email": "nope"}, ("customer", "email")),
    ],
)
def test_agents_customer_needs_a_valid_email_or_phone(customer, path, api_client, agent):
    api_client.force_login(agent)

    response = api_client.post(
        TICKETS, {"subject": "s", "body": "b", "customer": customer}, format="json"
    )

    assert response.status_code == 400
    errors = response.json()
    for key in path:
        errors = errors[key]
    assert errors
    assert not Ticket.objects.exists()
    assert not Customer.objects.exists()


def test_ticket_lists_and_details_carry_null_for_a_missing_address(api_client, agent, phone_ticket):
    api_client.force_login(agent)

    listed = api_client.get(TICKETS).json()["results"][0]
    detail = api_client.get(f"{TICKETS}{phone_ticket.reference}/").json()

    assert (listed["customer_email"], listed["customer_phone"]) == (None, "+74951234567")
    assert (detail["customer_email"], detail["messages"][0]["author_type"]) == (None, "customer")


def test_the_schema_marks_the_contact_fields_nullable(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()

    properties = schema["components"]["schemas"]["TicketOutput"]["properties"]
    assert properties["customer_email"].get("nullable") is True
    assert properties["customer_phone"].get("nullable") is True
    customer_input = schema["components"]["schemas"]["CustomerInputRequest"]
    assert "email" not in customer_input.get("required", [])
    assert "phone" in customer_input["properties"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("channel", "phone"),
        ("channel", "chat"),
        ("channel", "social"),
        ("channel", "email"),
        ("channel", "web"),
        ("priority", "urgent"),
        ("priority", "high"),
        ("priority", "low"),
    ],
)
def test_customers_cannot_choose_the_channel_or_the_priority(field, value, api_client, customer):
    api_client.force_login(customer.user)

    response = api_client.post(TICKETS, {"subject": "s", "body": "b", field: value}, format="json")

    assert response.status_code == 403
    assert field in response.json()
    assert not Ticket.objects.exists()


def test_customers_cannot_choose_the_team(api_client, customer, team):
    api_client.force_login(customer.user)

    response = api_client.post(
        TICKETS, {"subject": "s", "body": "b", "team": team.pk}, format="json"
    )

    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_customers_may_send_the_defaults_explicitly(api_client, customer):
    api_client.force_login(customer.user)
    category = CategoryFactory()

    response = api_client.post(
        TICKETS,
        {
            "subject": "s",
            "body": "b",
            "channel": "api",
            "priority": "normal",
            "category": category.pk,
        },
        format="json",
    )

    assert response.status_code == 201
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.priority, ticket.customer) == ("api", "normal", customer)
