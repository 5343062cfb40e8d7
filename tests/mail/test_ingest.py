"""The ingestion service: raw bytes in, one stored InboundEmail and the ticket writes out."""

from __future__ import annotations

import pytest

from tests.mail import messages
from tickets.models import InboundEmail, Message, Ticket, TicketEvent
from tickets.services.inbound_email import email_ingest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(media_root):
    """Every test stores raw mail in a throw-away media root."""


def ingest(raw: bytes, source: str = "command"):
    return email_ingest(raw, source=source)


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
    assert message.body == "Hello, my printer does not print."
    inbound = result.inbound
    assert inbound.outcome == "created" and inbound.message == message
    assert inbound.raw.read() == raw
    assert ticket.events.filter(kind=TicketEvent.Kind.CREATED).count() == 1


def test_the_same_message_id_twice_is_one_message():
    raw = messages.build(message_id="<Same.ID@example.org>")
    first = ingest(raw)
    again = ingest(messages.build(message_id="<same.id@example.org>", text="changed"))

    assert again.outcome == "duplicate"
    assert again.ticket == first.ticket
    assert again.inbound == first.inbound
    assert InboundEmail.objects.count() == 1
    assert Message.objects.count() == 1
