"""What a review of the knowledge base found: nothing personal in a publicly cached page, no
internal word offered as a correction, bad addresses 404, limits on votes and searches, a
draft's files for its editors, and no hidden article or agent named by the public API."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import RequestFactory
from rest_framework.test import APIClient

from kb import services
from kb.markdown import render_markdown
from kb.models import Article, ArticleFile
from kb.selectors import kb_search


def test_a_page_showing_a_flash_message_is_not_publicly_cached(client, publish):
    publish("en", "Reset a password", "x")
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(20, "Your request HD-000007 was merged into HD-000003.")
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    page = client.get("/kb/en/")
    assert "was merged into" in page.content.decode()
    assert "public" not in page["Cache-Control"]
    assert "public" in client.get("/kb/en/")["Cache-Control"]  # shown once, then gone


def test_no_correction_to_a_word_whose_last_article_went_internal(publish, agent):
    secret = publish("en", "Quokka escalations", "The quokka desk.")
    publish("en", "Reset a password", "x")
    assert kb_search(user=AnonymousUser(), language="en", query="quoka").corrected == "quokka"
    services.article_update(article=secret, author=agent, is_internal=True)
    results = kb_search(user=AnonymousUser(), language="en", query="quoka")
    assert results.corrected == "" and results.hits == []


@pytest.mark.parametrize(
    "url", ["/kb/en/a%00b/", "/kb/en/a%00b/vote/", "/kb/en/a%2Fb/", "/kb/ru/%00/"]
)
def test_bad_article_addresses_are_404(client, url):
    assert client.get(url).status_code == 404


def test_bad_parameters_are_4xx_not_5xx(client, agent, publish):
    assert APIClient().get("/api/v1/kb/articles/?category=%00").status_code == 200
    client.force_login(agent)
    assert client.get("/agent/kb/new/?translation_of=²").status_code == 200


def test_votes_and_searches_are_limited_per_ip(client, publish, settings):
    article = publish("en", "Reset a password", "x")
    settings.HELPDESK_KB_VOTE_RATE_PER_IP = "2/h"
    codes = [
        client.post(f"/kb/en/{article.slug}/vote/", {"helpful": "yes"}).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    settings.HELPDESK_KB_SEARCH_RATE_PER_IP = "2/h"
    codes = [client.get("/kb/en/search/?q=reset").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert APIClient().get("/api/v1/kb/search/?q=reset").status_code == 429  # the same budget


def test_a_drafts_images_show_to_its_editors_only(client, agent, publish, media_root):
    draft = publish("en", "Draft with a screenshot", "", status=Article.Status.DRAFT)
    image = ArticleFile.objects.create(
        article=draft, file=ContentFile(b"\x89PNG", name="x"), filename="shot.png",
        content_type="image/png", size=4,
    )  # fmt: skip
    url = f"/kb/files/{image.pk}/shot.png"
    assert client.get(url).status_code == 404
    client.force_login(agent)
    assert client.get(url).status_code == 200


def test_images_only_from_a_file_of_ours():
    html = render_markdown("![a](/kb/files/../../agent/) ![b](/kb/files/3/shot.png)")
    assert "agent" not in html and 'src="/kb/files/3/shot.png"' in html


def test_the_public_api_names_no_hidden_article_and_no_agent(publish, agent):
    shown = publish("en", "Reset a password", "x")
    hidden = publish("en", "Internal runbook", "x", is_internal=True)
    other = publish("en", "Change the password", "x")
    services.article_set_related(article=shown, related=[hidden, other])
    api = APIClient()
    body = api.get(f"/api/v1/kb/articles/{shown.pk}/").json()
    assert body["related"] == [other.pk] and body["owner"] is None
    api.force_authenticate(agent)
    body = api.get(f"/api/v1/kb/articles/{shown.pk}/").json()
    assert body["related"] == sorted([hidden.pk, other.pk]) and body["owner"] == agent.username


def test_the_admin_refuses_a_second_translation_as_a_form_error(admin_client, publish, section):
    english = publish("en", "Reset a password", "x")
    publish("ru", "Сброс пароля", "x", translation_of=english)
    response = admin_client.post("/admin/kb/article/add/", {
        "language": "ru", "title": "Ещё один", "section": section.pk, "status": "draft",
        "body": "", "translation_of": english.pk,
    })  # fmt: skip
    assert response.status_code == 200
    assert "already has a version in that language" in response.content.decode()
    assert Article.objects.count() == 2


def test_a_category_without_readable_articles_is_not_found(client, publish, section):
    publish("en", "Internal runbook", "x", is_internal=True)
    assert client.get(f"/kb/en/c/{section.category.slug}/").status_code == 404
    publish("en", "Reset a password", "x")
    assert client.get(f"/kb/en/c/{section.category.slug}/").status_code == 200
