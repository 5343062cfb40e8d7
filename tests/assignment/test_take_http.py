"""'Take it' over HTTP: the page's button (htmx and plain POST), the API (409 naming the winner),
and the away switch on the preferences page."""

import pytest

from tests.factories import AgentFactory, make_ticket
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def take_url(ticket):
    return f"/agent/tickets/{ticket.reference}/take/"


def api_take_url(ticket):
    return f"/api/v1/tickets/{ticket.reference}/take/"


@pytest.fixture
def anna(team):
    return AgentFactory(teams=[team], first_name="Anna", last_name="Petrova")


# --- The page ---------------------------------------------------------------------------------


def test_the_button_takes_and_redirects_back(client, ticket, agent):
    client.force_login(agent)

    response = client.post(take_url(ticket), {"next": "/agent/preferences/"})

    assert response.status_code == 302
    assert response["Location"] == "/agent/preferences/"
    assert Ticket.objects.get(pk=ticket.pk).assignee == agent
    page = client.get("/agent/preferences/").content.decode()
    assert f"You took {ticket.reference}." in page


def test_a_foreign_next_is_ignored(client, ticket, agent):
    client.force_login(agent)

    response = client.post(take_url(ticket), {"next": "https://evil.example/"})

    assert response["Location"] == f"/agent/tickets/{ticket.reference}/"


def test_losing_shows_who_took_it(client, ticket, agent, anna):
    services.ticket_take(ticket=ticket, agent=anna)
    client.force_login(agent)

    response = client.post(take_url(ticket), {"next": "/agent/preferences/"}, follow=True)

    assert "Already taken by Anna Petrova." in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).assignee == anna


def test_htmx_answers_the_partial(client, ticket, agent, anna):
    client.force_login(agent)

    won = client.post(take_url(ticket), headers={"HX-Request": "true"})
    other = make_ticket(team=ticket.team)
    services.ticket_take(ticket=other, agent=anna)
    lost = client.post(take_url(other), headers={"HX-Request": "true"})

    assert won.status_code == 200
    assert 'class="take-mine"' in won.content.decode()
    assert "Already taken by Anna Petrova." in lost.content.decode()
    assert "<html" not in lost.content.decode()


def test_the_button_needs_post_and_csrf(ticket, agent):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)

    assert client.get(take_url(ticket)).status_code == 405
    assert client.post(take_url(ticket)).status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).assignee is None


def test_agents_of_another_team_get_404(client, ticket, other_agent):
    client.force_login(other_agent)

    assert client.post(take_url(ticket)).status_code == 404


def test_the_partial_offers_the_button_only_while_unassigned(rf, ticket, agent, anna):
    from django.template.loader import render_to_string

    request = rf.get("/agent/")
    request.user = agent

    def render():
        fresh = Ticket.objects.get(pk=ticket.pk)
        return render_to_string(
            "tickets/partials/take_button.html", {"ticket": fresh, "user": agent}, request
        )

    assert "Take it" in render()
    services.ticket_take(ticket=ticket, agent=anna)
    assert "Take it" not in render()


# --- The API ----------------------------------------------------------------------------------


def test_api_take(api_client, ticket, agent):
    api_client.force_authenticate(agent)

    response = api_client.post(api_take_url(ticket))

    assert response.status_code == 200
    assert response.json()["assignee"] == agent.username


def test_api_take_conflict_is_409_with_the_winner(api_client, ticket, agent, anna):
    services.ticket_take(ticket=ticket, agent=anna)
    api_client.force_authenticate(agent)

    response = api_client.post(api_take_url(ticket))

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Already taken by Anna Petrova.",
        "assignee": anna.username,
        "assignee_name": "Anna Petrova",
    }


@pytest.mark.parametrize(
    ("who", "status"), [("customer_user", 403), ("other_agent", 404), (None, 403)]
)
def test_api_take_refusals(api_client, ticket, request, who, status):
    if who:
        api_client.force_authenticate(request.getfixturevalue(who))

    assert api_client.post(api_take_url(ticket)).status_code == status
    assert Ticket.objects.get(pk=ticket.pk).assignee is None


# --- Away -------------------------------------------------------------------------------------


def test_an_agent_marks_themselves_away(client, agent):
    client.force_login(agent)

    response = client.post(
        "/agent/preferences/", {"language": "en", "notify_by_email": "on", "is_away": "on"}
    )

    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.is_away
    assert 'name="is_away"' in client.get("/agent/preferences/").content.decode()
    client.post("/agent/preferences/", {"language": "en"})
    agent.refresh_from_db()
    assert not agent.is_away


def test_the_button_is_on_the_ticket_page_and_on_unassigned_queue_rows(client, ticket, agent):
    taken = make_ticket(team=ticket.team)
    services.ticket_take(ticket=taken, agent=AgentFactory(teams=[ticket.team]))
    client.force_login(agent)

    page = client.get(f"/agent/tickets/{ticket.reference}/").content.decode()
    queue = client.get("/agent/").content.decode()

    assert f'action="{take_url(ticket)}"' in page
    assert f'action="{take_url(ticket)}"' in queue
    assert take_url(taken) not in queue
