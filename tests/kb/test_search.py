"""Search quality in both languages: morphology, typos, ranking, fallback, who sees what."""

import pytest
from django.contrib.auth.models import AnonymousUser

from kb.models import Article
from kb.selectors import kb_search


@pytest.fixture
def articles(publish):
    reset_en = publish(
        "en",
        "Reset a forgotten password",
        "If you forgot your password, open the sign-in page and choose **Forgot password**. "
        "Resetting sends a link to your e-mail.",
    )
    reset_ru = publish(
        "ru",
        "Сброс забытого пароля",
        "Если вы забыли пароль, откройте страницу входа. Ссылка для смены пароля придёт на "
        "почту; новым паролем можно войти сразу.",
        translation_of=reset_en,
    )
    export_en = publish(
        "en",
        "Export your data to CSV",
        "Exports include every event. The password of the archive is shown once.",
    )
    only_en = publish("en", "Two-factor authentication", "Use an authenticator app.")
    internal = publish(
        "en", "Verifying account ownership", "Check the password reset log.", is_internal=True
    )
    draft = publish(
        "en", "Password policy draft", "Unpublished password rules.", status=Article.Status.DRAFT
    )
    return {
        "reset_en": reset_en,
        "reset_ru": reset_ru,
        "export_en": export_en,
        "only_en": only_en,
        "internal": internal,
        "draft": draft,
    }


def titles(query, *, user=None, language="en"):
    results = kb_search(user=user or AnonymousUser(), language=language, query=query)
    return [hit.article.title for hit in results.hits]


@pytest.mark.parametrize("query", ["пароль", "пароля", "паролем", "ПАРОЛИ"])
def test_russian_word_forms_find_the_same_article(articles, query):
    assert titles(query, language="ru") == ["Сброс забытого пароля"]


@pytest.mark.parametrize("query", ["reset", "resetting", "resets"])
def test_english_word_forms_find_the_same_article(articles, query):
    assert titles(query) == ["Reset a forgotten password"]


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("pasword", "en", "Reset a forgotten password"),
        ("forgoten passwrd", "en", "Reset a forgotten password"),
        ("паролм", "ru", "Сброс забытого пароля"),
        ("забытго", "ru", "Сброс забытого пароля"),
    ],
)
def test_typos_still_find_the_article(articles, query, language, expected):
    results = kb_search(user=AnonymousUser(), language=language, query=query)
    assert [hit.article.title for hit in results.hits][:1] == [expected]
    assert results.corrected and results.corrected != query


def test_a_title_match_ranks_before_a_body_match(articles):
    assert titles("password") == ["Reset a forgotten password", "Export your data to CSV"]


def test_one_version_per_article_the_readers_language_first(articles):
    # "password" matches only the English versions; the Russian reader still finds them,
    # marked as in another language.
    results = kb_search(user=AnonymousUser(), language="ru", query="password")
    assert [(hit.article.title, hit.fallback) for hit in results.hits] == [
        ("Reset a forgotten password", True),
        ("Export your data to CSV", True),
    ]


def test_snippets_highlight_the_match_and_escape_the_rest(publish):
    publish("en", "Printers <b>", "Printers fail when <script>alert(1)</script> printer jams.")
    (hit,) = kb_search(user=AnonymousUser(), language="en", query="printer").hits
    assert "<mark>Printers</mark> &lt;b&gt;" == str(hit.title_html)
    assert "<script>" not in str(hit.snippet_html) and "<mark>printer</mark>" in hit.snippet_html


def test_internal_articles_for_agents_only_and_drafts_for_nobody(articles, agent, customer_user):
    assert "Verifying account ownership" not in titles("ownership")
    assert "Verifying account ownership" not in titles("ownership", user=customer_user)
    assert titles("ownership", user=agent) == ["Verifying account ownership"]
    for user in (None, customer_user, agent):
        assert "Password policy draft" not in titles("policy", user=user)
        assert "Password policy draft" not in titles("unpublished", user=user)
