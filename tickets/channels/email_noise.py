"""Telling automatic mail (auto-replies, bounces, lists, our own) from a person's: such mail is
stored but never answered and never reopens a ticket."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from tickets.channels.email_parse import ParsedEmail

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
