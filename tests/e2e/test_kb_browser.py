"""In a real browser: the request form suggests an article while the customer types, opening
it is recorded, and leaving without filing counts as deflected; then the Russian help center
with its English-only article, and a vote, without a CSP violation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kb import services
from kb.models import Article, Category, DeflectionVisit, Section, Suggestion
from kb.reports import deflection_report
from tests.factories import AgentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def help_center(default_team):
    author = AgentFactory(teams=[default_team])
    category = Category.objects.create(slug="sign-in", name_en="Signing in", name_ru="Вход")
    section = Section.objects.create(category=category, name_en="Passwords", name_ru="Пароли")

    def publish(language, title, body, **options):
        return services.article_create(
            author=author, section=section, language=language, title=title, body=body,
            status=Article.Status.PUBLISHED, **options,
        )  # fmt: skip

    reset = publish(
        "en", "Reset a forgotten password", "Choose **Forgot password** on the sign-in page."
    )
    publish(
        "ru",
        "Сброс забытого пароля",
        "Нажмите «Забыли пароль?» на странице входа.",
        translation_of=reset,
    )
    publish("en", "Two-factor authentication", "Use an authenticator app.")
    return reset


def test_a_suggestion_opened_and_no_request_filed_is_a_deflection(
    new_page, live_server, help_center, page_problems, screenshot_dir, settings
):
    settings.HELPDESK_KB_VISIT_SETTLE_MINUTES = 0
    page = new_page()
    page.goto(f"{live_server.url}/request/new/")
    page.fill("#id_subject", "I forgot my password")
    suggestion = page.locator("#kb-suggestions a", has_text="Reset a forgotten password")
    expect(suggestion).to_be_visible()
    page.screenshot(path=screenshot_dir / "kb-request-suggestion.png", full_page=True)

    with page.context.expect_page() as opened:
        suggestion.click()
    article = opened.value
    expect(article.locator("h1")).to_contain_text("Reset a forgotten password")
    assert Suggestion.objects.get(article=help_center).opened_at is not None
    article.close()
    page.close()  # left without sending the form

    visit = DeflectionVisit.objects.get()
    assert visit.ticket is None
    today = timezone.localdate()
    report = deflection_report(start=today - timedelta(days=1), end=today)
    assert (report.visits, report.deflected, report.opened) == (1, 1, 1)
    assert [row.article for row in report.top] == [help_center]
    assert page_problems.items == []


def test_the_russian_help_center_falls_back_and_takes_a_vote(
    new_page, live_server, help_center, page_problems, screenshot_dir
):
    page = new_page()
    page.goto(f"{live_server.url}/kb/ru/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("link", name="Сброс забытого пароля")).to_be_visible()
    expect(page.get_by_text("на английском")).to_be_visible()  # the English-only article
    page.get_by_role("link", name="Two-factor authentication").click()
    expect(page.locator(".kb-fallback-notice")).to_contain_text("пока нет на русском")
    page.goto(f"{live_server.url}/kb/ru/search/?q=паролем")
    expect(page.locator(".kb-result mark").first).to_have_text("пароля")
    page.get_by_role("link", name="Сброс забытого пароля").click()
    page.get_by_role("button", name="Да").click()
    expect(page.get_by_role("status")).to_have_text("Спасибо за отзыв!")
    page.screenshot(path=screenshot_dir / "kb-article-ru-voted.png", full_page=True)
    russian = Article.objects.get(language="ru")
    assert russian.helpful_yes == 1
    assert page_problems.items == []
