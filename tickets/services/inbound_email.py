"""E-mail intake: one service takes the raw bytes of a message, whichever way it came (IMAP
poller, the provider's HTTP POST, ``manage.py ingest_email``)."""

from __future__ import annotations

from dataclasses import dataclass

from tickets.models import InboundEmail, Mailbox, Ticket


@dataclass(frozen=True)
class IngestResult:
    outcome: str  # created|appended|follow_up|duplicate|ignored|quarantined|rejected
    ticket: Ticket | None
    reason: str
    inbound: InboundEmail | None


def email_ingest(
    raw: bytes, *, source: str, mailbox: Mailbox | None = None
) -> IngestResult:  # pragma: no cover - being written (issue 5, e-mail in)
    raise NotImplementedError
