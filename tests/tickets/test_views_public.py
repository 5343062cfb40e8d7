"""Customer-facing pages over HTTP: the request form, the confirmation and tracking pages,
attachment downloads, CSRF and the language switch."""

import re

import pytest
from django.test import Client

from tests.factories import CategoryFactory, make_ticket, upload
from tickets import services
from tickets.models import Attachment, Customer, Message, Ticket

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

URL = "/request/new/"
VALID = {
    "name": "Ada Lovelace",
    "email": "Ada@Example.com",
    "subject": "Cannot sign in",
    "body": "The password reset mail never arrives.",
}
XSS = "<script>alert(1)</script> and <img src=x onerror=alert(1)>"


def track_url(ticket):
    return f"/track/{ticket.reference}/{ticket.tracking_token}/"


def thread_html(response) -> str:
    match = re.search(r'<ol class="thread">.*?</ol>', response.content.decode(), re.S)
    assert match, "no thread on the page"
    return match.group(0)


def assert_nothing_created():
    assert Ticket.objects.count() == 0
    assert Message.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert Customer.objects.count() == 0


# --- The request form ------------------------------------------------------------------------


def test_request_form_renders(client, db):
    public = CategoryFactory(name_en="Printers")
    hidden = CategoryFactory(name_en="Internal stuff", is_public=False)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    for field in ("name", "email", "category", "subject", "body", "attachment"):
        assert f'name="{field}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert public.name_en in html
    assert hidden.name_en not in html


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"email": None}, "email", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"email": "a" * 250 + "@example.com"}, "email", "valid e-mail address"),
        ({"subject": "x" * 201}, "subject", "at most 200 characters"),
        ({"subject": None}, "subject", "This field is required."),
        ({"body": "   "}, "body", "This field is required."),
        ({"category": "999999"}, "category", "Select a valid choice."),
        ({"category": "1e400"}, "category", "Select a valid choice."),
        ({"name": "Ada\x00"}, "name", "Null characters are not allowed."),
    ],
    ids=[
        "no-name",
        "no-email",
        "bad-email",
        "huge-email",
        "long-subject",
        "no-subject",
        "blank-body",
        "unknown-category",
        "huge-category",
        "nul-in-name",
    ],
)
def test_invalid_request_shows_error_next_to_the_field(
    changes, field, error, client, db, field_errors
):
    data = {**VALID, **changes}
    data = {key: value for key, value in data.items() if value is not None}

    response = client.post(URL, data)

    assert response.status_code == 400
    errors = field_errors(response)
    assert list(errors) == [field]
    assert error in errors[field]
    assert_nothing_created()


def test_empty_post_shows_every_required_field(client, db, field_errors):
    response = client.post(URL, {})

    assert response.status_code == 400
    assert set(field_errors(response)) == {"name", "email", "subject", "body"}
    assert_nothing_created()


def test_valid_request_redirects_to_confirmation_with_reference_and_tracking_link(client, db):
    response = client.post(URL, VALID)

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response.url == f"/request/{ticket.reference}/{ticket.tracking_token}/received/"
    assert ticket.channel == Ticket.Channel.WEB
    assert ticket.customer.email == "ada@example.com"
    assert ticket.customer.name == "Ada Lovelace"
    assert ticket.messages.get().body == VALID["body"]
    assert ticket.team.is_default

    confirmation = client.get(response.url)

    assert confirmation.status_code == 200
    html = confirmation.content.decode()
    assert ticket.reference in html
    assert f'href="{track_url(ticket)}"' in html


def test_request_with_category_goes_to_its_team(client, team):
    category = CategoryFactory(team=team)

    client.post(URL, {**VALID, "category": category.pk})

    assert Ticket.objects.get().team == team


def test_request_with_attachment(client, db):
    response = client.post(URL, {**VALID, "attachment": upload("screenshot.png", b"\x89PNG..")})

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.filename == "screenshot.png"
    assert attachment.content_type == "image/png"
    ticket = attachment.message.ticket
    page = client.get(track_url(ticket)).content.decode()
    assert f"{track_url(ticket)}files/{attachment.pk}/" in page


