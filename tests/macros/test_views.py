"""The macros page (/agent/macros/), the picker on the ticket page, and sending a reply with a
macro from the ticket page: its changes made with the reply, someone else's macro a 404."""

import re

import pytest

from tests.factories import AgentFactory, CustomerFactory, make_ticket
from tickets import services
from tickets.models import Macro, Ticket, TicketEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

PAGE = "/agent/macros/"


@pytest.fixture
def ticket(team):
    return make_ticket(team=team, customer=CustomerFactory(name="Olga Petrova"))


def seen_event(client, ticket) -> str:
    page = client.get(f"/agent/tickets/{ticket.reference}/").content.decode()
    match = re.search(r'name="seen_event" value="(\d+)"', page)
    return match.group(1) if match else ""


def test_anonymous_and_customers_are_kept_out(client, customer, agent, ticket):
    macro = services.macro_create(actor=agent, name="m", body_en="x")
    urls = [PAGE, f"{PAGE}new/", f"{PAGE}{macro.pk}/", f"/agent/tickets/{ticket.reference}/macros/"]
    for url in urls:
        assert client.get(url).status_code == 302
    client.force_login(customer.user)
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(f"{PAGE}{macro.pk}/delete/").status_code == 403
    assert Macro.objects.exists()


def test_create_with_an_unknown_placeholder_shows_the_error_next_to_it(client, agent, field_errors):
    client.force_login(agent)

    response = client.post(
        f"{PAGE}new/",
        {"name": "Hi", "scope": "personal", "body_en": "Hi {{ customer.email }}", "body_ru": ""},
    )

    assert response.status_code == 400
    assert "{{ customer.email }}" in field_errors(response)["body_en"]
    assert not Macro.objects.exists()


def test_create_edit_delete(client, agent):
    client.force_login(agent)
    form = client.get(f"{PAGE}new/").content.decode()
    assert 'value="everyone"' not in form  # only admins share with everyone

    response = client.post(
        f"{PAGE}new/",
        {
            "name": "Pending",
            "scope": "personal",
            "body_en": "Hi {{ customer.first_name }}",
            "body_ru": "",
            "set_status": "pending",
            "add_tags": "waiting, Billing question",
        },
    )
    assert response.status_code == 302
    macro = Macro.objects.get()
    assert (macro.owner, macro.set_status, macro.add_tags) == (
        agent,
        "pending",
        ["waiting", "billing-question"],
    )
    assert "Pending" in client.get(PAGE).content.decode()

    response = client.post(
        f"{PAGE}{macro.pk}/",
        {"name": "Renamed", "scope": "personal", "body_en": "Hello", "set_status": ""},
    )
    assert response.status_code == 302
    macro.refresh_from_db()
    assert (macro.name, macro.set_status) == ("Renamed", "")

    assert client.post(f"{PAGE}{macro.pk}/delete/").status_code == 302
    assert not Macro.objects.exists()


def test_a_lead_shares_with_the_team_and_members_only_use_it(client, agent, lead, team):
    client.force_login(lead)
    response = client.post(
        f"{PAGE}new/",
        {"name": "Team one", "scope": f"team:{team.pk}", "body_en": "Hi"},
    )
    assert response.status_code == 302
    macro = Macro.objects.get()
    assert macro.team == team and macro.owner is None

    client.force_login(agent)
    listing = client.get(PAGE).content.decode()
    assert "Team one" in listing
    assert f"{PAGE}{macro.pk}/" not in listing  # no edit link
    assert client.get(f"{PAGE}{macro.pk}/").status_code == 403
    assert client.post(f"{PAGE}{macro.pk}/delete/").status_code == 403


def test_another_agents_personal_macro_is_404(client, agent, team):
    macro = services.macro_create(actor=AgentFactory(teams=[team]), name="Secret", body_en="x")
    client.force_login(agent)

    assert "Secret" not in client.get(PAGE).content.decode()
    assert client.get(f"{PAGE}{macro.pk}/").status_code == 404
    assert client.post(f"{PAGE}{macro.pk}/delete/").status_code == 404


def test_the_ticket_page_has_the_picker_and_the_list_has_the_macros(client, agent, ticket):
    services.macro_create(actor=agent, name="Mine <b>", body_en="Hi")
    services.macro_create(actor=AgentFactory(), name="Not mine", body_en="Hi")
    client.force_login(agent)

    page = client.get(f"/agent/tickets/{ticket.reference}/").content.decode()
    assert f'hx-get="/agent/tickets/{ticket.reference}/macros/"' in page
    assert 'name="macro" form="reply-form"' in page

    picker = client.get(f"/agent/tickets/{ticket.reference}/macros/").content.decode()
    assert "Mine &lt;b&gt;" in picker
    assert "Not mine" not in picker


def test_a_reply_with_a_macro_makes_its_changes(client, agent, ticket):
    macro = services.macro_create(
        actor=agent, name="m", body_en="x", set_status="pending", add_tags=["waiting"]
    )
    client.force_login(agent)

    response = client.post(
        f"/agent/tickets/{ticket.reference}/reply/",
        {
            "body": "Hello Olga, edited",
            "macro": str(macro.pk),
            "seen_event": seen_event(client, ticket),
        },
    )

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.PENDING
    assert list(ticket.tags.values_list("name", flat=True)) == ["waiting"]
    assert ticket.messages.last().body == "Hello Olga, edited"
    assert ticket.events.filter(kind=TicketEvent.Kind.TAGS_CHANGED).exists()


def test_a_reply_with_someone_elses_macro_is_404_and_sends_nothing(client, agent, team, ticket):
    macro = services.macro_create(actor=AgentFactory(teams=[team]), name="p", body_en="x")
    client.force_login(agent)

    response = client.post(
        f"/agent/tickets/{ticket.reference}/reply/",
        {"body": "Hello", "macro": str(macro.pk), "seen_event": seen_event(client, ticket)},
    )

    assert response.status_code == 404
    assert ticket.messages.count() == 1


def test_a_macro_change_that_fails_is_an_error_and_keeps_the_draft(client, agent, ticket):
    services.ticket_change_status(ticket=ticket, actor=agent, status=Ticket.Status.SOLVED)
    macro = services.macro_create(actor=agent, name="m", body_en="x", set_status="pending")
    client.force_login(agent)

    response = client.post(
        f"/agent/tickets/{ticket.reference}/reply/",
        {"body": "My draft", "macro": str(macro.pk), "seen_event": seen_event(client, ticket)},
    )

    assert response.status_code == 400
    assert "My draft" in response.content.decode()
    assert f'name="macro" form="reply-form" value="{macro.pk}"' in response.content.decode()
    assert ticket.messages.count() == 1
