"""Sending for real: Django's SMTP backend talks to an aiosmtpd peer on 127.0.0.1 (see
conftest.smtp_peer). What arrives, what a refusing or absent peer leaves behind, retries,
and the beat re-drive."""

from __future__ import annotations

import re
from datetime import timedelta
from email.message import EmailMessage
from email.utils import parseaddr
from unittest import mock

import pytest
from django.urls import reverse

from helpdesk import clock
from tests.factories import make_ticket, upload
from tests.mail.conftest import free_port
from tickets import services
from tickets.models import InboundEmail, OutboundEmail, Ticket
from tickets.services.inbound_email import email_ingest
from tickets.services.outbound import (
    SendFailed,
    outbound_email_send,
    outbound_emails_redrive,
    retry_delay_seconds,
)
from tickets.tasks import redrive_outbound_emails, send_outbound_email

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("send_queue", "media_root")]

Status = OutboundEmail.Status


@pytest.fixture
def reply_email(ticket, customer, agent, process_events):
    """An agent's reply with an attachment, threaded under the customer's e-mail."""
    first = ticket.messages.get()
    InboundEmail.objects.create(
        dedupe_key="f" * 64,
        message_id_header="<root@customer.example>",
        source=InboundEmail.Source.IMAP,
        raw="mail/x.eml",
        outcome=InboundEmail.Outcome.CREATED,
        ticket=ticket,
        message=first,
        received_at=ticket.created_at,
    )
    services.message_add_from_agent(
        ticket=ticket,
        agent=agent,
        body="Here is the fix.",
        attachments=[upload("fix.pdf", b"%PDF-1.4 fix", "application/pdf")],
    )
    process_events()
    return OutboundEmail.objects.get(kind=OutboundEmail.Kind.AGENT_REPLY)


def test_sent_email_arrives_with_its_headers_and_attachments(
    smtp_peer, reply_email, ticket, customer, settings
):
    settings.HELPDESK_EMAIL_FROM_NAME = "Служба поддержки"
    settings.DEFAULT_FROM_EMAIL = "help@helpdesk.example"

    sent = outbound_email_send(email_id=reply_email.pk)

    assert sent.status == Status.SENT
    assert sent.sent_at is not None
    assert sent.provider_id == reply_email.message_id_header
    assert sent.attempts == 1
    [message] = smtp_peer.received
    [envelope] = smtp_peer.envelopes
    assert envelope.rcpt_tos == [customer.email]
    assert message["Message-ID"] == reply_email.message_id_header
    assert message["In-Reply-To"] == "<root@customer.example>"
    assert message["References"].split() == reply_email.references.split()
    assert "<root@customer.example>" in message["References"]
    assert message["Subject"] == f"Re: [{ticket.reference}] {ticket.subject}"
    assert "Auto-Submitted" not in message  # a person's reply
    assert parseaddr(str(message["From"])) == ("Служба поддержки", "help@helpdesk.example")
    assert message["To"] == customer.email
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Here is the fix." in text
    assert "Here is the fix." in html
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "fix.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == b"%PDF-1.4 fix"


def test_automatic_mail_says_so(smtp_peer, ticket, process_events):
    process_events()
    ack = OutboundEmail.objects.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT)

    outbound_email_send(email_id=ack.pk)

    [message] = smtp_peer.received
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["X-Auto-Response-Suppress"] == "All"


@pytest.mark.parametrize(
    "reply", ["451 4.3.0 Try again later", "554 5.7.1 Rejected by policy"], ids=["4xx", "5xx"]
)
def test_refusing_peer_leaves_the_row_queued_with_the_error(smtp_peer, reply_email, reply):
    smtp_peer.reply = reply

    with pytest.raises(SendFailed):
        outbound_email_send(email_id=reply_email.pk)

    reply_email.refresh_from_db()
    assert reply_email.status == Status.QUEUED
    assert reply_email.attempts == 1
    assert reply.split()[0] in reply_email.last_error
    assert reply_email.sent_at is None


def test_absent_peer_leaves_the_row_queued(smtp_down, reply_email):
    with pytest.raises(SendFailed):
        outbound_email_send(email_id=reply_email.pk)

    reply_email.refresh_from_db()
    assert reply_email.status == Status.QUEUED
    assert reply_email.attempts == 1
    assert "Connection" in reply_email.last_error or "refused" in reply_email.last_error


def test_task_gives_up_after_the_configured_attempts(smtp_peer, reply_email, settings):
    settings.HELPDESK_EMAIL_SEND_ATTEMPTS = 3
    smtp_peer.reply = "451 4.3.0 Try again later"

    # Run eagerly, as a worker would, its retries included (countdowns are not waited out)
    send_outbound_email.apply(args=[reply_email.pk])

    reply_email.refresh_from_db()
    assert reply_email.status == Status.FAILED
    assert reply_email.attempts == 3
    assert "451" in reply_email.last_error
    assert smtp_peer.received == []


