"""The public request form: several attachments, the honeypot, rate limits per IP and per
address (real Redis), the trusted-proxy rule, and who may see the private link."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client, RequestFactory

from helpdesk.errors import ValidationError
from helpdesk.views import rate_limited
from tests.factories import AgentFactory, CategoryFactory, CustomerFactory, make_ticket, upload
from tickets import services
from tickets.models import Attachment, Customer, Message, Ticket
from tickets.services.requests import request_submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

URL = "/request/new/"
SENT = "/request/sent/"


def form(**changes):
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "subject": "Cannot sign in",
        "body": "The password reset mail never arrives.",
        **changes,
    }
    return {key: value for key, value in data.items() if value is not None}


def counts():
    return (
        Customer.objects.count(),
        Ticket.objects.count(),
        Message.objects.count(),
        Attachment.objects.count(),
    )


def post(client, data, *, ip="203.0.113.7", **extra):
    return client.post(URL, data, REMOTE_ADDR=ip, **extra)


def track_links(html: str) -> list[str]:
    return re.findall(r"/track/[^\"'\s<]+", html) + re.findall(r"/request/[^/\"]+/[^/\"]+/", html)


# --- The form --------------------------------------------------------------------------------


def test_form_offers_several_attachments_the_topics_and_a_hidden_honeypot(client):
    topic = CategoryFactory(name_en="Printers")

    html = client.get(URL).content.decode()

    assert re.search(r'<input[^>]*name="attachment"[^>]*multiple', html)
    assert topic.name_en in html
    # The honeypot sits in a container hidden by the stylesheet, not by an inline style.
    assert re.search(r'<div class="hp-field" aria-hidden="true">.*?name="website"', html, re.S)
    assert "style=" not in html


def test_several_attachments_land_on_the_first_message(client):
    response = post(
        client,
        form(attachment=[upload("one.png", b"\x89PNG1"), upload("two.pdf", b"%PDF-2")]),
    )

    assert response.status_code == 302
    ticket = Ticket.objects.get()
    names = sorted(a.filename for a in Attachment.objects.filter(message__ticket=ticket))
    assert names == ["one.png", "two.pdf"]


def test_too_many_attachments_is_an_error_next_to_the_field(client, field_errors):
    files = [upload(f"f{n}.txt", b"x") for n in range(6)]

    response = post(client, form(attachment=files))

    assert response.status_code == 400
    assert list(field_errors(response)) == ["attachment"]
    assert "at most 5 files" in field_errors(response)["attachment"]
    assert counts() == (0, 0, 0, 0)


def test_a_filled_honeypot_looks_like_success_and_stores_nothing(client):
    response = post(client, form(website="http://spam.example", attachment=upload()))

    assert response.status_code == 302
    assert response.url == SENT
    page = client.get(SENT)
    assert page.status_code == 200
    assert "We have your request" in page.content.decode()
    assert counts() == (0, 0, 0, 0)


# --- Rate limits -----------------------------------------------------------------------------


def test_per_ip_limit_blocks_with_a_429_page_and_writes_nothing(client, settings):
    settings.HELPDESK_REQUEST_RATE_PER_IP = "3/h"
    for n in range(3):
        assert post(client, form(email=f"user{n}@example.com")).status_code == 302
    before = counts()

    blocked = post(client, form(email="user9@example.com", attachment=upload()))

    assert blocked.status_code == 429
    html = blocked.content.decode()
    assert "Too many attempts" in html
    assert "nothing was sent or saved" in html
    assert "Content-Security-Policy" in blocked.headers
    assert counts() == before
    # Another address (IP) is not affected.
    assert post(client, form(email="user9@example.com"), ip="198.51.100.1").status_code == 302


def test_the_429_page_is_translated(client, settings):
    settings.HELPDESK_REQUEST_RATE_PER_IP = "1/h"
    post(client, form())

    blocked = post(client, form(email="b@example.com"), HTTP_ACCEPT_LANGUAGE="ru")

    assert blocked.status_code == 429
    assert '<html lang="ru">' in blocked.content.decode()


def test_get_is_never_counted(client, settings):
    settings.HELPDESK_REQUEST_RATE_PER_IP = "1/h"
    for _ in range(5):
        assert client.get(URL, REMOTE_ADDR="203.0.113.7").status_code == 200

    assert post(client, form()).status_code == 302


@pytest.mark.parametrize(
    "spellings",
    [
        ["ada@example.com", "ADA@Example.COM", "  ada@example.com  "],
        ["Ada@Example.com", " ada@EXAMPLE.com", "ada@example.com\t"],
    ],
)
def test_per_address_limit_counts_every_spelling_of_one_address(client, settings, spellings):
    settings.HELPDESK_REQUEST_RATE_PER_ADDRESS = "2/h"
    first, second, third = spellings
    # From three different IPs: only the address ties them together.
    assert post(client, form(email=first), ip="198.51.100.1").status_code == 302
    assert post(client, form(email=second), ip="198.51.100.2").status_code == 302
    before = counts()

    blocked = post(client, form(email=third), ip="198.51.100.3")

    assert blocked.status_code == 429
    assert counts() == before
    other = post(client, form(email="someone.else@example.com"), ip="198.51.100.3")
    assert other.status_code == 302


def test_posts_without_an_address_do_not_use_up_a_shared_budget(client, settings, field_errors):
    settings.HELPDESK_REQUEST_RATE_PER_ADDRESS = "1/h"
    for n in range(3):
        response = post(client, form(email=None), ip=f"198.51.100.{n + 1}")
        assert response.status_code == 400
        assert list(field_errors(response)) == ["email"]


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, settings):
    settings.HELPDESK_TRUSTED_PROXY_HOPS = 0
    settings.HELPDESK_REQUEST_RATE_PER_IP = "2/h"
    for n in range(2):
        response = post(client, form(email=f"u{n}@example.com"), HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        assert response.status_code == 302

    # A fresh X-Forwarded-For does not buy a fresh budget: REMOTE_ADDR is the client.
    blocked = post(client, form(email="u8@example.com"), HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert blocked.status_code == 429


def test_behind_a_trusted_proxy_the_client_is_the_address_that_proxy_saw(client, settings):
    settings.HELPDESK_TRUSTED_PROXY_HOPS = 1
    settings.HELPDESK_REQUEST_RATE_PER_IP = "2/h"
    proxy = "10.0.0.1"
    for n in range(2):
        response = post(
            client,
            form(email=f"u{n}@example.com"),
            ip=proxy,
            # The client wrote the left entry itself; our proxy appended the real address.
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.50",
        )
        assert response.status_code == 302

    spoofed = post(
        client,
        form(email="u8@example.com"),
        ip=proxy,
        HTTP_X_FORWARDED_FOR="192.0.2.99, 192.0.2.98, 203.0.113.50",
    )
    assert spoofed.status_code == 429
    # Another client behind the same proxy has its own budget.
    other = post(
        client, form(email="u9@example.com"), ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.51"
    )
    assert other.status_code == 302


def test_rate_limited_view_answers_json_for_the_api():
    request = RequestFactory().post("/api/v1/tickets/")

    response = rate_limited(request, None)

    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert "Too many attempts" in json.loads(response.content)["detail"]


def test_a_rate_limited_drf_view_answers_429_json_not_403(settings):
    from django.utils.decorators import method_decorator
    from django_ratelimit.decorators import ratelimit
    from rest_framework.permissions import AllowAny
    from rest_framework.response import Response
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView

    class Limited(APIView):
        permission_classes = [AllowAny]

        @method_decorator(ratelimit(group="test-api", key="ip", rate="1/h", block=True))
        def post(self, request):
            return Response({"ok": True})

    view = Limited.as_view()
    factory = APIRequestFactory()

    assert view(factory.post("/api/v1/x/", REMOTE_ADDR="192.0.2.1")).status_code == 200
    blocked = view(factory.post("/api/v1/x/", REMOTE_ADDR="192.0.2.1"))

    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.data["detail"]


# --- Who sees the private link ---------------------------------------------------------------


def test_a_new_address_gets_the_link_on_a_token_page_that_is_never_cached(client):
    response = post(client, form())

    ticket = Ticket.objects.get()
    assert response.url == f"/request/{ticket.reference}/{ticket.tracking_token}/received/"
    page = client.get(response.url)
    assert f"/track/{ticket.reference}/{ticket.tracking_token}/" in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"
    assert "no-store" in page["Cache-Control"]


def test_outside_tester_with_a_registered_customers_address_never_gets_her_link(client):
    """The issue's scenario: an anonymous request filed with a registered customer's e-mail."""
    # Given a registered customer with a ticket of her own
    her = CustomerFactory(email="eve@example.org", name="Eve Real", with_login=True)
    agent = AgentFactory()
    old = make_ticket(customer=her, subject="My invoice")
    tester = Client()

    # When an outsider files a request with her address (in another spelling) and his name
    response = post(tester, form(name="Mallory", email=" EVE@example.org "))

    # Then the request is hers, filed without renaming her, and the filer is shown no link
    new = Ticket.objects.exclude(pk=old.pk).get()
    assert new.customer == her
    her.refresh_from_db()
    assert her.name == "Eve Real"
    assert Customer.objects.count() == 1
    assert response.status_code == 302
    assert response.url == SENT
    assert new.tracking_token not in response.url
    page = tester.get(response.url).content.decode()
    assert new.reference in page
    assert "goes only by e-mail to the address you gave" in page
    assert track_links(page) == []

    # And nothing later shows him her replies or files: the confirmation stays token-free.
    agent.teams.add(new.team, old.team)
    services.message_add_from_agent(
        ticket=new, agent=agent, body="Your account number is 42.", attachments=[upload()]
    )
    services.message_add_from_customer(ticket=new, customer=her, body="Thanks, and my PIN is 1")
    again = tester.get(SENT).content.decode()
    for text in ("account number", "PIN", "notes.txt"):
        assert text not in again
    for ticket in (old, new):
        assert ticket.tracking_token not in page + again
    # Guessing the token page for her ticket without its token gets nothing.
    assert tester.get(f"/request/{new.reference}/guess/received/").status_code == 404
    assert tester.get(f"/track/{new.reference}/guess/").status_code == 404


def test_known_address_without_tickets_still_gets_no_link(client):
    """A customer an agent logged by phone (with her address) is known, though she has no
    ticket from the form yet."""
    CustomerFactory(email="caller@example.org", name="Carla")

    response = post(client, form(email="caller@example.org"))

    assert response.url == SENT
    assert Customer.objects.get().name == "Carla"


def test_sent_page_without_a_request_in_the_session_shows_no_reference(client):
    html = client.get(SENT).content.decode()

    assert "We have your request" in html
    assert 'class="reference"' not in html


# --- The service -----------------------------------------------------------------------------


def submit(**changes):
    values = {
        "name": "Ada",
        "email": "ada@example.com",
        "subject": "Help",
        "body": "Please",
        "category": None,
        "attachments": [],
        "language": "ru",
        **changes,
    }
    return request_submit(**values)


def test_request_submit_creates_customer_and_web_ticket_and_shows_the_link():
    submitted = submit(email="New@Example.com", name="New \u202eperson")

    assert submitted.link_shown is True
    ticket = submitted.ticket
    assert ticket.channel == Ticket.Channel.WEB
    assert ticket.customer.email == "new@example.com"
    assert ticket.customer.name == "New person"
    assert ticket.customer.language == "ru"


def test_request_submit_for_a_known_address_hides_the_link_and_keeps_the_name():
    known = CustomerFactory(email="known@example.com", name="Known Name")

    submitted = submit(email="KNOWN@example.com", name="Someone Else")

    assert submitted.link_shown is False
    assert submitted.ticket.customer == known
    known.refresh_from_db()
    assert known.name == "Known Name"


def test_a_customer_whose_ticket_already_exists_is_known_even_if_just_created(monkeypatch):
    """Two first requests for one new address racing: the second finds the first's customer
    with its ticket (committed together) and must not show the link."""
    first = submit(email="race@example.com")
    real_filter = Customer.objects.filter

    def pretend_unseen(*args, **kwargs):
        # The second filer checked before the first committed.
        if kwargs == {"email": "race@example.com"} and not hasattr(pretend_unseen, "done"):
            pretend_unseen.done = True
            return Customer.objects.none()
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Customer.objects, "filter", pretend_unseen)
    second = submit(email="race@example.com")

    assert second.ticket.customer == first.ticket.customer
    assert second.link_shown is False


def test_a_refused_ticket_leaves_no_customer_behind():
    with pytest.raises(ValidationError):
        submit(email="fresh@example.com", attachments=[upload("virus.exe", b"MZ")])

    assert counts() == (0, 0, 0, 0)


def test_the_subject_and_a_new_name_lose_bidi_overrides():
    submitted = submit(name="Eve\u202egnp.exe", subject="Invoice\u200b \u2066urgent\u2069")

    assert submitted.ticket.customer.name == "Evegnp.exe"
    assert submitted.ticket.subject == "Invoice urgent"


# --- The API stays as it was -----------------------------------------------------------------


def test_a_customer_filing_through_the_api_cannot_use_another_address(api_client):
    me = CustomerFactory(with_login=True)
    her = CustomerFactory(email="her@example.org", with_login=True)
    api_client.force_login(me.user)

    response = api_client.post(
        "/api/v1/tickets/",
        {"subject": "Hi", "body": "Hello", "customer": {"email": her.email, "name": "Her"}},
        format="json",
    )

    assert response.status_code == 201
    ticket = Ticket.objects.get()
    assert ticket.customer == me
    assert not her.tickets.exists()


@pytest.mark.parametrize("forwarded", ["not-an-ip", "999.1.1.1", "unknown, ", "1.2.3.4:80"])
def test_a_malformed_forwarded_address_is_never_a_server_error(client, settings, forwarded):
    settings.HELPDESK_TRUSTED_PROXY_HOPS = 1

    response = post(client, form(), ip="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert response.status_code == 302


# --- What agents see -------------------------------------------------------------------------

RLO = "\u202e"


@pytest.fixture
def disguised_ticket(team):
    """Rows that came in before clean_label ran on write (or by another path): a name, a subject
    and a file name carrying a right-to-left override."""
    eve = CustomerFactory(name=f"Eve{RLO}gnp.exe", email="eve@example.org")
    ticket = make_ticket(customer=eve, team=team, attachments=[upload("invoice.txt")])
    Ticket.objects.filter(pk=ticket.pk).update(subject=f"Invoice{RLO}fdp.exe")
    Attachment.objects.filter(message__ticket=ticket).update(filename=f"scan{RLO}gpj.exe")
    return ticket


@pytest.mark.parametrize("page", ["queue", "ticket"])
def test_agent_pages_show_names_subjects_and_files_without_bidi_overrides(
    client, agent, disguised_ticket, page
):
    client.force_login(agent)
    url = "/agent/" if page == "queue" else f"/agent/tickets/{disguised_ticket.reference}/"

    html = client.get(url).content.decode()

    assert RLO not in html
    assert "&#x202e;" not in html.lower() and "&#8238;" not in html
    assert "Evegnp.exe" in html
    assert "Invoicefdp.exe" in html
    if page == "ticket":
        assert "scangpj.exe" in html


@pytest.mark.parametrize("page", ["queue", "ticket"])
def test_agents_see_whether_the_requesters_address_is_verified(client, agent, ticket, page):
    client.force_login(agent)
    url = "/agent/" if page == "queue" else f"/agent/tickets/{ticket.reference}/"

    unverified = client.get(url).content.decode()
    Customer.objects.filter(pk=ticket.customer_id).update(email_verified_at=ticket.created_at)
    verified = client.get(url).content.decode()

    assert "unverified address" in unverified
    assert "do not share account details" in unverified
    assert "address verified" not in unverified
    assert "unverified address" not in verified
    if page == "ticket":  # the queue's rows carry the warning only, not a badge on every row
        assert "address verified" in verified


def test_incoming_mail_pages_show_sender_and_subject_without_bidi_overrides(client, manager):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from tickets.models import InboundEmail

    raw = b"From: x@example.org\r\nSubject: hi\r\n\r\nbody\r\n"
    inbound = InboundEmail.objects.create(
        dedupe_key="intake-bidi-test",
        source=InboundEmail.Source.values[0],
        from_address="eve@example.org",
        from_name=f"Eve{RLO}gnp.exe",
        subject=f"Invoice{RLO}fdp.exe",
        outcome=InboundEmail.Outcome.QUARANTINED,
        review=InboundEmail.Review.PENDING,
        raw=ContentFile(raw, name="bidi.eml"),
        size=len(raw),
        received_at=timezone.now(),
    )
    client.force_login(manager)

    for url in ("/agent/mail/", f"/agent/mail/{inbound.pk}/"):
        html = client.get(url).content.decode()
        assert RLO not in html, url
        assert "Evegnp.exe" in html and "Invoicefdp.exe" in html, url


def test_with_fewer_forwarded_entries_than_proxies_only_the_nearest_proxys_entry_counts(
    settings, rf
):
    from helpdesk.client_ip import client_ip_from_request

    settings.HELPDESK_TRUSTED_PROXY_HOPS = 3
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7", REMOTE_ADDR="10.0.0.2")

    assert client_ip_from_request(request) == "198.51.100.7"
