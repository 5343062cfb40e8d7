"""What we put in e-mails is safe: no header injection from any name, subject or id that came
from outside, customer text shown literally (escaped in HTML), encodings right."""

from __future__ import annotations

from email import message_from_bytes, policy
from types import SimpleNamespace

import pytest
from django.core import mail

from tests.factories import AgentFactory, CustomerFactory, make_ticket, upload
from tickets import services
from tickets.models import InboundEmail, OutboundEmail, Ticket
from tickets.services.outbound import (
    build_message,
    message_ids_clean,
    outbound_email_queue,
    outbound_email_send,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("send_queue", "media_root")]

Kind = OutboundEmail.Kind
INJECTION = "Hello\r\nBcc: evil@x.example\r\n\r\nInjected body"
XSS_NAME = '<script>alert("name")</script>'
XSS_SUBJECT = "<img src=x onerror=alert(1)>"
XSS_BODY = "<b>bold</b><script>alert('body')</script>"
XSS_FILE = "<svg onload=alert(1)>.txt"


def raw_headers(email: OutboundEmail) -> str:
    """The header block exactly as it goes on the wire."""
    raw = build_message(email).message().as_bytes()
    return raw.split(b"\n\n", 1)[0].decode("ascii")


HEADER_NAMES = {
    "Content-Type", "MIME-Version", "Subject", "From", "To", "Date", "Message-ID",
    "X-Auto-Response-Suppress", "Auto-Submitted", "In-Reply-To", "References",
}  # fmt: skip


def assert_no_injected_header(email: OutboundEmail) -> None:
    parsed = message_from_bytes(build_message(email).message().as_bytes(), policy=policy.default)
    assert set(parsed.keys()) <= HEADER_NAMES
    assert parsed["Bcc"] is None
    assert "evil@x.example" not in (parsed["To"] or "")
    # Every header line is a known header or the folded continuation of one
    for line in raw_headers(email).splitlines():
        assert line[:1].isspace() or line.split(":", 1)[0] in HEADER_NAMES, line
    assert "\r" not in email.subject and "\n" not in email.subject


# --- Header injection ------------------------------------------------------------------------


def test_subject_with_a_line_break_never_makes_a_header(team, customer, agent, process_events):
    # Given a ticket whose subject holds a header (the service already flattens it)...
    ticket = make_ticket(customer=customer, team=team, subject=INJECTION)
    # ...and an older one stored before that rule existed
    legacy = make_ticket(customer=customer, team=team)
    Ticket.objects.filter(pk=legacy.pk).update(subject=INJECTION)
    legacy.refresh_from_db()
    for each in (ticket, legacy):
        services.message_add_from_agent(ticket=each, agent=agent, body="Answer")

    process_events()

    replies = OutboundEmail.objects.filter(kind=Kind.AGENT_REPLY)
    assert replies.count() == 2
    for email in replies:
        assert_no_injected_header(email)
        assert email.subject.endswith("Hello Bcc: evil@x.example Injected body")


def test_injection_reaches_no_recipient_over_smtp(smtp_peer, team, customer, agent, process_events):
    ticket = make_ticket(customer=customer, team=team)
    Ticket.objects.filter(pk=ticket.pk).update(subject=INJECTION)
    ticket.refresh_from_db()
    services.message_add_from_agent(ticket=ticket, agent=agent, body="Answer")
    process_events()

    for email in OutboundEmail.objects.all():
        outbound_email_send(email_id=email.pk)

    assert {tuple(envelope.rcpt_tos) for envelope in smtp_peer.envelopes} == {(customer.email,)}
    assert all(message["Bcc"] is None for message in smtp_peer.received)


