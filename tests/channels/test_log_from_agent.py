"""Agents log tickets and messages that came by phone, chat or social media."""

from __future__ import annotations

from datetime import timedelta

import pytest

from helpdesk.errors import PermissionDenied, ValidationError
from metrics.services import facts_from_events
from tests.factories import AgentFactory, CustomerFactory, make_ticket, upload
from tickets import services
from tickets.models import Customer, Ticket, TicketEvent
from tickets.services.conversations import message_log_for_customer, ticket_log_for_customer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

NEW = "/agent/tickets/new/"
K = TicketEvent.Kind


def log_message_url(ticket) -> str:
    return f"/agent/tickets/{ticket.reference}/log-message/"


def form_data(team_, **changes) -> dict:
    data = {
        "channel": "phone",
        "email": "",
        "phone": "+7 495 123-45-67",
        "name": "Ivan Petrov",
        "language": "ru",
        "subject": "Router blinks red",
        "body": "Caller says the router blinks red since this morning.",
        "team": team_.pk,
        "priority": "high",
    }
    return data | changes


# --- The "Log a ticket" page --------------------------------------------------------------------


def test_queue_links_to_the_log_a_ticket_page(client, agent):
    client.force_login(agent)

    response = client.get("/agent/")

    assert f'href="{NEW}"' in response.content.decode()


def test_page_offers_phone_chat_social_and_the_agents_own_teams(client, agent, team, other_team):
    client.force_login(agent)

    response = client.get(NEW)

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"]["channel"].field.choices == [
        ("phone", "Phone"),
        ("chat", "Chat"),
        ("social", "Social media"),
    ]
    assert list(response.context["form"]["team"].field.queryset) == [team]
    assert 'value="web"' not in page and 'value="email"' not in page
    assert "multiple" in page  # several attachments


def test_managers_may_log_for_every_team(client, manager, team, other_team):
    client.force_login(manager)

    response = client.get(NEW)

    assert set(response.context["form"]["team"].field.queryset) >= {team, other_team}


def test_anonymous_is_sent_to_sign_in_and_customers_are_forbidden(client, customer, team):
    assert client.get(NEW).status_code == 302
    client.force_login(customer.user)

    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form_data(team)).status_code == 403
    assert Ticket.objects.count() == 0


def test_labels_are_russian(client, agent):
    client.force_login(agent)

    response = client.get(NEW, HTTP_ACCEPT_LANGUAGE="ru")

    page = response.content.decode()
    assert '<html lang="ru">' in page
    for label in ("Тема", "Приоритет", "Команда", "Телефон", "Чат", "Социальные сети"):
        assert label in page


def test_phone_call_from_a_new_customer(client, agent, team):
    client.force_login(agent)

    response = client.post(NEW, form_data(team, attachments=[upload("a.txt"), upload("b.txt")]))

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response.url == f"/agent/tickets/{ticket.reference}/"
    customer = Customer.objects.get()
    assert (customer.phone, customer.email, customer.name, customer.language) == (
        "+74951234567",
        None,
        "Ivan Petrov",
        "ru",
    )
    assert (ticket.channel, ticket.team, ticket.priority, ticket.customer) == (
        "phone",
        team,
        "high",
        customer,
    )
    message = ticket.messages.get()
    # The first message is the customer's; the agent is who logged it.
    assert (message.author_customer, message.author_agent, message.channel) == (
        customer,
        None,
        "phone",
    )
    assert sorted(message.attachments.values_list("filename", flat=True)) == ["a.txt", "b.txt"]
    created = ticket.events.get(kind=K.CREATED)
    assert (created.actor_user, created.payload["channel"]) == (agent, "phone")
    shown = client.get(response.url).content.decode()
    assert "Ivan Petrov" in shown and "+74951234567" in shown


def test_a_known_customer_is_found_by_email_and_never_renamed(client, agent, team):
    known = CustomerFactory(email="anna@example.org", name="Anna Smith")
    client.force_login(agent)

    response = client.post(
        NEW,
        form_data(team, channel="chat", email="ANNA@example.org", phone="", name="Mallory"),
        follow=True,
    )

    ticket = Ticket.objects.get()
    known.refresh_from_db()
    assert (ticket.customer, ticket.channel, known.name) == (known, "chat", "Anna Smith")
    assert Customer.objects.count() == 1
    flash = [str(m) for m in response.context["messages"]]
    assert any("Anna Smith" in text and "already known" in text for text in flash)


