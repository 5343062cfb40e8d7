import pytest

from kb import services
from kb.models import Article, Category, Section


@pytest.fixture
def section(db):
    category = Category.objects.create(
        slug="sign-in", name_en="Signing in", name_ru="Вход", position=1
    )
    return Section.objects.create(
        category=category, name_en="Passwords", name_ru="Пароли", position=1
    )


@pytest.fixture
def publish(section, agent):
    """``publish(language, title, body, **options)``: a published article, written by ``agent``."""

    def make(language, title, body="", **options):
        options.setdefault("status", Article.Status.PUBLISHED)
        return services.article_create(
            author=agent,
            section=options.pop("section", section),
            language=language,
            title=title,
            body=body,
            **options,
        )

    return make
