"""The signed webhook of chat and social integrations: POST /inbound/conversations/<provider>/."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from tests.factories import TeamFactory, UserFactory
from tickets import services
from tickets.api import channels as channels_api
from tickets.channels.webhook import signature_compute
from tickets.models import Customer, ExternalConversation, Team, Ticket, TicketEvent
from tickets.services.conversations import ConversationCustomer, conversation_message_receive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

SECRET = "test-secret-for-acme"
URL = "/inbound/conversations/acme/"
K = TicketEvent.Kind


@pytest.fixture(autouse=True)
def webhook_settings(settings, team):
    settings.HELPDESK_CONVERSATION_WEBHOOK_SECRETS = {"acme": SECRET, "empty": ""}
    settings.HELPDESK_CONVERSATION_WEBHOOK_WINDOW_SECONDS = 300


def conversation_id() -> str:
    # Seen signatures live in Redis across test runs: each test's bodies are its own.
    return f"conv-{uuid.uuid4().hex}"


def payload(conversation: str, **changes) -> dict:
    body = {
        "conversation_id": conversation,
        "channel": "chat",
        "customer": {"name": "Chat User", "email": "chat.user@example.org", "external_id": "u-42"},
        "message": {"id": "m1", "text": "Hi, my order has not arrived.\nOrder 1234."},
    }
    return body | changes


def send(client, body, *, url=URL, secret=SECRET, timestamp=None, signature=None, raw=None):
    raw = raw if raw is not None else json.dumps(body).encode()
    timestamp = str(int(time.time())) if timestamp is None else str(timestamp)
    if signature is None:
        signature = signature_compute(secret=secret, timestamp=timestamp, body=raw)
    return client.post(
        url,
        raw,
        content_type="application/json",
        HTTP_X_HELPDESK_TIMESTAMP=timestamp,
        HTTP_X_HELPDESK_SIGNATURE=signature,
    )


# --- Outcomes -----------------------------------------------------------------------------------


def test_first_message_opens_a_ticket(client, team):
    conversation = conversation_id()

    response = send(client, payload(conversation))

    assert response.status_code == 201
    ticket = Ticket.objects.get()
    assert response.json() == {"ticket": ticket.reference, "outcome": "created"}
    assert (ticket.channel, ticket.subject) == ("chat", "Hi, my order has not arrived.")
    assert ticket.customer.email == "chat.user@example.org"
    assert ticket.customer.name == "Chat User"
    message = ticket.messages.get()
    assert (message.author_customer, message.channel) == (ticket.customer, "chat")
    link = ExternalConversation.objects.get()
    assert (link.provider, link.external_id, link.channel, link.ticket) == (
        "acme",
        conversation,
        "chat",
        ticket,
    )
    created = ticket.events.get(kind=K.CREATED)
    assert created.actor_customer == ticket.customer
    assert created.payload["source"] == {
        "provider": "acme",
        "conversation_id": conversation,
        "message_id": "m1",
        "sent_at": None,
        "customer_external_id": "u-42",
    }


def test_later_messages_are_appended_as_the_customers(client):
    conversation = conversation_id()
    send(client, payload(conversation))

    response = send(
        client,
        payload(
            conversation,
            customer={"name": "Whoever"},  # later messages need no contact details
            message={"id": "m2", "text": "Any news?", "sent_at": "2026-03-02T10:00:00Z"},
        ),
    )

    ticket = Ticket.objects.get()
    assert response.status_code == 200
    assert response.json() == {"ticket": ticket.reference, "outcome": "appended"}
    assert list(ticket.messages.values_list("body", flat=True))[-1] == "Any news?"
    replied = ticket.events.get(kind=K.CUSTOMER_REPLIED)
    assert replied.actor_customer == ticket.customer
    assert replied.payload["source"]["message_id"] == "m2"
    assert replied.payload["source"]["sent_at"] == "2026-03-02T10:00:00+00:00"


def test_the_same_message_id_is_appended_once(client):
    conversation = conversation_id()
    send(client, payload(conversation))
    second = payload(conversation, message={"id": "m2", "text": "Again"})
    send(client, second)

    # Redelivered (signed anew, as a retry is): the first message and the second one
    again_first = send(client, payload(conversation), timestamp=int(time.time()) - 60)
    again_second = send(client, second, timestamp=int(time.time()) - 60)

    ticket = Ticket.objects.get()
    assert again_first.status_code == again_second.status_code == 200
    assert again_first.json() == {"ticket": ticket.reference, "outcome": "duplicate"}
    assert again_second.json()["outcome"] == "duplicate"
    assert ticket.messages.count() == 2


def test_messages_without_an_id_are_always_appended(client):
    conversation = conversation_id()
    send(client, payload(conversation, message={"text": "one"}))
    send(client, payload(conversation, message={"text": "two"}))

    assert Ticket.objects.get().messages.count() == 2


def test_a_message_to_a_closed_ticket_opens_a_follow_up_the_conversation_then_feeds(
    client, manager
):
    conversation = conversation_id()
    send(client, payload(conversation))
    first = Ticket.objects.get()
    services.ticket_change_status(ticket=first, actor=manager, status="closed")

    response = send(client, payload(conversation, message={"id": "m2", "text": "Back again"}))

    follow_up = Ticket.objects.get(follow_up_of=first)
    assert response.status_code == 201
    assert response.json() == {"ticket": follow_up.reference, "outcome": "follow_up"}
    assert ExternalConversation.objects.get().ticket == follow_up
    assert follow_up.channel == "chat"

    later = send(client, payload(conversation, message={"id": "m3", "text": "Hello?"}))
    duplicate = send(
        client,
        payload(conversation, message={"id": "m2", "text": "Back again"}),
        timestamp=int(time.time()) - 60,  # a redelivery is signed anew
    )

    assert later.json() == {"ticket": follow_up.reference, "outcome": "appended"}
    assert duplicate.json() == {"ticket": follow_up.reference, "outcome": "duplicate"}
    assert follow_up.messages.count() == 2
    assert first.messages.count() == 1


def test_a_solved_ticket_is_reopened(client, manager):
    conversation = conversation_id()
    send(client, payload(conversation))
    ticket = Ticket.objects.get()
    services.ticket_change_status(ticket=ticket, actor=manager, status="solved")

    response = send(client, payload(conversation, message={"id": "m2", "text": "Not solved"}))

    ticket.refresh_from_db()
    assert response.json()["outcome"] == "appended"
    assert ticket.status == Ticket.Status.OPEN


def test_social_conversation_by_phone_finds_the_known_customer(client):
    known = services.customer_get_or_create(phone="+74951234567", name="Olga")

    response = send(
        client,
        payload(
            conversation_id(),
            channel="social",
            customer={"name": "olga_fan_page", "phone": "+7 (495) 123-45-67"},
            subject="Question from our page",
        ),
    )

    ticket = Ticket.objects.get()
    assert response.status_code == 201
    assert (ticket.customer, ticket.channel, ticket.subject) == (
        known,
        "social",
        "Question from our page",
    )
    known.refresh_from_db()
    assert known.name == "Olga"  # never renamed


def test_the_same_conversation_id_of_another_provider_is_another_conversation(client, settings):
    settings.HELPDESK_CONVERSATION_WEBHOOK_SECRETS = {"acme": SECRET, "other": "other-secret"}
    conversation = conversation_id()
    send(client, payload(conversation))

    response = send(
        client, payload(conversation), url="/inbound/conversations/other/", secret="other-secret"
    )

    assert response.json()["outcome"] == "created"
    assert Ticket.objects.count() == 2


def test_an_invisible_subject_falls_back_to_the_text(client):
    send(client, payload(conversation_id(), subject="\u200b\u202e", message={"text": "\n\nHello"}))

    assert Ticket.objects.get().subject == "Hello"


# --- Signatures ---------------------------------------------------------------------------------


def test_signature_of_another_secret_is_401(client):
    response = send(client, payload(conversation_id()), secret="wrong")

    assert response.status_code == 401
    assert "signature" in response.json()["detail"]
    assert response["WWW-Authenticate"]
    assert not Ticket.objects.exists()


def test_signature_over_another_body_is_401(client):
    body = payload(conversation_id())
    signed_for = json.dumps(body | {"subject": "changed"}).encode()
    timestamp = str(int(time.time()))
    signature = signature_compute(secret=SECRET, timestamp=timestamp, body=signed_for)

    response = send(client, body, timestamp=timestamp, signature=signature)

    assert response.status_code == 401
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    "signature",
    [
        "",
        "sha256=",
        "sha256=00",
        "md5=abc",
        "sha256=" + "zz" * 32,
        "sha256=" + "é" * 64,
        "sha256=\x00",
    ],
)
def test_malformed_signatures_are_401(signature, client):
    response = send(client, payload(conversation_id()), signature=signature)

    assert response.status_code == 401
    assert not Ticket.objects.exists()


def test_missing_headers_are_401(client):
    response = client.post(URL, json.dumps(payload(conversation_id())), "application/json")

    assert response.status_code == 401
    assert "X-Helpdesk-Timestamp" in response.json()["detail"]


@pytest.mark.parametrize("timestamp", ["", "abc", "1e9", "-5", "12.5", "٣", "9" * 40, " "])
def test_malformed_timestamps_are_401(timestamp, client):
    response = send(client, payload(conversation_id()), timestamp=timestamp)

    assert response.status_code == 401
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("offset", [-305, -3600, 305, 86400])
def test_timestamps_outside_the_window_are_401(offset, client):
    response = send(client, payload(conversation_id()), timestamp=int(time.time()) + offset)

    assert response.status_code == 401
    assert "sign it again" in response.json()["detail"]
    assert not Ticket.objects.exists()


def test_timestamps_inside_the_window_are_accepted(client):
    response = send(client, payload(conversation_id()), timestamp=int(time.time()) - 250)

    assert response.status_code == 201


def test_a_replayed_request_is_refused(client):
    body = payload(conversation_id())
    raw = json.dumps(body).encode()
    timestamp = str(int(time.time()))
    signature = signature_compute(secret=SECRET, timestamp=timestamp, body=raw)
    first = send(client, body, raw=raw, timestamp=timestamp, signature=signature)

    replay = send(client, body, raw=raw, timestamp=timestamp, signature=signature)

    assert first.status_code == 201
    assert replay.status_code == 401
    assert "already received" in replay.json()["detail"]
    assert Ticket.objects.get().messages.count() == 1


def test_a_replay_with_another_message_is_refused_before_anything_is_written(client):
    # The same signed bytes are what is replayed; a new message needs a new signature anyway.
    conversation = conversation_id()
    body = payload(conversation, message={"text": "no id"})
    raw = json.dumps(body).encode()
    timestamp = str(int(time.time()))
    signature = signature_compute(secret=SECRET, timestamp=timestamp, body=raw)
    send(client, body, raw=raw, timestamp=timestamp, signature=signature)

    for _ in range(3):
        assert (
            send(client, body, raw=raw, timestamp=timestamp, signature=signature).status_code == 401
        )

    assert Ticket.objects.get().messages.count() == 1


@pytest.mark.parametrize("provider", ["nobody", "empty", "x" * 60, "acme%00"])
def test_unknown_providers_are_404(provider, client):
    response = send(client, payload(conversation_id()), url=f"/inbound/conversations/{provider}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Unknown integration."}


def test_only_post_is_allowed(client):
    assert client.get(URL).status_code in (401, 404, 405)
    assert client.get(URL).status_code == 405


# --- Bad bodies: always 4xx with field names, never 500 ---------------------------------------


def deep(levels: int) -> bytes:
    return b'{"a":' * levels + b"1" + b"}" * levels


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00{",  # not UTF-8
        b'{"conversation_id": "c", "channel": "chat"',  # cut short
        b"[" * 100_000 + b"]" * 100_000,  # nested beyond the parser's recursion
        deep(50_000),
        b'{"n": ' + b"9" * 5000 + b"}",  # more digits than Python converts
        b'{"n": 1e400}',
        b'{"n": NaN}',
        b'{"n": -Infinity}',
    ],
)
def test_unparseable_bodies_are_400(raw, client):
    response = send(client, None, raw=raw)

    assert response.status_code == 400
    assert "detail" in response.json()
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"conversation_id": ""}, {"conversation_id"}),
        ({"conversation_id": "x" * 256}, {"conversation_id"}),
        ({"conversation_id": "a\x00b"}, {"conversation_id"}),
        ({"conversation_id": None}, {"conversation_id"}),
        ({"conversation_id": {"nested": [1, 2]}}, {"conversation_id"}),
        ({"channel": "phone"}, {"channel"}),
        ({"channel": "email"}, {"channel"}),
        ({"channel": ["chat"]}, {"channel"}),
        ({"customer": "Chat User"}, {"customer"}),
        ({"customer": {"email": "a@b.org"}}, {"customer"}),  # name is required
        ({"customer": {"name": "X", "email": "not an address"}}, {"customer"}),
        ({"customer": {"name": "X", "phone": "12"}}, {"customer"}),
        ({"customer": {"name": "X\x00", "email": "a@b.org"}}, {"customer"}),
        ({"customer": {"name": "X", "email": "a@b.org", "language": "xx"}}, {"customer"}),
        ({"message": {"text": ""}}, {"message"}),
        ({"message": {"text": "   "}}, {"message"}),
        ({"message": {"text": "a\x00b"}}, {"message"}),
        ({"message": {"text": "x" * 100_001}}, {"message"}),
        ({"message": {"text": 10**300}}, {"message"}),
        ({"message": {"text": "hi", "id": "x" * 256}}, {"message"}),
        ({"message": {"text": "hi", "sent_at": "yesterday"}}, {"message"}),
        ({"message": {"text": "hi", "sent_at": 1e300}}, {"message"}),
        ({"message": {"text": "hi", "sent_at": "99999-01-01T00:00:00Z"}}, {"message"}),
        ({"message": {"text": ["a", "b"]}}, {"message"}),
        ({"message": {"text": "hi", "id": True}}, {"message"}),
        ({"message": {"text": "hi", "id": 1.5}}, {"message"}),
        ({"customer": {"name": 5, "email": "a@b.org"}}, {"customer"}),
        ({"message": "hi"}, {"message"}),
        ({"subject": "x" * 201}, {"subject"}),
    ],
)
def test_bad_fields_are_400_by_field_name(changes, errors, client):
    response = send(client, payload(conversation_id(), **changes))

    assert response.status_code == 400, response.content
    assert set(response.json()) == errors
    assert not Ticket.objects.exists()
    assert not Customer.objects.exists()


@pytest.mark.parametrize("missing", ["conversation_id", "channel", "customer", "message"])
def test_missing_fields_are_400_by_field_name(missing, client):
    body = payload(conversation_id())
    del body[missing]

    response = send(client, body)

    assert response.status_code == 400
    assert set(response.json()) == {missing}


@pytest.mark.parametrize("raw", [b"[]", b'"text"', b"42", b"null"])
def test_a_body_that_is_not_an_object_is_400(raw, client):
    response = send(client, None, raw=raw)

    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_a_new_conversation_without_email_or_phone_is_refused(client):
    response = send(
        client, payload(conversation_id(), customer={"name": "Anon", "external_id": "u-1"})
    )

    assert response.status_code == 400
    assert response.json() == {
        "customer": {
            "email": ["A new conversation needs the customer's e-mail address or phone number."]
        }
    }
    assert not Ticket.objects.exists()
    assert not Customer.objects.exists()


def test_a_body_larger_than_django_reads_is_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = send(client, payload(conversation_id(), message={"text": "x" * 2000}))

    assert response.status_code == 413
    assert not Ticket.objects.exists()


def test_no_team_set_up_is_a_clear_400(client):
    Team.objects.all().delete()

    response = send(client, payload(conversation_id()))

    assert response.status_code == 400
    assert "team" in response.json()["detail"]


def test_the_webhook_is_in_the_openapi_schema(client):
    response = client.get("/api/schema/")

    schema = response.content.decode()
    assert "/inbound/conversations/{provider}/:" in schema
    assert "X-Helpdesk-Signature" in schema
    assert "ConversationWebhookInput" in schema


# --- Concurrency: two first messages at once --------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_messages_make_one_ticket():
    TeamFactory(name="Chat desk")
    conversation = conversation_id()
    barrier = threading.Barrier(4)
    outcomes, failures = [], []

    def deliver(number: int) -> None:
        try:
            barrier.wait()
            result = conversation_message_receive(
                provider="acme",
                conversation_id=conversation,
                channel="chat",
                text=f"message {number}",
                message_id=f"m{number}",
                customer=ConversationCustomer(name="Racer", email="racer@example.org"),
            )
            outcomes.append(result.outcome)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert sorted(outcomes) == ["appended", "appended", "appended", "created"]
    ticket = Ticket.objects.get()
    assert ticket.messages.count() == 4
    assert ExternalConversation.objects.get().ticket == ticket
    assert Customer.objects.count() == 1


def test_integer_ids_are_taken_as_text(client):
    number = int(uuid.uuid4().int % 10**15)

    response = send(client, payload(number, message={"id": 7, "text": "Hi"}))

    assert response.status_code == 201
    assert ExternalConversation.objects.get().external_id == str(number)
    duplicate = send(
        client,
        payload(str(number), message={"id": "7", "text": "Hi"}),
        timestamp=int(time.time()) - 60,
    )
    assert duplicate.json()["outcome"] == "duplicate"


# --- The README's examples work as written ----------------------------------------------------


def readme_blocks(language: str) -> list[str]:
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    section = readme.split("## Chat and social integrations", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.S)


@pytest.fixture
def readme_secret(settings):
    settings.HELPDESK_CONVERSATION_WEBHOOK_SECRETS = {"acme-chat": "the-secret-of-acme-chat"}


@pytest.mark.skipif(not shutil.which("openssl"), reason="openssl is not installed")
def test_readme_curl_example_signs_correctly(client, readme_secret):
    (script,) = [block for block in readme_blocks("sh") if "curl" in block]
    # Run it with a curl that prints what it would send.
    fake_curl = 'curl() { printf "%s\\n%s\\n%s" "$TS" "$SIG" "$BODY"; }\n'
    output = subprocess.run(
        ["bash", "-c", fake_curl + script], capture_output=True, text=True, check=True
    ).stdout
    timestamp, signature, body = output.split("\n", 2)

    response = client.post(
        "/inbound/conversations/acme-chat/",
        body.encode(),
        content_type="application/json",
        HTTP_X_HELPDESK_TIMESTAMP=timestamp,
        HTTP_X_HELPDESK_SIGNATURE=f"sha256={signature}",
    )

    assert response.status_code == 201, response.content
    assert response.json()["outcome"] == "created"


def test_readme_python_example_signs_correctly(client, readme_secret, monkeypatch):
    (code,) = readme_blocks("python")
    answers = []

    def urlopen(request, timeout):  # the network boundary: the test client instead
        response = client.post(
            request.full_url.removeprefix("http://127.0.0.1:8000"),
            request.data,
            content_type="application/json",
            **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in request.header_items()},
        )
        answers.append(response.status_code)
        return io.BytesIO(response.content)

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    # The conversation must exist for the example's "appended".
    send(
        client,
        payload("c-1001", customer={"name": "Anna", "email": "anna@example.org"}),
        url="/inbound/conversations/acme-chat/",
        secret="the-secret-of-acme-chat",
    )

    exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - our own README

    assert answers == [200]
    assert Ticket.objects.get().messages.last().body == "Any news?"


def test_admins_see_the_conversations_read_only(client):
    conversation = conversation_id()
    send(client, payload(conversation))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listing = client.get(reverse("admin:tickets_externalconversation_changelist"))

    assert listing.status_code == 200
    assert conversation in listing.content.decode()
    assert client.get(reverse("admin:tickets_externalconversation_add")).status_code == 403


def test_after_a_failure_on_our_side_the_same_signed_request_may_be_retried(monkeypatch):
    # Given a request that fails inside the helpdesk (a database outage, say: injected here)
    client = Client(raise_request_exception=False)
    body = payload(conversation_id())
    raw = json.dumps(body).encode()
    timestamp = str(int(time.time()))
    signature = signature_compute(secret=SECRET, timestamp=timestamp, body=raw)
    real = channels_api.conversation_message_receive

    def outage(**kwargs):
        raise OperationalError("the database went away")

    monkeypatch.setattr(channels_api, "conversation_message_receive", outage)
    failed = send(client, body, raw=raw, timestamp=timestamp, signature=signature)
    monkeypatch.setattr(channels_api, "conversation_message_receive", real)

    # When the integration retries it unchanged, then it is not taken for a replay
    retried = send(client, body, raw=raw, timestamp=timestamp, signature=signature)

    assert failed.status_code == 500
    assert retried.status_code == 201
    assert Ticket.objects.count() == 1
