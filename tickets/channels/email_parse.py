"""Reading raw RFC 822 mail into what the helpdesk needs: sender, threading headers, one body,
attachments, and the signals that tell automatic mail from a person's. Pure functions, no
database: ``tickets.services.inbound_email`` decides what becomes of the message (the quoted
history is cut by ``tickets.channels.email_quotes``).

Real-world mail breaks every rule, so every step is defensive: a header that cannot be read is
treated as missing, text in an unknown or wrong charset is decoded by detection, and only a
message without any usable structure raises ``UnreadableEmail``."""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from email.utils import getaddresses, parseaddr

from charset_normalizer import from_bytes
from django.utils.translation import gettext as _

MESSAGE_ID_RE = re.compile(r"<([^<>\s]{1,900})>")
CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
# Subjects of out-of-office and vacation replies, in English and Russian. A weak signal: only
# used when no header says the mail was automatic.
AUTO_REPLY_SUBJECT_RE = re.compile(
    r"^\s*(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|"
    r"i am (currently )?out of|away from (the )?office|vacation|"
    r"автоответ|автоматический ответ|нет на месте|в отпуске|вне офиса)",
    re.IGNORECASE,
)
BOUNCE_SENDERS = ("mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon")
LIST_PRECEDENCE = {"bulk", "list", "junk", "auto_reply", "auto-reply"}
TNEF_TYPES = {"application/ms-tnef", "application/vnd.ms-tnef"}
SIGNAL_HEADERS = {
    "auto-submitted",
    "x-autoreply",
    "x-autorespond",
    "x-auto-response-suppress",
    "precedence",
    "list-id",
    "list-unsubscribe",
    "return-path",
    "x-failed-recipients",
    "content-language",
    "date",
}


class UnreadableEmail(Exception):
    """The bytes are not a message we can make sense of; the text is the reason."""


@dataclass
class ParsedAttachment:
    filename: str
    content_type: str
    content: bytes
    inline: bool = False


@dataclass
class ParsedEmail:
    message_id: str  # "<id@host>" lower-cased, or "" when the mail has none
    in_reply_to: list[str]
    references: list[str]
    from_address: str
    from_name: str
    reply_to: str
    subject: str
    text: str  # the chosen body: plain text, or HTML when the mail has no text part
    body_format: str  # "text" | "html"
    attachments: list[ParsedAttachment] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names, first value
    content_type: str = "text/plain"
    language: str = "en"
    notes: list[str] = field(default_factory=list)  # what was lost or repaired on the way

    @property
    def thread_ids(self) -> list[str]:
        """Message-IDs this mail answers, the most direct first."""
        seen: list[str] = []
        for message_id in [*self.in_reply_to, *reversed(self.references)]:
            if message_id not in seen:
                seen.append(message_id)
        return seen


# --- headers -----------------------------------------------------------------------------------


def _strip_nul(value: str) -> str:
    """Text PostgreSQL accepts: no NUL, no lone surrogates (what the parser leaves for bytes it
    could not decode). Other controls are cleaned by the services' clean_label."""
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value.replace("\x00", "")


def decode_bytes(payload: bytes, charset: str | None) -> str:
    """Text in the declared charset when it decodes cleanly, else in the detected one."""
    if not payload:
        return ""
    charset = (charset or "").strip().strip('"').lower()
    if charset in ("", "us-ascii", "ascii", "unknown-8bit", "x-unknown", "8bit"):
        try:
            return payload.decode("ascii")
        except UnicodeDecodeError:
            charset = ""
    if charset:
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        pass
    russian = _as_russian(payload)
    if russian is not None:
        return russian
    best = from_bytes(payload[:200_000]).best()
    if best is not None:
        try:
            return payload.decode(best.encoding, errors="replace")
        except LookupError:
            pass
    return payload.decode("utf-8", errors="replace")


CYRILLIC_LOWER_RE = re.compile(r"[а-яё]")
MIXED_WORD_RE = re.compile(r"\b(?=\w*[a-zA-Z])(?=\w*[\u0400-\u04ff])\w+\b")


def _as_russian(payload: bytes) -> str | None:
    """Undeclared 8-bit text read as windows-1251 or koi8-r when it makes Russian words.
    Detectors guess short samples badly (a name, a subject), and the two charsets are told apart
    by case: the wrong one turns lower-case text into capitals. Latin-1 text is refused because
    it yields words that mix Latin and Cyrillic letters ("Cafй")."""
    high = sum(1 for byte in payload if byte >= 0x80)
    if not high:
        return None
    best, best_score = None, 0
    for charset in ("windows-1251", "koi8-r"):
        text = payload.decode(charset, errors="replace")
        score = len(CYRILLIC_LOWER_RE.findall(text)) - 3 * len(MIXED_WORD_RE.findall(text))
        if score > best_score:
            best, best_score = text, score
    return best if best is not None and best_score >= high * 0.6 else None


