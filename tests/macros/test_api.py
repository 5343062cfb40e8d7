"""Macros over the REST API: list, CRUD of one's own, render and apply; JSON errors by field."""

import pytest

from tests.factories import AgentFactory, CustomerFactory, make_ticket
from tickets.models import Macro, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

MACROS = "/api/v1/macros/"


def apply_url(ticket, macro):
    return f"/api/v1/tickets/{ticket.reference}/macros/{macro.pk}/apply/"


def render_url(ticket, macro):
    return f"/api/v1/tickets/{ticket.reference}/macros/{macro.pk}/render/"


@pytest.fixture
def ticket(team):
    return make_ticket(team=team, customer=CustomerFactory(name="Ivan Petrov", language="ru"))


def test_create_list_change_delete_own(api_client, agent):
    api_client.force_login(agent)

    created = api_client.post(
        MACROS,
        {"name": "Hi", "body_en": "Hi {{ customer.first_name }}", "add_tags": ["Greeting"]},
        format="json",
    )
    assert created.status_code == 201, created.json()
    macro = created.json()
    assert (macro["scope"], macro["owner"], macro["add_tags"], macro["can_edit"]) == (
        "personal",
        agent.username,
        ["greeting"],
        True,
    )

    listed = api_client.get(MACROS).json()
    assert [row["id"] for row in listed] == [macro["id"]]

    changed = api_client.patch(f"{MACROS}{macro['id']}/", {"set_status": "pending"}, format="json")
    assert changed.status_code == 200
    assert changed.json()["set_status"] == "pending"
    assert changed.json()["body_en"] == "Hi {{ customer.first_name }}"

    assert api_client.delete(f"{MACROS}{macro['id']}/").status_code == 204
    assert not Macro.objects.exists()


def test_an_unknown_placeholder_is_a_field_error(api_client, agent):
    api_client.force_login(agent)

    response = api_client.post(
        MACROS, {"name": "Hi", "body_ru": "{{ customer.password }}"}, format="json"
    )

    assert response.status_code == 400
    assert "{{ customer.password }}" in response.json()["body_ru"][0]


def test_sharing_beyond_ones_rights_is_403(api_client, agent, team):
    api_client.force_login(agent)

    response = api_client.post(
        MACROS, {"name": "Hi", "body_en": "Hi", "scope": "team", "team": team.pk}, format="json"
    )

    assert response.status_code == 403
    assert not Macro.objects.exists()


def test_another_agents_personal_macro_is_404_everywhere(api_client, agent, team, ticket):
    colleague = AgentFactory(teams=[team])
    api_client.force_login(colleague)
    private = api_client.post(MACROS, {"name": "p", "body_en": "x"}, format="json").json()
    macro = Macro.objects.get(pk=private["id"])
    api_client.force_login(agent)

    assert api_client.get(MACROS).json() == []
    assert api_client.get(f"{MACROS}{macro.pk}/").status_code == 404
    assert api_client.patch(f"{MACROS}{macro.pk}/", {"name": "x"}, format="json").status_code == 404
    assert api_client.delete(f"{MACROS}{macro.pk}/").status_code == 404
    assert api_client.get(render_url(ticket, macro)).status_code == 404
    assert api_client.post(apply_url(ticket, macro), {}, format="json").status_code == 404
    assert ticket.messages.count() == 1


def test_render_fills_in_the_ticket_language(api_client, agent, ticket):
    api_client.force_login(agent)
    macro = Macro.objects.create(
        name="Greet",
        body_en="Hello {{ customer.first_name }}",
        body_ru="Здравствуйте, {{ customer.first_name }}",
        owner=agent,
        set_status="pending",
        created_at=ticket.created_at,
        updated_at=ticket.created_at,
    )

    data = api_client.get(render_url(ticket, macro)).json()

    assert data["body"] == "Здравствуйте, Ivan"
    assert data["language"] == "ru"
    assert data["changes"] == ["Set status to Pending"]


def test_apply_replies_and_changes(api_client, agent, ticket):
    api_client.force_login(agent)
    macro_id = api_client.post(
        MACROS,
        {
            "name": "Pending",
            "body_en": "Need more from {{ customer.name }}",
            "set_status": "pending",
            "add_tags": ["waiting"],
            "assign_to_me": True,
        },
        format="json",
    ).json()["id"]

    response = api_client.post(
        f"/api/v1/tickets/{ticket.reference}/macros/{macro_id}/apply/", {}, format="json"
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["message"]["body"] == "Need more from Ivan Petrov"
    assert data["message"]["channel"] == Ticket.Channel.API
    assert (data["ticket"]["status"], data["ticket"]["assignee"], data["ticket"]["tags"]) == (
        "pending",
        agent.username,
        ["waiting"],
    )


def test_a_failing_apply_is_400_and_writes_nothing(api_client, agent, ticket):
    api_client.force_login(agent)
    macro_id = api_client.post(
        MACROS, {"name": "P", "body_en": "x", "set_status": "pending"}, format="json"
    ).json()["id"]
    api_client.patch(f"/api/v1/tickets/{ticket.reference}/", {"status": "solved"}, format="json")
    events = TicketEvent.objects.count()

    response = api_client.post(
        f"/api/v1/tickets/{ticket.reference}/macros/{macro_id}/apply/",
        {"body": "Edited text"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert ticket.messages.count() == 1
    assert TicketEvent.objects.count() == events


def test_customers_have_no_macros(api_client, customer):
    api_client.force_login(customer.user)

    assert api_client.get(MACROS).status_code == 403
    assert api_client.post(MACROS, {"name": "x", "body_en": "y"}, format="json").status_code == 403


def test_the_schema_has_the_endpoints(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()

    assert {
        "/api/v1/macros/",
        "/api/v1/macros/{macro_id}/",
        "/api/v1/tickets/{reference}/macros/{macro_id}/apply/",
        "/api/v1/tickets/{reference}/macros/{macro_id}/render/",
    } <= set(schema["paths"])
