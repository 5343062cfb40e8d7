"""The IMAP poller: fetches new mail of one ``Mailbox`` and hands each message to the one intake
service, ``email_ingest``. Beat runs it for every active mailbox (``tickets.poll_mailboxes``).

Order matters: a message is flagged \\Seen (or moved to the processed folder) only after its
ingest transaction has committed. A crash in between leaves it unflagged; the next poll fetches it
again, the intake answers "duplicate" (one row per Message-ID), and the poller flags it then. So
mail is never lost and never stored twice. Messages are fetched with ``BODY.PEEK[]``: a plain
``RFC822`` fetch would set \\Seen before anything was stored.

Two pollers of one mailbox never run at once (a PostgreSQL advisory lock per mailbox); should they
overlap anyway, the intake's dedupe still gives one message per Message-ID.
"""

from __future__ import annotations

import imaplib
import logging
import re
import ssl
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from imapclient import DELETED, SEEN, IMAPClient
from imapclient.exceptions import LoginError

from tickets.models import InboundEmail, Mailbox
from tickets.services.inbound_email import email_ingest
from tickets.services.mailboxes import mailbox_record_poll

logger = logging.getLogger(__name__)

# First key of the two-key advisory lock, so ours never collide with other users of the lock
# space; the second key is the mailbox id. ("IMAP" in ASCII.)
LOCK_NAMESPACE = 0x494D4150

# Whatever the network, TLS or the server can throw at a session: recorded on the mailbox.
CONNECTION_ERRORS = (imaplib.IMAP4.error, OSError, EOFError)

# The database is gone: no point in fetching more mail that cannot be stored. Nor when the task's
# time is up: the rest waits for the next poll.
STOP_THE_RUN = (OperationalError, InterfaceError, SoftTimeLimitExceeded)


@dataclass
class PollResult:
    handled: int = 0  # ingested (any outcome, duplicates included) and then flagged or moved
    failed: int = 0  # ingest raised: left unflagged in the folder for the next poll
    skipped: str = ""  # why nothing was done: another poller is at it, or no such mailbox
    error: str = ""  # what stopped the session, as recorded on Mailbox.last_error
    outcomes: Counter = field(default_factory=Counter)


