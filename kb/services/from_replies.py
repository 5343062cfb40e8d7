"""A good reply made into a draft article in one click: the ticket's subject as the title,
the reply as the body, in the ticket's language, owned by the agent who turns it."""

from __future__ import annotations

from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from helpdesk.errors import ValidationError
from helpdesk.text import clean_label
from kb.models import Article, Section
from kb.services.articles import article_create
from tickets.models import Message, User


@transaction.atomic
def article_draft_from_message(*, message: Message, agent: User) -> Article:
    if message.is_internal or not message.author_agent_id:
        raise ValidationError(_("Only an agent's public reply can become an article."))
    section = Section.objects.order_by("category__position", "position", "id").first()
    if section is None:
        raise ValidationError(_("The knowledge base has no section to put the article in yet."))
    ticket = message.ticket
    body = message.body if message.body_format == Message.Format.TEXT else strip_tags(message.body)
    language = ticket.language if ticket.language in ("en", "ru") else "en"
    return article_create(
        author=agent,
        section=section,
        language=language,
        title=clean_label(ticket.subject)[:200] or _("Untitled article"),
        body=body.strip(),
        status=Article.Status.DRAFT,
        owner=agent,
    )
