"""Fixtures for the mail tests: a real SMTP peer (aiosmtpd) that Django's SMTP backend talks
to, and helpers to run the event handlers the way the worker does."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from unittest import mock

import pytest
from aiosmtpd.controller import Controller

from tickets.models import OutboundEmail
from tickets.services import events_process_pending
from tickets.services.outbound import outbound_email_send
from tickets.tasks import process_pending_events, send_outbound_email


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class SmtpPeer:
    """What the peer received, and how it answers: ``reply`` set to e.g. "451 4.3.0 Try
    again later" makes it refuse every message with that reply."""

    host: str
    port: int
    received: list[EmailMessage] = field(default_factory=list)
    envelopes: list = field(default_factory=list)
    reply: str | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.reply:
            return self.reply
        self.envelopes.append(envelope)
        self.received.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 2.0.0 Ok: queued"


def _point_django_at(settings, host: str, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = host
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp_peer(settings):
    """A real SMTP server on 127.0.0.1 and a free port; Django's SMTP backend sends to it."""
    peer = SmtpPeer(host="127.0.0.1", port=free_port())
    controller = Controller(peer, hostname=peer.host, port=peer.port)
    controller.start()
    _point_django_at(settings, peer.host, peer.port)
    try:
        yield peer
    finally:
        controller.stop()


@pytest.fixture
def smtp_down(settings):
    """Django's SMTP backend pointed at a port where nothing listens."""
    _point_django_at(settings, "127.0.0.1", free_port())


@pytest.fixture
def process_events():
    """Run the event handlers as the worker does, until nothing is pending."""

    def run() -> int:
        total = 0
        while count := events_process_pending():
            total += count
        return total

    return run


@pytest.fixture
def send_queue():
    """The broker boundary for e-mail: records the ids of send tasks instead of publishing
    them to Redis (``send_queue.ids``); ``send_queue.run()`` then sends every queued row here,
    as a worker would."""

    class Recorder:
        ids: list[int]

        def __init__(self) -> None:
            self.ids = []

        def record(self, args=(), **options):
            self.ids.extend(args)

        def run(self) -> list[OutboundEmail]:
            queued = OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED)
            return [outbound_email_send(email_id=pk) for pk in queued.values_list("pk", flat=True)]

    recorder = Recorder()
    with (
        mock.patch.object(send_outbound_email, "apply_async", side_effect=recorder.record),
        mock.patch.object(process_pending_events, "apply_async"),
    ):
        yield recorder
