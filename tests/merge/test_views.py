"""The "Merged and related" panel over HTTP: merge with confirmation, link, unlink, errors next
to the field, permissions, and the duplicate's tracking link."""

import pytest

from tests.factories import AgentFactory, make_ticket
from tickets.models import Ticket, TicketEvent, TicketLink
from tickets.services.merge import ticket_link, ticket_merge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def page(ticket):
    return f"/agent/tickets/{ticket.reference}/"


def test_ticket_page_shows_the_panel_and_linked_tickets(client, agent, source, target):
    ticket_link(ticket=source, other=target, actor=agent)
    client.force_login(agent)

    body = client.get(page(source)).content.decode()

    assert 'id="ticket-links"' in body
    assert f'href="/agent/tickets/{target.reference}/"' in body
    assert f"{page(source)}merge/" in body


def test_merge_asks_to_confirm_then_merges_and_goes_to_the_target(client, agent, source, target):
    client.force_login(agent)

    asked = client.post(f"{page(source)}merge/", {"into": target.reference.lower()})
    assert asked.status_code == 200
    assert "cannot be undone" in asked.content.decode()
    assert Ticket.objects.get(pk=source.pk).merged_into is None

    done = client.post(f"{page(source)}merge/", {"into": target.reference, "confirm": "True"})

    assert done.status_code == 302
    assert done.url == page(target)
    assert Ticket.objects.get(pk=source.pk).merged_into == target
    merged_page = client.get(page(source)).content.decode()
    assert "Merged into" in merged_page
    assert f'href="/agent/tickets/{target.reference}/"' in merged_page


def test_merge_with_htmx_redirects_the_whole_page(client, agent, source, target):
    client.force_login(agent)

    response = client.post(
        f"{page(source)}merge/",
        {"into": target.reference, "confirm": "True"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 204
    assert response["HX-Redirect"] == page(target)


@pytest.mark.parametrize(
    ("into", "message"),
    [
        ("", "This field is required."),
        ("HD-999999", "No ticket HD-999999 that you can see."),
        ("{hidden}", "No ticket {hidden} that you can see."),
        ("{other_customer}", "belongs to another customer"),
        ("{self}", "cannot be merged into itself"),
    ],
)
def test_merge_errors_sit_next_to_the_field(
    into, message, client, agent, source, other_team, other_customer, team, field_errors
):
    hidden = make_ticket(customer=source.customer, team=other_team).reference
    foreign = make_ticket(customer=other_customer, team=team).reference
    values = {"hidden": hidden, "other_customer": foreign, "self": source.reference}
    client.force_login(agent)

    for htmx in (False, True):
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client.post(
            f"{page(source)}merge/", {"into": into.format(**values), "confirm": "True"}, **headers
        )
        assert response.status_code == 400
        assert message.format(**values) in field_errors(response)["merge_into"]
    assert Ticket.objects.get(pk=source.pk).merged_into is None
    assert not TicketEvent.objects.filter(kind=TicketEvent.Kind.MERGED).exists()


def test_link_and_unlink_in_place(client, agent, source, target):
    client.force_login(agent)

    linked = client.post(
        f"{page(source)}link/", {"ticket": target.reference}, HTTP_HX_REQUEST="true"
    )
    assert linked.status_code == 200
    assert f'href="/agent/tickets/{target.reference}/"' in linked.content.decode()
    link = TicketLink.objects.get()

    unlinked = client.post(f"{page(target)}unlink/{link.pk}/", HTTP_HX_REQUEST="true")

    assert unlinked.status_code == 200
    assert "No related tickets." in unlinked.content.decode()
    assert not TicketLink.objects.exists()


def test_link_error_next_to_the_field(client, agent, source, field_errors):
    client.force_login(agent)

    response = client.post(f"{page(source)}link/", {"ticket": source.reference})

    assert response.status_code == 400
    assert "cannot be linked to itself" in field_errors(response)["link_ticket"]


def test_unlink_of_a_link_of_another_ticket_is_404(client, agent, source, target, customer, team):
    link = ticket_link(ticket=source, other=target, actor=agent)
    third = make_ticket(customer=customer, team=team)
    client.force_login(agent)

    response = client.post(f"{page(third)}unlink/{link.pk}/")

    assert response.status_code == 404
    assert TicketLink.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "customer", "other_agent"])
@pytest.mark.parametrize("action", ["merge/", "link/", "unlink/{link}/"])
def test_only_agents_of_the_ticket_may(who, action, client, agent, customer, source, target):
    link = ticket_link(
        ticket=source, other=make_ticket(customer=customer), actor=AgentFactory(is_superuser=True)
    )
    if who == "customer":
        client.force_login(customer.user)
    elif who == "other_agent":
        client.force_login(AgentFactory())

    response = client.post(
        page(source) + action.format(link=link.pk),
        {"into": target.reference, "ticket": target.reference, "confirm": "True"},
    )

    assert response.status_code == {"anonymous": 302, "customer": 403, "other_agent": 404}[who]
    assert Ticket.objects.get(pk=source.pk).merged_into is None
    assert TicketLink.objects.count() == 1


def test_csrf_is_required(agent, source, target):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)

    response = client.post(f"{page(source)}merge/", {"into": target.reference, "confirm": "True"})

    assert response.status_code == 403
    assert Ticket.objects.get(pk=source.pk).merged_into is None


def test_tracking_link_of_the_duplicate_leads_to_the_target(client, agent, source, target):
    ticket_merge(source=source, target=target, actor=agent)
    old_link = f"/track/{source.reference}/{source.tracking_token}/"

    response = client.get(old_link, follow=True)

    assert response.redirect_chain[-1][0] == f"/track/{target.reference}/{target.tracking_token}/"
    body = response.content.decode()
    assert f"{source.reference} was merged into {target.reference}" in body
    assert "Printer on fire" in body


def test_a_reply_posted_on_the_duplicates_old_page_lands_on_the_target(
    client, agent, source, target
):
    ticket_merge(source=source, target=target, actor=agent)

    response = client.post(
        f"/track/{source.reference}/{source.tracking_token}/", {"body": "Still smoking"}
    )

    assert response.status_code == 302
    assert response.url == f"/track/{target.reference}/{target.tracking_token}/"
    assert target.messages.filter(body="Still smoking").exists()
    assert not Ticket.objects.filter(follow_up_of=source).exists()


def test_tracking_page_of_the_target_shows_no_internal_notes_of_the_duplicate(
    client, agent, source, target
):
    from tickets import services

    services.message_add_from_agent(
        ticket=source, agent=agent, body="Secret note", is_internal=True
    )
    ticket_merge(source=source, target=target, actor=agent)

    body = client.get(f"/track/{source.reference}/{source.tracking_token}/", follow=True)

    assert "Secret note" not in body.content.decode()
