"""The knowledge base API: public reads and search, agent writes, never a draft or internal
article for anyone else, errors as JSON with field names."""

import pytest
from rest_framework.test import APIClient

from kb.models import Article


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def articles(publish):
    reset = publish("en", "Reset a forgotten password", "Choose **Forgot password**.")
    return {
        "reset": reset,
        "reset_ru": publish(
            "ru", "Сброс забытого пароля", "Нажмите «Забыли пароль?».", translation_of=reset
        ),
        "internal": publish("en", "Verifying ownership", "Agents only.", is_internal=True),
        "draft": publish("en", "Password policy", "Not yet.", status=Article.Status.DRAFT),
    }


def titles(response):
    return sorted(item["title"] for item in response.json()["results"])


def test_anyone_lists_and_reads_published_public_articles(api, articles):
    assert titles(api.get("/api/v1/kb/articles/")) == [
        "Reset a forgotten password",
        "Сброс забытого пароля",
    ]
    assert titles(api.get("/api/v1/kb/articles/?language=ru")) == ["Сброс забытого пароля"]
    assert titles(api.get("/api/v1/kb/articles/?status=draft")) == titles(
        api.get("/api/v1/kb/articles/")
    )
    body = api.get(f"/api/v1/kb/articles/{articles['reset'].pk}/").json()
    assert body["body_html"] == "<p>Choose <strong>Forgot password</strong>.</p>\n"
    assert body["url"] == "http://testserver/kb/en/reset-a-forgotten-password/"
    assert body["group"] == str(articles["reset_ru"].group)


@pytest.mark.parametrize("who", ["anonymous", "customer"])
def test_drafts_and_internal_articles_are_never_public(api, articles, customer_user, who):
    if who == "customer":
        api.force_authenticate(customer_user)
    for key in ("internal", "draft"):
        assert api.get(f"/api/v1/kb/articles/{articles[key].pk}/").status_code == 404
        assert api.get(f"/api/v1/kb/articles/{articles[key].pk}/revisions/").status_code == 403
    listed = titles(api.get("/api/v1/kb/articles/")) + titles(
        api.get("/api/v1/kb/articles/?status=draft")
    )
    assert "Verifying ownership" not in listed and "Password policy" not in listed
    found = api.get("/api/v1/kb/search/?q=ownership").json()["hits"]
    assert found == []


def test_agents_see_internal_and_drafts(api, articles, agent):
    api.force_authenticate(agent)
    assert "Verifying ownership" in titles(api.get("/api/v1/kb/articles/"))
    assert titles(api.get("/api/v1/kb/articles/?status=draft")) == ["Password policy"]
    assert api.get(f"/api/v1/kb/articles/{articles['draft'].pk}/").status_code == 200


def test_search_ranks_highlights_and_corrects(api, articles):
    body = api.get("/api/v1/kb/search/?q=pasword&language=en").json()
    assert body["corrected"] == "password"
    assert [hit["article"]["title"] for hit in body["hits"]] == ["Reset a forgotten password"]
    assert "<mark>password</mark>" in body["hits"][0]["title_html"]
    assert api.get("/api/v1/kb/search/?q=").json() == {"q": ["Type a few words to search."]}


def test_agents_write_with_revisions_others_may_not(api, articles, agent, customer_user, section):
    new = {
        "section": section.pk,
        "language": "en",
        "title": "Change the e-mail",
        "body": "Open **Profile**.",
    }
    assert api.post("/api/v1/kb/articles/", new, format="json").status_code == 403
    api.force_authenticate(customer_user)
    assert api.post("/api/v1/kb/articles/", new, format="json").status_code == 403
    api.force_authenticate(agent)
    created = api.post("/api/v1/kb/articles/", new, format="json")
    assert created.status_code == 201 and created.json()["slug"] == "change-the-e-mail"
    article_id = created.json()["id"]
    changed = api.patch(
        f"/api/v1/kb/articles/{article_id}/",
        {"body": "Open **Settings**.", "status": "published", "related": [articles["reset"].pk]},
        format="json",
    )
    assert changed.status_code == 200
    assert changed.json()["related"] == [articles["reset"].pk]
    revisions = api.get(f"/api/v1/kb/articles/{article_id}/revisions/").json()
    assert [(r["number"], r["status"], r["author"]) for r in revisions] == [
        (2, "published", agent.username),
        (1, "draft", agent.username),
    ]


