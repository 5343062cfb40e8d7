"""Outgoing e-mail: one row per recipient, queued in the caller's transaction and sent by Celery
after commit. The row is the send log agents read (status, attempts, provider id, error)."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterable, Sequence
from datetime import timedelta
from email.utils import formataddr

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_noop

from helpdesk import clock
from helpdesk.text import clean_label
from tickets.models import (
    Attachment,
    Customer,
    Message,
    OutboundEmail,
    Ticket,
    TicketEvent,
    User,
)

logger = logging.getLogger(__name__)


def new_message_id() -> str:
    """An RFC 5322 Message-ID of ours: random, so stable only because it is stored on the row
    and every retry sends the same one."""
    return f"<{secrets.token_hex(16)}@{settings.HELPDESK_EMAIL_DOMAIN}>"


def header_safe(value: str, *, limit: int = 200) -> str:
    """A name or subject fit for a mail header: one line, no invisible tricks, bounded."""
    return clean_label(value)[:limit]


def from_header() -> str:
    return formataddr((header_safe(settings.HELPDESK_EMAIL_FROM_NAME), settings.DEFAULT_FROM_EMAIL))


# One msg-id (RFC 5322 3.6.4): no white space, no angle brackets inside, bounded. Ids from
# incoming mail are the sender's text, so only this shape ever reaches one of our headers.
_MESSAGE_ID = re.compile(r"<[^<>\s\x00-\x1f\x7f]{1,250}>")
REFERENCES_MAX_IDS = 20
# Ticket subjects are at most 200 characters; the reference and "Re:" fit in what is left.
SUBJECT_MAX = 300


def message_ids_clean(values: Iterable[str], *, limit: int = REFERENCES_MAX_IDS) -> list[str]:
    """The well-formed, distinct message ids among ``values``, in order, at most ``limit``: the
    first (the thread's root, which clients thread by) and the most recent ones."""
    found: list[str] = []
    for value in values:
        for message_id in _MESSAGE_ID.findall(value or ""):
            if message_id not in found:
                found.append(message_id)
    if len(found) > limit:
        found = found[:1] + (found[-(limit - 1) :] if limit > 1 else [])
    return found


def address_valid(address: str) -> bool:
    if not address or len(address) > 254 or "\n" in address or "\r" in address:
        return False
    try:
        validate_email(address)
    except DjangoValidationError:
        return False
    return True


# Why an e-mail was not sent; stored untranslated and translated when shown to an agent.
REASON_INVALID_ADDRESS = gettext_noop("The address is not a valid e-mail address.")


def outbound_email_queue(
    *,
    kind: str,
    to: str,
    template: str,
    context: dict,
    language: str,
    customer: Customer | None = None,
    user: User | None = None,
    ticket: Ticket | None = None,
    message: Message | None = None,
    event: TicketEvent | None = None,
    in_reply_to: str = "",
    references: Sequence[str] = (),
    is_automatic: bool = True,
    status: str = OutboundEmail.Status.QUEUED,
    reason: str = "",
) -> OutboundEmail | None:
    """Render ``templates/emails/<template>_subject.txt``, ``_body.txt`` and ``_body.html`` in
    ``language`` and store the e-mail; Celery sends it after the caller's transaction commits.

    Returns None when this event already queued this kind of e-mail to this recipient (events
    may be replayed). ``status=SUPPRESSED`` records an e-mail deliberately not sent, with
    ``reason`` (shown to agents), and queues nothing."""
    if (
        event is not None
        and OutboundEmail.objects.filter(event=event, kind=kind, recipient=to).exists()
    ):
        return None
    if not address_valid(to):
        status, reason = OutboundEmail.Status.SUPPRESSED, REASON_INVALID_ADDRESS
    in_reply_to = (message_ids_clean([in_reply_to], limit=1) or [""])[0]
    references = message_ids_clean(references)
    with translation.override(language):
        context = {
            **context,
            "base_url": settings.HELPDESK_BASE_URL,
            "from_name": settings.HELPDESK_EMAIL_FROM_NAME,
        }
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        body_text = render_to_string(f"emails/{template}_body.txt", context).strip() + "\n"
        body_html = render_to_string(f"emails/{template}_body.html", context)
    try:
        # A savepoint: a concurrent worker that queued the same e-mail first wins, and the
        # caller's transaction goes on.
        with transaction.atomic():
            email = OutboundEmail.objects.create(
                kind=kind,
                status=status,
                recipient=to[:320],
                recipient_customer=customer,
                recipient_user=user,
                ticket=ticket,
                message=message,
                event=event,
                language=language,
                subject=header_safe(subject, limit=SUBJECT_MAX),
                body_text=body_text,
                body_html=body_html,
                message_id_header=new_message_id(),
                in_reply_to=in_reply_to,
                references=" ".join(references),
                is_automatic=is_automatic,
                last_error=reason,
                created_at=clock.now(),
            )
    except IntegrityError:
        if event is not None:
            return None
        raise
    if status == OutboundEmail.Status.QUEUED:
        transaction.on_commit(lambda: _enqueue_send(email.pk))
    return email


def _enqueue_send(email_id: int) -> None:
    from tickets.tasks import send_outbound_email

    try:
        send_outbound_email.apply_async(args=[email_id], retry=False)
    except Exception:  # broker down: the row stays queued and beat's re-drive sends it
        logger.warning("broker unreachable; e-mail %s waits for the re-drive", email_id)


def build_message(email: OutboundEmail) -> EmailMultiAlternatives:
    headers = {
        "Message-ID": email.message_id_header,
        # Replies come back to the address we send from; we ask for no auto-replies to be
        # mailed back to automatic mail (RFC 3834).
        "X-Auto-Response-Suppress": "All" if email.is_automatic else "OOF",
    }
    if email.is_automatic:
        headers["Auto-Submitted"] = "auto-generated"
    if email.in_reply_to:
        headers["In-Reply-To"] = email.in_reply_to
    if email.references:
        headers["References"] = email.references
    mail = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=from_header(),
        to=[email.recipient],
        headers=headers,
    )
    if email.body_html:
        mail.attach_alternative(email.body_html, "text/html")
    if email.message is not None:
        attached, _left_out = attachments_split(list(email.message.attachments.all()))
        for attachment in attached:
            with attachment.file.open("rb") as handle:
                mail.attach(attachment.filename, handle.read(), attachment.content_type)
    return mail