@pytest.mark.parametrize(
    ("attachment", "error"),
    [
        (upload("huge.txt", b"x" * 11), "larger than"),
        (upload("setup.exe", b"MZ"), "cannot be attached"),
        (upload("noext", b"data"), "cannot be attached"),
        (upload("empty.txt", b""), "empty"),
    ],
    ids=["too-large", "exe", "no-extension", "empty"],
)
def test_bad_attachment_is_a_form_error_and_creates_nothing(
    attachment, error, client, db, settings, field_errors
):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 10

    response = client.post(URL, {**VALID, "attachment": attachment})

    assert response.status_code == 400
    errors = field_errors(response)
    assert list(errors) == ["attachment"]
    assert error in errors["attachment"]
    assert_nothing_created()


def test_request_form_needs_a_csrf_token(db):
    browser = Client(enforce_csrf_checks=True)

    forged = browser.post(URL, VALID)

    assert forged.status_code == 403
    assert_nothing_created()

    # The same browser with the token from the form gets through.
    browser.get(URL)
    token = browser.cookies["csrftoken"].value
    genuine = browser.post(URL, {**VALID, "csrfmiddlewaretoken": token})
    assert genuine.status_code == 302


# --- Tracking --------------------------------------------------------------------------------


@pytest.fixture
def conversation(ticket, agent):
    services.message_add_from_agent(ticket=ticket, agent=agent, body="We are on it.")
    services.message_add_from_agent(
        ticket=ticket, agent=agent, body="Customer sounds angry.", is_internal=True
    )
    return ticket


def test_tracking_page_shows_public_conversation_only(client, conversation):
    response = client.get(track_url(conversation))

    assert response.status_code == 200
    thread = thread_html(response)
    assert "Smoke everywhere, please help." in thread
    assert "We are on it." in thread
    assert "Customer sounds angry." not in response.content.decode()
    assert "internal" not in thread


@pytest.mark.parametrize(
    "path",
    [
        "/track/{ref}/not-the-token/",
        "/track/HD-999999/{token}/",
        "/track/HD-xyz/{token}/",
        "/track/HD-%C2%B2/{token}/",
        "/request/{ref}/not-the-token/received/",
    ],
)
def test_tracking_with_wrong_link_is_404(path, client, ticket):
    response = client.get(path.format(ref=ticket.reference, token=ticket.tracking_token))

    assert response.status_code == 404
    assert ticket.subject not in response.content.decode()


def test_customer_replies_on_the_tracking_page(client, ticket, agent):
    services.message_add_from_agent(
        ticket=ticket, agent=agent, body="Photo please", status=Ticket.Status.PENDING
    )

    response = client.post(track_url(ticket), {"body": "Here it is", "attachment": upload()})

    assert response.status_code == 302
    assert response.url == track_url(ticket)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN
    reply = ticket.messages.latest("id")
    assert (reply.body, reply.author_customer, reply.attachments.count()) == (
        "Here it is",
        ticket.customer,
        1,
    )


def test_reply_to_closed_request_continues_on_a_follow_up(client, ticket, agent):
    services.ticket_change_status(ticket=ticket, actor=agent, status=Ticket.Status.CLOSED)

    response = client.post(track_url(ticket), {"body": "It is back"})

    follow_up = Ticket.objects.get(follow_up_of=ticket)
    assert response.status_code == 302
    assert response.url == track_url(follow_up)
    page = client.get(response.url).content.decode()
    assert "It is back" in page
    assert "Follow-up of an earlier request." in page


@pytest.mark.parametrize("data", [{"body": ""}, {}], ids=["blank", "empty-post"])
def test_tracking_reply_errors_show_next_to_the_field(data, client, ticket, field_errors):
    response = client.post(track_url(ticket), data)

    assert response.status_code == 400
    assert list(field_errors(response)) == ["body"]
    assert ticket.messages.count() == 1


# --- Rendering message bodies ----------------------------------------------------------------


@pytest.fixture
def hostile_ticket(customer, team):
    return make_ticket(customer=customer, team=team, body=XSS)


def assert_escaped(thread):
    assert "<script" not in thread
    assert "<img" not in thread
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in thread
    assert "&lt;img src=x onerror=alert(1)&gt;" in thread


def test_text_body_is_escaped_on_the_tracking_page(client, hostile_ticket):
    assert_escaped(thread_html(client.get(track_url(hostile_ticket))))


def test_text_body_is_escaped_on_the_agent_page(client, hostile_ticket, agent):
    client.force_login(agent)

    response = client.get(f"/agent/tickets/{hostile_ticket.reference}/")

    assert_escaped(thread_html(response))


