"""Text that people type and others read: names, subjects, file names."""

from __future__ import annotations

import unicodedata

# Zero-width and invisible characters outside the Cc/Cf categories that still hide or join text.
_INVISIBLE = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u034f"}


def clean_label(value: str) -> str:
    """A one-line label (a name, a subject) that cannot disguise itself.

    Removes control characters (so no line breaks reach a mail header), bidi overrides and
    isolates (U+202A-202E, U+2066-2069: "exe.txt" shown as "txt.exe"), zero-width and other
    invisible format characters, and folds runs of white space into one space."""
    kept = []
    for char in value or "":
        category = unicodedata.category(char)
        if category in ("Cc", "Cf") or char in _INVISIBLE:
            if char in "\t\n\r\x0b\x0c":
                kept.append(" ")
            continue
        if category in ("Zl", "Zp"):
            kept.append(" ")
            continue
        kept.append(char)
    return " ".join("".join(kept).split())