def _header(message: EmailMessage, name: str) -> str:
    """A header's decoded value, or "" when it is missing or cannot be read."""
    try:
        value = message.get(name)
    except Exception:  # the header registry raises on some malformed values
        value = None
        raw = message.get_all(name, failobj=None) if hasattr(message, "get_all") else None
        if raw:
            value = raw[0]
    if value is None:
        return ""
    try:
        text = str(value)
    except Exception:
        return ""
    if "\ufffd" in text or any("\udc80" <= ch <= "\udcff" for ch in text):
        text = _eight_bit_header(_raw_header(message, name)) or text
    return _strip_nul(" ".join(text.split()))


def _eight_bit_header(raw: str) -> str:
    """A header written in undeclared 8-bit bytes (the parser keeps them surrogate-escaped):
    decoded by detection, then any RFC 2047 words in it."""
    if not any("\udc80" <= ch <= "\udcff" for ch in raw):
        return ""
    text = decode_bytes(raw.encode("ascii", "surrogateescape"), None)
    if "=?" in text:
        try:
            text = str(make_header(decode_header(text)))
        except Exception:  # noqa: S110 - keep the detected text as it is
            pass
    return text


def _raw_header(message: EmailMessage, name: str) -> str:
    """The header as it was written (no RFC 2047 decoding), for address lists and ids."""
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            return str(value)
    return ""


def normalize_message_id(value: str) -> str:
    """'<ABC@Host>' (in any surrounding) -> '<abc@host>'; '' when there is no id."""
    value = _strip_nul("".join(ch for ch in (value or "") if ch >= " " and ch != "\x7f")).strip()
    match = MESSAGE_ID_RE.search(value)
    if match:
        return f"<{match.group(1).lower()}>"
    value = "".join(value.split()).strip("<>")
    return f"<{value.lower()}>" if value and len(value) <= 900 else ""


def message_ids(value: str) -> list[str]:
    value = _strip_nul("".join(ch for ch in (value or "") if ch >= " " or ch in "\t\r\n"))
    return [f"<{found.lower()}>" for found in MESSAGE_ID_RE.findall(value)][:100]


def _clean_address(address: str) -> str:
    """An address as we store and compare it: lower-case, no controls or spaces."""
    return _strip_nul("".join(ch for ch in address if ch > " " and ch != "\x7f").lower())


def dedupe_key(raw: bytes, message_id: str) -> str:
    if message_id:
        return hashlib.sha256(message_id.encode("utf-8", "surrogateescape")).hexdigest()
    return hashlib.sha256(raw).hexdigest()


def _sender(message: EmailMessage) -> tuple[str, str]:
    """(address, display name) of From: the decoded header first, the raw one as a fallback."""
    try:
        header = message.get("From")
        addresses = getattr(header, "addresses", ()) if header is not None else ()
        for address in addresses:
            if isinstance(address, Address) and address.addr_spec and "@" in address.addr_spec:
                name = address.display_name or ""
                if any("\udc80" <= ch <= "\udcff" for ch in name):
                    name = decode_bytes(name.encode("utf-8", "surrogateescape"), None)
                return _clean_address(address.addr_spec), _strip_nul(name)
    except Exception:  # noqa: S110 - a malformed From falls back to the raw header below
        pass
    raw = _raw_header(message, "From")
    if raw:
        name, address = parseaddr(raw)
        if "@" in address:
            decoded_name = _header(message, "From")
            display = decoded_name.split("<")[0].strip().strip('"') if "<" in decoded_name else ""
            return _clean_address(address), _strip_nul(display or name)
    return "", ""


def _first_address(message: EmailMessage, name: str) -> str:
    raw = _raw_header(message, name)
    for _name, address in getaddresses([raw]) if raw else []:
        if "@" in address:
            return _clean_address(address)
    return ""


def read_headers_only(raw: bytes) -> dict[str, str]:
    """Message-ID, sender and subject without parsing the body (for oversized mail)."""
    try:
        message = BytesHeaderParser(policy=policy.default).parsebytes(raw[:256_000])
    except Exception:
        return {"message_id": "", "from_address": "", "from_name": "", "subject": ""}
    address, name = _sender(message)
    return {
        "message_id": normalize_message_id(_raw_header(message, "Message-ID")),
        "from_address": address,
        "from_name": name,
        "subject": _header(message, "Subject"),
    }


