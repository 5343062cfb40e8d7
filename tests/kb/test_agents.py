"""The agents' knowledge base: the editor, the reply editor's picker, a reply made into a
draft, revisions side by side, files, and the knowledge gaps."""

import re

import pytest

from kb.models import Article, ArticleFile
from tests.factories import CustomerFactory, make_ticket, upload
from tickets import services as ticket_services
from tickets.models import Tag


@pytest.fixture
def signed_in(client, agent):
    client.force_login(agent)
    return client


def test_write_preview_and_save_keep_revisions(signed_in, section, agent):
    page = signed_in.get("/agent/kb/new/?title=Change%20the%20e-mail")
    assert 'value="Change the e-mail"' in page.content.decode()
    created = signed_in.post("/agent/kb/new/", {
        "title": "Change the e-mail", "language": "en", "section": section.pk,
        "status": "draft", "body": "Open **Profile**.",
    })  # fmt: skip
    article = Article.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/agent/kb/{article.pk}/"
    assert (article.owner, article.status, article.slug) == (agent, "draft", "change-the-e-mail")
    preview = signed_in.post("/agent/kb/preview/", {"body": "**x** <script>alert(1)</script>"})
    assert "<strong>x</strong>" in preview.content.decode()
    assert "<script>" not in preview.content.decode()
    signed_in.post(f"/agent/kb/{article.pk}/", {
        "title": "Change the e-mail", "section": section.pk, "status": "published",
        "body": "Open **Settings**.", "slug": article.slug,
    })  # fmt: skip
    article.refresh_from_db()
    assert article.status == "published" and article.revisions.count() == 2
    compared = signed_in.get(f"/agent/kb/{article.pk}/compare/?old=1&new=2").content.decode()
    assert 'class="diff"' in compared and "Settings" in compared and "Profile" in compared


def test_editor_errors_sit_next_to_the_field_and_nothing_is_written(signed_in, section, publish):
    taken = publish("en", "Taken", "x")
    response = signed_in.post("/agent/kb/new/", {
        "title": "", "language": "en", "section": section.pk, "status": "draft",
    })  # fmt: skip
    assert response.status_code == 400 and 'id="id_title-error"' in response.content.decode()
    response = signed_in.post("/agent/kb/new/", {
        "title": "New", "language": "en", "section": section.pk, "status": "draft",
        "slug": taken.slug,
    })  # fmt: skip
    assert response.status_code == 400 and 'id="id_slug-error"' in response.content.decode()
    assert Article.objects.count() == 1


def test_a_translation_joins_its_article(signed_in, section, publish):
    english = publish("en", "Reset a password", "x")
    form = signed_in.get(f"/agent/kb/new/?translation_of={english.pk}").content.decode()
    assert f'name="translation_of" value="{english.pk}"' in form
    signed_in.post("/agent/kb/new/", {
        "translation_of": english.pk, "title": "Сброс пароля", "language": "ru",
        "section": section.pk, "status": "published",
    })  # fmt: skip
    assert Article.objects.get(language="ru").group == english.group


def test_files_are_bounded_and_give_their_markdown(signed_in, publish, media_root):
    article = publish("en", "With a screenshot", "")
    bad = signed_in.post(f"/agent/kb/{article.pk}/files/", {"file": upload("tool.exe", b"MZ")})
    assert bad.status_code == 400 and 'id="id_file-error"' in bad.content.decode()
    good = signed_in.post(
        f"/agent/kb/{article.pk}/files/", {"file": upload("shot.png", b"\x89PNG", "image/png")}
    )
    stored = ArticleFile.objects.get()
    assert good.status_code == 302 and stored.content_type == "image/png"
    page = signed_in.get(f"/agent/kb/{article.pk}/").content.decode()
    assert f"![shot.png](/kb/files/{stored.pk}/shot.png)" in page


