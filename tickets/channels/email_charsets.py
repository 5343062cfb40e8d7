"""Text out of mail's bytes: declared charsets when they hold, detection when they lie or are
missing (koi8-r and windows-1251 told apart by our own check; charset-normalizer otherwise)."""

from __future__ import annotations

import re

from charset_normalizer import from_bytes


def strip_nul(value: str) -> str:
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
