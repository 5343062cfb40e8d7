"""The ticket page's API: history, presence, preview, the customer's other tickets, and the
collision check on replies (409 with what changed, confirm to send anyway)."""

import pytest

from tests.factories import AgentFactory, make_ticket
from tickets import services

pytestmark = pytest.mark.django_db


def url(ticket, suffix):
    return f"/api/v1/tickets/{ticket.reference}/{suffix}"


@pytest.fixture
def anna(team):
    return AgentFactory(teams=[team], first_name="Anna", last_name="Petrova")


@pytest.fixture
def boris(team):
    return AgentFactory(teams=[team], first_name="Boris", last_name="Ivanov")


def test_history(api_client, ticket, anna):
    services.ticket_set_priority(ticket=ticket, actor=anna, priority="high")
    api_client.force_authenticate(anna)

    response = api_client.get(url(ticket, "history/"))

    assert response.status_code == 200
    assert [line["text"] for line in response.json()] == [
        "Customer opened the ticket (Web form)",
        "Anna Petrova set priority to High",
    ]
    assert response.json()[-1]["event_id"] == ticket.events.latest("id").pk


def test_presence(api_client, ticket, anna, boris):
    api_client.force_authenticate(boris)
    assert api_client.post(url(ticket, "presence/")).json()["viewers"] == []
    api_client.force_authenticate(anna)

    response = api_client.post(url(ticket, "presence/"))

    assert response.json() == {"viewers": ["Boris Ivanov"], "expires_in": 45}


def test_preview(api_client, ticket, anna):
    api_client.force_authenticate(anna)

    response = api_client.post(url(ticket, "preview/"), {"body": "<i>x</i>\ny"}, format="json")

    assert response.status_code == 200
    assert response.json() == {"html": "<p>&lt;i&gt;x&lt;/i&gt;<br>y</p>"}


def test_customer_tickets(api_client, ticket, customer, team, other_team, anna):
    mine = make_ticket(customer=customer, team=team, subject="Another")
    make_ticket(customer=customer, team=other_team, subject="Hidden")
    api_client.force_authenticate(anna)

    response = api_client.get(url(ticket, "customer-tickets/"))

    assert [row["reference"] for row in response.json()] == [mine.reference]


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("get", "history/"),
        ("post", "presence/"),
        ("post", "preview/"),
        ("get", "customer-tickets/"),
    ],
)
@pytest.mark.parametrize("who", ["other_agent", "customer_user"])
def test_others_get_404(method, suffix, who, request, api_client, ticket):
    api_client.force_authenticate(request.getfixturevalue(who))

    response = getattr(api_client, method)(url(ticket, suffix), {"body": "x"}, format="json")

    assert response.status_code == 404


def test_reply_collision_is_409_with_the_changes_and_confirm_sends(api_client, ticket, anna, boris):
    seen = ticket.events.latest("id").pk
    services.message_add_from_agent(ticket=ticket, agent=boris, body="Mine", is_internal=True)
    api_client.force_authenticate(anna)
    reply = {"body": "Hello", "seen_event": seen}

    refused = api_client.post(url(ticket, "messages/"), reply, format="json")

    assert refused.status_code == 409
    assert [change["text"] for change in refused.json()["changes"]] == [
        "Boris Ivanov added an internal note"
    ]
    assert ticket.messages.filter(body="Hello").count() == 0

    sent = api_client.post(url(ticket, "messages/"), reply | {"confirm": True}, format="json")
    plain = api_client.post(url(ticket, "messages/"), {"body": "No check"}, format="json")

    assert (sent.status_code, plain.status_code) == (201, 201)


def test_schema_documents_the_endpoints(api_client, anna):
    api_client.force_authenticate(anna)

    schema = api_client.get("/api/schema/", {"format": "json"}).json()

    paths = schema["paths"]
    for suffix in ("history/", "presence/", "preview/", "customer-tickets/"):
        assert f"/api/v1/tickets/{{reference}}/{suffix}" in paths
    assert "409" in paths["/api/v1/tickets/{reference}/messages/"]["post"]["responses"]
