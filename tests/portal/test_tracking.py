"""The tracking page: replies with several files, "this solved my problem", reopening within
the window (and what a reply does after it), address verification by the e-mailed link's
``?v=`` proof, and the headers of every page whose URL carries a token."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from rest_framework.authtoken.models import Token

from helpdesk.errors import PermissionDenied
from tests.factories import CustomerFactory, upload
from tickets import services
from tickets.links import address_proof, emailed_tracking_url
from tickets.models import Attachment, Ticket, TicketEvent
from tickets.services import portal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

S = Ticket.Status
WINDOW = timedelta(days=14)  # settings.HELPDESK_REOPEN_WINDOW_DAYS


def track_url(ticket: Ticket) -> str:
    return f"/track/{ticket.reference}/{ticket.tracking_token}/"


def status_events(ticket: Ticket) -> list[TicketEvent]:
    return list(ticket.events.filter(kind=TicketEvent.Kind.STATUS_CHANGED).order_by("id"))


def assert_token_page_headers(response):
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


@pytest.fixture
def solved(ticket, agent, at):
    """``ticket``, answered and solved by the agent at t0."""
    with at():
        services.message_add_from_agent(
            ticket=ticket, agent=agent, body="Fixed it", status=S.SOLVED
        )
    ticket.refresh_from_db()
    return ticket


# --- Replies ----------------------------------------------------------------------------------


def test_a_reply_with_several_attachments(client, ticket):
    files = [upload("photo.png", b"\x89PNG...", "image/png"), upload("log.txt", b"lines")]

    response = client.post(track_url(ticket), {"body": "Here you go", "attachment": files})

    assert response.status_code == 302
    message = ticket.messages.get(body="Here you go")
    assert sorted(message.attachments.values_list("filename", flat=True)) == [
        "log.txt",
        "photo.png",
    ]
    page = client.get(track_url(ticket)).content.decode()
    assert "photo.png" in page and "log.txt" in page
    assert "multiple" in page  # the file input takes several files


def test_a_refused_attachment_stores_nothing(client, ticket):
    files = [upload("ok.txt"), upload("evil.exe", b"MZ", "application/octet-stream")]

    response = client.post(track_url(ticket), {"body": "Two files", "attachment": files})

    assert response.status_code == 400
    assert '<p class="error"' in response.content.decode()
    assert not ticket.messages.filter(body="Two files").exists()
    assert Attachment.objects.count() == 0


# --- "This solved my problem" ----------------------------------------------------------------


def test_an_open_ticket_offers_the_solved_button(client, ticket):
    html = client.get(track_url(ticket)).content.decode()

    assert f'action="{track_url(ticket)}solve/"' in html
    assert "This solved my problem" in html
    assert "reopen/" not in html


def test_the_customer_solves_their_ticket(client, ticket, customer, at, t0):
    with at(hours=1):
        response = client.post(track_url(ticket) + "solve/")
        page = client.get(response.url).content.decode()

    assert response.status_code == 302
    assert response.url == track_url(ticket)
    assert_token_page_headers(response)
    ticket.refresh_from_db()
    assert ticket.status == S.SOLVED
    assert ticket.solved_at == t0 + timedelta(hours=1)
    event = status_events(ticket)[-1]
    assert event.payload == {"from": S.NEW, "to": S.SOLVED}
    assert event.actor_customer == customer
    assert event.actor_user is None
    assert "We have marked your request as solved." in page
    assert f'action="{track_url(ticket)}reopen/"' in page


def test_solving_twice_changes_nothing(client, ticket):
    client.post(track_url(ticket) + "solve/")
    client.post(track_url(ticket) + "solve/")

    assert len(status_events(ticket)) == 1


def test_a_closed_ticket_cannot_be_solved(client, ticket, agent):
    services.ticket_change_status(ticket=ticket, actor=agent, status=S.CLOSED)

    response = client.post(track_url(ticket) + "solve/")

    assert response.status_code == 400
    assert "closed already" in response.content.decode()
    assert_token_page_headers(response)


def test_only_the_tickets_customer_may_solve_or_reopen_it(ticket):
    for change in (portal.ticket_solve_by_customer, portal.ticket_reopen_by_customer):
        with pytest.raises(PermissionDenied):
            change(ticket=ticket, customer=CustomerFactory())
    ticket.refresh_from_db()
    assert ticket.status == S.NEW


# --- Reopening --------------------------------------------------------------------------------


def test_reopen_within_the_window(client, solved, customer, at):
    with at(days=13, hours=23):
        page = client.get(track_url(solved)).content.decode()
        response = client.post(track_url(solved) + "reopen/")

    assert f'action="{track_url(solved)}reopen/"' in page
    assert "This solved my problem" not in page
    assert response.status_code == 302
    solved.refresh_from_db()
    assert solved.status == S.OPEN
    assert solved.solved_at is None
    event = status_events(solved)[-1]
    assert event.payload == {"from": S.SOLVED, "to": S.OPEN}
    assert event.actor_customer == customer


def test_the_window_ends_exactly_after_its_days(solved, customer, at):
    with at(days=14):
        assert portal.customer_may_reopen(solved)
    with at(days=14, seconds=1):
        assert not portal.customer_may_reopen(solved)


def test_reopen_after_the_window_is_refused(client, solved, at):
    with at(days=15):
        response = client.post(track_url(solved) + "reopen/")
        page = client.get(track_url(solved)).content.decode()

    assert response.status_code == 400
    assert "can no longer be reopened" in response.content.decode()
    assert_token_page_headers(response)
    solved.refresh_from_db()
    assert solved.status == S.SOLVED
    assert "reopen/" not in page
    assert "solved more than 14 days ago" in page
    assert "we will open a new request linked to it" in page


def test_the_window_follows_the_setting(client, solved, at, settings):
    settings.HELPDESK_REOPEN_WINDOW_DAYS = 2

    with at(days=3):
        assert client.post(track_url(solved) + "reopen/").status_code == 400
    settings.HELPDESK_REOPEN_WINDOW_DAYS = 30
    with at(days=3):
        assert client.post(track_url(solved) + "reopen/").status_code == 302


def test_a_reply_within_the_window_reopens(client, solved, at):
    with at(days=1):
        client.post(track_url(solved), {"body": "Broken again"})

    solved.refresh_from_db()
    assert solved.status == S.OPEN
    assert solved.messages.filter(body="Broken again").exists()


def test_a_reply_after_the_window_opens_a_follow_up(client, solved, at):
    with at(days=20):
        response = client.post(track_url(solved), {"body": "Broken again, weeks later"})

    follow_up = Ticket.objects.get(follow_up_of=solved)
    assert response.status_code == 302
    assert response.url == track_url(follow_up)
    assert follow_up.messages.get().body == "Broken again, weeks later"
    assert follow_up.status == S.NEW
    solved.refresh_from_db()
    assert solved.status == S.SOLVED  # the old ticket stays as it was
    assert not solved.messages.filter(body__startswith="Broken again").exists()
    assert solved.events.filter(kind=TicketEvent.Kind.FOLLOW_UP_CREATED).exists()


def test_reopening_an_open_ticket_changes_nothing(client, ticket):
    response = client.post(track_url(ticket) + "reopen/")

    assert response.status_code == 302
    assert status_events(ticket) == []


def test_a_closed_ticket_cannot_be_reopened(client, ticket, agent):
    services.ticket_change_status(ticket=ticket, actor=agent, status=S.CLOSED)

    response = client.post(track_url(ticket) + "reopen/")

    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.status == S.CLOSED


@pytest.mark.parametrize("action", ["solve", "reopen"])
def test_status_buttons_need_post_csrf_and_the_right_token(ticket, action):
    browser = Client(enforce_csrf_checks=True)
    url = track_url(ticket) + f"{action}/"

    assert browser.get(url).status_code == 405
    assert browser.post(url).status_code == 403  # no CSRF token
    wrong = f"/track/{ticket.reference}/{'x' * 43}/{action}/"
    assert Client().post(wrong).status_code == 404
    assert Client().post(f"/track/HD-999999/{ticket.tracking_token}/{action}/").status_code == 404
    assert status_events(ticket) == []


def test_buttons_are_forms_without_inline_script(client, solved, ticket):
    html = client.get(track_url(ticket)).content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # scripts come from files only
    assert "onclick" not in html and "onsubmit" not in html
    assert len(re.findall(r'name="csrfmiddlewaretoken"', html)) >= 2


# --- Address verification by ?v= --------------------------------------------------------------


def test_the_e_mailed_link_verifies_the_address(client, ticket, customer, t0, at):
    url = emailed_tracking_url(ticket).removeprefix("http://testserver")
    assert "?v=" in url

    with at(minutes=5):
        response = client.get(url)

    assert response.status_code == 302
    assert response.url == track_url(ticket)  # the proof leaves the address bar
    assert_token_page_headers(response)
    customer.refresh_from_db()
    assert customer.email_verified_at == t0 + timedelta(minutes=5)


def test_verification_is_kept_from_the_first_time(client, ticket, customer, at, t0):
    url = emailed_tracking_url(ticket).removeprefix("http://testserver")
    with at():
        client.get(url)
    with at(days=3):
        client.get(url)

    customer.refresh_from_db()
    assert customer.email_verified_at == t0


@pytest.mark.parametrize(
    "proof",
    ["forged", "", "a" * 5000, "\x00"],
    ids=["forged", "empty", "huge", "nul"],
)
def test_a_forged_proof_is_refused(client, ticket, customer, proof):
    response = client.get(track_url(ticket), {"v": proof})

    assert response.status_code == 302
    assert response.url == track_url(ticket)
    customer.refresh_from_db()
    assert not customer.email_verified


def test_a_tampered_proof_is_refused(client, ticket, customer):
    proof = address_proof(customer_id=customer.pk, email=customer.email)

    client.get(track_url(ticket), {"v": proof[:-2] + ("AA" if proof[-2:] != "AA" else "BB")})

    customer.refresh_from_db()
    assert not customer.email_verified


def test_a_proof_for_another_customer_is_refused(client, ticket, customer):
    other = CustomerFactory()

    client.get(track_url(ticket), {"v": address_proof(customer_id=other.pk, email=other.email)})
    client.get(track_url(ticket), {"v": address_proof(customer_id=other.pk, email=customer.email)})
    client.get(track_url(ticket), {"v": address_proof(customer_id=customer.pk, email=other.email)})

    customer.refresh_from_db()
    other.refresh_from_db()
    assert not customer.email_verified
    assert not other.email_verified


def test_a_proof_for_an_old_address_is_refused(client, ticket, customer):
    url = emailed_tracking_url(ticket).removeprefix("http://testserver")
    customer.email = "new-address@example.org"
    customer.save()

    client.get(url)

    customer.refresh_from_db()
    assert not customer.email_verified


def test_a_proof_needs_the_right_tracking_token(client, ticket, customer):
    proof = address_proof(customer_id=customer.pk, email=customer.email)

    response = client.get(f"/track/{ticket.reference}/{'x' * 43}/", {"v": proof})

    assert response.status_code == 404
    customer.refresh_from_db()
    assert not customer.email_verified


def test_a_proof_from_long_ago_is_refused(client, ticket, customer, monkeypatch):
    made_at = time.time() - 91 * 86400  # proofs are good for 90 days
    monkeypatch.setattr(signing.time, "time", lambda: made_at)
    old = address_proof(customer_id=customer.pk, email=customer.email)
    monkeypatch.undo()

    client.get(track_url(ticket), {"v": old})

    customer.refresh_from_db()
    assert not customer.email_verified


# --- Token pages ------------------------------------------------------------------------------


def test_every_token_page_sends_the_headers(client, ticket):
    for response in (
        client.get(track_url(ticket)),
        client.post(track_url(ticket), {"body": ""}),
        client.post(track_url(ticket), {"body": "Thanks"}),
        client.post(track_url(ticket) + "solve/"),
        client.post(track_url(ticket) + "reopen/"),
    ):
        assert_token_page_headers(response)


# --- The API ----------------------------------------------------------------------------------


@pytest.fixture(params=["token", "session"])
def customer_api(request, api_client, customer):
    if request.param == "token":
        token, _created = Token.objects.get_or_create(user=customer.user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    else:
        api_client.force_login(customer.user)
    return api_client


def test_the_customer_solves_and_reopens_through_the_api(customer_api, ticket, customer):
    solved = customer_api.post(f"/api/v1/tickets/{ticket.reference}/solve/")
    reopened = customer_api.post(f"/api/v1/tickets/{ticket.number}/reopen/")

    assert solved.status_code == 200
    assert solved.json()["status"] == S.SOLVED
    assert solved.json()["reference"] == ticket.reference
    assert "messages" in solved.json()
    assert reopened.status_code == 200
    assert reopened.json()["status"] == S.OPEN
    assert [event.actor_customer for event in status_events(ticket)] == [customer, customer]


def test_the_api_refuses_a_reopen_past_the_window(customer_api, solved, at):
    with at(days=15):
        response = customer_api.post(f"/api/v1/tickets/{solved.reference}/reopen/")

    assert response.status_code == 400
    assert "can no longer be reopened" in str(response.json())


def test_the_api_refuses_agents_and_strangers(api_client, ticket, agent, other_customer):
    api_client.force_authenticate(agent)
    assert api_client.post(f"/api/v1/tickets/{ticket.reference}/solve/").status_code == 403

    api_client.force_authenticate(other_customer.user)
    assert api_client.post(f"/api/v1/tickets/{ticket.reference}/solve/").status_code == 404

    api_client.force_authenticate(None)
    assert api_client.post(f"/api/v1/tickets/{ticket.reference}/reopen/").status_code in (401, 403)

    ticket.refresh_from_db()
    assert ticket.status == S.NEW


def test_the_api_status_endpoints_take_only_post(customer_api, ticket):
    for action in ("solve", "reopen"):
        assert customer_api.get(f"/api/v1/tickets/{ticket.reference}/{action}/").status_code == 405
        assert customer_api.post(f"/api/v1/tickets/not-a-ref/{action}/").status_code == 404


def test_the_api_schema_documents_solve_and_reopen(api_client, manager):
    api_client.force_authenticate(manager)

    schema = api_client.get("/api/schema/", {"format": "json"}).json()

    for action in ("solve", "reopen"):
        operation = schema["paths"][f"/api/v1/tickets/{{reference}}/{action}/"]["post"]
        assert set(operation["responses"]) >= {"200", "400", "403", "404"}
    parameters = schema["paths"]["/api/v1/tickets/"]["get"]["parameters"]
    assert "q" in {parameter["name"] for parameter in parameters}
