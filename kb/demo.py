"""The demo knowledge base (``manage.py seed_demo``): kb.demo_content's categories, sections
and articles, written through kb.services like any other, with a second revision of one
article to compare and a few articles left unreviewed for long enough to be stale."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from helpdesk import clock
from kb import demo_content as content
from kb import services
from kb.models import Article, Category, Section
from tickets.models import User

# Reviewed so long ago that beat reminds their owners (the first articles of "export").
STALE_SECTION = "export-advanced"
# Written first without its last paragraph, which a second revision adds (to compare).
REVISED_GROUP = "reset-password"


def _first_draft(body: str) -> str:
    paragraphs = body.strip().split("\n\n")
    return "\n\n".join(paragraphs[:-1]) if len(paragraphs) > 1 else body


def load_demo_knowledge_base(*, owners: dict[str, dict[str, User]], now: datetime) -> str:
    """``owners``: {"billing" | "general": {"en": agent, "ru": agent}}."""
    categories = {
        each.key: Category.objects.create(
            slug=each.key,
            name_en=each.name_en,
            name_ru=each.name_ru,
            description_en=each.description_en,
            description_ru=each.description_ru,
            position=position,
        )
        for position, each in enumerate(content.CATEGORIES)
    }
    sections = {
        each.key: Section.objects.create(
            category=categories[each.category],
            name_en=each.name_en,
            name_ru=each.name_ru,
            position=position,
        )
        for position, each in enumerate(content.SECTIONS)
    }
    stale_since = now - timedelta(days=settings.HELPDESK_KB_REVIEW_AFTER_DAYS + 20)
    first: dict[str, Article] = {}
    written: dict[str, list[Article]] = {}
    # English first: a Russian version then joins its group as a translation.
    for each in sorted(content.ARTICLES, key=lambda a: a.language != "en"):
        section = sections[each.section]
        team = "billing" if section.category.slug == "billing" else "general"
        owner = owners[team][each.language]
        with clock.frozen_at(stale_since if each.section == STALE_SECTION else now):
            article = services.article_create(
                author=owner,
                section=section,
                language=each.language,
                title=each.title,
                body=_first_draft(each.body) if each.group == REVISED_GROUP else each.body,
                slug=each.slug,
                status=Article.Status.PUBLISHED,
                is_internal=each.internal,
                owner=owner,
                translation_of=first.get(each.group),
            )
        first.setdefault(each.group, article)
        written.setdefault(each.group, []).append(article)
    for each in content.ARTICLES:
        article = next(a for a in written[each.group] if a.language == each.language)
        related = [other for group in each.related for other in written.get(group, [])]
        services.article_set_related(article=article, related=related)
    for each in content.ARTICLES:
        if each.group == REVISED_GROUP:
            article = next(a for a in written[each.group] if a.language == each.language)
            services.article_update(article=article, author=article.owner, body=each.body)
    total = sum(len(versions) for versions in written.values())
    return f"{total} knowledge base articles in {len(categories)} categories"


def load_demo_deflection(*, now: datetime, rng) -> str:
    """Request-form visits of the last 30 days that were shown suggestions (the service's
    records, as if the visitors had typed): some opened one and left, some filed a web ticket
    of that day anyway, some just left."""
    from kb.services import suggestion_opened, suggestions_shown, visit_filed
    from kb.services.deflection import visit_token_new
    from tickets.models import Ticket

    public = list(
        Article.objects.filter(status=Article.Status.PUBLISHED, is_internal=False).order_by("id")
    )
    web_tickets = list(
        Ticket.objects.filter(
            channel=Ticket.Channel.WEB, created_at__gte=now - timedelta(days=30)
        ).order_by("created_at")
    )
    visits = filed = 0
    for _ in range(60):
        began = now - timedelta(days=rng.uniform(1, 30))
        language = rng.choice(["en", "ru"])
        shown = rng.sample([a for a in public if a.language == language], 3)
        token = visit_token_new()
        with clock.frozen_at(began):
            suggestions_shown(token=token, language=language, articles=shown)
            if rng.random() < 0.55:
                suggestion_opened(token=token, article=shown[0])
        visits += 1
        if rng.random() < 0.35 and web_tickets:
            with clock.frozen_at(began + timedelta(minutes=4)):
                visit_filed(token=token, ticket=web_tickets.pop(rng.randrange(len(web_tickets))))
            filed += 1
    return f"{visits} request-form visits shown suggestions ({filed} still filed)"
