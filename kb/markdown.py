"""Article bodies: Markdown (markdown-it-py, CommonMark with tables and strikethrough) to HTML,
then sanitized by nh3, once when the article is written (kb.services keeps ``body_html``).

Raw HTML in the Markdown is shown as text, never parsed (``html: False``); links keep only
http, https and mailto (and our relative paths); images only from our own file view
(kb.views.files), so an article cannot make a visitor's browser fetch anything elsewhere."""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

FILES_PREFIX = "/kb/files/"
_OUR_FILE = re.compile(r"^/kb/files/\d+/[^/?#\\]+$")
ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "hr", "img", "li", "ol",
    "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
}

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)
# An article's own "# Title" would be a second <h1> beside the page's: headings start at h2.
_HEADING_SHIFT = {"h1": "h2", "h2": "h3", "h3": "h4", "h4": "h4", "h5": "h4", "h6": "h4"}


def _shift_headings(tokens) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING_SHIFT[token.tag]


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not _OUR_FILE.match(value):
        return None
    if tag == "a" and attribute == "href" and value.startswith("//"):
        return None  # protocol-relative: another host in disguise
    return value


def render_markdown(text: str) -> str:
    """The article body as sanitized HTML."""
    tokens = _parser.parse(text or "")
    _shift_headings(tokens)
    html = _parser.renderer.render(tokens, _parser.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
