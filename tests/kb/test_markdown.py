"""Article Markdown is rendered harmless: no script, handler or foreign scheme survives."""

from html.parser import HTMLParser

import pytest

from kb.markdown import ALLOWED_TAGS, render_markdown

ATTACKS = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](DATA:text/html,<script>alert(1)</script>)",
    '<a href="javascript:alert(1)">x</a>',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "![x](x onerror=alert(1))",
    '![x](/kb/files/1/a.png" onerror="alert(1))',
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "<iframe src=https://evil.example></iframe>",
    "<svg onload=alert(1)>",
    "<style>body{display:none}</style>",
    "[x](//evil.example/path)",
    '[x](https://example.com" onclick="alert(1))',
]


class Elements(HTMLParser):
    """The tags and attributes a browser would see in the output."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("source", ATTACKS)
def test_attacks_come_out_harmless(source):
    for tag, attrs in elements(render_markdown(source)):
        assert tag in ALLOWED_TAGS, tag
        assert not any(name.startswith("on") or name == "style" for name in attrs), attrs
        for name in ("href", "src"):
            if name in attrs:
                value = attrs[name].strip().lower()
                assert value.startswith(("https:", "http:", "mailto:", "/", "#")), value
                assert not value.startswith("//"), value
        if tag == "img":
            assert attrs.get("src", "/kb/files/").startswith("/kb/files/"), attrs


def test_raw_html_is_shown_as_text():
    assert render_markdown("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n"


def test_images_only_from_our_file_view_and_links_marked_nofollow():
    html = render_markdown(
        "![ours](/kb/files/3/a.png) ![theirs](https://evil.example/t.png) [l](https://example.com)"
    )
    assert '<img src="/kb/files/3/a.png" alt="ours">' in html
    assert "evil.example" not in html
    assert 'href="https://example.com" rel="noopener noreferrer nofollow"' in html


def test_headings_start_below_the_page_title():
    assert render_markdown("# Title\n## Step").startswith("<h2>Title</h2>\n<h3>Step</h3>")