def attachments_split(
    attachments: Sequence[Attachment],
) -> tuple[list[Attachment], list[Attachment]]:
    """(the files that go into the e-mail, the ones left out): in order, while their total stays
    within HELPDESK_EMAIL_ATTACHMENTS_MAX_BYTES. The e-mail's text names both (rendered when it
    is queued) and ``build_message`` attaches the first list, so both must use this rule."""
    budget = settings.HELPDESK_EMAIL_ATTACHMENTS_MAX_BYTES
    attached: list[Attachment] = []
    left_out: list[Attachment] = []
    for attachment in sorted(attachments, key=lambda item: item.pk):
        if attachment.size <= budget:
            attached.append(attachment)
            budget -= attachment.size
        else:
            left_out.append(attachment)
    return attached, left_out


class SendFailed(Exception):
    """The mail server refused or could not be reached; the task retries with backoff."""

    def __init__(self, message: str, *, attempts: int):
        super().__init__(message)
        self.attempts = attempts


def outbound_email_send(*, email_id: int) -> OutboundEmail | None:
    """Send one queued e-mail and record the outcome; raise SendFailed when it should be tried
    again. Safe to run twice: only a row still queued is sent, locked while it is (a second
    task finds it locked or no longer queued and does nothing).

    The SMTP conversation happens inside the transaction that holds the lock; if the process
    dies after the server accepted the mail but before the commit, the row stays queued and the
    mail goes out again with the same Message-ID (at least once, never lost)."""
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("message")
            .filter(pk=email_id, status=OutboundEmail.Status.QUEUED)
            .first()
        )
        if email is None:
            return None
        email.attempts += 1
        try:
            mail = build_message(email)
            mail.send(fail_silently=False)
        except Exception as error:  # SMTP 4xx/5xx, DNS, socket, a lost file: all worth a retry
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if email.attempts >= settings.HELPDESK_EMAIL_SEND_ATTEMPTS:
                email.status = OutboundEmail.Status.FAILED
                logger.warning("e-mail %s failed for good: %s", email.pk, email.last_error)
            email.save(update_fields=["attempts", "last_error", "status"])
        else:
            email.status = OutboundEmail.Status.SENT
            email.sent_at = clock.now()
            email.provider_id = _provider_id(mail) or email.message_id_header
            email.last_error = ""
            email.save(update_fields=["attempts", "status", "sent_at", "provider_id", "last_error"])
    if email.status == OutboundEmail.Status.QUEUED:  # failed, attempts left: the task retries
        raise SendFailed(email.last_error, attempts=email.attempts)
    return email


