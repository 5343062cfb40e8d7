"""The public knowledge base over HTTP: language, fallback, SEO links, caching, votes, files."""

import re
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile

from kb.models import Article, ArticleFile, ArticleVote


@pytest.fixture
def reset(publish):
    english = publish("en", "Reset a forgotten password", "Open **Forgot password**.")
    russian = publish(
        "ru", "Сброс забытого пароля", "Нажмите «Забыли пароль?».", translation_of=english
    )
    return english, russian


def test_root_sends_visitors_to_their_language(client):
    assert client.get("/kb/", headers={"accept-language": "ru"})["Location"] == "/kb/ru/"
    assert client.get("/kb/", headers={"accept-language": "en"})["Location"] == "/kb/en/"


def test_home_lists_the_readers_version_or_the_other_one_saying_so(client, reset, publish):
    publish("en", "Two-factor authentication", "Use an app.")
    page = client.get("/kb/ru/").content.decode()
    assert "Сброс забытого пароля" in page and "Reset a forgotten password" not in page
    assert "Two-factor authentication" in page and "на английском" in page
    assert '<html lang="ru">' in page


def test_article_page_has_lang_canonical_and_hreflang(client, reset):
    english, russian = reset
    response = client.get(f"/kb/ru/{russian.slug}/")
    page = response.content.decode()
    assert response["Content-Language"] == "ru"
    assert '<html lang="ru">' in page and '<article class="kb-article" lang="ru">' in page
    ru_path = quote(f"/kb/ru/{russian.slug}/")
    assert f'<link rel="canonical" href="http://testserver{ru_path}">' in page
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/kb/en/reset-a-forgotten-password/">'
        in page
    )
    assert f'hreflang="ru" href="http://testserver{ru_path}"' in page
    assert "<strong>Забыли пароль?</strong>" not in page  # the body is the Markdown's HTML
    assert "«Забыли пароль?»" in page


def test_an_article_without_translation_is_shown_in_the_readers_interface(client, publish):
    only = publish("en", "Two-factor authentication", "Use an app.")
    response = client.get(f"/kb/ru/{only.slug}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "пока нет на русском" in page
    assert '<article class="kb-article" lang="en">' in page
    assert f'rel="canonical" href="http://testserver/kb/en/{only.slug}/"' in page


def test_the_other_languages_slug_redirects_to_the_readers_version(client, reset):
    english, russian = reset
    response = client.get(f"/kb/ru/{english.slug}/")
    assert response.status_code == 302
    assert response["Location"] == quote(f"/kb/ru/{russian.slug}/")


def test_anonymous_pages_are_cacheable_and_hold_nothing_personal(client, reset):
    english, _russian = reset
    for url in (
        "/kb/en/",
        f"/kb/en/{english.slug}/",
        "/kb/en/c/sign-in/",
        "/kb/en/search/?q=reset",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
        assert not response.cookies, url
        assert "csrfmiddlewaretoken" not in response.content.decode()


def test_signed_in_pages_are_private(client, agent, reset):
    client.force_login(agent)
    response = client.get(f"/kb/en/{reset[0].slug}/")
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


@pytest.mark.parametrize("who", ["anonymous", "customer"])
def test_internal_and_draft_articles_are_never_public(client, publish, customer_user, who):
    if who == "customer":
        client.force_login(customer_user)
    internal = publish("en", "Verifying ownership", "Agents only.", is_internal=True)
    draft = publish("en", "Draft", "Not yet.", status=Article.Status.DRAFT)
    archived = publish("en", "Archived", "Gone.", status=Article.Status.ARCHIVED)
    for article in (internal, draft, archived):
        for language in ("en", "ru"):
            assert client.get(f"/kb/{language}/{article.slug}/").status_code == 404
            assert client.get(f"/kb/{language}/{article.slug}/vote/").status_code == 404
        assert article.title not in client.get("/kb/en/").content.decode()
        found = client.get("/kb/en/search/", {"q": article.title}).content.decode()
        assert 'class="kb-result"' not in found
    assert "Verifying" not in client.get("/sitemap.xml").content.decode()


def test_agents_read_internal_articles_marked_as_such(client, agent, publish):
    internal = publish("en", "Verifying ownership", "Agents only.", is_internal=True)
    client.force_login(agent)
    page = client.get(f"/kb/en/{internal.slug}/").content.decode()
    assert "Verifying ownership" in page and "Internal" in page


def test_vote_once_per_visitor_through_the_form(client, reset):
    english, _ = reset
    url = f"/kb/en/{english.slug}/vote/"
    form = client.get(url)
    assert form["Cache-Control"] == "private, no-store"
    assert "csrfmiddlewaretoken" in form.content.decode()
    assert client.post(url, {"helpful": "yes"}).status_code == 200
    assert client.post(url, {"helpful": "no", "comment": "Missing step 3"}).status_code == 200
    english.refresh_from_db()
    assert (english.helpful_yes, english.helpful_no) == (0, 1)
    assert ArticleVote.objects.get().comment == "Missing step 3"
    client.cookies.clear()
    client.post(url, {"helpful": "yes"})
    english.refresh_from_db()
    assert (english.helpful_yes, english.helpful_no) == (1, 1)


def test_a_bad_vote_is_a_form_error(client, reset):
    response = client.post(
        f"/kb/en/{reset[0].slug}/vote/", {"helpful": "maybe", "comment": "x" * 1001}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_helpful-error"' in page and "id_comment-error" in page
    assert not ArticleVote.objects.exists()


def test_search_page_shows_highlights_and_the_correction(client, reset):
    page = client.get("/kb/en/search/?q=pasword").content.decode()
    assert "<mark>password</mark>" in page
    assert "Showing results for" in page and "password" in page
    assert "No articles match" in client.get("/kb/en/search/?q=zeppelin").content.decode()


def test_sitemap_lists_public_articles_in_both_languages(client, reset):
    xml = client.get("/sitemap.xml").content.decode()
    english, russian = reset
    assert "http://testserver/kb/en/reset-a-forgotten-password/" in xml
    assert "http://testserver" + quote(f"/kb/ru/{russian.slug}/") in xml
    assert "http://testserver/kb/ru/c/sign-in/" in xml


def test_files_are_served_as_downloads_of_readable_articles_only(client, publish, media_root):
    public = publish("en", "With a screenshot", "![shot](/kb/files/1/shot.png)")
    hidden = publish("en", "Hidden", "", is_internal=True)
    shown = ArticleFile.objects.create(
        article=public,
        file=ContentFile(b"\x89PNG", name="x"),
        filename="shot.png",
        content_type="image/png",
        size=4,
    )
    secret = ArticleFile.objects.create(
        article=hidden,
        file=ContentFile(b"secret", name="y"),
        filename="notes.txt",
        content_type="text/plain",
        size=6,
    )
    response = client.get(f"/kb/files/{shown.pk}/shot.png")
    assert response.status_code == 200
    assert re.match(r"attachment; filename=\"?shot.png", response["Content-Disposition"])
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/kb/files/{shown.pk}/other.png").status_code == 404
    assert client.get(f"/kb/files/{secret.pk}/notes.txt").status_code == 404