@contextmanager
def mailbox_lock(mailbox_id: int) -> Iterator[bool]:
    """Try the mailbox's session-level advisory lock; yields whether we got it. The lock goes
    with the database session, so a worker that dies mid-poll never leaves it held."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, mailbox_id])
        acquired = bool(cursor.fetchone()[0])
    try:
        yield acquired
    finally:
        if acquired:
            try:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, mailbox_id]
                    )
            except DatabaseError:  # the session is gone, and its lock with it
                logger.warning("could not release the poll lock of mailbox %s", mailbox_id)


def mailbox_poll(*, mailbox_id: int) -> PollResult:
    """Poll one mailbox once: at most HELPDESK_IMAP_BATCH_SIZE messages. Never raises for a
    mail-side problem (login, network, TLS, server): that is recorded on the mailbox."""
    with mailbox_lock(mailbox_id) as acquired:
        if not acquired:
            logger.info("mailbox %s is being polled already; skipped", mailbox_id)
            return PollResult(skipped="locked")
        mailbox = Mailbox.objects.filter(pk=mailbox_id, is_active=True).first()
        if mailbox is None:
            return PollResult(skipped="inactive")
        result = PollResult()
        try:
            with connect(mailbox) as client:
                _poll_folder(client, mailbox, result)
        except CONNECTION_ERRORS as error:
            result.error = describe_error(error, mailbox)
        except (OperationalError, InterfaceError):
            raise  # nothing flagged; the next run retries once the database is back
        except SoftTimeLimitExceeded:
            result.error = "The poll ran out of time; the rest of the mail waits for the next one."
        except Exception as error:  # a bug must not silence the mailbox: show it in the admin
            logger.exception("IMAP poll of mailbox %s crashed", mailbox.pk)
            result.error = describe_error(error, mailbox)
        if result.error:
            logger.warning(
                "IMAP poll of mailbox %s (%s@%s:%s) failed: %s",
                mailbox.pk,
                mailbox.username,
                mailbox.host,
                mailbox.port,
                result.error,
            )
        mailbox_record_poll(mailbox_id=mailbox.pk, error=result.error)
        return result


def connect(mailbox: Mailbox) -> IMAPClient:
    """A logged-in session. TLS certificates are verified; on a plain port STARTTLS is used
    whenever the server offers it, so the password does not cross the network in clear."""
    context = ssl.create_default_context()
    client = IMAPClient(
        mailbox.host,
        port=mailbox.port,
        ssl=mailbox.use_ssl,
        ssl_context=context,
        timeout=settings.HELPDESK_IMAP_TIMEOUT_SECONDS,
    )
    try:
        if not mailbox.use_ssl and client.has_capability("STARTTLS"):
            client.starttls(context)
        client.login(mailbox.username, mailbox.password)
    except BaseException:
        try:
            client.shutdown()
        except Exception:  # noqa: S110 - the session is broken already; the first error counts
            pass
        raise
    return client


def _poll_folder(client: IMAPClient, mailbox: Mailbox, result: PollResult) -> None:
    moving = bool(mailbox.processed_folder) and mailbox.processed_folder != mailbox.folder
    client.select_folder(mailbox.folder)
    if moving and not client.folder_exists(mailbox.processed_folder):
        client.create_folder(mailbox.processed_folder)
    # When handled mail is moved away, whatever is still here is not handled yet, even if a
    # person has read it in a mail client; otherwise \Seen is the mark.
    criteria = ["NOT", "DELETED"] if moving else ["UNSEEN", "NOT", "DELETED"]
    uids = sorted(client.search(criteria))[: settings.HELPDESK_IMAP_BATCH_SIZE]
    sizes = client.fetch(uids, ["RFC822.SIZE"]) if uids else {}
    for uid in uids:  # oldest first, so a reply never arrives before what it answers
        raw = _fetch_raw(client, uid, size=sizes.get(uid, {}).get(b"RFC822.SIZE", 0))
        if raw is None:  # expunged meanwhile (by a person, or an overlapping poller)
            continue
        try:
            with transaction.atomic(durable=True):  # committed when this block ends
                ingested = email_ingest(raw, source=InboundEmail.Source.IMAP, mailbox=mailbox)
        except STOP_THE_RUN:
            raise
        except Exception:
            # One bad message must not hold up the others; it stays unflagged and is tried
            # again next time.
            logger.exception("mailbox %s: ingest of IMAP message %s failed", mailbox.pk, uid)
            result.failed += 1
            continue
        mark_handled(client, mailbox, uid, moving=moving)
        result.handled += 1
        result.outcomes[str(ingested.outcome)] += 1
    if result.failed and not result.error:
        result.error = f"{result.failed} message(s) could not be stored; they are tried again."


def _fetch_raw(client: IMAPClient, uid: int, *, size: int) -> bytes | None:
    """The message's bytes. Of one over the intake's limit only the first limit + 1 bytes are
    fetched: enough for the intake to reject it (and keep what it got) without a worker holding
    a huge message in memory."""
    limit = settings.HELPDESK_INBOUND_EMAIL_MAX_BYTES
    if size > limit:
        fetched = client.fetch([uid], [f"BODY.PEEK[]<0.{limit + 1}>"]).get(uid, {})
        return fetched.get(b"BODY[]<0>")
    return client.fetch([uid], ["BODY.PEEK[]"]).get(uid, {}).get(b"BODY[]")


def mark_handled(client: IMAPClient, mailbox: Mailbox, uid: int, *, moving: bool) -> None:
    """Flag or move one stored message. Moves use MOVE (RFC 6851) where the server has it, else
    COPY, \\Deleted and an expunge of just that message (UIDPLUS) or of the folder."""
    if not moving:
        client.add_flags([uid], [SEEN], silent=True)
    elif client.has_capability("MOVE"):
        client.move([uid], mailbox.processed_folder)
    else:
        client.copy([uid], mailbox.processed_folder)
        client.add_flags([uid], [SEEN, DELETED], silent=True)
        if client.has_capability("UIDPLUS"):
            client.uid_expunge([uid])
        else:
            client.expunge()


_BYTES_REPR = re.compile(r"""\bb(['"])(.*?)\1""")


def describe_error(error: BaseException, mailbox: Mailbox) -> str:
    """A one-line account of what went wrong, for the admin and the log; never the password."""
    text = _BYTES_REPR.sub(r"\2", str(error)).strip() or type(error).__name__
    if isinstance(error, LoginError):
        text = f"Login as {mailbox.username} failed: {text}"
    elif isinstance(error, ssl.SSLError):
        text = f"TLS error with {mailbox.host}:{mailbox.port}: {text}"
    elif isinstance(error, TimeoutError):
        text = f"{mailbox.host}:{mailbox.port} did not answer in time: {text}"
    elif isinstance(error, OSError):
        text = f"Cannot reach {mailbox.host}:{mailbox.port}: {text}"
    elif isinstance(error, imaplib.IMAP4.error | EOFError):
        text = f"IMAP error: {text}"
    else:
        text = f"{type(error).__name__}: {text}"
    if mailbox.password:
        text = text.replace(mailbox.password, "********")
    return text[:2000]