def _provider_id(mail: EmailMultiAlternatives) -> str:
    # API backends (django-anymail) report the provider's id; SMTP servers answer with a queue
    # id that Django does not expose, so there the Message-ID is what logs are searched by.
    status = getattr(mail, "anymail_status", None)
    return str(getattr(status, "message_id", "") or "")[:255]


def retry_delay_seconds(attempt: int) -> int:
    """Seconds to wait after failed attempt number ``attempt``: exponential backoff from
    HELPDESK_EMAIL_RETRY_SECONDS (30 s, 1 min, 2 min, 4 min...)."""
    return settings.HELPDESK_EMAIL_RETRY_SECONDS * 2 ** max(attempt - 1, 0)


def _next_attempt_offset(attempts: int) -> timedelta:
    """When, counted from the row's creation, attempt ``attempts + 1`` is due."""
    return timedelta(seconds=sum(retry_delay_seconds(n) for n in range(1, attempts + 1)))


def outbound_emails_redrive(*, grace: timedelta = timedelta(minutes=10)) -> int:
    """Queue again the e-mails whose send task was lost with the broker (or a worker): queued
    rows whose next attempt is overdue by more than ``grace``. A row waiting out its backoff is
    left alone, so the re-drive never starts a second retry chain beside a live one."""
    now = clock.now()
    overdue = Q(attempts__gte=settings.HELPDESK_EMAIL_SEND_ATTEMPTS)
    for attempts in range(settings.HELPDESK_EMAIL_SEND_ATTEMPTS):
        overdue |= Q(attempts=attempts, created_at__lt=now - grace - _next_attempt_offset(attempts))
    ids = list(
        OutboundEmail.objects.filter(overdue, status=OutboundEmail.Status.QUEUED)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    for email_id in ids:
        _enqueue_send(email_id)
    return len(ids)


def outbound_emails_retry(*, email_ids: Iterable[int]) -> int:
    """Send failed e-mails again (an admin's action, once the mail server is fixed): they are
    queued with fresh attempts and the same Message-ID, dated now (the re-drive's backoff counts
    from that date). Returns how many."""
    with transaction.atomic():
        ids = list(
            OutboundEmail.objects.select_for_update()
            .filter(pk__in=list(email_ids), status=OutboundEmail.Status.FAILED)
            .values_list("pk", flat=True)
        )
        OutboundEmail.objects.filter(pk__in=ids).update(
            status=OutboundEmail.Status.QUEUED, attempts=0, created_at=clock.now()
        )
        for email_id in ids:
            transaction.on_commit(lambda email_id=email_id: _enqueue_send(email_id))
    return len(ids)