# --- body and attachments ----------------------------------------------------------------------


def _part_text(part: EmailMessage, notes: list[str]) -> str:
    try:
        payload = part.get_payload(decode=True) or b""
    except Exception:
        notes.append("a text part could not be decoded")
        return ""
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    return _strip_nul(decode_bytes(payload, charset))


def _filename(part: EmailMessage) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    if not name:
        # Old clients put the name on Content-Type only (name=...).
        try:
            name = part.get_param("name", header="content-type") or ""
        except Exception:
            name = ""
        if isinstance(name, tuple):  # RFC 2231 triple
            name = decode_bytes(name[2].encode("latin-1", "replace"), name[0])
    name = str(name)
    if any("\udc80" <= ch <= "\udcff" for ch in name):
        name = decode_bytes(name.encode("utf-8", "surrogateescape"), None)
    return _strip_nul(" ".join(name.split()))


def _default_name(content_type: str, index: int) -> str:
    extension = mimetypes.guess_extension(content_type) or ".bin"
    return f"attachment-{index}{extension}"


class _Collector:
    def __init__(self) -> None:
        self.texts: list[str] = []
        self.htmls: list[str] = []
        self.attachments: list[ParsedAttachment] = []
        self.notes: list[str] = []

    def attach(self, part: EmailMessage, content: bytes, *, name: str = "", inline: bool = False):
        content_type = part.get_content_type()
        name = name or _filename(part) or _default_name(content_type, len(self.attachments) + 1)
        self.attachments.append(
            ParsedAttachment(
                filename=name, content_type=content_type, content=content, inline=inline
            )
        )

    def walk(self, part: EmailMessage, *, body_wanted: bool = True, depth: int = 0) -> None:
        if depth > 30:
            self.notes.append("parts nested too deep were skipped")
            return
        content_type = part.get_content_type()
        if content_type == "message/rfc822" or part.get_content_maintype() == "message":
            self._attach_message(part)  # before is_multipart(): an rfc822 part counts as one
            return
        if part.is_multipart():
            children = list(part.iter_parts())
            if content_type == "multipart/alternative":
                # The plain part is the body; the other versions only contribute files (the
                # images of a multipart/related HTML version).
                chosen = next(
                    (c for c in children if c.get_content_type() == "text/plain"), None
                ) or next((c for c in reversed(children) if not c.is_multipart()), None)
                if chosen is None and children:
                    chosen = children[-1]
                for child in children:
                    self.walk(child, body_wanted=body_wanted and child is chosen, depth=depth + 1)
            else:
                for child in children:
                    self.walk(child, body_wanted=body_wanted, depth=depth + 1)
            return
        disposition = part.get_content_disposition()
        name = _filename(part)
        if content_type in ("text/plain", "text/html") and disposition != "attachment" and not name:
            if body_wanted:
                text = _part_text(part, self.notes)
                (self.texts if content_type == "text/plain" else self.htmls).append(text)
            return
        try:
            content = part.get_payload(decode=True) or b""
        except Exception:
            content = b""
        if content_type in TNEF_TYPES or name.lower() == "winmail.dat":
            self.attach(part, content, name=name or "winmail.dat")
            self._unpack_tnef(content)
            return
        self.attach(part, content, name=name, inline=disposition == "inline")

    def _attach_message(self, part: EmailMessage) -> None:
        # A forwarded message stays whole, as an .eml file the agent can open in a mail client.
        try:
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            content = (
                inner.as_bytes(policy=policy.default.clone(linesep="\r\n"))
                if inner is not None
                else (part.get_payload(decode=True) or b"")
            )
            subject = _header(inner, "Subject") if inner is not None else ""
        except Exception:
            content, subject = b"", ""
        if part.get_content_type() != "message/rfc822":
            self.attach(part, content, name=_filename(part) or _default_name("text/plain", 1))
            return
        stem = re.sub(r"[^\w\- ]+", "", subject, flags=re.UNICODE).strip()[:80] or "message"
        self.attach(part, content, name=_filename(part) or f"{stem}.eml")

    def _unpack_tnef(self, content: bytes) -> None:
        try:
            from tnefparse import TNEF

            tnef = TNEF(content)
            for item in tnef.attachments:
                data = item.data if isinstance(item.data, bytes) else bytes(item.data or b"")
                item_name = item.long_filename() or item.name or ""
                if isinstance(item_name, bytes):
                    item_name = decode_bytes(item_name, None)
                if data:
                    self.attachments.append(
                        ParsedAttachment(
                            filename=_strip_nul(str(item_name)) or "attachment.bin",
                            content_type=mimetypes.guess_type(str(item_name))[0]
                            or "application/octet-stream",
                            content=data,
                        )
                    )
            body = getattr(tnef, "body", None)
            if body and not self.texts:
                self.texts.append(decode_bytes(body, None) if isinstance(body, bytes) else body)
        except Exception:
            self.notes.append("the winmail.dat file could not be unpacked; it is attached as is")


