"""The demo's e-mail: raw messages as a mail client would send them, fed through the same
intake service as the IMAP poller, so the demo shows threads that arrived by e-mail, an
auto-reply that was not answered and a spoofed reply waiting in quarantine."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from django.conf import settings

from helpdesk import clock
from tickets import services
from tickets.models import InboundEmail, Ticket, User
from tickets.services.conversations import ConversationCustomer, conversation_message_receive
from tickets.services.inbound_email import email_ingest

DOMAIN = "mail.example.org"


def _mail(
    *,
    sender: tuple[str, str],
    subject: str,
    text: str,
    at: datetime,
    charset: str = "utf-8",
    in_reply_to: str = "",
    headers: dict[str, str] | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = formataddr(sender)
    message["To"] = formataddr(("Helpdesk", settings.DEFAULT_FROM_EMAIL))
    message["Subject"] = subject
    message["Date"] = format_datetime(at)
    message["Message-ID"] = make_msgid(domain=DOMAIN)
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text, charset=charset)
    return message.as_bytes()


def _ingest(raw: bytes, at: datetime):
    with clock.frozen_at(at):
        return email_ingest(raw, source=InboundEmail.Source.COMMAND)


def _latest_id_we_sent(ticket: Ticket) -> str:
    """The Message-ID a customer's mail client would put in In-Reply-To: that of the last
    e-mail we sent them, or (before the worker has sent anything) that of their own mail."""
    ours = ticket.outbound_emails.order_by("-created_at").first()
    if ours is not None:
        return ours.message_id_header
    theirs = ticket.inbound_emails.order_by("-received_at").first()
    return theirs.message_id_header if theirs else ""


def load_channel_stories(
    *,
    now: datetime,
    agent: User,
    english: tuple[str, str],
    russian: tuple[str, str],
    stranger: tuple[str, str],
) -> list[str]:
    """Play the e-mail and chat stories of the last hours; return a line per story."""
    lines = []
    start = now - timedelta(hours=5)

    # 1. A new request by e-mail, answered by e-mail (the reply threads by In-Reply-To).
    first = _ingest(
        _mail(
            sender=english,
            subject="Calendar invites arrive an hour late",
            text="Hello,\n\nsince Monday every calendar invite reaches my team an hour after "
            "it was sent. We are in Berlin.\n\nThanks,\n" + english[0],
            at=start,
        ),
        start,
    )
    ticket = first.ticket
    lines.append(f"{ticket.reference}: e-mail request ({first.outcome})")
    with clock.frozen_at(start + timedelta(minutes=40)):
        services.message_add_from_agent(
            ticket=ticket,
            agent=agent,
            body="Thanks for the report. Is the time zone in your calendar settings set to "
            "Europe/Berlin?",
            status=Ticket.Status.PENDING,
        )
    reply_at = start + timedelta(hours=2)
    follow = _ingest(
        _mail(
            sender=english,
            subject=f"Re: [{ticket.reference}] Calendar invites arrive an hour late",
            text="One more thing: it only happens to invites created on the phone app.\n\n"
            f"On {format_datetime(start)} Helpdesk wrote:\n> We have your request.",
            at=reply_at,
            in_reply_to=_latest_id_we_sent(ticket),
        ),
        reply_at,
    )
    lines.append(f"{ticket.reference}: reply by e-mail ({follow.outcome})")

    # 2. An out-of-office answer to that thread: stored, never answered.
    ooo_at = reply_at + timedelta(minutes=10)
    auto = _ingest(
        _mail(
            sender=english,
            subject=f"Automatic reply: [{ticket.reference}] Calendar invites arrive an hour late",
            text="I am out of the office until Monday.",
            at=ooo_at,
            in_reply_to=_latest_id_we_sent(ticket),
            headers={"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"},
        ),
        ooo_at,
    )
    lines.append(f"{ticket.reference}: out-of-office reply ({auto.outcome})")

    # 3. Someone else answers as if they were on the thread: quarantined for an agent.
    spoof_at = ooo_at + timedelta(minutes=30)
    spoof = _ingest(
        _mail(
            sender=stranger,
            subject=f"Re: [{ticket.reference}] Calendar invites arrive an hour late",
            text="Please send the account's invoices to this address from now on.",
            at=spoof_at,
        ),
        spoof_at,
    )
    lines.append(f"{ticket.reference}: reply from a stranger ({spoof.outcome})")

    # 4. A Russian request in KOI8-R, as older mail clients still send it.
    ru_at = start + timedelta(hours=1)
    russian_mail = _ingest(
        _mail(
            sender=russian,
            subject="Не приходят уведомления о новых задачах",
            text="Здравствуйте!\n\nУже второй день не приходят уведомления о новых задачах "
            "ни на почту, ни в приложение.\n\nС уважением,\n" + russian[0],
            at=ru_at,
            charset="koi8-r",
        ),
        ru_at,
    )
    lines.append(f"{russian_mail.ticket.reference}: request in KOI8-R ({russian_mail.outcome})")

    # 5. A chat conversation from an integration's signed webhook: two messages, one ticket.
    chat_at = now - timedelta(minutes=50)
    visitor = ConversationCustomer(name=russian[0], email=russian[1], language="ru")
    for minutes, text in ((0, "Здравствуйте, не могу выгрузить отчёт в Excel"), (2, "Ошибка 500")):
        with clock.frozen_at(chat_at + timedelta(minutes=minutes)):
            chat = conversation_message_receive(
                provider="demo-chat",
                conversation_id="conv-1001",
                channel=Ticket.Channel.CHAT,
                text=text,
                customer=visitor,
                message_id=f"m-{minutes}",
            )
    lines.append(f"{chat.ticket.reference}: chat conversation from the webhook ({chat.outcome})")
    return lines