def test_bad_input_is_json_with_field_names_and_writes_nothing(api, articles, agent, section):
    api.force_authenticate(agent)
    before = Article.objects.count()
    response = api.post("/api/v1/kb/articles/", {"language": "de", "title": ""}, format="json")
    assert response.status_code == 400
    assert {"section", "language", "title"} <= set(response.json())
    taken = api.post(
        "/api/v1/kb/articles/",
        {"section": section.pk, "language": "en", "title": "X", "slug": articles["reset"].slug},
        format="json",
    )
    assert taken.status_code == 400 and "slug" in taken.json()
    second_ru = api.post(
        "/api/v1/kb/articles/",
        {
            "section": section.pk,
            "language": "ru",
            "title": "Ещё",
            "translation_of": articles["reset"].pk,
        },
        format="json",
    )
    assert second_ru.status_code == 400 and "language" in second_ru.json()
    assert Article.objects.count() == before


def test_suggestions_for_a_request_being_written(api, articles):
    response = api.post(
        "/api/v1/kb/suggestions/",
        {"subject": "forgot my password", "language": "en"},
        format="json",
    )
    assert [item["title"] for item in response.json()] == ["Reset a forgotten password"]


def test_categories_with_sections(api, articles):
    (category,) = api.get("/api/v1/kb/categories/").json()
    assert category["slug"] == "sign-in" and category["sections"][0]["name_ru"] == "Пароли"


def test_the_schema_documents_the_knowledge_base(api, agent):
    api.force_authenticate(agent)
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert {
        "/api/v1/kb/categories/",
        "/api/v1/kb/articles/",
        "/api/v1/kb/articles/{article_id}/",
        "/api/v1/kb/articles/{article_id}/revisions/",
        "/api/v1/kb/search/",
        "/api/v1/kb/suggestions/",
    } <= set(schema["paths"])
    assert "patch" in schema["paths"]["/api/v1/kb/articles/{article_id}/"]


def test_signed_in_users_vote_once_each(api, articles, customer_user, agent):
    url = f"/api/v1/kb/articles/{articles['reset'].pk}/vote/"
    assert api.post(url, {"helpful": True}, format="json").status_code == 403  # anonymous
    api.force_authenticate(customer_user)
    assert api.post(url, {"helpful": True}, format="json").json()["helpful_yes"] == 1
    changed = api.post(url, {"helpful": False, "comment": "Step 3?"}, format="json").json()
    assert (changed["helpful_yes"], changed["helpful_no"]) == (0, 1)
    api.force_authenticate(agent)
    assert api.post(url, {"helpful": True}, format="json").json()["helpful_yes"] == 1
    assert api.post(url, {}, format="json").json() == {"helpful": ["This field is required."]}
    draft = f"/api/v1/kb/articles/{articles['draft'].pk}/vote/"
    assert api.post(draft, {"helpful": True}, format="json").status_code == 404


def test_gaps_for_agents_only(api, agent, customer_user, team):
    from tests.factories import make_ticket

    for _ in range(2):
        make_ticket(team=team, subject="Zeppelin docking fees")
    api.force_authenticate(customer_user)
    assert api.get("/api/v1/kb/gaps/").status_code == 403
    api.force_authenticate(agent)
    body = api.get("/api/v1/kb/gaps/?days=7").json()
    assert (
        body["days"] == 7
        and {"label": "zeppelin", "tickets": 2, "query": "zeppelin"} in body["terms"]
    )
    assert api.get("/api/v1/kb/gaps/?days=5").json() == {"days": ["Choose 7, 30 or 90."]}


def test_the_dashboard_api_has_the_deflection(api, manager, articles):
    api.force_authenticate(manager)
    body = api.get("/api/v1/metrics/dashboard/").json()
    assert body["deflection"] == {
        "visits": 0, "filed": 0, "opened": 0, "deflected": 0, "rate": None, "top": [],
    }  # fmt: skip
