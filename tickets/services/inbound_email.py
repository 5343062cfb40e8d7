"""E-mail intake: one service takes the raw bytes of a message, whichever way it came (IMAP
poller, the provider's HTTP POST, ``manage.py ingest_email``).

Every message is stored as an ``InboundEmail`` row with its raw bytes, whatever becomes of it,
in the same transaction as the ticket writes (which go through the ticket services only). The
same Message-ID delivered twice is stored once: the unique ``dedupe_key`` decides, inside a
savepoint, so two pollers racing for one message end with one row and one ticket message."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import override

from helpdesk import clock
from helpdesk.errors import ApplicationError, ValidationError
from helpdesk.text import clean_label
from tickets.channels.email_noise import automatic_reason
from tickets.channels.email_parse import (
    ParsedEmail,
    UnreadableEmail,
    dedupe_key,
    parse_email,
    read_headers_only,
)
from tickets.channels.email_quotes import split_reply, split_reply_html
from tickets.models import REFERENCE_PREFIX, InboundEmail, Mailbox, OutboundEmail, Ticket, User
from tickets.services.attachments import MAX_ATTACHMENTS_PER_EMAIL, clean_filename
from tickets.services.customers import customer_get_or_create, normalize_email
from tickets.services.messages import message_add_from_customer
from tickets.services.tickets import BODY_MAX, SUBJECT_MAX, require_agent_for, ticket_create

logger = logging.getLogger(__name__)

Outcome = InboundEmail.Outcome
DUPLICATE = "duplicate"  # not stored: the row of the first delivery stands
REFERENCE_RE = re.compile(rf"\b{re.escape(REFERENCE_PREFIX)}(\d{{1,18}})\b", re.IGNORECASE)
# Earlier mail whose Message-ID may be answered: what reached a ticket as the customer's.
THREADING_OUTCOMES = (Outcome.CREATED, Outcome.APPENDED, Outcome.FOLLOW_UP)


@dataclass(frozen=True)
class IngestResult:
    outcome: str  # created|appended|follow_up|duplicate|ignored|quarantined|rejected
    ticket: Ticket | None
    reason: str
    inbound: InboundEmail | None


class _Decision(Exception):
    """Ends the decision early with an outcome that writes no ticket."""

    def __init__(self, outcome: str, reason: str, ticket: Ticket | None = None):
        super().__init__(reason)
        self.outcome, self.reason, self.ticket = outcome, reason, ticket


def own_addresses() -> set[str]:
    addresses = {settings.DEFAULT_FROM_EMAIL, *settings.HELPDESK_OWN_ADDRESSES}
    addresses.update(Mailbox.objects.values_list("address", flat=True))
    return {address.strip().lower() for address in addresses if address and "@" in address}


def _store_raw(inbound: InboundEmail, raw: bytes) -> None:
    inbound.raw.save("message.eml", ContentFile(raw), save=False)


def email_ingest(raw: bytes, *, source: str, mailbox: Mailbox | None = None) -> IngestResult:
    """Store the message and decide what becomes of it (see the module docstring). Never
    raises for bad mail: what cannot be understood is ``rejected`` with the reason."""
    # Reasons and placeholders are stored in the site's language, whichever request or task
    # (with whatever active language) brought the mail.
    with override(settings.LANGUAGE_CODE):
        return _email_ingest(raw, source=source, mailbox=mailbox)


def _email_ingest(raw: bytes, *, source: str, mailbox: Mailbox | None) -> IngestResult:
    raw = bytes(raw or b"")
    source = source if source in InboundEmail.Source.values else InboundEmail.Source.COMMAND
    oversized = len(raw) > settings.HELPDESK_INBOUND_EMAIL_MAX_BYTES
    parsed: ParsedEmail | None = None
    problem = ""
    if oversized:
        head = read_headers_only(raw)
        problem = _("The message is larger than %(limit)s.") % {
            "limit": filesizeformat(settings.HELPDESK_INBOUND_EMAIL_MAX_BYTES)
        }
    else:
        try:
            parsed = parse_email(raw)
        except UnreadableEmail as error:
            problem = str(error)
        except Exception as error:  # a parser bug must not stop the run
            logger.exception("inbound e-mail could not be parsed")
            problem = _("The message cannot be parsed: %(error)s") % {
                "error": error.__class__.__name__
            }
        head = (
            {
                "message_id": parsed.message_id,
                "from_address": parsed.from_address,
                "from_name": parsed.from_name,
                "subject": parsed.subject,
            }
            if parsed
            else read_headers_only(raw)
        )

    with transaction.atomic():
        inbound = InboundEmail(
            dedupe_key=dedupe_key(raw, head["message_id"]),
            message_id_header=head["message_id"][:998],
            source=source,
            mailbox=mailbox,
            size=len(raw),
            from_address=head["from_address"][:320],
            # Shown to agents as is: no bidi overrides or invisible characters to disguise them.
            from_name=clean_label(head["from_name"])[:200],
            subject=clean_label(head["subject"])[:998],
            outcome=Outcome.REJECTED,
            reason=problem,
            received_at=clock.now(),
        )
        try:
            with transaction.atomic():  # savepoint: the unique key decides, not a lookup
                inbound.save()
        except IntegrityError:
            first = InboundEmail.objects.select_related("ticket").get(dedupe_key=inbound.dedupe_key)
            return IngestResult(
                DUPLICATE,
                first.ticket,
                _("Already received (incoming e-mail #%(id)s).") % {"id": first.pk},
                first,
            )
        _store_raw(inbound, raw)
        if parsed is not None:
            try:
                with transaction.atomic():
                    _decide(inbound, parsed)
            except _Decision as decision:
                inbound.outcome, inbound.reason = decision.outcome, decision.reason
                inbound.ticket = decision.ticket
            except ApplicationError as error:  # a service refused (e.g. no team set up)
                inbound.outcome, inbound.reason = Outcome.REJECTED, error.message
                inbound.ticket, inbound.message = None, None
            except Exception as error:
                logger.exception("inbound e-mail %s could not be handled", inbound.pk)
                inbound.outcome = Outcome.REJECTED
                inbound.reason = _("The message could not be handled: %(error)s") % {
                    "error": error.__class__.__name__
                }
                inbound.ticket, inbound.message = None, None
            if inbound.outcome == Outcome.QUARANTINED:
                inbound.review = InboundEmail.Review.PENDING
        inbound.save(update_fields=["raw", "outcome", "reason", "ticket", "message", "review"])
    return IngestResult(inbound.outcome, inbound.ticket, inbound.reason, inbound)


# --- the decision ------------------------------------------------------------------------------


def _thread_ticket(parsed: ParsedEmail) -> Ticket | None:
    """The ticket this mail answers: by our Message-ID it quotes, then by the reference in the
    subject."""
    ids = parsed.thread_ids
    if ids:
        # Ours are "<hex@HELPDESK_EMAIL_DOMAIN>": the normalized (lower-cased) ids match them
        # as stored, unless the domain setting has capitals.
        domain = settings.HELPDESK_EMAIL_DOMAIN
        ours = [
            f"{local}@{domain}>"
            for local, _at, host in (i.rpartition("@") for i in ids)
            if host.rstrip(">") == domain.lower()
        ]
        found = (
            OutboundEmail.objects.filter(message_id_header__in=ids + ours, ticket__isnull=False)
            .select_related("ticket__customer")
            .order_by("-created_at")
            .first()
        )
        if found is not None:
            return found.ticket
        earlier = (
            InboundEmail.objects.filter(
                message_id_header__in=ids, ticket__isnull=False, outcome__in=THREADING_OUTCOMES
            )
            .select_related("ticket__customer")
            .order_by("-received_at")
            .first()
        )
        if earlier is not None:
            return earlier.ticket
    match = REFERENCE_RE.search(parsed.subject or "")
    if match:
        return Ticket.objects.select_related("customer").filter(number=int(match.group(1))).first()
    return None


def _subject(parsed: ParsedEmail) -> str:
    subject = clean_label(parsed.subject or "").strip()[:SUBJECT_MAX]
    if subject:
        return subject
    with override(settings.LANGUAGE_CODE if parsed.language == "en" else parsed.language):
        return _("(no subject)")


def _bodies(parsed: ParsedEmail) -> tuple[str, str]:
    """(body shown, full original or "") for the message."""
    text = (parsed.text or "").strip()
    original = ""
    if text:
        reply = split_reply(text) if parsed.body_format == "text" else split_reply_html(text)
        if reply != text:
            original = text
        text = reply
    if not text:
        with override(parsed.language):
            text = _("(The e-mail had no text.)")
    if len(text) > BODY_MAX:
        original = original or text
        with override(parsed.language):
            note = _("[The text was cut; the whole message is in the raw e-mail.]")
        text = text[: BODY_MAX - len(note) - 2] + "\n\n" + note
    return text, original


def _uploads(parsed: ParsedEmail) -> tuple[list[SimpleUploadedFile], list[str]]:
    """The mail's files as uploads, and a note for each one left out (too large, empty, too
    many): those never reject the mail."""
    limit = settings.HELPDESK_ATTACHMENT_MAX_BYTES
    uploads, dropped = [], []
    for item in parsed.attachments:
        name = clean_filename(item.filename)
        if not item.content:
            continue
        if len(item.content) > limit:
            dropped.append(
                _("“%(name)s” was not kept: it is larger than %(limit)s.")
                % {"name": name, "limit": filesizeformat(limit)}
            )
            continue
        if len(uploads) >= MAX_ATTACHMENTS_PER_EMAIL:
            dropped.append(_("“%(name)s” was not kept: too many files.") % {"name": name})
            continue
        uploads.append(SimpleUploadedFile(name, item.content, content_type=item.content_type))
    return uploads, dropped


def _decide(inbound: InboundEmail, parsed: ParsedEmail) -> None:
    if not parsed.from_address:
        raise _Decision(Outcome.REJECTED, _("The e-mail has no sender address (From)."))
    try:
        sender = normalize_email(parsed.from_address)
    except ValidationError:
        raise _Decision(Outcome.REJECTED, _("The sender address (From) is not valid.")) from None

    ticket = _thread_ticket(parsed)
    noise = automatic_reason(parsed, own_addresses=own_addresses())
    if not noise and parsed.message_id.endswith(f"@{settings.HELPDESK_EMAIL_DOMAIN.lower()}>"):
        # One of our own e-mails came back (a forwarding rule, a list that reflects it).
        noise = _("Our own e-mail came back (its Message-ID is ours).")
    if noise:
        # Kept and linked for the agents to see, but never answered and never reopening.
        raise _Decision(Outcome.IGNORED, noise, ticket)

    if ticket is not None and (ticket.customer.email or "").lower() != sender:
        raise _Decision(
            Outcome.QUARANTINED,
            _("The sender %(sender)s is not the customer of %(reference)s.")
            % {"sender": sender, "reference": ticket.reference},
            ticket,
        )

    body, original = _bodies(parsed)
    uploads, dropped = _uploads(parsed)
    if dropped:
        body = body + "\n\n" + "\n".join(f"[{note}]" for note in dropped)
        if original:
            original = original + "\n\n" + "\n".join(f"[{note}]" for note in dropped)
    body_format = parsed.body_format if parsed.body_format in ("text", "html") else "text"
    if ticket is None:
        customer = customer_get_or_create(
            email=sender, name=parsed.from_name, language=parsed.language
        )
        ticket = ticket_create(
            customer=customer,
            subject=_subject(parsed),
            body=body,
            body_original=original,
            channel=Ticket.Channel.EMAIL,
            attachments=uploads,
            body_format=body_format,
        )
        inbound.outcome, inbound.ticket = Outcome.CREATED, ticket
        inbound.message = ticket.messages.order_by("id").first()
        inbound.reason = ""
        return
    message = message_add_from_customer(
        ticket=ticket,
        customer=ticket.customer,
        body=body,
        body_original=original,
        channel=Ticket.Channel.EMAIL,
        attachments=uploads,
        body_format=body_format,
    )
    follow_up = message.ticket_id != ticket.pk
    inbound.outcome = Outcome.FOLLOW_UP if follow_up else Outcome.APPENDED
    inbound.ticket, inbound.message = message.ticket, message
    inbound.reason = (
        _("%(reference)s is closed; follow-up %(follow_up)s.")
        % {"reference": ticket.reference, "follow_up": message.ticket.reference}
        if follow_up
        else ""
    )


# --- review of quarantined mail ----------------------------------------------------------------


def _pending(inbound: InboundEmail, agent: User) -> InboundEmail:
    inbound = (
        InboundEmail.objects.select_for_update(of=("self",))
        .select_related("ticket")
        .get(pk=inbound.pk)
    )
    if inbound.outcome != Outcome.QUARANTINED or inbound.review != InboundEmail.Review.PENDING:
        raise ValidationError(_("This e-mail has already been reviewed."))
    if inbound.ticket is None:
        raise ValidationError(_("This e-mail is not linked to a ticket."))
    require_agent_for(agent, inbound.ticket)
    return inbound


@transaction.atomic
def inbound_email_accept(*, inbound: InboundEmail, agent: User) -> InboundEmail:
    """An agent vouches for a quarantined reply: it is added to the ticket as its sender's
    message (the services allow a non-owner's message only with ``accepted_by``)."""
    inbound = _pending(inbound, agent)
    with inbound.raw.open("rb") as handle:
        raw = handle.read()
    try:
        parsed = parse_email(raw)
    except UnreadableEmail as error:
        raise ValidationError(str(error)) from error
    sender = customer_get_or_create(
        email=parsed.from_address, name=parsed.from_name, language=parsed.language
    )
    body, original = _bodies(parsed)
    uploads, dropped = _uploads(parsed)
    if dropped:
        body = body + "\n\n" + "\n".join(f"[{note}]" for note in dropped)
    message = message_add_from_customer(
        ticket=inbound.ticket,
        customer=sender,
        body=body,
        body_original=original,
        channel=Ticket.Channel.EMAIL,
        attachments=uploads,
        body_format=parsed.body_format,
        accepted_by=agent,
    )
    inbound.review = InboundEmail.Review.ACCEPTED
    inbound.reviewed_by, inbound.reviewed_at = agent, clock.now()
    inbound.message, inbound.ticket = message, message.ticket
    inbound.save(update_fields=["review", "reviewed_by", "reviewed_at", "message", "ticket"])
    return inbound


@transaction.atomic
def inbound_email_reject(*, inbound: InboundEmail, agent: User) -> InboundEmail:
    """An agent decides a quarantined reply is not the customer's; it stays stored, unused."""
    inbound = _pending(inbound, agent)
    inbound.review = InboundEmail.Review.REJECTED
    inbound.reviewed_by, inbound.reviewed_at = agent, clock.now()
    inbound.save(update_fields=["review", "reviewed_by", "reviewed_at"])
    return inbound
