"""The ingestion service: raw bytes in, one stored InboundEmail and the ticket writes out."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from helpdesk import clock
from helpdesk.errors import PermissionDenied, ValidationError
from tests.factories import AgentFactory, CustomerFactory, make_ticket
from tests.mail import messages
from tickets import services
from tickets.models import (
    Customer,
    InboundEmail,
    Mailbox,
    Message,
    OutboundEmail,
    Team,
    Ticket,
    TicketEvent,
)
from tickets.services import inbound_email
from tickets.services.inbound_email import (
    email_ingest,
    inbound_email_accept,
    inbound_email_reject,
)
from tickets.templatetags.helpdesk import render_body

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(media_root, mail_team):
    """Every test stores raw mail in a throw-away media root; new mail has a team to go to."""


@pytest.fixture
def mail_team(db):
    """The team new mail lands in (the default team)."""
    # get_or_create: a transactional test elsewhere may have flushed the migration's team.
    return Team.objects.get_or_create(is_default=True, defaults={"name": "Support"})[0]


@pytest.fixture
def mail_agent(mail_team):
    return AgentFactory(teams=[mail_team])


@pytest.fixture
def ann(db):
    return CustomerFactory(email="ann@example.org", name="Ann Smith")


@pytest.fixture
def ann_ticket(ann, mail_team):
    return make_ticket(customer=ann, team=mail_team, subject="Printer problem")


def ingest(raw: bytes, source: str = "command"):
    return email_ingest(raw, source=source)


def our_email(ticket: Ticket, message_id: str = "<ours.1@helpdesk.localhost>") -> OutboundEmail:
    """A row like the ones the e-mail-out side writes for each mail we send."""
    return OutboundEmail.objects.create(
        kind=OutboundEmail.Kind.AGENT_REPLY,
        recipient=ticket.customer.email,
        recipient_customer=ticket.customer,
        ticket=ticket,
        subject=f"[{ticket.reference}] {ticket.subject}",
        body_text="We are on it.",
        message_id_header=message_id,
        created_at=clock.now(),
    )


# --- new mail ----------------------------------------------------------------------------------


def test_new_mail_opens_an_email_ticket_for_the_sender():
    raw = messages.build(sender="Ann Smith <Ann@Example.org>", subject="Printer problem")

    result = ingest(raw)

    assert result.outcome == "created"
    ticket = result.ticket
    assert ticket.channel == Ticket.Channel.EMAIL
    assert ticket.subject == "Printer problem"
    assert ticket.customer.email == "ann@example.org"
    assert ticket.customer.name == "Ann Smith"
    message = ticket.messages.get()
    assert message.channel == Ticket.Channel.EMAIL
    assert message.author_customer == ticket.customer
    assert message.body == "Hello, my printer does not print."
    inbound = result.inbound
    assert inbound.outcome == "created" and inbound.message == message
    assert inbound.raw.read() == raw
    assert ticket.events.filter(kind=TicketEvent.Kind.CREATED).count() == 1


def test_russian_mail_makes_a_russian_customer_and_ticket():
    raw = messages.build(
        sender=messages.address("Иван Петров", "ivan@example.ru", "koi8-r"),
        subject="Не работает принтер",
        text="Здравствуйте, принтер не печатает.",
        charset="koi8-r",
    )
    ticket = ingest(raw).ticket
    assert ticket.subject == "Не работает принтер"
    assert ticket.customer.name == "Иван Петров"
    assert (ticket.customer.language, ticket.language) == ("ru", "ru")
    assert ticket.messages.get().body == "Здравствуйте, принтер не печатает."


def test_a_known_customer_is_never_renamed(ann):
    ticket = ingest(messages.build(sender="Somebody Else <ann@example.org>")).ticket
    ann.refresh_from_db()
    assert ticket.customer == ann and ann.name == "Ann Smith"


def test_the_customer_comes_from_from_never_from_reply_to():
    raw = messages.build(
        sender="Ann <ann@example.org>", headers={"Reply-To": "Mallory <mallory@evil.example>"}
    )
    assert ingest(raw).ticket.customer.email == "ann@example.org"
    assert not Customer.objects.filter(email="mallory@evil.example").exists()


def test_missing_subject_date_and_message_id_and_an_empty_body():
    result = ingest(messages.build(subject=None, message_id=None, date=None, text=""))
    assert result.outcome == "created"
    assert result.ticket.subject == "(no subject)"
    assert result.ticket.messages.get().body == "(The e-mail had no text.)"
    assert result.inbound.dedupe_key  # from the raw bytes


def test_html_only_mail_is_kept_as_html_and_remote_images_never_load():
    raw = messages.build(
        body=messages.html_part(
            '<p>Hi <b>there</b><img src="https://tracker.example/pixel.gif">'
            "<script>alert(1)</script></p>"
        )
    )
    message = ingest(raw).ticket.messages.get()
    assert message.body_format == Message.Format.HTML
    shown = render_body(message)
    assert "<b>there</b>" in shown
    assert "<img" not in shown and "tracker.example" not in shown and "<script" not in shown


def test_attachments_of_any_type_are_kept_with_their_names():
    raw = messages.build(
        body=messages.multipart(
            "mixed",
            [
                messages.text_part("Files attached"),
                messages.file_part("Отчёт за март.xlsx", b"PK\x03\x04 fake", name_style="2047"),
                messages.file_part("setup.exe", b"MZ fake"),
                messages.file_part("winmail.dat", b"tnef?", content_type="application/ms-tnef"),
                messages.rfc822_part(messages.build(subject="Earlier mail")),
            ],
        )
    )
    message = ingest(raw).ticket.messages.get()
    assert [a.filename for a in message.attachments.all()] == [
        "Отчёт за март.xlsx",
        "setup.exe",
        "winmail.dat",
        "Earlier mail.eml",
    ]


def test_an_oversized_attachment_is_dropped_with_a_note(settings):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 100
    raw = messages.build(
        body=messages.multipart(
            "mixed",
            [
                messages.text_part("Two files"),
                messages.file_part("small.txt", b"small"),
                messages.file_part("huge.bin", b"x" * 500),
            ],
        )
    )
    result = ingest(raw)
    message = result.ticket.messages.get()
    assert result.outcome == "created"
    assert [a.filename for a in message.attachments.all()] == ["small.txt"]
    assert "“huge.bin” was not kept" in message.body


def test_the_quoted_history_is_cut_and_the_original_kept(ann_ticket):
    our_email(ann_ticket)
    text = "Спасибо, заработало!\n\n-----Исходное сообщение-----\nОт: Support\n\nСтарый текст"
    result = ingest(messages.reply(to_message_id="<ours.1@helpdesk.localhost>", text=text))
    message = result.inbound.message
    assert message.body == "Спасибо, заработало!"
    assert message.body_original == text


# --- duplicates --------------------------------------------------------------------------------


def test_the_same_message_id_twice_is_one_message():
    raw = messages.build(message_id="<Same.ID@example.org>")
    first = ingest(raw)
    again = ingest(messages.build(message_id="<same.id@example.org>", text="changed"))

    assert again.outcome == "duplicate"
    assert again.ticket == first.ticket
    assert again.inbound == first.inbound
    assert InboundEmail.objects.count() == 1
    assert Message.objects.count() == 1


def test_mail_without_message_id_is_deduplicated_by_its_bytes():
    raw = messages.build(message_id=None)
    assert ingest(raw).outcome == "created"
    assert ingest(raw).outcome == "duplicate"
    assert ingest(raw + b"\r\nother").outcome == "created"


@pytest.mark.django_db(transaction=True)
def test_two_pollers_racing_for_one_message_store_it_once(media_root, mail_team, monkeypatch):
    # No "look" message to a worker: one left running by the end-to-end tests would read these
    # committed rows while the test's flush truncates them.
    monkeypatch.setattr("tickets.services.events._ask_worker_to_look", lambda: None)
    raw = messages.build(message_id="<race@example.org>")
    barrier, outcomes = threading.Barrier(2), []

    def poller():
        try:
            barrier.wait()
            outcomes.append(email_ingest(raw, source="imap").outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=poller) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["created", "duplicate"]
    assert InboundEmail.objects.count() == 1
    assert Ticket.objects.filter(channel="email").count() == 1


# --- replies -----------------------------------------------------------------------------------


def test_a_reply_to_our_message_id_lands_on_the_ticket(ann_ticket):
    our_email(ann_ticket, "<ours.42@helpdesk.localhost>")
    raw = messages.reply(to_message_id="<OURS.42@helpdesk.localhost>", subject="Re: whatever")

    result = ingest(raw)

    assert (result.outcome, result.ticket) == ("appended", ann_ticket)
    message = result.inbound.message
    assert message.ticket == ann_ticket and message.channel == "email"
    assert ann_ticket.events.filter(kind=TicketEvent.Kind.CUSTOMER_REPLIED).count() == 1


def test_a_reply_found_through_references_and_an_earlier_inbound_mail(ann):
    first = ingest(messages.build(sender="ann@example.org", message_id="<first@example.org>"))
    raw = messages.build(
        sender="ann@example.org",
        subject="One more thing",
        headers={"References": "<unknown@x> <first@example.org>"},
    )
    result = ingest(raw)
    assert (result.outcome, result.ticket) == ("appended", first.ticket)


def test_a_reply_found_by_the_reference_in_the_subject(ann_ticket):
    raw = messages.build(sender="ann@example.org", subject=f"Re: [{ann_ticket.reference}] hi")
    result = ingest(raw)
    assert (result.outcome, result.ticket) == ("appended", ann_ticket)


def test_a_reply_reopens_a_solved_ticket(ann_ticket, mail_agent):
    services.ticket_change_status(ticket=ann_ticket, actor=mail_agent, status="solved")
    our_email(ann_ticket)
    result = ingest(messages.reply(to_message_id="<ours.1@helpdesk.localhost>"))
    ann_ticket.refresh_from_db()
    assert result.outcome == "appended" and ann_ticket.status == Ticket.Status.OPEN


def test_a_reply_to_a_closed_ticket_opens_a_follow_up(ann_ticket, mail_agent):
    services.ticket_change_status(ticket=ann_ticket, actor=mail_agent, status="closed")
    result = ingest(messages.build(sender="ann@example.org", subject=f"[{ann_ticket.reference}]"))
    assert result.outcome == "follow_up"
    assert result.ticket != ann_ticket and result.ticket.follow_up_of == ann_ticket
    assert result.ticket.channel == "email"
    assert result.inbound.message.ticket == result.ticket


# --- spoofing ----------------------------------------------------------------------------------


@pytest.fixture
def spoofed(ann_ticket):
    our_email(ann_ticket)
    raw = messages.reply(
        to_message_id="<ours.1@helpdesk.localhost>",
        sender="Mallory <mallory@evil.example>",
        text="Please change the delivery address.",
    )
    return ingest(raw)


def test_a_reply_from_someone_else_is_quarantined(spoofed, ann_ticket):
    assert spoofed.outcome == "quarantined"
    assert spoofed.ticket == ann_ticket
    assert spoofed.inbound.review == "pending"
    assert "mallory@evil.example" in spoofed.reason
    assert ann_ticket.messages.count() == 1
    assert not Customer.objects.filter(email="mallory@evil.example").exists()


def test_an_agent_accepts_a_quarantined_reply(spoofed, ann_ticket, mail_agent):
    inbound = inbound_email_accept(inbound=spoofed.inbound, agent=mail_agent)

    assert inbound.review == "accepted" and inbound.reviewed_by == mail_agent
    message = inbound.message
    assert message.ticket == ann_ticket
    assert message.author_customer.email == "mallory@evil.example"
    assert message.body == "Please change the delivery address."
    event = ann_ticket.events.get(kind=TicketEvent.Kind.CUSTOMER_REPLIED)
    assert event.payload["accepted_by"] == mail_agent.pk
    with pytest.raises(ValidationError):  # reviewed once only
        inbound_email_accept(inbound=inbound, agent=mail_agent)


def test_an_agent_rejects_a_quarantined_reply(spoofed, ann_ticket, mail_agent):
    inbound = inbound_email_reject(inbound=spoofed.inbound, agent=mail_agent)
    assert inbound.review == "rejected" and inbound.message is None
    assert ann_ticket.messages.count() == 1


def test_an_agent_of_another_team_cannot_review(spoofed, other_agent):
    with pytest.raises(PermissionDenied):
        inbound_email_accept(inbound=spoofed.inbound, agent=other_agent)


def test_without_an_agent_a_stranger_still_cannot_write_on_a_ticket(ann_ticket):
    stranger = CustomerFactory()
    with pytest.raises(PermissionDenied):
        services.message_add_from_customer(ticket=ann_ticket, customer=stranger, body="hi")


# --- loops and noise ---------------------------------------------------------------------------

NOISE = [
    {"Auto-Submitted": "auto-replied"},
    {"X-Autoreply": "yes"},
    {"Precedence": "bulk"},
    {"List-Id": "<list.example.org>"},
]


@pytest.mark.parametrize("headers", NOISE)
def test_automatic_replies_are_ignored_linked_and_never_reopen(headers, ann_ticket, mail_agent):
    services.ticket_change_status(ticket=ann_ticket, actor=mail_agent, status="solved")
    our_email(ann_ticket)
    events_before = ann_ticket.events.count()

    result = ingest(
        messages.reply(
            to_message_id="<ours.1@helpdesk.localhost>",
            subject="Out of office",
            headers=headers,
        )
    )

    ann_ticket.refresh_from_db()
    assert (result.outcome, result.ticket) == ("ignored", ann_ticket)
    assert ann_ticket.status == Ticket.Status.SOLVED
    assert ann_ticket.messages.count() == 1
    assert ann_ticket.events.count() == events_before
    assert not OutboundEmail.objects.exclude(message_id_header="<ours.1@helpdesk.localhost>")


def test_bounces_and_out_of_office_subjects_are_ignored():
    assert ingest(messages.bounce(original=messages.build())).outcome == "ignored"
    assert ingest(messages.build(subject="Автоответ: Принтер")).outcome == "ignored"
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("sender", ["helpdesk@localhost", "alias@helpdesk.example", "box@x.org"])
def test_mail_from_our_own_addresses_is_ignored(sender, settings):
    settings.HELPDESK_OWN_ADDRESSES = ["Alias@Helpdesk.example"]
    Mailbox.objects.create(name="box", address="box@x.org", host="h", username="u", password="p")
    result = ingest(messages.build(sender=sender))
    assert result.outcome == "ignored" and "own address" in result.reason


# --- what cannot be understood -----------------------------------------------------------------


def test_mail_without_a_sender_is_rejected_and_kept():
    raw = messages.build(sender="undisclosed-recipients:;")
    result = ingest(raw)
    assert result.outcome == "rejected" and "From" in result.reason
    assert result.inbound.raw.read() == raw


def test_garbage_is_rejected_not_a_crash():
    result = ingest(b"\x00\x01\x02 not a mail")
    assert result.outcome == "rejected"
    assert InboundEmail.objects.get().outcome == "rejected"


def test_oversized_mail_is_rejected_and_kept(settings):
    settings.HELPDESK_INBOUND_EMAIL_MAX_BYTES = 2000
    raw = messages.build(text="x" * 5000, subject="Big one")
    result = ingest(raw)
    assert result.outcome == "rejected" and "larger than" in result.reason
    assert result.inbound.subject == "Big one"
    assert result.inbound.raw.read() == raw
    assert not Ticket.objects.exists()


def test_a_failure_inside_the_services_rolls_back_to_a_rejected_row(monkeypatch):
    def broken(**kwargs):
        Ticket.objects.create  # noqa: B018 - the write path is there, then it breaks
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(inbound_email, "ticket_create", broken)
    result = ingest(messages.build())
    assert result.outcome == "rejected" and "RuntimeError" in result.reason
    assert not Ticket.objects.exists()
    assert InboundEmail.objects.get().raw


def test_bidi_and_control_characters_never_reach_the_stored_labels():
    raw = messages.build(
        sender=messages.address("Ann\u202eevil", "ann@example.org"),
        subject="invoice\u202etxt.exe",
    )
    inbound = ingest(raw).inbound
    assert "\u202e" not in inbound.from_name and "\u202e" not in inbound.subject
    assert "\u202e" not in inbound.ticket.subject


def test_an_html_reply_loses_its_quote_and_keeps_the_original(ann_ticket):
    our_email(ann_ticket)
    html = '<p>Fixed, thanks</p><div class="gmail_quote">On Mon you wrote: old text</div>'
    raw = messages.build(
        sender="ann@example.org",
        body=messages.html_part(html),
        headers={"In-Reply-To": "<ours.1@helpdesk.localhost>"},
    )
    message = ingest(raw).inbound.message
    assert (message.body, message.body_format) == ("<p>Fixed, thanks</p>", "html")
    assert message.body_original == html


def test_our_message_id_matches_whatever_the_case_of_the_domain(ann_ticket, settings):
    settings.HELPDESK_EMAIL_DOMAIN = "Help.Example.ORG"
    our_email(ann_ticket, "<abc123@Help.Example.ORG>")
    result = ingest(messages.reply(to_message_id="<abc123@help.example.org>"))
    assert (result.outcome, result.ticket) == ("appended", ann_ticket)


def test_control_characters_in_headers_never_break_the_insert():
    raw = b"From: a\x00b@example.org\r\nMessage-ID: <x\x00y@z>\r\nSubject: s\x00t\r\n\r\nbo\x00dy"
    result = ingest(raw)
    assert result.outcome == "created"
    assert result.inbound.from_address == "ab@example.org"
    assert result.inbound.message_id_header == "<xy@z>"


def test_randomly_damaged_mail_never_crashes_the_intake():
    import random

    rng = random.Random(11)
    seed = messages.build(
        body=messages.multipart(
            "mixed",
            [
                messages.text_part("Привет, принтер сломан", charset="koi8-r"),
                messages.file_part("Счёт.pdf", b"%PDF" * 40),
            ],
        ),
        subject="Принтер",
    )
    for _ in range(40):
        raw = bytearray(seed)
        for _flip in range(rng.randrange(1, 30)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        result = ingest(bytes(raw))
        assert result.outcome in {"created", "rejected", "duplicate", "ignored"}
    assert InboundEmail.objects.count() >= 1


def test_a_subject_of_invisible_characters_counts_as_none():
    result = ingest(messages.build(subject="\u200b\u202e\u2066"))
    assert (result.outcome, result.ticket.subject) == ("created", "(no subject)")


def test_our_own_mail_coming_back_is_ignored(ann_ticket):
    our_email(ann_ticket, "<ours.9@helpdesk.localhost>")
    looped = messages.build(
        sender="ann@example.org",
        message_id="<ours.9@helpdesk.localhost>",
        subject=f"Re: [{ann_ticket.reference}] Printer problem",
    )
    result = ingest(looped)
    assert (result.outcome, result.ticket) == ("ignored", ann_ticket)
    assert "came back" in result.reason
    assert ann_ticket.messages.count() == 1