def test_names_with_line_breaks_stay_in_the_body(team, agent, process_events):
    # A customer name and an agent name carrying header text
    customer = CustomerFactory(name=INJECTION)
    colleague = AgentFactory(teams=[team], first_name=INJECTION, email="c@helpdesk.example")
    ticket = make_ticket(customer=customer, team=team)
    services.ticket_assign(ticket=ticket, actor=colleague, assignee=agent)
    services.ticket_assign(ticket=ticket, actor=agent, assignee=colleague)
    services.message_add_from_customer(ticket=ticket, customer=customer, body="Hi")
    services.message_add_from_agent(ticket=ticket, agent=colleague, body="Answer")

    process_events()

    emails = list(OutboundEmail.objects.all())
    assert {e.kind for e in emails} >= {Kind.AGENT_ASSIGNED, Kind.AGENT_REPLY}
    for email in emails:
        assert_no_injected_header(email)


def test_from_display_name_comes_from_settings_and_is_flattened(settings, ticket, process_events):
    settings.HELPDESK_EMAIL_FROM_NAME = INJECTION
    settings.DEFAULT_FROM_EMAIL = "help@helpdesk.example"
    process_events()
    [email] = OutboundEmail.objects.all()

    assert_no_injected_header(email)
    parsed = message_from_bytes(build_message(email).message().as_bytes(), policy=policy.default)
    assert parsed["Bcc"] is None
    assert parsed["From"].addresses[0].addr_spec == "help@helpdesk.example"
    assert parsed["From"].addresses[0].display_name == "Hello Bcc: evil@x.example Injected body"


def test_message_ids_from_incoming_mail_are_sanitized(ticket, customer, agent, process_events):
    message = services.message_add_from_customer(ticket=ticket, customer=customer, body="mail")
    InboundEmail.objects.create(
        dedupe_key="e" * 64,
        message_id_header="<ok@customer.example>\r\nBcc: evil@x.example",
        source=InboundEmail.Source.HTTP,
        raw="mail/x.eml",
        outcome=InboundEmail.Outcome.APPENDED,
        ticket=ticket,
        message=message,
        received_at=message.created_at,
    )
    services.message_add_from_agent(ticket=ticket, agent=agent, body="Answer")

    process_events()

    reply = OutboundEmail.objects.get(kind=Kind.AGENT_REPLY)
    assert reply.in_reply_to == "<ok@customer.example>"
    assert "evil" not in reply.references
    assert_no_injected_header(reply)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["<a@x>", "<b@x> <c@x>"], ["<a@x>", "<b@x>", "<c@x>"]),
        (["<a@x>\r\nBcc: e@x", "junk", ""], ["<a@x>"]),
        (["<a b@x>", "<<a@x>>", "<" + "a" * 300 + "@x>"], ["<a@x>"]),
        (["<a@x>", "<a@x>"], ["<a@x>"]),
        ([f"<{n}@x>" for n in range(30)], ["<0@x>"] + [f"<{n}@x>" for n in range(11, 30)]),
    ],
    ids=["split", "line-break", "malformed", "duplicate", "bounded"],
)
def test_message_ids_clean(values, expected):
    assert message_ids_clean(values) == expected


def test_message_ids_clean_to_one_keeps_the_first():
    assert message_ids_clean(["<a@x> <b@x> <c@x>"], limit=1) == ["<a@x>"]


@pytest.mark.parametrize("address", ["a@x.example\r\nBcc: evil@x.example", "not an address", ""])
def test_invalid_recipient_is_recorded_not_sent(ticket, address, send_queue):
    email = outbound_email_queue(
        kind=Kind.ACKNOWLEDGEMENT,
        to=address,
        template="acknowledgement",
        context={"reference": ticket.reference, "tracking_url": "http://testserver/t/"},
        language="en",
        ticket=ticket,
    )

    assert email.status == OutboundEmail.Status.SUPPRESSED
    assert "not a valid e-mail address" in email.last_error
    assert outbound_email_send(email_id=email.pk) is None


