"""Raw RFC 822 messages for the intake tests, built the way real mail clients write them:
charsets and transfer encodings are chosen here byte by byte rather than left to a library, so
the tests see koi8-r, windows-1251 and broken 8-bit mail as it arrives."""

from __future__ import annotations

import base64
import itertools
import mailbox
import quopri
import struct
from email.header import Header
from email.utils import formataddr
from pathlib import Path

_counter = itertools.count(1)


def new_message_id(domain: str = "mail.example.org") -> str:
    return f"<msg{next(_counter)}.test@{domain}>"


def encoded_word(text: str, charset: str = "utf-8") -> str:
    """RFC 2047 encoding of a header value (base64 'B' encoding, as Outlook and Gmail do)."""
    return Header(text, charset).encode()


def address(name: str, addr: str, charset: str = "utf-8") -> str:
    if not name:
        return addr
    if name.isascii():
        return formataddr((name, addr))
    return f"{encoded_word(name, charset)} <{addr}>"


def _headers(
    *,
    sender: str,
    to: str,
    subject: str | None,
    message_id: str | None,
    date: str | None,
    extra: dict[str, str] | None,
    charset: str,
) -> list[str]:
    lines = [f"From: {sender}", f"To: {to}"]
    if subject is not None:
        lines.append(f"Subject: {subject if subject.isascii() else encoded_word(subject, charset)}")
    if message_id is not None:
        lines.append(f"Message-ID: {message_id}")
    if date is not None:
        lines.append(f"Date: {date}")
    lines.append("MIME-Version: 1.0")
    for key, value in (extra or {}).items():
        lines.append(f"{key}: {value}")
    return lines


def text_part(text: str, *, charset: str = "utf-8", encoding: str = "8bit", declared=True) -> bytes:
    """A text/plain part (headers + body) in ``charset``; ``declared=False`` leaves the charset
    out, as broken clients do."""
    payload = text.encode(charset)
    ctype = f"text/plain; charset={charset}" if declared else "text/plain"
    if encoding == "base64":
        body = base64.encodebytes(payload)
    elif encoding == "quoted-printable":
        body = quopri.encodestring(payload)
    else:
        body = payload
    head = f"Content-Type: {ctype}\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n".encode()
    return head + body


def html_part(html: str, *, charset: str = "utf-8") -> bytes:
    return (
        f"Content-Type: text/html; charset={charset}\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    ).encode() + base64.encodebytes(html.encode(charset))


def file_part(
    filename: str,
    content: bytes,
    *,
    content_type: str = "application/octet-stream",
    name_style: str = "2231",
    disposition: str = "attachment",
    content_id: str | None = None,
) -> bytes:
    """An attachment; the file name RFC 2231-encoded (``name_style="2231"``), RFC 2047-encoded
    (``"2047"``, what Outlook does) or plain."""
    plain_safe = filename.isascii() and not any(ch in filename for ch in '"\\;')
    if plain_safe or name_style == "plain":
        param = f'filename="{filename}"'
        ctype_name = f'; name="{filename}"'
    elif name_style == "2047":
        param = f'filename="{encoded_word(filename)}"'
        ctype_name = f'; name="{encoded_word(filename)}"'
    else:
        from urllib.parse import quote

        param = f"filename*=utf-8''{quote(filename)}"
        ctype_name = ""
    lines = [
        f"Content-Type: {content_type}{ctype_name}",
        "Content-Transfer-Encoding: base64",
        f"Content-Disposition: {disposition}; {param}",
    ]
    if content_id:
        lines.append(f"Content-ID: <{content_id}>")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + base64.encodebytes(content)


def multipart(subtype: str, parts: list[bytes], *, boundary: str | None = None) -> bytes:
    """A multipart part (headers + body) made of already-built parts."""
    boundary = boundary or f"=_b{next(_counter)}"
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + part + b"\r\n" for part in parts)
    body += b"--" + boundary.encode() + b"--\r\n"
    head = f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n\r\n'.encode()
    return head + body


def build(
    *,
    body: bytes | None = None,
    text: str = "Hello, my printer does not print.",
    sender: str = "Ann Smith <ann@example.org>",
    to: str = "support@helpdesk.example",
    subject: str | None = "Printer problem",
    message_id: str | None = "",
    date: str | None = "Mon, 02 Mar 2026 09:00:00 +0000",
    headers: dict[str, str] | None = None,
    charset: str = "utf-8",
) -> bytes:
    """A whole raw message. ``body`` is a built part (headers + body, from the helpers above);
    without it, ``text`` is sent as a text/plain part in ``charset``. ``message_id=""`` makes a
    fresh one; ``None`` leaves the header out."""
    if message_id == "":
        message_id = new_message_id()
    lines = _headers(
        sender=sender,
        to=to,
        subject=subject,
        message_id=message_id,
        date=date,
        extra=headers,
        charset=charset,
    )
    part = body if body is not None else text_part(text, charset=charset)
    return ("\r\n".join(lines) + "\r\n").encode() + part


def reply(
    *,
    to_message_id: str,
    text: str = "Thanks, it works now.",
    sender: str = "Ann Smith <ann@example.org>",
    subject: str = "Re: Printer problem",
    **kwargs,
) -> bytes:
    headers = {"In-Reply-To": to_message_id, "References": to_message_id}
    headers.update(kwargs.pop("headers", {}) or {})
    return build(text=text, sender=sender, subject=subject, headers=headers, **kwargs)


def rfc822_part(inner: bytes) -> bytes:
    return b"Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n" + inner


def bounce(*, original: bytes, to: str = "ann@example.org") -> bytes:
    report = multipart(
        'report; report-type="delivery-status"',
        [
            text_part("This is the mail system at host mx.example.org.\n\nDelivery failed."),
            b"Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n"
            b"\r\nFinal-Recipient: rfc822; " + to.encode() + b"\r\nAction: failed\r\n"
            b"Status: 5.1.1\r\n",
            b"Content-Type: message/rfc822-headers\r\n\r\n" + original.split(b"\r\n\r\n")[0],
        ],
    )
    return build(
        body=report,
        sender="Mail Delivery System <MAILER-DAEMON@mx.example.org>",
        subject="Undelivered Mail Returned to Sender",
        headers={"Auto-Submitted": "auto-replied"},
    )


def write_mbox(path: Path, messages: list[bytes]) -> Path:
    box = mailbox.mbox(str(path), create=True)
    try:
        box.lock()
        for raw in messages:
            box.add(raw)
        box.flush()
    finally:
        box.unlock()
        box.close()
    return path


def write_maildir(path: Path, messages: list[bytes]) -> Path:
    box = mailbox.Maildir(str(path), create=True)
    for raw in messages:
        box.add(raw)
    box.close()
    return path


def _tnef_attribute(level: int, attribute: int, data: bytes) -> bytes:
    checksum = struct.pack("<H", sum(data) & 0xFFFF)
    return struct.pack("<BII", level, attribute, len(data)) + data + checksum


def tnef(files: list[tuple[str, bytes]]) -> bytes:
    """A minimal TNEF stream (Outlook's winmail.dat) carrying ``files``."""
    out = struct.pack("<IH", 0x223E9F78, 1)
    out += _tnef_attribute(1, 0x00089006, struct.pack("<I", 0x00010000))  # TNEF version
    for name, data in files:
        out += _tnef_attribute(2, 0x00069002, b"\x00" * 14)  # attachment rendering: a new file
        out += _tnef_attribute(2, 0x00018010, name.encode() + b"\x00")  # its title
        out += _tnef_attribute(2, 0x0006800F, data)  # its data
    return out
