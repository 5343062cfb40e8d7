"""The new part of an e-mail reply: the quoted history and the signature cut off, for plain
text and HTML, in English and Russian mail clients' conventions. Pure functions; the caller keeps
the whole text (``Message.body_original``)."""

from __future__ import annotations

import re

# A line that starts the quoted history: Outlook's and Gmail's headers in English and Russian,
# Thunderbird's "On ... wrote:", The Bat's and Mail.ru's "... пишет:".
QUOTE_HEADER_RES = [
    re.compile(r"^-{2,}\s*(Original Message|Исходное сообщение)\s*-{2,}", re.I),
    re.compile(r"^_{10,}\s*$"),
    re.compile(r"^On\b.{0,300}\bwrote:\s*$", re.I),
    re.compile(r"^.{0,300}\b(написал|написала|написал\(а\)|пишет|писал|писала)\s*:\s*$", re.I),
    re.compile(r"^(От|From)\s*:\s*.+$", re.I),  # only when followed by more header lines
    re.compile(r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}.{0,200}[<(].+@.+[>)]\s*:?\s*$"),
]
# Gmail in Russian and others: "пн, 2 мар. 2026 г. в 10:00, Name <a@b>:" before a quote.
ATTRIBUTION_RE = re.compile(r"^.{0,300}<[^<>\s]+@[^<>\s]+>\s*:\s*$")
SIGN_OFF_RE = re.compile(
    r"^(best regards|kind regards|regards|best wishes|with best regards|"
    r"с уважением|с наилучшими пожеланиями|всего доброго|всего наилучшего)[\s,.!]*$",
    re.IGNORECASE,
)
SIGNATURE_RES = [
    re.compile(r"^--\s*$"),
    re.compile(
        r"^(Sent from my|Отправлено с (моего )?(iPhone|iPad|Android|телефона|мобильного))", re.I
    ),
]
HEADER_LINE_RE = re.compile(
    r"^(От|Кому|Отправлено|Дата|Тема|Копия|From|To|Sent|Date|Subject|Cc)\s*:", re.I
)


def _quote_start(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        for number, pattern in enumerate(QUOTE_HEADER_RES):
            if not pattern.search(stripped):
                continue
            if number == 4:  # "From:" must open a block of header lines
                following = [item for item in lines[index + 1 : index + 5] if item.strip()]
                if sum(1 for item in following if HEADER_LINE_RE.match(item.strip())) < 2:
                    continue
            return index
        if ATTRIBUTION_RE.match(stripped):
            following = next((item for item in lines[index + 1 :] if item.strip()), "")
            if following.lstrip().startswith(">"):
                return index
        if stripped.startswith(">"):
            # A quoted block with only quotes (or nothing) after it is history.
            rest = [item for item in lines[index:] if item.strip()]
            if all(item.lstrip().startswith(">") for item in rest):
                return index
    return None


def split_reply(text: str) -> str:
    """The new part of a plain-text reply: quoted history and signature cut off. The caller
    keeps the full text. Never returns an empty string for a non-empty text."""
    if not text or not text.strip():
        return text
    lines = text.replace("\r\n", "\n").split("\n")
    cut = _quote_start(lines)
    if cut is not None:
        lines = lines[:cut]
    for index, line in enumerate(lines):
        if index == 0:
            continue
        if any(pattern.search(line.rstrip()) for pattern in SIGNATURE_RES) or (
            SIGN_OFF_RE.match(line.strip())
            and len([item for item in lines[index + 1 :] if item.strip()]) <= 4
        ):
            lines = lines[:index]
            break
    new = "\n".join(lines).strip()
    if new:
        try:
            from mailparser_reply import EmailReplyParser

            reply = EmailReplyParser(languages=["en"]).parse_reply(new)
            if reply and reply.strip():
                new = reply.strip()
        except Exception:  # noqa: S110 - the library's regexes are a bonus, never a reason to fail
            pass
    return new or text.strip()


# Where mail clients start the quoted history in HTML: Gmail, Apple Mail and Thunderbird
# (blockquote type=cite), Outlook (divRplyFwdMsg, the border-top separator div), Yandex and
# Mail.ru (their quote wrappers).
HTML_QUOTE_RES = [
    re.compile(r"<div[^>]*class=[\"']?gmail_quote", re.I),
    re.compile(r"<blockquote[^>]*type=[\"']?cite", re.I),
    re.compile(r"<div[^>]*id=[\"']?(divRplyFwdMsg|appendonsend)", re.I),
    re.compile(r"<div[^>]*class=[\"']?(yandex_quote|js-quote|moz-cite-prefix)", re.I),
    re.compile(r"-{3,}\s*(Original Message|Исходное сообщение)\s*-{3,}", re.I),
]
TAG_RE = re.compile(r"<[^>]*>")


def split_reply_html(html: str) -> str:
    """The new part of an HTML reply: cut where the client's quote begins. The sanitizer at
    display closes whatever the cut leaves open. Never returns markup without text."""
    if not html:
        return html
    cut = min((found.start() for r in HTML_QUOTE_RES if (found := r.search(html))), default=None)
    if cut is None:
        return html
    new = html[:cut]
    return new if TAG_RE.sub("", new).replace("&nbsp;", " ").strip() else html