def test_very_long_and_non_ascii_subjects_are_encoded_and_folded(ticket):
    subject = "Принтер горит — " + "очень " * 400
    email = outbound_email_queue(
        kind=Kind.AGENT_REPLY,
        to="someone@example.org",
        template="agent_reply",
        context={
            "ticket": SimpleNamespace(reference=ticket.reference, subject=subject),
            "message": ticket.messages.get(),
        },
        language="en",
        ticket=ticket,
    )

    assert len(email.subject) == 300
    headers = raw_headers(email)
    assert headers.isascii()
    assert "=?utf-8?" in headers
    assert all(len(line) <= 998 for line in headers.splitlines())
    parsed = message_from_bytes(build_message(email).message().as_bytes(), policy=policy.default)
    # (the standard library's parser keeps the white space of the fold; mail clients trim it)
    assert parsed["Subject"].strip() == email.subject
    assert email.subject.startswith(f"Re: [{ticket.reference}] Принтер горит")


# --- Customer text shown literally -----------------------------------------------------------


def test_customer_and_agent_text_is_literal_in_text_and_escaped_in_html(
    team, process_events, send_queue
):
    customer = CustomerFactory(name=XSS_NAME)
    colleague = AgentFactory(teams=[team], email="c@helpdesk.example")
    agent = AgentFactory(teams=[team], first_name=XSS_NAME)
    ticket = make_ticket(customer=customer, team=team, subject=XSS_SUBJECT, body=XSS_BODY)
    services.ticket_assign(ticket=ticket, actor=agent, assignee=colleague)
    services.message_add_from_customer(ticket=ticket, customer=customer, body=XSS_BODY)
    services.message_add_from_agent(
        ticket=ticket, agent=agent, body=XSS_BODY, attachments=[upload(XSS_FILE)]
    )

    process_events()

    reply = OutboundEmail.objects.get(kind=Kind.AGENT_REPLY)
    replied = OutboundEmail.objects.get(kind=Kind.AGENT_CUSTOMER_REPLIED)
    assigned = OutboundEmail.objects.get(kind=Kind.AGENT_ASSIGNED)
    # Plain text: exactly as written
    assert XSS_BODY in reply.body_text
    assert XSS_FILE in reply.body_text
    assert XSS_SUBJECT in reply.subject
    assert XSS_NAME in reply.body_text  # the agent's name signs the reply
    assert XSS_BODY in replied.body_text
    assert XSS_NAME in replied.body_text
    assert XSS_SUBJECT in assigned.body_text
    # HTML: escaped, never live markup
    for email in (reply, replied, assigned):
        assert "<script" not in email.body_html
        assert "<img" not in email.body_html
        assert "<svg" not in email.body_html
        assert "&amp;lt;" not in email.body_html  # escaped once, not twice
    assert "&lt;script&gt;alert(&#x27;body&#x27;)&lt;/script&gt;" in reply.body_html
    assert "&lt;svg onload=alert(1)&gt;.txt" in reply.body_html
    assert "&lt;img src=x onerror=alert(1)&gt;" in assigned.body_html
    assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;" in replied.body_html

    send_queue.run()
    reply_mail = next(m for m in mail.outbox if m.to == [customer.email] and m.attachments)
    assert reply_mail.attachments[0].filename == XSS_FILE


def test_html_reply_is_sanitized(ticket, process_events):
    # An HTML-format message (as e-mail intake stores them) quoted to an agent, and one sent
    message = ticket.messages.get()
    message.body_format = message.Format.HTML
    message.body = "<p>Hi</p><script>alert(1)</script><a href='javascript:x'>link</a>"
    message.save()
    email = outbound_email_queue(
        kind=Kind.AGENT_REPLY,
        to="someone@example.org",
        template="agent_reply",
        context={"ticket": ticket, "message": message, "text": "Hi"},
        language="en",
        ticket=ticket,
    )

    assert "<p>Hi</p>" in email.body_html
    assert "<script" not in email.body_html
    assert "javascript:" not in email.body_html
