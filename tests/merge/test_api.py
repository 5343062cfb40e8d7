"""POST /api/v1/tickets/<ref>/merge/ and GET/POST/DELETE .../links/: the same services, JSON
errors by field name, agents of the ticket only."""

import pytest

from tests.factories import AgentFactory, make_ticket
from tickets.models import Ticket, TicketEvent, TicketLink

pytestmark = pytest.mark.django_db


def url(ticket, rest):
    return f"/api/v1/tickets/{ticket.reference}/{rest}"


def test_merge(api_client, agent, source, target):
    api_client.force_authenticate(agent)

    response = api_client.post(url(source, "merge/"), {"into": target.reference}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert (body["merged_into"], body["moved_messages"]) == (target.reference, 1)
    assert body["source"]["status"] == "closed"
    assert Ticket.objects.get(pk=source.pk).merged_into == target
    assert target.messages.count() == 2


@pytest.mark.parametrize(
    ("into", "field", "text"),
    [
        (None, "into", "required"),
        ("HD-999999", "into", "No ticket"),
        ("{self}", "into", "itself"),
        ("{foreign}", "into", "another customer"),
    ],
)
def test_merge_refusals_are_400_by_field(
    into, field, text, api_client, agent, source, other_customer, team
):
    foreign = make_ticket(customer=other_customer, team=team)
    api_client.force_authenticate(agent)
    data = (
        {}
        if into is None
        else {"into": into.format(self=source.reference, foreign=foreign.reference)}
    )

    response = api_client.post(url(source, "merge/"), data, format="json")

    assert response.status_code == 400
    assert text in " ".join(response.json()[field])
    assert not TicketEvent.objects.filter(kind=TicketEvent.Kind.MERGED).exists()


@pytest.mark.parametrize(("who", "status"), [("other_agent", 404), ("customer", 403)])
def test_merge_permissions(who, status, api_client, customer, source, target):
    user = customer.user if who == "customer" else AgentFactory()
    api_client.force_authenticate(user)

    response = api_client.post(url(source, "merge/"), {"into": target.reference}, format="json")

    assert response.status_code == status
    assert Ticket.objects.get(pk=source.pk).merged_into is None


def test_anonymous_is_refused(api_client, source, target):
    response = api_client.post(url(source, "merge/"), {"into": target.reference}, format="json")

    assert response.status_code in (401, 403)


def test_links_list_create_delete(api_client, agent, source, target):
    api_client.force_authenticate(agent)

    created = api_client.post(url(source, "links/"), {"ticket": target.reference}, format="json")
    assert created.status_code == 201
    link_id = created.json()["id"]
    assert created.json()["ticket"]["reference"] == target.reference

    listed = api_client.get(url(target, "links/"))
    assert listed.status_code == 200
    assert [(row["id"], row["ticket"]["reference"]) for row in listed.json()] == [
        (link_id, source.reference)
    ]
    assert listed.json()[0]["created_by"] == agent.username

    again = api_client.post(url(target, "links/"), {"ticket": source.reference}, format="json")
    assert again.status_code == 400
    assert "already linked" in again.json()["ticket"][0]

    deleted = api_client.delete(url(target, f"links/{link_id}/"))
    assert deleted.status_code == 204
    assert not TicketLink.objects.exists()
    assert api_client.delete(url(target, f"links/{link_id}/")).status_code == 404


def test_links_of_a_customer_ticket_are_for_agents_only(api_client, customer, source):
    api_client.force_authenticate(customer.user)

    assert api_client.get(url(source, "links/")).status_code == 403


def test_bad_kind_is_a_field_error(api_client, agent, source, target):
    api_client.force_authenticate(agent)

    response = api_client.post(
        url(source, "links/"), {"ticket": target.reference, "kind": "parent"}, format="json"
    )

    assert response.status_code == 400
    assert "kind" in response.json()


def test_schema_has_the_endpoints(api_client, manager):
    api_client.force_authenticate(manager)

    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    assert "/api/v1/tickets/{reference}/merge/" in schema["paths"]
    assert set(schema["paths"]["/api/v1/tickets/{reference}/links/"]) >= {"get", "post"}
    assert "delete" in schema["paths"]["/api/v1/tickets/{reference}/links/{link_id}/"]
