import re

import nh3
from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import escape, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helpdesk.text import clean_label
from tickets.models import Message

register = template.Library()

ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "hr", "i", "li",
    "ol", "p", "pre", "span", "strong", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip


# Everything urlize turns into a link has a scheme, "www.", an "@" or one of the top-level
# domains it knows bare (django.utils.html.Urlizer); a text with none of them has no link.
_MAY_HOLD_A_LINK = re.compile(r"://|www\.|@|\.(?:com|edu|gov|int|mil|net|org)\b", re.IGNORECASE)


@register.filter
def render_body(message: Message) -> str:
    """A message body made safe for the page: HTML is sanitized (no scripts, styles, event
    handlers or foreign schemes); plain text is escaped, with links and line breaks."""
    if message.body_format == Message.Format.HTML:
        return mark_safe(  # noqa: S308 - nh3 output is sanitized
            nh3.clean(
                message.body,
                tags=ALLOWED_TAGS,
                link_rel="noopener noreferrer nofollow",
                url_schemes={"http", "https", "mailto"},
            )
        )
    if _MAY_HOLD_A_LINK.search(message.body):
        escaped = urlize(message.body, nofollow=True, autoescape=True)
    else:  # what urlize gives for text without a link, at a fraction of its cost
        escaped = escape(message.body)
    return linebreaks_filter(escaped, autoescape=False)


@register.filter
def duration(seconds) -> str:
    """12345 -> '3 h 25 min'; None -> '—'."""
    if seconds is None:
        return "—"
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    if minutes:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}


@register.filter(name="label")
def label_filter(value) -> str:
    """A name, subject or file name as agents see it: without bidi overrides, zero-width and
    control characters, whatever path the text came in by (rows older than clean_label on
    write, imports, other channels). The result is still autoescaped."""
    return clean_label("" if value is None else str(value))


@register.simple_tag(takes_context=True)
def thread(context, ticket, tracking=False):
    """The ticket's messages (tickets.thread); the e-mail source links for agents only, and
    never on the customer's tracking page."""
    from tickets.thread import render_thread

    show_source = bool(context.get("is_agent")) and not tracking
    return render_thread(context["request"], ticket, tracking=tracking, show_source=show_source)
