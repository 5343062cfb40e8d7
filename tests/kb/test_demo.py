"""seed_demo's knowledge base: about 40 articles a language, translations and articles in one
language only, internal ones, a revised one and some gone stale; all through kb.services."""

import random
from collections import Counter
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from helpdesk import clock
from kb.demo import load_demo_deflection, load_demo_knowledge_base
from kb.models import Article
from kb.reports import deflection_report
from kb.selectors import kb_search
from kb.services.stale import stale_articles
from tests.factories import AgentFactory, make_ticket


def test_demo_knowledge_base_loads(db):
    owners = {
        team: {language: AgentFactory(language=language) for language in ("en", "ru")}
        for team in ("general", "billing")
    }
    load_demo_knowledge_base(owners=owners, now=clock.now())

    languages = Counter(Article.objects.values_list("language", flat=True))
    assert 38 <= languages["en"] <= 44 and 38 <= languages["ru"] <= 44
    groups = Counter(Article.objects.values_list("group", flat=True))
    assert sum(1 for count in groups.values() if count == 2) >= 25
    assert sum(1 for count in groups.values() if count == 1) >= 8  # one language only
    assert Article.objects.filter(is_internal=True).count() >= 4
    assert not Article.objects.exclude(status=Article.Status.PUBLISHED).exists()
    assert stale_articles().exists()
    assert Article.objects.filter(revisions__number=2).count() == 2
    assert Article.objects.filter(related__isnull=False).distinct().count() >= 60
    # The articles the search cases talk about, found in their own language.
    anonymous = AnonymousUser()
    hits = kb_search(user=anonymous, language="ru", query="паролем").hits
    assert "сброс-забытого-пароля" in [hit.article.slug for hit in hits[:3]]
    assert kb_search(user=anonymous, language="en", query="csv").hits
    # Suggestion visits for the dashboard's deflection panel; some end in these web requests.
    for _ in range(10):
        make_ticket()
    load_demo_deflection(now=clock.now(), rng=random.Random(1))
    today = timezone.localdate()
    report = deflection_report(start=today - timedelta(days=31), end=today)
    assert report.visits == 60 and 0 < report.deflected < 60 and report.top
