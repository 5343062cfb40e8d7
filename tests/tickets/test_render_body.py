"""A plain-text message on the page: escaped, links made clickable, line breaks kept; the text
without a link skips urlize and must come out exactly as urlize would make it."""

import pytest
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import urlize

from tickets.models import Message
from tickets.templatetags.helpdesk import render_body

TEXTS = [
    "No links here.\nSecond line\n\nA new paragraph",
    "a < b & c > d, \"quoted\" and 'single' <script>alert(1)</script>",
    "Version 1.2.3 failed at 10:30; see ticket #42. foo.company is not a link",
    "Принтер не печатает: ошибка 0x80070005.",
    "Write to support@example.org please",
    "See https://example.com/a?b=1&c=<2>",
    "www.example.com and example.org/path and HTTP://EXAMPLE.NET",
    "Trailing dot example.com.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_a_plain_body_renders_as_urlize_and_linebreaks_make_it(text):
    message = Message(body=text, body_format=Message.Format.TEXT)

    expected = linebreaks_filter(urlize(text, nofollow=True, autoescape=True), autoescape=False)
    assert render_body(message) == expected


def test_links_are_made_and_markup_is_escaped():
    message = Message(body="<b>hi</b> https://example.com", body_format=Message.Format.TEXT)

    html = render_body(message)
    assert "&lt;b&gt;hi&lt;/b&gt;" in html
    assert '<a href="https://example.com" rel="nofollow">https://example.com</a>' in html
