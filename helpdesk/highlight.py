"""Search snippets as HTML: PostgreSQL's ts_headline marks the matches with two private-use
characters, everything else is escaped, and only the marks become <mark> tags."""

from __future__ import annotations

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe

START, STOP = "\ue000", "\ue001"
# ts_headline options that mark with START and STOP.
MARKS_OPTIONS = f"StartSel={START}, StopSel={STOP}"
_MARKS = re.compile(f"([{START}{STOP}])")
_SPACES = re.compile(r"\s+")


def marked_html(text: str | None, *, from_html: bool = False) -> SafeString:
    """ts_headline's output as HTML: everything escaped, only our marks made <mark>."""
    parts = []
    for piece in _MARKS.split(text or ""):
        if piece == START:
            parts.append("<mark>")
        elif piece == STOP:
            parts.append("</mark>")
        else:
            if from_html:  # tags were cut in SQL; entities (&amp;) become their characters
                piece = html.unescape(piece).replace(START, "").replace(STOP, "")
            parts.append(html.escape(_SPACES.sub(" ", piece), quote=False))
    # nh3 once more: balanced tags, and nothing but <mark> whatever the text held.
    cleaned = nh3.clean("".join(parts), tags={"mark"}, attributes={})
    return mark_safe(cleaned)  # noqa: S308 - escaped above and sanitized by nh3