def test_a_known_customer_is_found_by_phone(client, agent, team):
    known = services.customer_get_or_create(phone="+74951234567", name="Olga")
    client.force_login(agent)

    client.post(NEW, form_data(team, channel="social", phone="8 (495) 123-45-67", name=""))

    assert Ticket.objects.get().customer == known


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "", "phone": ""}, "email"),
        ({"phone": "12"}, "phone"),
        ({"phone": "", "email": "not-an-address"}, "email"),
        ({"subject": ""}, "subject"),
        ({"subject": "\u200b\u202e"}, "subject"),  # nothing left once invisible characters go
        ({"body": "   "}, "body"),
        ({"channel": "web"}, "channel"),
        ({"channel": "email"}, "channel"),
        ({"priority": "asap"}, "priority"),
        ({"language": "xx"}, "language"),
        ({"team": "999999"}, "team"),
        ({"team": "abc"}, "team"),
        ({"subject": "x" * 201}, "subject"),
        ({"name": "a\x00b"}, "name"),
        ({"attachments": [upload("evil.exe", b"MZ")]}, "attachments"),
        ({"attachments": [upload("empty.txt", b"")]}, "attachments"),
    ],
)
def test_bad_input_is_400_next_to_the_field_and_writes_nothing(
    changes, field, client, agent, team, field_errors
):
    client.force_login(agent)

    response = client.post(NEW, form_data(team, **changes))

    assert response.status_code == 400
    assert field in field_errors(response), field_errors(response)
    assert Ticket.objects.count() == 0
    assert Customer.objects.count() == 0


def test_every_error_shows_at_once(client, agent, team, field_errors):
    client.force_login(agent)

    response = client.post(NEW, form_data(team, phone="12", email="x", subject="", body=""))

    assert response.status_code == 400
    assert set(field_errors(response)) >= {"phone", "email", "subject", "body"}
    assert field_errors(response)["phone"] == "Enter a valid phone number."


def test_another_teams_team_is_refused(client, agent, team, other_team, field_errors):
    client.force_login(agent)

    response = client.post(NEW, form_data(other_team))

    assert response.status_code == 400
    assert "team" in field_errors(response)
    assert Ticket.objects.count() == 0


def test_errors_are_russian(client, agent, team, field_errors):
    client.force_login(agent)

    response = client.post(NEW, form_data(team, subject=""), HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 400
    assert field_errors(response)["subject"] == "Обязательное поле."


def test_a_service_error_after_the_customer_leaves_no_customer_behind(agent, team):
    # The customer is created first; the ticket then fails: one transaction, nothing kept.
    with pytest.raises(ValidationError) as error:
        ticket_log_for_customer(
            agent=agent, channel="phone", phone="+74951234567", subject="\u200b", body="b"
        )

    assert error.value.field == "subject"
    assert not Customer.objects.exists()


def test_only_agents_log_tickets(customer_user, team):
    with pytest.raises(PermissionDenied):
        ticket_log_for_customer(
            agent=customer_user, channel="phone", phone="+74951234567", subject="s", body="b"
        )
    assert not Ticket.objects.exists()


# --- Logging a customer's message on an existing ticket --------------------------------------


@pytest.fixture
def logged_ticket(agent, team):
    return ticket_log_for_customer(
        agent=agent,
        channel="phone",
        phone="+74951234567",
        name="Ivan",
        subject="Router",
        body="It blinks.",
        team=team,
    )


def test_ticket_page_has_the_log_message_form(client, agent, ticket):
    client.force_login(agent)

    page = client.get(f"/agent/tickets/{ticket.reference}/").content.decode()

    assert f'action="{log_message_url(ticket)}"' in page
    assert 'id="id_log_body"' in page and 'id="id_body"' in page  # no clash with the reply


def test_ticket_page_form_is_russian(client, agent, ticket):
    client.force_login(agent)

    page = client.get(
        f"/agent/tickets/{ticket.reference}/", HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()

    assert "Телефон" in page and "Чат" in page


def test_customer_called_back(client, agent, ticket):
    services.ticket_change_status(ticket=ticket, actor=agent, status="pending")
    client.force_login(agent)

    response = client.post(
        log_message_url(ticket),
        {"channel": "phone", "body": "Still broken.", "attachments": [upload("photo.png")]},
    )

    assert response.status_code == 302
    assert response.url == f"/agent/tickets/{ticket.reference}/"
    message = ticket.messages.order_by("id").last()
    assert (message.body, message.channel, message.author_customer, message.author_agent) == (
        "Still broken.",
        "phone",
        ticket.customer,
        None,
    )
    assert message.attachments.get().filename == "photo.png"
    event = ticket.events.get(kind=K.CUSTOMER_REPLIED)
    assert (event.actor_customer, event.actor_user) == (ticket.customer, agent)
    assert event.payload == {"message_id": message.pk, "channel": "phone", "logged_by": agent.pk}
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN  # the ball is with the agents again


def test_a_message_logged_on_a_closed_ticket_opens_a_follow_up(client, agent, ticket):
    services.ticket_change_status(ticket=ticket, actor=agent, status="closed")
    client.force_login(agent)

    response = client.post(log_message_url(ticket), {"channel": "chat", "body": "Me again"})

    follow_up = Ticket.objects.get(follow_up_of=ticket)
    assert response.url == f"/agent/tickets/{follow_up.reference}/"
    assert follow_up.messages.get().author_customer == ticket.customer
    assert follow_up.channel == "chat"
    assert follow_up.events.get(kind=K.CREATED).actor_user == agent
    assert ticket.events.get(kind=K.FOLLOW_UP_CREATED).actor_user == agent


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"channel": "phone", "body": ""}, "log_body"),
        ({"channel": "phone", "body": "x" * 100_001}, "log_body"),
        ({"channel": "email", "body": "hi"}, "log_channel"),
        ({"channel": "web", "body": "hi"}, "log_channel"),
        ({"body": "hi"}, "log_channel"),
        ({"channel": "phone", "body": "hi", "attachments": [upload("x.exe")]}, "log_attachments"),
    ],
)
def test_bad_logged_message_is_400_next_to_the_field(
    data, field, client, agent, ticket, field_errors
):
    client.force_login(agent)

    response = client.post(log_message_url(ticket), data)

    assert response.status_code == 400
    assert field in field_errors(response), field_errors(response)
    assert 'class="log-message" open' in response.content.decode()
    assert ticket.messages.count() == 1


