"""The IMAP poller against a real dovecot: mail becomes tickets, and is flagged or moved only
after it is stored, so a crash between the two neither loses nor duplicates a message."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, formatdate, make_msgid
from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection
from django.urls import reverse
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError

from tests.factories import UserFactory
from tests.mail.imap_server import dovecot, imap_account  # noqa: F401 - fixtures
from tickets.channels import imap
from tickets.models import InboundEmail, Mailbox, Team, Ticket
from tickets.services import inbound_email
from tickets.tasks import poll_mailbox, poll_mailboxes

pytestmark = pytest.mark.django_db(transaction=True)

DESK_ADDRESS = "support@helpdesk.example"
PROCESSED = "Processed"


# --- building mail --------------------------------------------------------------------------


def build_mail(
    *, sender: tuple[str, str], subject: str, body: str, message_id: str = "", **headers: str
) -> bytes:
    message = EmailMessage()
    message["From"] = formataddr(sender)
    message["To"] = DESK_ADDRESS
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id or make_msgid(domain="customer.example")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes(policy=SMTP)


def english_mail(**overrides) -> bytes:
    fields = {
        "sender": ("Alice Example", "alice@customer.example"),
        "subject": "The printer on floor 3 is jammed",
        "body": "Hello,\n\nthe printer jams on every page.\n\nAlice",
    }
    return build_mail(**{**fields, **overrides})


def russian_mail(**overrides) -> bytes:
    fields = {
        "sender": ("Ольга Петрова", "olga@customer.example"),
        "subject": "Не работает почта",
        "body": "Здравствуйте!\n\nС утра не приходят письма.\n\nОльга",
    }
    return build_mail(**{**fields, **overrides})


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _setup(media_root, settings):
    # A flush after a transactional test deletes the default team migration 0002 made.
    Team.objects.get_or_create(is_default=True, defaults={"name": "Support"})
    settings.HELPDESK_IMAP_TIMEOUT_SECONDS = 5
    # The broker is a boundary: the "look at the events" message is not what is tested here.
    with mock.patch("tickets.tasks.process_pending_events.apply_async"):
        yield


@pytest.fixture
def make_mailbox(dovecot, imap_account):  # noqa: F811
    def make(**fields) -> Mailbox:
        values = {
            "name": f"Support {imap_account.username}",
            "address": DESK_ADDRESS,
            "host": dovecot.host,
            "port": dovecot.port,
            "use_ssl": False,
            "username": imap_account.username,
            "password": imap_account.password,
            "folder": "INBOX",
            **fields,
        }
        return Mailbox.objects.create(**values)

    return make


@pytest.fixture
def mailbox(make_mailbox) -> Mailbox:
    return make_mailbox()


@pytest.fixture
def server(dovecot, imap_account):  # noqa: F811
    """The test's account on the server: ``server.append(raw)``, ``server.messages()``."""

    class Server:
        def append(self, raw: bytes, *, folder: str = "INBOX", flags: tuple = ()) -> None:
            dovecot.append(imap_account, raw, folder=folder, flags=flags)

        def messages(self, folder: str = "INBOX") -> list[tuple[set, bytes]]:
            return dovecot.messages(imap_account, folder)

        def flags(self, folder: str = "INBOX") -> list[set]:
            return [flags - {"\\Recent"} for flags, _raw in self.messages(folder)]

    return Server()


def poll(mailbox: Mailbox) -> imap.PollResult:
    return imap.mailbox_poll(mailbox_id=mailbox.pk)


