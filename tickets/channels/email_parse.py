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

from django.utils.translation import gettext as _

from tickets.channels.email_charsets import decode_bytes, strip_nul

MESSAGE_ID_RE = re.compile(r"<([^<>\s]{1,900})>")
CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
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
    return strip_nul(" ".join(text.split()))


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
    value = strip_nul("".join(ch for ch in (value or "") if ch >= " " and ch != "\x7f")).strip()
    match = MESSAGE_ID_RE.search(value)
    if match:
        return f"<{match.group(1).lower()}>"
    value = "".join(value.split()).strip("<>")
    return f"<{value.lower()}>" if value and len(value) <= 900 else ""


def message_ids(value: str) -> list[str]:
    value = strip_nul("".join(ch for ch in (value or "") if ch >= " " or ch in "\t\r\n"))
    return [f"<{found.lower()}>" for found in MESSAGE_ID_RE.findall(value)][:100]


def _clean_address(address: str) -> str:
    """An address as we store and compare it: lower-case, no controls or spaces."""
    return strip_nul("".join(ch for ch in address if ch > " " and ch != "\x7f").lower())


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
                return _clean_address(address.addr_spec), strip_nul(name)
    except Exception:  # noqa: S110 - a malformed From falls back to the raw header below
        pass
    raw = _raw_header(message, "From")
    if raw:
        name, address = parseaddr(raw)
        if "@" in address:
            decoded_name = _header(message, "From")
            display = decoded_name.split("<")[0].strip().strip('"') if "<" in decoded_name else ""
            return _clean_address(address), strip_nul(display or name)
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
    return strip_nul(decode_bytes(payload, charset))


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
    return strip_nul(" ".join(name.split()))


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
                            filename=strip_nul(str(item_name)) or "attachment.bin",
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
            headers[key] = strip_nul(" ".join(str(value).split()))

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
