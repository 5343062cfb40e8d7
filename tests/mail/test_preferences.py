"""The agent's preferences page: notification e-mails on or off, and their language."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import AgentFactory
from tickets import services
from tickets.models import OutboundEmail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("send_queue")]

PREFERENCES = "/agent/preferences/"
Kind = OutboundEmail.Kind


@pytest.fixture
def colleague(team):
    return AgentFactory(teams=[team], email="colleague@helpdesk.example")


def test_the_page_is_linked_from_the_agents_navigation(client, agent):
    client.force_login(agent)

    response = client.get(reverse("agent-queue"))

    assert f'href="{PREFERENCES}"' in response.content.decode()
    assert reverse("agent-preferences") == PREFERENCES


def test_page_shows_the_current_settings(client, colleague):
    client.force_login(colleague)

    response = client.get(PREFERENCES)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="notify_by_email"' in page
    assert "checked" in page.split('name="notify_by_email"')[1].split(">")[0]
    assert "colleague@helpdesk.example" in page


def test_turning_notifications_off_stops_both_kinds(
    client, ticket, customer, agent, colleague, process_events
):
    # Given an agent who turned their notification e-mails off on the page
    client.force_login(colleague)
    response = client.post(PREFERENCES, {"language": "ru"})
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert (colleague.notify_by_email, colleague.language) == (False, "ru")

    # When a ticket is assigned to them and its customer replies
    services.ticket_assign(ticket=ticket, actor=agent, assignee=colleague)
    services.message_add_from_customer(ticket=ticket, customer=customer, body="Any news?")
    process_events()

    # Then no e-mail goes to them
    assert not OutboundEmail.objects.filter(recipient_user=colleague).exists()

    # And once they turn it on again, both kinds reach them, in the language they chose
    client.post(PREFERENCES, {"notify_by_email": "on", "language": "ru"})
    services.ticket_assign(ticket=ticket, actor=agent, assignee=None)
    services.ticket_assign(ticket=ticket, actor=agent, assignee=colleague)
    services.message_add_from_customer(ticket=ticket, customer=customer, body="Hello?")
    process_events()
    sent = OutboundEmail.objects.filter(recipient_user=colleague)
    assert sorted(sent.values_list("kind", flat=True)) == [
        Kind.AGENT_ASSIGNED,
        Kind.AGENT_CUSTOMER_REPLIED,
    ]
    assert set(sent.values_list("language", flat=True)) == {"ru"}


def test_saving_switches_the_pages_language_too(client, agent):
    client.force_login(agent)

    response = client.post(PREFERENCES, {"notify_by_email": "on", "language": "ru"}, follow=True)

    assert response.status_code == 200
    assert '<html lang="ru">' in response.content.decode()
    assert "Язык" in response.content.decode()


def test_unknown_language_is_a_form_error(client, agent, field_errors):
    client.force_login(agent)

    response = client.post(PREFERENCES, {"notify_by_email": "on", "language": "xx"})

    assert response.status_code == 400
    assert "language" in field_errors(response)
    agent.refresh_from_db()
    assert agent.language == "en"


@pytest.mark.parametrize("who", ["customer_user", "anonymous"])
def test_only_agents_have_the_page(client, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(PREFERENCES)

    assert response.status_code == (403 if who != "anonymous" else 302)
