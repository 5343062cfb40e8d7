"""POST /api/v1/tickets/bulk/: refs and changes in, all or nothing, errors keyed by field."""

import pytest

from tests.factories import AgentFactory, make_ticket
from tickets import services
from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db

BULK = "/api/v1/tickets/bulk/"


@pytest.fixture
def tickets(team):
    return [make_ticket(team=team) for _ in range(3)]


def refs(tickets):
    return [ticket.reference for ticket in tickets]


def test_bulk_changes_every_ticket(api_client, tickets, agent):
    api_client.force_authenticate(agent)

    response = api_client.post(
        BULK,
        {
            "tickets": refs(tickets),
            "changes": {"assignee": agent.username, "priority": "high", "add_tags": ["vip"]},
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    rows = response.json()["tickets"]
    assert [row["reference"] for row in rows] == refs(tickets)
    assert {(row["assignee"], row["priority"], tuple(row["tags"])) for row in rows} == {
        (agent.username, "high", ("vip",))
    }
    assert TicketEvent.objects.filter(kind=TicketEvent.Kind.ASSIGNED).count() == 3


def test_unassign_with_null(api_client, tickets, agent):
    for ticket in tickets:
        services.ticket_take(ticket=ticket, agent=agent)
    api_client.force_authenticate(agent)

    response = api_client.post(
        BULK, {"tickets": refs(tickets), "changes": {"assignee": None}}, format="json"
    )

    assert response.status_code == 200
    assert not Ticket.objects.filter(assignee__isnull=False).exists()


def test_an_invalid_ticket_is_a_400_naming_it_and_nothing_changes(api_client, tickets, agent):
    services.ticket_change_status(ticket=tickets[2], actor=agent, status="closed")
    before = TicketEvent.objects.count()
    api_client.force_authenticate(agent)

    response = api_client.post(
        BULK, {"tickets": refs(tickets), "changes": {"status": "open"}}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["status"][0].startswith(f"{tickets[2].reference}: ")
    assert TicketEvent.objects.count() == before


def test_invisible_or_unknown_references_are_400_by_reference(
    api_client, tickets, agent, other_team
):
    foreign = make_ticket(team=other_team)
    api_client.force_authenticate(agent)

    response = api_client.post(
        BULK,
        {"tickets": [*refs(tickets), foreign.reference, "HD-999999", "nonsense"], "changes": {}},
        format="json",
    )
    assert response.status_code == 400
    assert "changes" in response.json()

    response = api_client.post(
        BULK,
        {
            "tickets": [*refs(tickets), foreign.reference, "HD-999999", "nonsense"],
            "changes": {"priority": "low"},
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "tickets": [
            f"Ticket {foreign.reference} not found.",
            "Ticket HD-999999 not found.",
            "Ticket nonsense not found.",
        ]
    }
    assert not Ticket.objects.filter(priority="low").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"tickets": [], "changes": {"priority": "low"}}, "tickets"),
        ({"tickets": [f"HD-{n}" for n in range(201)], "changes": {"priority": "low"}}, "tickets"),
        ({"tickets": ["HD-1"], "changes": {"priority": "sky-high"}}, "changes"),
        ({"tickets": ["HD-1"], "changes": {"team": 10**400}}, "changes"),
        ({"tickets": ["HD-1"]}, "changes"),
        ({"tickets": "HD-1", "changes": {"priority": "low"}}, "tickets"),
    ],
)
def test_malformed_bodies_are_400_by_field(api_client, agent, body, field):
    api_client.force_authenticate(agent)

    response = api_client.post(BULK, body, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_an_assignee_outside_the_team_is_400_on_assignee(api_client, tickets, agent, other_team):
    api_client.force_authenticate(agent)
    outsider = AgentFactory(teams=[other_team])

    response = api_client.post(
        BULK,
        {"tickets": refs(tickets), "changes": {"assignee": outsider.username}},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["assignee"]


@pytest.mark.parametrize(("who", "status"), [("customer_user", 403), (None, 403)])
def test_only_agents(api_client, tickets, request, who, status):
    if who:
        api_client.force_authenticate(request.getfixturevalue(who))

    response = api_client.post(
        BULK, {"tickets": refs(tickets), "changes": {"priority": "low"}}, format="json"
    )

    assert response.status_code == status


def test_the_schema_documents_both_endpoints(api_client, agent):
    api_client.force_authenticate(agent)

    schema = api_client.get("/api/schema/", {"format": "json"}).json()

    assert "/api/v1/tickets/bulk/" in schema["paths"]
    take = schema["paths"]["/api/v1/tickets/{reference}/take/"]["post"]
    assert {"200", "409"} <= set(take["responses"])