def _guess_language(*texts: str) -> str:
    sample = " ".join(t[:2000] for t in texts)
    return "ru" if len(CYRILLIC_RE.findall(sample)) >= 3 else "en"


def parse_email(raw: bytes) -> ParsedEmail:
    """Read raw RFC 822 bytes. Raises UnreadableEmail only when there is nothing to read."""
    if not raw or not raw.strip():
        raise UnreadableEmail(_("The message is empty."))
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
    except Exception as error:
        raise UnreadableEmail(
            _("The message cannot be parsed: %(error)s") % {"error": error}
        ) from error
    if not message.keys():
        raise UnreadableEmail(_("The message has no headers."))

    # The signal headers are plain ASCII tokens: read raw, without the header registry's
    # parsing (the costliest part of reading a message).
    headers: dict[str, str] = {}
    for key, value in message.raw_items():
        key = key.lower()
        if key in SIGNAL_HEADERS and key not in headers:
            headers[key] = _strip_nul(" ".join(str(value).split()))

    collector = _Collector()
    try:
        collector.walk(message)
    except Exception as error:
        raise UnreadableEmail(
            _("The structure of the message cannot be read: %(error)s") % {"error": error}
        ) from error

    if collector.texts:
        text, body_format = "\n\n".join(t for t in collector.texts if t.strip()), "text"
    elif collector.htmls:
        text, body_format = "\n".join(collector.htmls), "html"
    else:
        text, body_format = "", "text"

    address, name = _sender(message)
    subject = _header(message, "Subject")
    content_language = headers.get("content-language", "").lower()
    language = "ru" if content_language.startswith("ru") else _guess_language(subject, text)
    return ParsedEmail(
        message_id=normalize_message_id(_raw_header(message, "Message-ID")),
        in_reply_to=message_ids(_raw_header(message, "In-Reply-To")),
        references=message_ids(_raw_header(message, "References")),
        from_address=address,
        from_name=name,
        reply_to=_first_address(message, "Reply-To"),
        subject=subject,
        text=text,
        body_format=body_format,
        attachments=collector.attachments,
        headers=headers,
        content_type=message.get_content_type(),
        language=language,
        notes=collector.notes,
    )


# --- automatic mail ----------------------------------------------------------------------------


def automatic_reason(parsed: ParsedEmail, *, own_addresses: set[str]) -> str:
    """Why this mail must not be treated as a person's (and never answered); "" if it is one.
    RFC 3834 (Auto-Submitted), the de-facto X-Autoreply/Precedence headers, list headers,
    bounces (RFC 3464 reports, the daemons' addresses, the null Return-Path) and our own mail."""
    headers = parsed.headers
    sender = parsed.from_address
    if sender and sender in own_addresses:
        return _("Mail from our own address.")
    auto_submitted = headers.get("auto-submitted", "").split(";")[0].strip().lower()
    if auto_submitted and auto_submitted != "no":
        return _("Automatic mail (Auto-Submitted: %(value)s).") % {"value": auto_submitted}
    if "x-autoreply" in headers or "x-autorespond" in headers:
        return _("Automatic reply (X-Autoreply).")
    if parsed.content_type == "multipart/report":
        return _("Delivery report (multipart/report).")
    local = sender.split("@")[0] if sender else ""
    if local in BOUNCE_SENDERS:
        return _("Delivery report (from %(sender)s).") % {"sender": local}
    if "x-failed-recipients" in headers:
        return _("Delivery report (X-Failed-Recipients).")
    if "return-path" in headers and headers["return-path"].strip() in ("<>", ""):
        return _("Delivery report or automatic mail (empty Return-Path).")
    precedence = headers.get("precedence", "").strip().lower()
    if precedence in LIST_PRECEDENCE:
        return _("Bulk or list mail (Precedence: %(value)s).") % {"value": precedence}
    if headers.get("list-id") or headers.get("list-unsubscribe"):
        return _("Mailing list mail (List-Id, List-Unsubscribe).")
    if AUTO_REPLY_SUBJECT_RE.search(parsed.subject or ""):
        return _("Out-of-office reply (by its subject).")
    return ""