def in_thread(target, *args):
    """Run ``target`` in a thread with its own database connection; returns a callable that
    joins it and gives the result (or raises what it raised)."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = target(*args)
        except BaseException as error:
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()

    def join():
        thread.join(timeout=60)
        assert not thread.is_alive(), "poller thread hung"
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

    return join


# --- new mail ---------------------------------------------------------------------------------


def test_new_mail_becomes_tickets_and_is_flagged_seen(mailbox, server):
    server.append(english_mail())
    server.append(russian_mail())

    result = poll(mailbox)

    assert (result.handled, result.failed, result.error) == (2, 0, "")
    assert result.outcomes == {"created": 2}
    inbound = list(InboundEmail.objects.order_by("id"))
    assert [row.outcome for row in inbound] == ["created", "created"]
    assert {row.source for row in inbound} == {"imap"}
    assert {row.mailbox_id for row in inbound} == {mailbox.pk}
    tickets = list(Ticket.objects.order_by("id"))
    assert [ticket.subject for ticket in tickets] == [
        "The printer on floor 3 is jammed",
        "Не работает почта",
    ]
    assert {ticket.channel for ticket in tickets} == {Ticket.Channel.EMAIL}
    assert tickets[1].customer.email == "olga@customer.example"
    assert "С утра не приходят письма." in tickets[1].messages.get().body
    assert server.flags() == [{"\\Seen"}, {"\\Seen"}]
    mailbox.refresh_from_db()
    assert mailbox.last_error == ""
    assert mailbox.last_polled_at is not None


def test_a_second_poll_does_nothing(mailbox, server):
    server.append(english_mail())
    poll(mailbox)

    again = poll(mailbox)

    assert (again.handled, again.failed, again.error) == (0, 0, "")
    assert InboundEmail.objects.count() == 1
    assert Ticket.objects.count() == 1


def test_mail_already_seen_is_left_alone_when_flagging(mailbox, server):
    # With flags as the mark, \Seen means handled: someone read it in a mail client.
    server.append(english_mail(), flags=("\\Seen",))

    assert poll(mailbox).handled == 0
    assert not InboundEmail.objects.exists()


def test_a_reply_by_mail_lands_on_its_ticket(mailbox, server):
    first_id = make_msgid(domain="customer.example")
    server.append(english_mail(message_id=first_id))
    poll(mailbox)
    ticket = Ticket.objects.get()
    server.append(
        english_mail(subject=f"Re: {ticket.subject}", body="Jammed again.", In_Reply_To=first_id)
    )

    result = poll(mailbox)

    assert result.outcomes == {"appended": 1}
    assert Ticket.objects.count() == 1
    assert ticket.messages.count() == 2


# --- moving to the processed folder -------------------------------------------------------------


def _without_move(original=IMAPClient.has_capability):
    def has_capability(self, capability):
        return capability.upper() != "MOVE" and original(self, capability)

    return mock.patch.object(IMAPClient, "has_capability", has_capability)


@pytest.mark.parametrize("server_moves", [True, False], ids=["MOVE", "COPY+EXPUNGE"])
def test_a_mailbox_with_a_processed_folder_moves_mail_there(make_mailbox, server, server_moves):
    mailbox = make_mailbox(processed_folder=PROCESSED)
    server.append(english_mail())
    server.append(russian_mail(), flags=("\\Seen",))  # read by a person: still not handled
    server.append(english_mail(subject="Second request"))

    with _without_move() if not server_moves else mock.MagicMock():
        result = poll(mailbox)

    assert (result.handled, result.error) == (3, "")
    assert Ticket.objects.count() == 3
    assert server.messages("INBOX") == []
    moved = server.messages(PROCESSED)
    assert [raw for _flags, raw in moved] == [
        row.raw.open("rb").read() for row in InboundEmail.objects.order_by("id")
    ]
    assert poll(mailbox).handled == 0


def test_the_processed_folder_must_differ_from_the_folder_read(make_mailbox, server):
    # A misconfigured mailbox falls back to flags instead of moving mail onto itself for ever.
    mailbox = make_mailbox(processed_folder="INBOX")
    server.append(english_mail())

    assert poll(mailbox).handled == 1
    assert server.flags() == [{"\\Seen"}]
    assert poll(mailbox).handled == 0


# --- crash between commit and flag ---------------------------------------------------------------


def _fail_once(how: str):
    """A mark_handled that fails on its first call, the way a worker dying or a dropped
    connection would, and works afterwards."""
    real = imap.mark_handled
    calls = []

    def mark_handled(client, *args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            if how == "raises":
                raise IMAPClientAbortError("simulated crash after commit")
            client._imap.shutdown()  # the connection drops: the real call then fails
        return real(client, *args, **kwargs)

    return mock.patch.object(imap, "mark_handled", mark_handled)


@pytest.mark.parametrize("how", ["raises", "connection drops"])
@pytest.mark.parametrize("processed_folder", ["", PROCESSED], ids=["flag", "move"])
def test_a_crash_between_commit_and_flag_neither_loses_nor_duplicates(
    make_mailbox, server, how, processed_folder
):
    mailbox = make_mailbox(processed_folder=processed_folder)
    server.append(english_mail())
    server.append(russian_mail())

    with _fail_once(how):
        crashed = poll(mailbox)

    # The first message is stored but still unflagged in the folder; the run stopped there.
    assert crashed.handled == 0
    assert crashed.error
    assert InboundEmail.objects.count() == 1
    assert server.flags("INBOX") == [set(), set()]
    mailbox.refresh_from_db()
    assert mailbox.last_error == crashed.error

    recovered = poll(mailbox)

    assert recovered.error == ""
    assert recovered.outcomes == {"duplicate": 1, "created": 1}
    assert InboundEmail.objects.count() == 2
    assert Ticket.objects.count() == 2
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == [
        "The printer on floor 3 is jammed",
        "Не работает почта",
    ]
    if processed_folder:
        assert server.messages("INBOX") == []
        assert len(server.messages(PROCESSED)) == 2
    else:
        assert server.flags() == [{"\\Seen"}, {"\\Seen"}]
    mailbox.refresh_from_db()
    assert mailbox.last_error == ""


def test_one_bad_message_never_stops_the_rest_of_the_batch(mailbox, server):
    server.append(english_mail(subject="first"))
    server.append(english_mail(subject="breaks the intake"))
    server.append(russian_mail())
    real = inbound_email.email_ingest

    def ingest(raw, **kwargs):
        if b"breaks the intake" in raw:
            raise RuntimeError("intake bug")
        return real(raw, **kwargs)

    with mock.patch.object(imap, "email_ingest", ingest):
        result = poll(mailbox)

    assert (result.handled, result.failed) == (2, 1)
    assert "tried again" in result.error
    assert server.flags() == [{"\\Seen"}, set(), {"\\Seen"}]
    # Fixed (or a passing hiccup): the next poll takes the message that was left.
    assert poll(mailbox).outcomes == {"created": 1}
    assert Ticket.objects.count() == 3


def test_the_task_time_limit_stops_the_run_and_the_rest_waits(mailbox, server):
    server.append(english_mail(subject="first"))
    server.append(english_mail(subject="second"))
    real = inbound_email.email_ingest

    def ingest(raw, **kwargs):
        if b"second" in raw:
            raise SoftTimeLimitExceeded()  # Celery's soft limit strikes mid-message
        return real(raw, **kwargs)

    with mock.patch.object(imap, "email_ingest", ingest):
        result = poll(mailbox)

    assert result.handled == 1
    assert "ran out of time" in result.error
    assert server.flags() == [{"\\Seen"}, set()]
    assert poll(mailbox).outcomes == {"created": 1}


def test_a_poll_takes_at_most_the_batch_size(mailbox, server, settings):
    settings.HELPDESK_IMAP_BATCH_SIZE = 2
    for number in range(3):
        server.append(english_mail(subject=f"request {number}"))

    assert poll(mailbox).handled == 2
    assert poll(mailbox).handled == 1
    assert list(Ticket.objects.order_by("id").values_list("subject", flat=True)) == [
        "request 0",
        "request 1",
        "request 2",
    ]


def test_an_oversized_message_is_fetched_only_up_to_the_limit(mailbox, server, settings):
    settings.HELPDESK_INBOUND_EMAIL_MAX_BYTES = 2_000
    server.append(english_mail(body="x" * 70 + "\n" + ("y" * 70 + "\n") * 100))

    assert poll(mailbox).outcomes == {"rejected": 1}
    inbound = InboundEmail.objects.get()
    assert inbound.size == 2_001
    assert inbound.subject == "The printer on floor 3 is jammed"
    assert server.flags() == [{"\\Seen"}]


# --- two pollers ---------------------------------------------------------------------------------


def test_two_pollers_at_once_give_one_ticket_per_message(mailbox, server):
    for number in range(4):
        server.append(english_mail(subject=f"request {number}"))
    start = threading.Barrier(2)

    def poller():
        start.wait(timeout=10)
        return poll(mailbox)

    results = [join() for join in [in_thread(poller), in_thread(poller)]]

    assert sum(result.handled for result in results) == 4
    assert InboundEmail.objects.count() == 4
    assert Ticket.objects.count() == 4
    assert server.flags() == [{"\\Seen"}] * 4


def test_a_poller_skips_a_mailbox_another_poller_holds(mailbox, server):
    server.append(english_mail())

    with imap.mailbox_lock(mailbox.pk) as acquired:
        assert acquired
        result = in_thread(poll, mailbox)()

    assert result.skipped == "locked"
    assert not InboundEmail.objects.exists()
    assert poll(mailbox).handled == 1


@contextmanager
def _no_lock(mailbox_id):
    yield True


def test_overlapping_pollers_without_the_lock_still_store_each_message_once(mailbox, server):
    # The lock is not what keeps mail single: both sessions fetch the same messages and hand
    # each to the intake at the same moment; its unique dedupe key decides.
    for number in range(3):
        server.append(english_mail(subject=f"request {number}"))
    together = threading.Barrier(2)
    real = inbound_email.email_ingest

    def ingest_side_by_side(raw, **kwargs):
        together.wait(timeout=10)
        return real(raw, **kwargs)

    with (
        mock.patch.object(imap, "mailbox_lock", _no_lock),
        mock.patch.object(imap, "email_ingest", ingest_side_by_side),
    ):
        results = [join() for join in [in_thread(poll, mailbox), in_thread(poll, mailbox)]]

    outcomes = results[0].outcomes + results[1].outcomes
    assert outcomes == {"created": 3, "duplicate": 3}
    assert InboundEmail.objects.count() == 3
    assert Ticket.objects.count() == 3
    assert server.flags() == [{"\\Seen"}] * 3


# --- errors are recorded, never raised -----------------------------------------------------------


def test_a_wrong_password_is_recorded_and_raises_nothing(make_mailbox, server, caplog):
    mailbox = make_mailbox(password="Wrong-Secret-42")
    server.append(english_mail())

    result = poll(mailbox)

    assert result.error.startswith(f"Login as {mailbox.username} failed")
    assert "AUTHENTICATIONFAILED" in result.error
    mailbox.refresh_from_db()
    assert mailbox.last_error == result.error
    assert mailbox.last_polled_at is not None
    assert "Wrong-Secret-42" not in caplog.text
    assert "Wrong-Secret-42" not in mailbox.last_error
    assert not InboundEmail.objects.exists()


def test_an_unreachable_server_is_recorded(make_mailbox):
    from tests.mail.imap_server import _free_port

    mailbox = make_mailbox(port=_free_port())

    result = poll(mailbox)

    assert result.error.startswith(f"Cannot reach 127.0.0.1:{mailbox.port}")
    mailbox.refresh_from_db()
    assert mailbox.last_error == result.error


def test_tls_to_a_plain_server_is_a_recorded_tls_error(make_mailbox):
    mailbox = make_mailbox(use_ssl=True)

    result = poll(mailbox)

    assert result.error.startswith("TLS error with 127.0.0.1")


def test_a_missing_folder_is_recorded(make_mailbox):
    mailbox = make_mailbox(folder="Nowhere")

    assert poll(mailbox).error.startswith("IMAP error:")


def test_the_password_never_reaches_the_recorded_error():
    mailbox = Mailbox(username="desk", host="imap.example", port=993, password="hunter2-secret")

    text = imap.describe_error(OSError("server said hunter2-secret"), mailbox)

    assert "hunter2-secret" not in text
    assert text == "Cannot reach imap.example:993: server said ********"


# --- tasks and beat ------------------------------------------------------------------------------


def test_beat_fans_out_one_poll_per_active_mailbox():
    active = [
        Mailbox.objects.create(
            name=name, address=DESK_ADDRESS, host="h", username="u", password="p"
        )
        for name in ("first", "second")
    ]
    Mailbox.objects.create(
        name="off", address=DESK_ADDRESS, host="h", username="u", password="p", is_active=False
    )

    with mock.patch.object(poll_mailbox, "apply_async") as apply_async:
        assert poll_mailboxes() == 2

    assert [call.kwargs["args"] for call in apply_async.call_args_list] == [
        [mailbox.pk] for mailbox in active
    ]
    assert {call.kwargs["expires"] for call in apply_async.call_args_list} == {
        settings.HELPDESK_IMAP_POLL_SECONDS
    }
    schedule = settings.CELERY_BEAT_SCHEDULE["poll-mailboxes"]
    assert schedule["task"] == poll_mailboxes.name
    assert schedule["schedule"] == settings.HELPDESK_IMAP_POLL_SECONDS


def test_the_poll_task_stores_mail(mailbox, server):
    server.append(russian_mail())

    assert poll_mailbox(mailbox.pk) == 1
    assert Ticket.objects.get().subject == "Не работает почта"


@pytest.mark.parametrize("gone", ["deleted", "inactive"])
def test_the_poll_task_returns_quietly_for_a_gone_mailbox(gone):
    mailbox = Mailbox.objects.create(
        name="x", address=DESK_ADDRESS, host="h", username="u", password="p", is_active=False
    )
    if gone == "deleted":
        mailbox.delete()

    assert poll_mailbox(mailbox.pk) == 0


# --- admin ---------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _form(**overrides) -> dict:
    return {
        "name": "Support",
        "address": DESK_ADDRESS,
        "host": "imap.example",
        "port": "993",
        "use_ssl": "on",
        "username": "support",
        "password": "",
        "folder": "INBOX",
        "processed_folder": "",
        "is_active": "on",
        **overrides,
    }


def test_admin_lists_mailboxes_with_their_last_poll(admin_client):
    Mailbox.objects.create(
        name="Support",
        address=DESK_ADDRESS,
        host="imap.example",
        username="support",
        password="stored-secret",
        last_error="Login as support failed: AUTHENTICATIONFAILED",
    )

    response = admin_client.get(reverse("admin:tickets_mailbox_changelist"))

    assert response.status_code == 200
    assert "Login as support failed" in response.content.decode()


def test_admin_adds_a_mailbox_and_requires_a_password(admin_client):
    url = reverse("admin:tickets_mailbox_add")

    refused = admin_client.post(url, _form())
    added = admin_client.post(url, _form(password="first-secret"))

    assert refused.status_code == 200
    assert "Enter the mailbox" in refused.content.decode()
    assert added.status_code == 302
    assert Mailbox.objects.get().password == "first-secret"


@pytest.mark.parametrize(("typed", "stored"), [("", "stored-secret"), ("new-one", "new-one")])
def test_admin_edit_keeps_the_password_unless_a_new_one_is_typed(admin_client, typed, stored):
    mailbox = Mailbox.objects.create(
        name="Support", address=DESK_ADDRESS, host="h", username="u", password="stored-secret"
    )
    url = reverse("admin:tickets_mailbox_change", args=[mailbox.pk])

    page = admin_client.get(url).content.decode()
    response = admin_client.post(url, _form(password=typed, host="imap2.example"))

    assert 'type="password"' in page
    assert "stored-secret" not in page
    assert response.status_code == 302
    mailbox.refresh_from_db()
    assert (mailbox.password, mailbox.host) == (stored, "imap2.example")


def test_admin_refuses_a_processed_folder_equal_to_the_folder(admin_client):
    response = admin_client.post(
        reverse("admin:tickets_mailbox_add"), _form(password="p", processed_folder="INBOX")
    )

    assert response.status_code == 200
    assert "another folder" in response.content.decode()
    assert not Mailbox.objects.exists()


def test_admin_poll_now_enqueues_the_selected_active_mailboxes(
    admin_client, django_capture_on_commit_callbacks
):
    on = Mailbox.objects.create(
        name="on", address=DESK_ADDRESS, host="h", username="u", password="p"
    )
    off = Mailbox.objects.create(
        name="off", address=DESK_ADDRESS, host="h", username="u", password="p", is_active=False
    )

    with (
        mock.patch.object(poll_mailbox, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = admin_client.post(
            reverse("admin:tickets_mailbox_changelist"),
            {"action": "poll_now", "_selected_action": [on.pk, off.pk]},
            follow=True,
        )

    assert [call.kwargs["args"] for call in apply_async.call_args_list] == [[on.pk]]
    assert "1 mailbox will be polled" in response.content.decode()
