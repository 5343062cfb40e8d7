"""Who hears about what: the e-mails that ticket events cause, through the real services and
the event processing a worker runs (tickets.notifications.notify_from_events)."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock
from urllib.parse import unquote

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from helpdesk import clock
from tests.factories import AgentFactory, CustomerFactory, make_ticket, upload
from tickets import links, notifications, services
from tickets.models import InboundEmail, OutboundEmail, Ticket, TicketEvent
from tickets.services.tickets import ticket_change_status_by_customer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("send_queue", "media_root")]

Kind = OutboundEmail.Kind
Status = OutboundEmail.Status
S = Ticket.Status


def emails(**filters):
    return list(OutboundEmail.objects.filter(**filters).order_by("id"))


def html_part(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


# --- Acknowledgement -----------------------------------------------------------------------


def test_new_ticket_is_acknowledged_with_reference_and_private_link(
    customer, team, process_events, send_queue
):
    ticket = make_ticket(customer=customer, team=team)
    process_events()

    [ack] = emails(ticket=ticket)
    assert ack.kind == Kind.ACKNOWLEDGEMENT
    assert ack.recipient == customer.email
    assert ack.recipient_customer == customer
    assert ack.is_automatic
    assert ticket.reference in ack.subject
    [url] = re.findall(r"http://testserver/track/\S+", ack.body_text)
    path, proof = url.split("?v=")
    assert path == "http://testserver" + links.tracking_path(ticket)
    assert links.address_proof_read(unquote(proof)) == (customer.pk, customer.email)
    assert f'href="{url}"' in ack.body_html

    [sent] = send_queue.run()
    assert sent.status == Status.SENT
    [message] = mail.outbox
    assert message.to == [customer.email]
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert ticket.reference in message.subject


def test_acknowledgement_carries_no_text_the_sender_wrote(team, process_events):
    # Given a request whose name, subject and body are an advertisement for someone else
    spammer = CustomerFactory(name="BUY CHEAP PILLS", email="victim@example.net")
    ticket = make_ticket(
        customer=spammer,
        team=team,
        subject="Cheap pills at pills.example",
        body="Visit http://pills.example now",
    )

    process_events()

    [ack] = emails(ticket=ticket)
    for part in (ack.subject, ack.body_text, ack.body_html):
        assert "pills" not in part.lower()
        assert "PILLS" not in part


def test_customer_without_an_address_gets_nothing(team, agent, process_events):
    caller = CustomerFactory(email=None, phone="+79161234567")
    ticket = make_ticket(customer=caller, team=team, channel=Ticket.Channel.PHONE, created_by=agent)
    services.message_add_from_agent(ticket=ticket, agent=agent, body="We called you back.")

    process_events()

    assert emails(ticket=ticket) == []


def test_second_acknowledgement_within_the_hour_is_recorded_not_sent(
    customer, team, process_events, at
):
    with at():
        first = make_ticket(customer=customer, team=team)
        process_events()
    with at(minutes=59):
        second = make_ticket(customer=customer, team=team)
        process_events()
    with at(minutes=61):
        third = make_ticket(customer=customer, team=team)
        process_events()

    [ack1], [ack2], [ack3] = emails(ticket=first), emails(ticket=second), emails(ticket=third)
    assert ack1.status == Status.QUEUED
    assert ack2.status == Status.SUPPRESSED
    assert "less than an hour" in ack2.last_error
    assert ack3.status == Status.QUEUED  # an hour after the first one that went out


def test_throttle_counts_the_address_not_the_ticket_or_customer(team, process_events):
    make_ticket(customer=CustomerFactory(email="a@example.org"), team=team)
    make_ticket(customer=CustomerFactory(email="b@example.org"), team=team)

    process_events()

    assert [e.status for e in emails(kind=Kind.ACKNOWLEDGEMENT)] == [Status.QUEUED] * 2


def russian_catalog_has(msgid: str) -> None:
    """The e-mails' sentences are in the Russian catalog (make test compiles it first): a
    missing translation is a failure, not a skip."""
    with translation.override("ru"):
        assert translation.gettext(msgid) != msgid, f"no Russian for {msgid!r}"


def test_acknowledgement_in_the_customers_language(team, process_events):
    russian = CustomerFactory(language="ru")
    ticket = make_ticket(customer=russian, team=team)

    process_events()

    [ack] = emails(ticket=ticket)
    assert ack.language == "ru"
    assert '<html lang="ru">' in ack.body_html
    assert ticket.reference in ack.subject
    russian_catalog_has("We received your request")
    assert "We received" not in ack.subject
    assert "Hello" not in ack.body_text


def test_ticket_from_inbound_mail_is_acknowledged_in_its_thread(customer, team, process_events):
    # Given a ticket that came by e-mail (as the e-mail-in service stores it)
    with transaction.atomic():
        ticket = make_ticket(customer=customer, team=team, channel=Ticket.Channel.EMAIL)
        InboundEmail.objects.create(
            dedupe_key="a" * 64,
            message_id_header="<first.mail@customer.example>",
            source=InboundEmail.Source.COMMAND,
            raw="mail/x.eml",
            outcome=InboundEmail.Outcome.CREATED,
            ticket=ticket,
            message=ticket.messages.get(),
            received_at=ticket.created_at,
        )

    process_events()

    [ack] = emails(ticket=ticket)
    assert ack.in_reply_to == "<first.mail@customer.example>"
    assert ack.references == "<first.mail@customer.example>"


# --- Agent replies -------------------------------------------------------------------------


def test_public_reply_is_mailed_with_its_attachments_and_no_auto_submitted(
    ticket, agent, process_events, send_queue
):
    services.message_add_from_agent(
        ticket=ticket,
        agent=agent,
        body="Please try this driver.",
        attachments=[upload("driver.txt", b"driver bytes")],
    )
    process_events()

    reply = OutboundEmail.objects.get(kind=Kind.AGENT_REPLY)
    assert reply.subject == f"Re: [{ticket.reference}] {ticket.subject}"
    assert not reply.is_automatic
    assert "Please try this driver." in reply.body_text
    assert "driver.txt" in reply.body_text

    send_queue.run()
    [message] = [m for m in mail.outbox if m.subject.startswith("Re:")]
    assert "Auto-Submitted" not in message.extra_headers
    assert [tuple(a) for a in message.attachments] == [("driver.txt", "driver bytes", "text/plain")]


def test_internal_note_is_never_mailed(ticket, agent, process_events):
    process_events()  # the acknowledgement
    services.message_add_from_agent(ticket=ticket, agent=agent, body="Secret", is_internal=True)

    process_events()

    assert emails(ticket=ticket, kind=Kind.AGENT_REPLY) == []
    assert not any("Secret" in e.body_text for e in emails())


def test_reply_is_threaded_to_the_customers_latest_mail(ticket, customer, agent, process_events):
    # Given the acknowledgement, then two e-mails from the customer on the ticket
    process_events()
    [ack] = emails(ticket=ticket)
    for n, message_id in enumerate(["<one@customer.example>", "<two@customer.example>"], 1):
        message = services.message_add_from_customer(
            ticket=ticket, customer=customer, body=f"mail {n}", channel=Ticket.Channel.EMAIL
        )
        InboundEmail.objects.create(
            dedupe_key=str(n) * 64,
            message_id_header=message_id,
            source=InboundEmail.Source.IMAP,
            raw="mail/x.eml",
            outcome=InboundEmail.Outcome.APPENDED,
            ticket=ticket,
            message=message,
            received_at=message.created_at,
        )

    services.message_add_from_agent(ticket=ticket, agent=agent, body="Answer")
    process_events()

    reply = OutboundEmail.objects.get(kind=Kind.AGENT_REPLY)
    assert reply.in_reply_to == "<two@customer.example>"
    assert reply.references.split() == [
        ack.message_id_header,
        "<one@customer.example>",
        "<two@customer.example>",
    ]


def test_a_malformed_id_of_theirs_is_skipped_for_the_last_good_one(
    ticket, customer, agent, process_events
):
    for n, message_id in enumerate(["<good@customer.example>", "no brackets@broken"], 1):
        message = services.message_add_from_customer(
            ticket=ticket, customer=customer, body=f"mail {n}", channel=Ticket.Channel.EMAIL
        )
        InboundEmail.objects.create(
            dedupe_key=str(n) * 64,
            message_id_header=message_id,
            source=InboundEmail.Source.IMAP,
            raw="mail/x.eml",
            outcome=InboundEmail.Outcome.APPENDED,
            ticket=ticket,
            message=message,
            received_at=message.created_at,
        )
    services.message_add_from_agent(ticket=ticket, agent=agent, body="Answer")

    process_events()

    reply = OutboundEmail.objects.get(kind=Kind.AGENT_REPLY)
    assert reply.in_reply_to == "<good@customer.example>"
    assert "broken" not in reply.references


def test_without_customer_mail_the_reply_answers_our_last_email(ticket, agent, process_events):
    process_events()
    [ack] = emails(ticket=ticket)
    services.message_add_from_agent(ticket=ticket, agent=agent, body="First answer")
    process_events()
    first = OutboundEmail.objects.get(kind=Kind.AGENT_REPLY)
    services.message_add_from_agent(ticket=ticket, agent=agent, body="Second answer")
    process_events()

    second = OutboundEmail.objects.filter(kind=Kind.AGENT_REPLY).latest("id")
    assert first.in_reply_to == ack.message_id_header
    assert second.in_reply_to == first.message_id_header
    assert second.references.split() == [ack.message_id_header, first.message_id_header]


def test_references_stay_bounded_and_keep_the_root(ticket, agent, process_events):
    process_events()
    [ack] = emails(ticket=ticket)
    for n in range(25):
        services.message_add_from_agent(ticket=ticket, agent=agent, body=f"answer {n}")
        process_events()

    last = OutboundEmail.objects.filter(kind=Kind.AGENT_REPLY).latest("id")
    ids = last.references.split()
    assert len(ids) == 20
    assert ids[0] == ack.message_id_header
    assert len(set(ids)) == 20


def test_reply_to_a_russian_customer_is_in_russian(team, agent, process_events):
    russian = CustomerFactory(language="ru")
    ticket = make_ticket(customer=russian, team=team)
    services.message_add_from_agent(
        ticket=ticket, agent=agent, body="Попробуйте перезагрузить.", status=S.SOLVED
    )

    process_events()

    reply = OutboundEmail.objects.get(kind=Kind.AGENT_REPLY)
    assert reply.language == "ru"
    assert "Попробуйте перезагрузить." in reply.body_text
    assert "Статус: Решена" in reply.body_text
    assert "Статус: Решена" in reply.body_html


# --- Status notices ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "kind", "words"),
    [(S.SOLVED, Kind.SOLVED, "solved"), (S.PENDING, Kind.PENDING, "need an answer")],
)
def test_agent_status_change_sends_a_notice(ticket, agent, process_events, status, kind, words):
    services.ticket_change_status(ticket=ticket, actor=agent, status=S.OPEN)
    services.ticket_change_status(ticket=ticket, actor=agent, status=status)

    process_events()

    [notice] = emails(ticket=ticket, kind=kind)
    assert notice.is_automatic
    assert words in notice.body_text
    assert ticket.subject in notice.subject
    assert (
        notice.in_reply_to == emails(ticket=ticket, kind=Kind.ACKNOWLEDGEMENT)[0].message_id_header
    )


def test_moving_to_open_or_on_hold_sends_nothing(ticket, agent, process_events):
    services.ticket_change_status(ticket=ticket, actor=agent, status=S.OPEN)
    services.ticket_change_status(ticket=ticket, actor=agent, status=S.ON_HOLD)

    process_events()

    assert [e.kind for e in emails(ticket=ticket)] == [Kind.ACKNOWLEDGEMENT]


@pytest.mark.parametrize(("status", "words"), [(S.SOLVED, "solved"), (S.PENDING, "waiting")])
def test_reply_with_a_status_sends_only_the_reply_and_tells_the_status(
    ticket, agent, process_events, status, words
):
    services.message_add_from_agent(ticket=ticket, agent=agent, body="Done.", status=status)

    process_events()

    assert [e.kind for e in emails(ticket=ticket)] == [Kind.ACKNOWLEDGEMENT, Kind.AGENT_REPLY]
    reply = emails(ticket=ticket, kind=Kind.AGENT_REPLY)[0]
    assert words in reply.body_text
    assert words in reply.body_html


def test_internal_note_with_a_status_still_sends_the_notice(ticket, agent, process_events):
    services.message_add_from_agent(
        ticket=ticket, agent=agent, body="Closing quietly", is_internal=True, status=S.SOLVED
    )

    process_events()

    [notice] = emails(ticket=ticket, kind=Kind.SOLVED)
    assert "Closing quietly" not in notice.body_text


def test_customers_own_solved_click_sends_nothing(ticket, customer, agent, process_events):
    services.message_add_from_agent(ticket=ticket, agent=agent, body="Try this")
    process_events()
    before = OutboundEmail.objects.count()
    # The customer's "this solved my problem" on the tracking page
    ticket_change_status_by_customer(ticket=ticket, customer=customer, status=S.SOLVED)

    process_events()

    assert OutboundEmail.objects.count() == before


# --- Agents' notifications -----------------------------------------------------------------


@pytest.fixture
def colleague(team):
    return AgentFactory(teams=[team], email="colleague@helpdesk.example", language="en")


def test_agent_hears_of_a_ticket_assigned_by_someone_else(ticket, agent, colleague, process_events):
    services.ticket_assign(ticket=ticket, actor=agent, assignee=colleague)

    process_events()

    [note] = emails(kind=Kind.AGENT_ASSIGNED)
    assert note.recipient == colleague.email
    assert note.recipient_user == colleague
    assert f"http://testserver/agent/tickets/{ticket.reference}/" in note.body_text
    assert ticket.subject in note.subject


def test_taking_a_ticket_yourself_sends_nothing(ticket, agent, process_events):
    services.ticket_assign(ticket=ticket, actor=agent, assignee=agent)

    process_events()

    assert emails(kind=Kind.AGENT_ASSIGNED) == []


def test_assignee_hears_of_the_customers_reply_in_their_language(
    ticket, customer, agent, colleague, process_events
):
    colleague.language = "ru"
    colleague.save()
    services.ticket_assign(ticket=ticket, actor=agent, assignee=colleague)
    services.message_add_from_customer(ticket=ticket, customer=customer, body="Still smoking")

    process_events()

    [note] = emails(kind=Kind.AGENT_CUSTOMER_REPLIED)
    assert note.recipient == colleague.email
    assert note.language == "ru"
    assert "Still smoking" in note.body_text
    assert "Клиент:" in note.body_text
    # The second notification threads under the first one about the ticket
    assert note.in_reply_to == emails(kind=Kind.AGENT_ASSIGNED)[0].message_id_header


def test_assignee_who_logged_the_customers_call_is_not_told_of_it(
    ticket, customer, agent, colleague, process_events
):
    services.ticket_assign(ticket=ticket, actor=agent, assignee=colleague)
    services.message_add_from_customer(
        ticket=ticket,
        customer=customer,
        body="Said on the phone: still broken",
        channel=Ticket.Channel.PHONE,
        logged_by=colleague,
    )

    process_events()

    assert emails(kind=Kind.AGENT_CUSTOMER_REPLIED) == []


def test_unassigned_ticket_reply_notifies_nobody(ticket, customer, process_events):
    services.message_add_from_customer(ticket=ticket, customer=customer, body="Hello?")

    process_events()

    assert emails(kind=Kind.AGENT_CUSTOMER_REPLIED) == []


def test_agent_who_turned_notifications_off_gets_neither(
    ticket, customer, agent, colleague, process_events
):
    colleague.notify_by_email = False
    colleague.save()
    services.ticket_assign(ticket=ticket, actor=agent, assignee=colleague)
    services.message_add_from_customer(ticket=ticket, customer=customer, body="Hello?")

    process_events()

    assert emails(recipient_user=colleague) == []


def test_agent_without_an_address_gets_nothing(ticket, agent, colleague, process_events):
    colleague.email = ""
    colleague.save()
    services.ticket_assign(ticket=ticket, actor=agent, assignee=colleague)

    process_events()

    assert emails(recipient_user=colleague) == []


# --- Replays and the after-commit enqueue --------------------------------------------------


def test_replayed_events_queue_nothing_twice(ticket, customer, agent, colleague, process_events):
    services.ticket_assign(ticket=ticket, actor=agent, assignee=colleague)
    services.message_add_from_agent(ticket=ticket, agent=agent, body="Try", status=S.PENDING)
    services.message_add_from_customer(ticket=ticket, customer=customer, body="Tried")
    services.ticket_change_status(ticket=ticket, actor=agent, status=S.SOLVED)
    process_events()
    first = {(e.event_id, e.kind, e.recipient, e.status) for e in emails()}
    assert len(first) == 5

    # A worker died after the handlers ran but before the batch was marked processed
    TicketEvent.objects.update(processed_at=None)
    process_events()

    assert {(e.event_id, e.kind, e.recipient, e.status) for e in emails()} == first


def test_replay_does_not_turn_the_acknowledgement_into_a_suppressed_one(
    customer, team, process_events
):
    ticket = make_ticket(customer=customer, team=team)
    process_events()
    TicketEvent.objects.update(processed_at=None)

    process_events()

    assert [e.status for e in emails(ticket=ticket)] == [Status.QUEUED]


def test_send_task_is_enqueued_only_after_commit(
    customer, team, send_queue, process_events, django_capture_on_commit_callbacks
):
    make_ticket(customer=customer, team=team)

    with django_capture_on_commit_callbacks() as callbacks:
        process_events()
        assert send_queue.ids == []  # the e-mail row exists, the task is not sent yet

    [ack] = emails()
    for callback in callbacks:
        callback()
    assert send_queue.ids == [ack.pk]


def test_suppressed_email_enqueues_nothing(
    customer, team, send_queue, process_events, django_capture_on_commit_callbacks, at
):
    with at(), django_capture_on_commit_callbacks(execute=True):
        make_ticket(customer=customer, team=team)
        process_events()
        make_ticket(customer=customer, team=team)
        process_events()

    queued, suppressed = emails()
    assert suppressed.status == Status.SUPPRESSED
    assert send_queue.ids == [queued.pk]


def test_one_broken_email_does_not_hold_up_the_others(ticket, agent, process_events, caplog):
    # Given a bug that breaks the e-mail of agent replies
    def broken(event):
        OutboundEmail.objects.create(  # half-written work, undone with its savepoint
            kind=Kind.AGENT_REPLY,
            recipient="x@example.org",
            subject="half",
            body_text="half",
            message_id_header="<half@x>",
            created_at=ticket.created_at,
        )
        raise RuntimeError("template bug")

    services.message_add_from_agent(ticket=ticket, agent=agent, body="Hi", status=S.PENDING)

    with mock.patch.dict(notifications.HANDLERS, {TicketEvent.Kind.AGENT_REPLIED: broken}):
        process_events()

    # Then the other e-mails of the batch are queued, every event is processed, the bug logged
    assert [e.kind for e in emails()] == [Kind.ACKNOWLEDGEMENT]
    assert not TicketEvent.objects.filter(processed_at__isnull=True).exists()
    assert "no e-mail for ticket event" in caplog.text


def test_request_form_for_a_known_address_mails_the_link_to_that_address(
    client, customer, team, process_events
):
    # Someone types a known customer's address into the public form
    response = client.post(
        reverse("request-new"),
        {
            "name": "Somebody Else",
            "email": customer.email.upper(),
            "subject": "Printer",
            "body": "It is broken",
        },
    )
    assert response.status_code in (200, 302)
    ticket = Ticket.objects.get(subject="Printer")

    process_events()

    [ack] = emails(ticket=ticket)
    assert ack.recipient == customer.email
    assert links.tracking_path(ticket) in ack.body_text
    assert "Somebody Else" not in ack.body_text + ack.body_html


def test_events_older_than_the_notification_window_send_nothing(team, settings, process_events):
    # Given a ticket filed three days ago whose events the workers never got to (an outage)
    settings.HELPDESK_NOTIFY_MAX_EVENT_AGE_HOURS = 48
    with clock.frozen_at(clock.now() - timedelta(days=3)):
        make_ticket(customer=CustomerFactory(), team=team)
    fresh = make_ticket(customer=CustomerFactory(), team=team)

    process_events()

    # Then only the fresh ticket is acknowledged; the stale one queues no e-mail at all
    assert list(OutboundEmail.objects.values_list("ticket", flat=True)) == [fresh.pk]