def test_the_list_pages_and_filters_without_n_plus_1(
    signed_in, publish, agent, django_assert_max_num_queries
):
    for n in range(60):
        publish("en", f"Article {n}", "x", status="draft" if n % 2 else "published")
    with django_assert_max_num_queries(12):
        first = signed_in.get("/agent/kb/?show=drafts")
    page = first.content.decode()
    assert page.count('href="/agent/kb/') >= 30 and 'rel="next"' not in page  # 30 drafts
    everything = signed_in.get("/agent/kb/").content.decode()
    next_link = re.search(r'rel="next" href="([^"]+)"', everything)[1].replace("&amp;", "&")
    assert "Article 0" in signed_in.get("/agent/kb/" + next_link).content.decode()


def test_mark_reviewed(signed_in, publish):
    article = publish("en", "Old", "x")
    Article.objects.filter(pk=article.pk).update(last_reviewed_at=None, published_at=None)
    signed_in.post(f"/agent/kb/{article.pk}/reviewed/")
    article.refresh_from_db()
    assert article.last_reviewed_at is not None


def test_the_reply_picker_searches_the_subject_in_the_tickets_language(
    signed_in, agent, team, publish
):
    publish("en", "Reset a forgotten password", "Open the sign-in page.")
    publish("en", "Password reset log", "Agents check it.", is_internal=True)
    ticket = make_ticket(team=team, subject="Forgot my password")
    page = signed_in.get(f"/agent/kb/tickets/{ticket.reference}/picker/").content.decode()
    assert (
        "Reset a forgotten password" in page and 'data-kb-insert="Open the sign-in page."' in page
    )
    assert "http://testserver/kb/en/reset-a-forgotten-password/" in page
    # Internal: shown to the agent, never offered for the customer's reply.
    assert "<mark>Password</mark> reset log" in page and page.count("data-kb-insert") == 2
    other = signed_in.get(f"/agent/kb/tickets/{ticket.reference}/picker/?q=zeppelin")
    assert "No articles match" in other.content.decode()


def test_a_public_reply_becomes_a_draft_in_one_click(signed_in, agent, team, section):
    ticket = make_ticket(
        team=team, subject="Cannot export to CSV", customer=CustomerFactory(language="ru")
    )
    reply = ticket_services.message_add_from_agent(
        ticket=ticket, agent=agent, body="Откройте «Экспорт» и выберите CSV."
    )
    note = ticket_services.message_add_from_agent(
        ticket=ticket, agent=agent, body="Internal", is_internal=True
    )
    page = signed_in.get(f"/agent/tickets/{ticket.reference}/").content.decode()
    assert f"/messages/{reply.pk}/draft/" in page and f"/messages/{note.pk}/draft/" not in page
    response = signed_in.post(f"/agent/kb/tickets/{ticket.reference}/messages/{reply.pk}/draft/")
    article = Article.objects.get()
    assert response["Location"] == f"/agent/kb/{article.pk}/"
    assert (article.title, article.body, article.language, article.status, article.owner) == (
        "Cannot export to CSV", "Откройте «Экспорт» и выберите CSV.", "ru", "draft", agent,
    )  # fmt: skip
    refused = signed_in.post(f"/agent/kb/tickets/{ticket.reference}/messages/{note.pk}/draft/")
    assert refused.status_code == 302 and Article.objects.count() == 1


def test_knowledge_gaps_list_topics_without_an_article(signed_in, agent, team, publish):
    tag = Tag.objects.create(name="vat-number")
    for _ in range(3):
        ticket = make_ticket(team=team, subject="Invoice without VAT number")
        ticket.tags.add(tag)
    make_ticket(team=team, subject="Printer jam")  # once: not frequent
    page = signed_in.get("/agent/kb/gaps/").content.decode()
    assert "vat-number" in page and ">invoic<" in page.replace("</th>", "<")
    assert "jam" not in page
    publish("en", "Add your VAT number to invoices", "Open Billing.")
    page = signed_in.get("/agent/kb/gaps/").content.decode()
    assert "vat-number" not in page and ">invoic<" not in page.replace("</th>", "<")