def test_logging_on_another_teams_ticket_is_404(client, other_agent, ticket):
    client.force_login(other_agent)

    response = client.post(log_message_url(ticket), {"channel": "phone", "body": "x"})

    assert response.status_code == 404
    assert ticket.messages.count() == 1


@pytest.mark.parametrize("who", ["customer_user", "other_agent"])
def test_message_add_from_customer_checks_who_logged_it(who, request, ticket):
    with pytest.raises(PermissionDenied):
        services.message_add_from_customer(
            ticket=ticket,
            customer=ticket.customer,
            body="x",
            channel="phone",
            logged_by=request.getfixturevalue(who),
        )
    assert ticket.messages.count() == 1


def test_metrics_count_logged_messages_as_the_customers(logged_ticket, agent, at):
    # Given a phone ticket logged by an agent, the agent's later reply is the first response
    with at(seconds=0):
        ticket = ticket_log_for_customer(
            agent=agent,
            channel="phone",
            phone="+74957654321",
            subject="Logged at t0",
            body="Caller's words",
            team=agent.teams.get(),
        )
    with at(minutes=10):
        services.message_add_from_agent(ticket=ticket, agent=agent, body="On it")
    with at(minutes=30):
        message_log_for_customer(ticket=ticket, agent=agent, channel="phone", body="Thanks")

    facts = facts_from_events(ticket.events.order_by("created_at", "id"))

    assert facts["first_response_seconds"] == timedelta(minutes=10).total_seconds()
    assert (facts["agent_replies"], facts["customer_replies"]) == (1, 1)
    assert facts["channel"] == "phone"


def test_agents_of_other_teams_may_not_log_on_a_ticket(logged_ticket, team):
    stranger = AgentFactory()

    with pytest.raises(PermissionDenied):
        message_log_for_customer(ticket=logged_ticket, agent=stranger, channel="phone", body="x")


def test_only_phone_chat_social_are_logged(logged_ticket, agent):
    with pytest.raises(ValidationError) as error:
        message_log_for_customer(ticket=logged_ticket, agent=agent, channel="email", body="x")

    assert error.value.field == "channel"


def test_the_same_service_logs_for_managers_on_any_team(manager, other_team):
    ticket = make_ticket(team=other_team)

    message = message_log_for_customer(ticket=ticket, agent=manager, channel="social", body="Hi")

    assert message.author_customer == ticket.customer