def test_text_body_keeps_line_breaks_and_links(client, customer):
    ticket = make_ticket(customer=customer, body="Line one\nsee https://example.com/x")

    thread = thread_html(client.get(track_url(ticket)))

    assert "Line one<br>" in thread
    assert 'href="https://example.com/x"' in thread
    assert 'rel="nofollow"' in thread


@pytest.mark.parametrize("page", ["tracking", "agent"])
def test_html_body_is_sanitized(page, client, customer, team, agent):
    ticket = make_ticket(
        customer=customer,
        team=team,
        body_format=Message.Format.HTML,
        body=(
            "<p><b>Bold</b> text</p><script>alert(1)</script>"
            '<img src=x onerror=alert(1)><a href="javascript:alert(1)">link</a>'
        ),
    )
    if page == "agent":
        client.force_login(agent)
        url = f"/agent/tickets/{ticket.reference}/"
    else:
        url = track_url(ticket)

    thread = thread_html(client.get(url))

    assert "<b>Bold</b>" in thread
    assert "<script" not in thread
    assert "alert(1)" not in thread
    assert "onerror" not in thread
    assert "javascript:" not in thread
    assert ">link</a>" in thread


# --- Downloads -------------------------------------------------------------------------------


@pytest.fixture
def public_file(customer, team):
    ticket = make_ticket(customer=customer, team=team, attachments=[upload("notes.txt", b"hi")])
    return ticket.messages.get().attachments.get()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("customer_user", 200),
        ("agent", 200),
        ("manager", 200),
        ("other_customer_user", 404),
        ("other_agent", 404),
    ],
)
def test_download_by_signed_in_user(who, status, client, public_file, request):
    client.force_login(request.getfixturevalue(who))

    response = client.get(f"/files/{public_file.pk}/")

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == b"hi"
        response.close()


def test_download_needs_sign_in(client, public_file):
    response = client.get(f"/files/{public_file.pk}/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_download_is_always_an_attachment(client, public_file):
    ticket = public_file.message.ticket

    response = client.get(f"{track_url(ticket)}files/{public_file.pk}/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="notes.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "text/plain"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == b"hi"
    response.close()


def test_tracking_download_needs_the_right_token(client, public_file):
    ticket = public_file.message.ticket

    response = client.get(f"/track/{ticket.reference}/wrong/files/{public_file.pk}/")

    assert response.status_code == 404


def test_note_attachment_is_not_reachable_by_the_customer(client, ticket, customer, agent):
    note = services.message_add_from_agent(
        ticket=ticket, agent=agent, body="log", is_internal=True, attachments=[upload("x.log")]
    )
    attachment = note.attachments.get()
    client.force_login(customer.user)

    assert client.get(f"{track_url(ticket)}files/{attachment.pk}/").status_code == 404
    assert client.get(f"/files/{attachment.pk}/").status_code == 404


@pytest.mark.parametrize("attachment_id", ["0", "99999999999999999999999"])
def test_unknown_attachment_is_404(attachment_id, client, customer):
    client.force_login(customer.user)

    assert client.get(f"/files/{attachment_id}/").status_code == 404


# --- Language --------------------------------------------------------------------------------


def test_language_switch_sets_the_cookie(client, db):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "ru"
    assert '<html lang="ru">' in client.get("/").content.decode()


def test_accept_language_picks_the_page_language(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru")

    assert '<html lang="ru">' in response.content.decode()


def test_a_notes_attachment_never_reaches_the_tracking_page(client, ticket, agent):
    # Given an internal note with a file, beside a public reply with one
    services.message_add_from_agent(
        ticket=ticket,
        agent=agent,
        body="Internal: customer is on the old plan",
        is_internal=True,
        attachments=[upload("internal-plan.pdf", b"%PDF-1.4")],
    )
    services.message_add_from_agent(
        ticket=ticket, agent=agent, body="Here is the guide", attachments=[upload("guide.txt")]
    )
    note_file = Attachment.objects.get(filename="internal-plan.pdf")

    # When the customer opens their tracking page
    html = client.get(track_url(ticket)).content.decode()

    # Then the public file is linked, the note's file is neither linked nor downloadable
    assert "guide.txt" in html
    assert "internal-plan.pdf" not in html
    public_file = Attachment.objects.get(filename="guide.txt")
    assert client.get(f"{track_url(ticket)}files/{public_file.pk}/").status_code == 200
    assert client.get(f"{track_url(ticket)}files/{note_file.pk}/").status_code == 404