def test_task_backs_off_by_the_rows_attempts(smtp_down, reply_email, settings):
    settings.HELPDESK_EMAIL_RETRY_SECONDS = 30
    OutboundEmail.objects.filter(pk=reply_email.pk).update(attempts=2)

    with mock.patch.object(send_outbound_email, "retry", side_effect=RuntimeError) as retry:
        with pytest.raises(RuntimeError):
            send_outbound_email.run(reply_email.pk)

    retry.assert_called_once_with(countdown=120)  # after the 3rd attempt: 30 s * 2**2
    assert [retry_delay_seconds(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


def test_retry_sends_the_same_message_id(settings, reply_email, smtp_peer):
    peer_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listens there
    with pytest.raises(SendFailed):
        outbound_email_send(email_id=reply_email.pk)
    settings.EMAIL_PORT = peer_port

    outbound_email_send(email_id=reply_email.pk)

    [message] = smtp_peer.received
    assert message["Message-ID"] == reply_email.message_id_header
    reply_email.refresh_from_db()
    assert (reply_email.status, reply_email.attempts, reply_email.last_error) == (
        Status.SENT,
        2,
        "",
    )


def test_running_the_task_twice_sends_once(smtp_peer, reply_email):
    send_outbound_email.apply(args=[reply_email.pk])
    send_outbound_email.apply(args=[reply_email.pk])

    assert len(smtp_peer.received) == 1
    reply_email.refresh_from_db()
    assert reply_email.attempts == 1


def test_task_for_a_vanished_row_does_nothing(smtp_peer):
    send_outbound_email.apply(args=[987654321])

    assert smtp_peer.received == []


def test_suppressed_and_failed_rows_are_never_sent(smtp_peer, reply_email):
    for status in (Status.SUPPRESSED, Status.FAILED, Status.SENT):
        OutboundEmail.objects.filter(pk=reply_email.pk).update(status=status)
        assert outbound_email_send(email_id=reply_email.pk) is None

    assert smtp_peer.received == []


# --- Beat's re-drive -------------------------------------------------------------------------


def _queued_at(ticket: Ticket, *, minutes_ago: int, attempts: int = 0) -> OutboundEmail:
    from tickets.services.outbound import outbound_email_queue

    email = outbound_email_queue(
        kind=OutboundEmail.Kind.ACKNOWLEDGEMENT,
        to="someone@example.org",
        template="acknowledgement",
        context={"reference": ticket.reference, "tracking_url": "http://testserver/x/"},
        language="en",
        ticket=ticket,
    )
    OutboundEmail.objects.filter(pk=email.pk).update(
        created_at=clock.now() - timedelta(minutes=minutes_ago), attempts=attempts
    )
    return email


def test_redrive_requeues_stale_rows_and_leaves_the_rest(ticket, send_queue, settings):
    settings.HELPDESK_EMAIL_RETRY_SECONDS = 30
    settings.HELPDESK_EMAIL_SEND_ATTEMPTS = 6
    lost = _queued_at(ticket, minutes_ago=15)  # its task never ran
    fresh = _queued_at(ticket, minutes_ago=1)  # its task is surely on its way
    # Four failed attempts: the 5th is due 30+60+120+240 s = 7.5 min after creation, so at
    # 16 min it is within the 10 min grace, at 25 min it was lost
    backing_off = _queued_at(ticket, minutes_ago=16, attempts=4)
    lost_in_backoff = _queued_at(ticket, minutes_ago=25, attempts=4)
    sent = _queued_at(ticket, minutes_ago=60)
    OutboundEmail.objects.filter(pk=sent.pk).update(status=Status.SENT)
    send_queue.ids.clear()

    count = redrive_outbound_emails()

    assert count == 2
    assert sorted(send_queue.ids) == sorted([lost.pk, lost_in_backoff.pk])
    assert fresh.pk not in send_queue.ids
    assert backing_off.pk not in send_queue.ids


def test_redriven_row_is_sent_once(ticket, smtp_peer, send_queue):
    lost = _queued_at(ticket, minutes_ago=30)
    send_queue.ids.clear()
    outbound_emails_redrive()
    outbound_emails_redrive()  # beat ran again before the worker got to it

    for email_id in send_queue.ids:
        send_outbound_email.apply(args=[email_id])

    assert send_queue.ids == [lost.pk, lost.pk]
    assert len(smtp_peer.received) == 1


def test_beat_schedules_the_redrive(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert redrive_outbound_emails.name in tasks


def test_an_acknowledgement_from_the_request_form_reaches_the_peer(
    smtp_peer, customer, team, process_events, send_queue
):
    ticket = make_ticket(customer=customer, team=team)
    process_events()

    send_queue.run()

    [message] = smtp_peer.received
    assert ticket.reference in message["Subject"]
    assert message["To"] == customer.email


# --- The whole loop --------------------------------------------------------------------------


def test_the_customer_hears_back_and_answers_by_email(
    smtp_peer, client, team, agent, process_events, send_queue
):
    # A customer files a request with two files on the web form
    response = client.post(
        reverse("request-new"),
        {
            "name": "Ann",
            "email": "ann@example.org",
            "subject": "Printer on fire",
            "body": "Smoke everywhere",
            "attachment": [upload("a.txt", b"one"), upload("b.txt", b"two")],
        },
    )
    assert response.status_code in (200, 302)
    ticket = Ticket.objects.get(subject="Printer on fire")
    assert ticket.messages.get().attachments.count() == 2
    agent.teams.add(ticket.team)  # whichever team receives unrouted requests

    # ...receives the acknowledgement and follows its link
    process_events()
    send_queue.run()
    [ack] = smtp_peer.received
    [path] = re.findall(r"http://testserver(/track/\S+)", ack.get_body(("plain",)).get_content())
    assert client.get(path, follow=True).status_code == 200
    ticket.customer.refresh_from_db()
    assert ticket.customer.email_verified  # the link came from the e-mail we sent

    # The agent answers and asks for more
    services.message_add_from_agent(
        ticket=ticket, agent=agent, body="Is the cable plugged in?", status=Ticket.Status.PENDING
    )
    process_events()
    send_queue.run()
    reply = smtp_peer.received[-1]
    assert "Is the cable plugged in?" in reply.get_body(("plain",)).get_content()
    assert reply["In-Reply-To"] == ack["Message-ID"]

    # The customer answers that e-mail from their mail client
    answer = EmailMessage()
    answer["From"] = "Ann <ann@example.org>"
    answer["To"] = str(reply["From"])
    answer["Subject"] = f"Re: {reply['Subject']}"
    answer["Message-ID"] = "<answer.1@example.org>"
    answer["In-Reply-To"] = reply["Message-ID"]
    answer["References"] = f"{reply['References']} {reply['Message-ID']}"
    answer.set_content("Yes, it is.\n\n> Is the cable plugged in?\n")
    result = email_ingest(answer.as_bytes(), source="imap")

    # ...and it lands on the ticket, which opens again
    assert (result.outcome, result.ticket) == ("appended", ticket)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN
    assert ticket.messages.last().body.startswith("Yes, it is.")


# --- Sending a failed e-mail again -----------------------------------------------------------


def test_admin_sends_failed_emails_again_with_the_same_message_id(
    admin_client, smtp_peer, reply_email, ticket, process_events, send_queue
):
    OutboundEmail.objects.filter(pk=reply_email.pk).update(
        status=Status.FAILED, attempts=6, last_error="SMTPServerDisconnected"
    )
    ack = OutboundEmail.objects.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT)
    send_queue.ids.clear()

    response = admin_client.post(
        reverse("admin:tickets_outboundemail_changelist"),
        {"action": "send_again", "_selected_action": [reply_email.pk, ack.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "1 e-mail will be sent again" in response.content.decode()
    reply_email.refresh_from_db()
    assert (reply_email.status, reply_email.attempts) == (Status.QUEUED, 0)
    send_outbound_email.apply(args=[reply_email.pk])
    [message] = [m for m in smtp_peer.received if m["Message-ID"] == reply_email.message_id_header]
    reply_email.refresh_from_db()
    assert reply_email.status == Status.SENT


def test_admin_lists_the_send_log(admin_client, reply_email):
    response = admin_client.get(reverse("admin:tickets_outboundemail_changelist"))

    assert response.status_code == 200
    assert reply_email.recipient in response.content.decode()


def test_files_beyond_the_size_budget_are_named_not_attached(
    smtp_peer, ticket, agent, process_events, settings
):
    settings.HELPDESK_EMAIL_ATTACHMENTS_MAX_BYTES = 10
    services.message_add_from_agent(
        ticket=ticket,
        agent=agent,
        body="Two files",
        attachments=[upload("small.txt", b"123456"), upload("big.txt", b"1234567")],
    )
    process_events()
    reply = OutboundEmail.objects.get(kind=OutboundEmail.Kind.AGENT_REPLY)

    outbound_email_send(email_id=reply.pk)

    [message] = smtp_peer.received
    assert [part.get_filename() for part in message.iter_attachments()] == ["small.txt"]
    text = message.get_body(("plain",)).get_content()
    assert "Attached: small.txt" in text
    assert "Too large to attach, download them through the link below: big.txt" in text
