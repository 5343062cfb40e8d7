"""Incoming mail over HTTP: the provider endpoint, the agents' review page and raw download,
the API, and that no customer reaches raw mail by any URL."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from helpdesk import clock
from tests.factories import AgentFactory, CustomerFactory, make_ticket
from tests.mail import messages
from tickets.models import InboundEmail, OutboundEmail, Team, Ticket
from tickets.services import portal as services_portal
from tickets.services.inbound_email import email_ingest

pytestmark = pytest.mark.django_db

SECRET = "s3cret-for-tests"
XSS_SUBJECT = '<script>alert("subject")</script>'
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_BODY = "<script>alert('body')</script>"
XSS_FILE = '"><svg onload=alert(1)>.txt'


@pytest.fixture(autouse=True)
def _media(media_root, mail_team):
    """Raw mail in a throw-away media root; new mail has a team to go to."""


@pytest.fixture
def mail_team(db):
    # get_or_create: a transactional test elsewhere may have flushed the migration's team.
    return Team.objects.get_or_create(is_default=True, defaults={"name": "Support"})[0]


@pytest.fixture
def mail_agent(mail_team):
    return AgentFactory(teams=[mail_team])


@pytest.fixture
def agent_client(client, mail_agent):
    client.force_login(mail_agent)
    return client


@pytest.fixture
def ann_ticket(mail_team):
    ann = CustomerFactory(email="ann@example.org", with_login=True)
    ticket = make_ticket(customer=ann, team=mail_team)
    OutboundEmail.objects.create(
        kind=OutboundEmail.Kind.AGENT_REPLY,
        recipient=ann.email,
        ticket=ticket,
        subject="x",
        body_text="x",
        message_id_header="<ours@helpdesk.localhost>",
        created_at=clock.now(),
    )
    return ticket


@pytest.fixture
def quarantined(ann_ticket):
    raw = messages.reply(
        to_message_id="<ours@helpdesk.localhost>",
        sender=messages.address(XSS_NAME, "mallory@evil.example"),
        subject=XSS_SUBJECT,
        text="Send the refund to my card",
    )
    result = email_ingest(raw, source="command")
    assert result.outcome == "quarantined"
    return result.inbound


# --- the provider endpoint ---------------------------------------------------------------------


def post_mail(client, raw: bytes, secret: str | None = SECRET, **extra):
    headers = {"HTTP_X_HELPDESK_SECRET": secret} if secret is not None else {}
    return client.post(
        reverse("inbound-email"), data=raw, content_type="message/rfc822", **headers, **extra
    )


def test_the_endpoint_is_off_without_a_secret(client, settings):
    settings.HELPDESK_INBOUND_EMAIL_SECRET = ""
    assert post_mail(client, messages.build()).status_code == 404


@pytest.mark.parametrize(("secret", "status"), [(None, 401), ("", 401), ("wrong", 403)])
def test_the_endpoint_refuses_a_wrong_secret(client, settings, secret, status):
    settings.HELPDESK_INBOUND_EMAIL_SECRET = SECRET
    response = post_mail(client, messages.build(), secret=secret)
    assert response.status_code == status
    assert response.json()["detail"]
    assert not InboundEmail.objects.exists()


def test_the_endpoint_ingests_raw_mime_without_csrf(settings):
    settings.HELPDESK_INBOUND_EMAIL_SECRET = SECRET
    client = Client(enforce_csrf_checks=True)
    response = post_mail(client, messages.build(subject="By HTTP"))
    assert response.status_code == 200
    body = response.json()
    assert body["outcome"] == "created" and body["ticket"].startswith("HD-")
    assert InboundEmail.objects.get().source == "http"
    again = post_mail(client, InboundEmail.objects.get().raw.read())
    assert again.json()["outcome"] == "duplicate"


def test_the_endpoint_takes_mail_larger_than_djangos_upload_limit(settings):
    settings.HELPDESK_INBOUND_EMAIL_SECRET = SECRET
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post_mail(Client(), messages.build(text="long " * 1000))
    assert response.status_code == 200 and response.json()["outcome"] == "created"


def test_the_endpoint_refuses_oversized_mail(client, settings):
    settings.HELPDESK_INBOUND_EMAIL_SECRET = SECRET
    settings.HELPDESK_INBOUND_EMAIL_MAX_BYTES = 500
    response = post_mail(client, messages.build(text="x" * 1000))
    assert response.status_code == 413
    assert not InboundEmail.objects.exists()


def test_the_endpoint_answers_400_to_an_empty_body_and_405_to_get(client, settings):
    settings.HELPDESK_INBOUND_EMAIL_SECRET = SECRET
    assert post_mail(client, b"").status_code == 400
    assert client.get(reverse("inbound-email")).status_code == 405


def test_the_endpoint_reports_rejected_mail_as_handled(client, settings):
    settings.HELPDESK_INBOUND_EMAIL_SECRET = SECRET
    response = post_mail(client, b"\x00\x01 nothing")
    assert response.status_code == 200 and response.json()["outcome"] == "rejected"


# --- the agents' review ------------------------------------------------------------------------


def test_the_review_page_lists_quarantined_mail_literally(agent_client, quarantined):
    response = agent_client.get(reverse("inbound-review"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "mallory@evil.example" in page and quarantined.ticket.reference in page
    assert XSS_SUBJECT not in page and "&lt;script&gt;alert(" in page
    assert XSS_NAME not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert reverse("inbound-accept", args=[quarantined.pk]) in page


def test_the_navigation_links_the_review_page(agent_client):
    page = agent_client.get(reverse("agent-queue")).content.decode()
    assert reverse("inbound-review") in page


def test_an_agent_accepts_from_the_page(agent_client, quarantined, ann_ticket):
    response = agent_client.post(reverse("inbound-accept", args=[quarantined.pk]))
    assert response.status_code == 302
    quarantined.refresh_from_db()
    assert quarantined.review == "accepted"
    assert ann_ticket.messages.last().body == "Send the refund to my card"
    page = agent_client.get(reverse("inbound-review")).content.decode()
    assert "mallory@evil.example" not in page.split("<tbody>")[1]


def test_an_agent_rejects_from_the_page(agent_client, quarantined, ann_ticket):
    agent_client.post(reverse("inbound-reject", args=[quarantined.pk]))
    quarantined.refresh_from_db()
    assert quarantined.review == "rejected" and ann_ticket.messages.count() == 1
    # a second decision is refused with a message, not an error page
    response = agent_client.post(reverse("inbound-accept", args=[quarantined.pk]), follow=True)
    assert "already been reviewed" in response.content.decode()


def test_review_actions_need_post_and_csrf(mail_agent, quarantined):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mail_agent)
    assert client.get(reverse("inbound-accept", args=[quarantined.pk])).status_code == 405
    assert client.post(reverse("inbound-accept", args=[quarantined.pk])).status_code == 403
    quarantined.refresh_from_db()
    assert quarantined.review == "pending"


def test_rejected_mail_is_listed_for_managers(client, manager):
    email_ingest(b"\x00\x01 unreadable", source="command")
    client.force_login(manager)
    page = client.get(reverse("inbound-review") + "?show=rejected").content.decode()
    assert "has no headers" in page


def test_the_raw_message_downloads_for_the_agent(agent_client, quarantined):
    response = agent_client.get(reverse("inbound-raw", args=[quarantined.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "message/rfc822"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == quarantined.raw.open("rb").read()


def test_an_agent_of_another_team_sees_none_of_it(client, other_agent, quarantined):
    client.force_login(other_agent)
    review = client.get(reverse("inbound-review"))
    assert review.status_code == 200 and "mallory" not in review.content.decode()
    assert client.get(reverse("inbound-raw", args=[quarantined.pk])).status_code == 404
    assert client.post(reverse("inbound-accept", args=[quarantined.pk])).status_code == 404


def test_a_customer_never_reaches_raw_mail_by_any_url(client, api_client, ann_ticket):
    """Customer A and B both wrote by mail; neither reaches any raw message, even their own."""
    raw_b = messages.build(sender="bob@example.org", subject="B's secret")
    inbound_b = email_ingest(raw_b, source="command").inbound
    inbound_a = email_ingest(
        messages.reply(to_message_id="<ours@helpdesk.localhost>", sender="ann@example.org"),
        source="command",
    ).inbound
    customer_a = ann_ticket.customer.user
    client.force_login(customer_a)
    api_client.force_authenticate(customer_a)
    for inbound in (inbound_a, inbound_b):
        for name in ("inbound-raw",):
            assert client.get(reverse(name, args=[inbound.pk])).status_code == 403
        for name in ("inbound-accept", "inbound-reject"):
            assert client.post(reverse(name, args=[inbound.pk])).status_code == 403
        assert api_client.get(f"/api/v1/inbound-emails/{inbound.pk}/raw/").status_code == 403
        assert api_client.post(f"/api/v1/inbound-emails/{inbound.pk}/accept/").status_code == 403
    assert client.get(reverse("inbound-review")).status_code == 403
    assert api_client.get("/api/v1/inbound-emails/").status_code == 403
    # Their own tracking page shows the thread, never a link to raw mail.
    page = client.get(
        reverse("track", args=[ann_ticket.reference, ann_ticket.tracking_token])
    ).content.decode()
    assert "/agent/mail/" not in page
    anonymous = Client()
    response = anonymous.get(reverse("inbound-raw", args=[inbound_b.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- the agent's ticket page -------------------------------------------------------------------


def test_the_ticket_page_shows_mail_literally_with_a_raw_link(agent_client):
    raw = messages.build(
        sender=messages.address(XSS_NAME, "xss@example.org"),
        subject=XSS_SUBJECT,
        body=messages.multipart(
            "mixed",
            [messages.text_part(XSS_BODY), messages.file_part(XSS_FILE, b"hello")],
        ),
    )
    result = email_ingest(raw, source="command")
    page = agent_client.get(reverse("agent-ticket", args=[result.ticket.reference])).content
    page = page.decode()
    for dangerous in (XSS_SUBJECT, XSS_NAME, XSS_BODY, "<svg onload"):
        assert dangerous not in page
    assert "&lt;script&gt;alert(&quot;subject&quot;)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&#x27;body&#x27;)&lt;/script&gt;" in page
    assert "&lt;svg onload=alert(1)&gt;.txt" in page
    assert reverse("inbound-raw", args=[result.inbound.pk]) in page


# --- the API -----------------------------------------------------------------------------------


def test_the_api_lists_accepts_rejects_and_downloads(api_client, mail_agent, quarantined):
    api_client.force_authenticate(mail_agent)
    listed = api_client.get("/api/v1/inbound-emails/").json()
    assert [row["id"] for row in listed["results"]] == [quarantined.pk]
    row = listed["results"][0]
    assert row["ticket"] == quarantined.ticket.reference and row["review"] == "pending"

    raw = api_client.get(f"/api/v1/inbound-emails/{quarantined.pk}/raw/")
    assert raw.status_code == 200 and raw["Content-Type"] == "message/rfc822"

    accepted = api_client.post(f"/api/v1/inbound-emails/{quarantined.pk}/accept/")
    assert accepted.status_code == 200 and accepted.json()["review"] == "accepted"
    again = api_client.post(f"/api/v1/inbound-emails/{quarantined.pk}/reject/")
    assert again.status_code == 400
    assert api_client.get("/api/v1/inbound-emails/").json()["results"] == []


def test_the_api_rejects_for_agents_of_the_team_only(api_client, other_agent, quarantined):
    api_client.force_authenticate(other_agent)
    assert api_client.post(f"/api/v1/inbound-emails/{quarantined.pk}/reject/").status_code == 404
    quarantined.refresh_from_db()
    assert quarantined.review == "pending"


@pytest.mark.parametrize("who", ["other_agent", "customer_user", "anonymous"])
@pytest.mark.parametrize(
    ("method", "path"),
    [("get", ""), ("get", "{pk}/raw/"), ("post", "{pk}/accept/"), ("post", "{pk}/reject/")],
    ids=["list", "raw", "accept", "reject"],
)
def test_the_inbound_api_refuses_everyone_but_the_teams_agents(
    who, method, path, request, api_client, quarantined
):
    if who == "customer_user":  # the quarantined mail's own ticket's customer
        api_client.force_authenticate(quarantined.ticket.customer.user)
    elif who != "anonymous":
        api_client.force_authenticate(request.getfixturevalue(who))

    response = getattr(api_client, method)(
        "/api/v1/inbound-emails/" + path.format(pk=quarantined.pk)
    )

    if who == "other_agent" and path == "":
        assert response.status_code == 200 and response.json()["results"] == []
    else:
        assert response.status_code in (401, 403, 404), response.status_code
    quarantined.refresh_from_db()
    assert quarantined.review == "pending"


@pytest.mark.parametrize("who", ["mail_agent", "other_agent", "own_customer", "anonymous"])
def test_raw_mail_of_a_message_is_for_the_teams_agents_only(who, request, client, mail_team):
    result = email_ingest(messages.build(sender="ann3@example.org"), source="command")
    url = reverse("inbound-raw-for-message", args=[result.inbound.message.pk])
    if who == "own_customer":
        client.force_login(services_portal.customer_login_ensure(customer=result.ticket.customer))
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(url)

    expected = {"mail_agent": 200, "other_agent": 404, "own_customer": 403, "anonymous": 302}
    assert response.status_code == expected[who]


def test_the_api_is_in_the_openapi_schema(api_client, mail_agent):
    api_client.force_authenticate(mail_agent)
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in (
        "/api/v1/inbound-emails/",
        "/api/v1/inbound-emails/{inbound_id}/accept/",
        "/api/v1/inbound-emails/{inbound_id}/reject/",
        "/api/v1/inbound-emails/{inbound_id}/raw/",
    ):
        assert path in schema


def test_the_review_page_lists_without_n_plus_one(agent_client, ann_ticket, mail_team):
    for number in range(5):
        email_ingest(
            messages.build(
                sender=f"stranger{number}@evil.example", subject=f"[{ann_ticket.reference}]"
            ),
            source="command",
        )
    assert InboundEmail.objects.filter(outcome="quarantined").count() == 5
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        agent_client.get(reverse("inbound-review"))
    email_ingest(
        messages.build(sender="one.more@evil.example", subject=f"[{ann_ticket.reference}]"),
        source="command",
    )
    with CaptureQueriesContext(connection) as more:
        agent_client.get(reverse("inbound-review"))
    assert len(more) == len(few)
    assert Ticket.objects.count() == 1


def test_the_detail_page_shows_the_mail_for_deciding(agent_client, ann_ticket):
    raw = messages.reply(
        to_message_id="<ours@helpdesk.localhost>",
        sender=messages.address(XSS_NAME, "mallory@evil.example"),
        subject=XSS_SUBJECT,
        text=f"Pay here {XSS_BODY}",
        headers={"Reply-To": "other@evil.example"},
    )
    inbound = email_ingest(raw, source="command").inbound
    response = agent_client.get(reverse("inbound-detail", args=[inbound.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Pay here" in page and XSS_BODY not in page and "&lt;script&gt;" in page
    assert XSS_NAME not in page and "other@evil.example" in page
    assert reverse("inbound-accept", args=[inbound.pk]) in page


def test_the_detail_page_of_html_mail_is_sanitized(client, manager):
    html = '<p>Hi</p><img src="https://tracker.example/p.gif"><script>alert(1)</script>'
    inbound = email_ingest(
        messages.build(body=messages.html_part(html), headers={"Precedence": "bulk"}),
        source="command",
    ).inbound
    client.force_login(manager)
    page = client.get(reverse("inbound-detail", args=[inbound.pk])).content.decode()
    assert "<p>Hi</p>" in page
    assert "tracker.example" not in page and "<script>alert" not in page


def test_the_detail_page_is_for_agents_of_the_team(client, other_agent, quarantined):
    client.force_login(other_agent)
    assert client.get(reverse("inbound-detail", args=[quarantined.pk])).status_code == 404
    client.force_login(quarantined.ticket.customer.user)
    assert client.get(reverse("inbound-detail", args=[quarantined.pk])).status_code == 403


def test_each_mailed_message_links_its_raw_mail_for_agents_only(agent_client, client):
    result = email_ingest(messages.build(sender="ann2@example.org"), source="command")
    message, ticket = result.inbound.message, result.ticket
    url = reverse("inbound-raw-for-message", args=[message.pk])
    page = agent_client.get(reverse("agent-ticket", args=[ticket.reference])).content.decode()
    assert url in page and "By e-mail" in page
    response = agent_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "message/rfc822"
    tracking = Client().get(reverse("track", args=[ticket.reference, ticket.tracking_token]))
    assert url not in tracking.content.decode()
    web = make_ticket(customer=ticket.customer, team=ticket.team)
    assert (
        agent_client.get(
            reverse("inbound-raw-for-message", args=[web.messages.get().pk])
        ).status_code
        == 404
    )


def test_the_thread_links_cost_no_query_per_message(agent_client, mail_agent):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = email_ingest(messages.build(sender="ann3@example.org"), source="command").ticket
    url = reverse("agent-ticket", args=[first.reference])
    with CaptureQueriesContext(connection) as one:
        agent_client.get(url)
    for number in range(3):
        email_ingest(
            messages.build(sender="ann3@example.org", subject=f"[{first.reference}] {number}"),
            source="command",
        )
    with CaptureQueriesContext(connection) as four:
        agent_client.get(url)
    assert len(four) == len(one)
