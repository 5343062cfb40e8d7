"""A ticket's thread as HTML, for the agent's ticket page and the customer's tracking page.

The messages are worked out in Python and drawn by one Jinja2 template
(jinja2/includes/thread.jinja), which holds no text of its own: a 60-message thread cost the
ticket page about 10 ms through a Django template, most of it per-message tag and filter
calls. Bodies are sanitized by render_body, names and file names cleaned by clean_label,
everything else escaped by the template."""

from __future__ import annotations

from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from helpdesk.text import clean_label
from tickets.models import Message, Ticket
from tickets.templatetags.helpdesk import render_body


def _attachment_url(ticket: Ticket, file, *, tracking: bool) -> str:
    if tracking:
        return reverse("track-attachment", args=[ticket.reference, ticket.tracking_token, file.pk])
    return reverse("attachment", args=[file.pk])


def thread_items(
    ticket: Ticket, messages: list[Message], *, tracking: bool, show_source: bool
) -> list[dict]:
    """What each message shows. ``show_source``: the agents' "By e-mail" and raw-message link."""
    support = _("Support")
    items = []
    for message in messages:
        created = timezone.localtime(message.created_at)
        items.append(
            {
                "pk": message.pk,
                "internal": message.is_internal,
                "from_agent": bool(message.author_agent_id),
                "author": clean_label(message.author_name) or support,
                "raw_url": reverse("inbound-raw-for-message", args=[message.pk])
                if show_source and message.channel == "email"
                else "",
                # The agents' page: a good public reply can become a draft article.
                "draft_url": reverse(
                    "agent-kb-draft-from-message", args=[ticket.reference, message.pk]
                )
                if show_source and message.author_agent_id and not message.is_internal
                else "",
                "iso": message.created_at.isoformat(),
                "when": formats.date_format(created, "DATETIME_FORMAT"),
                "body": render_body(message),
                "files": [
                    {
                        "url": _attachment_url(ticket, file, tracking=tracking),
                        "name": clean_label(file.filename),
                        "size": filesizeformat(file.size),
                    }
                    for file in message.attachments.all()
                ],
            }
        )
    return items


def render_thread(request, ticket: Ticket, *, tracking: bool, show_source: bool) -> SafeString:
    messages = list(ticket.messages.all())
    context = {
        "items": thread_items(ticket, messages, tracking=tracking, show_source=show_source),
        "labels": {
            "note": _("Internal note"),
            "by_email": _("By e-mail"),
            "raw": _("raw message"),
            "to_article": _("Make a draft article of it"),
        },
    }
    html = render_to_string("includes/thread.jinja", context, request)
    return mark_safe(html)  # noqa: S308 - autoescaped by Jinja2; bodies sanitized by render_body
