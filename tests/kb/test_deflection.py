"""Suggestions on the request form, what they record, and the deflection report."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from helpdesk import clock
from kb import services
from kb.models import DeflectionVisit, Suggestion
from kb.reports import deflection_report
from kb.selectors import kb_suggest
from kb.services.deflection import visit_token_new

REQUEST = "/request/new/"


@pytest.fixture
def articles(publish):
    return {
        "reset": publish(
            "en", "Reset a forgotten password", "Open the sign-in page; choose Forgot password."
        ),
        "export": publish("en", "Export your data to CSV", "Exports include every event."),
        "internal": publish("en", "Password reset log", "Agents only.", is_internal=True),
    }


def _visit_of(page: str) -> str:
    return re.search(r'name="kb_visit" value="([^"]+)"', page)[1]


def test_suggestions_follow_any_of_the_typed_words(articles):
    found = kb_suggest(language="en", text="I cannot sign in, forgot my password yesterday")
    assert [a.title for a in found][:1] == ["Reset a forgotten password"]
    assert "Password reset log" not in [a.title for a in found]  # internal: never suggested
    assert kb_suggest(language="en", text="   ") == []


def test_typing_records_the_suggestions_once_and_opening_records_it(client, articles):
    token = _visit_of(client.get(REQUEST).content.decode())
    typed = {"subject": "Forgot password", "body": "Cannot sign in", "kb_visit": token}
    for _ in range(2):
        response = client.post("/kb/suggest/", typed)
        assert (
            response.status_code == 200
            and "Reset a forgotten password" in response.content.decode()
        )
    visit = DeflectionVisit.objects.get()
    assert visit.language == "en" and visit.ticket is None
    reset = articles["reset"]
    assert list(visit.suggestions.values_list("article", flat=True)) == [reset.pk]
    link = re.search(r'href="(/kb/suggested/[^"]+)"', response.content.decode())[1].replace(
        "&amp;", "&"
    )
    opened = client.get(link)
    assert opened.status_code == 302 and opened["Location"] == f"/kb/en/{reset.slug}/"
    assert Suggestion.objects.get().opened_at is not None


def test_filing_the_request_marks_the_visit_filed(client, articles):
    token = _visit_of(client.get(REQUEST).content.decode())
    client.post("/kb/suggest/", {"subject": "Forgot password", "kb_visit": token})
    response = client.post(REQUEST, {
        "name": "Ada", "email": "ada@example.com", "subject": "Forgot password",
        "body": "Still cannot sign in.", "kb_visit": token,
    })  # fmt: skip
    assert response.status_code == 302
    visit = DeflectionVisit.objects.get()
    assert visit.ticket is not None and visit.filed_at is not None


def test_a_re_shown_form_keeps_its_visit(client, articles):
    token = _visit_of(client.get(REQUEST).content.decode())
    page = client.post(REQUEST, {"subject": "", "kb_visit": token}).content.decode()
    assert _visit_of(page) == token


def test_forged_visit_keys_record_nothing(client, articles):
    client.post("/kb/suggest/", {"subject": "Forgot password", "kb_visit": "made-up"})
    services.suggestions_shown(token="x" * 43, language="en", articles=[articles["reset"]])
    assert not DeflectionVisit.objects.exists()


def test_suggestions_post_only_and_rate_limited(client, articles, settings):
    assert client.get("/kb/suggest/").status_code == 405
    settings.HELPDESK_KB_SUGGEST_RATE_PER_IP = "2/h"
    codes = [client.post("/kb/suggest/", {"subject": "password"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def _visit(article_opened, *, filed, articles, began):
    token = visit_token_new()
    with clock.frozen_at(began):
        services.suggestions_shown(token=token, language="en", articles=articles)
        if article_opened:
            services.suggestion_opened(token=token, article=article_opened)
        if filed:
            from tests.factories import make_ticket

            services.visit_filed(token=token, ticket=make_ticket())


def test_report_rate_and_deflecting_articles(articles):
    reset, export = articles["reset"], articles["export"]
    began = timezone.now() - timedelta(hours=3)
    _visit(reset, filed=False, articles=[reset, export], began=began)
    _visit(reset, filed=False, articles=[reset], began=began)
    _visit(export, filed=True, articles=[reset, export], began=began)
    _visit(None, filed=False, articles=[export], began=began)
    _visit(reset, filed=False, articles=[reset], began=timezone.now())  # not settled yet
    today = timezone.localdate()
    report = deflection_report(start=today - timedelta(days=1), end=today)
    assert (report.visits, report.filed, report.opened, report.deflected) == (4, 1, 3, 3)
    assert report.rate == pytest.approx(0.75)
    assert [(row.article, row.shown, row.opened, row.deflected) for row in report.top] == [
        (reset, 3, 2, 2),
        (export, 3, 1, 0),
    ]
    empty = deflection_report(start=today - timedelta(days=30), end=today - timedelta(days=20))
    assert empty.visits == 0 and empty.rate is None


def test_dashboard_shows_the_rate(client, manager, articles):
    _visit(
        articles["reset"],
        filed=False,
        articles=[articles["reset"]],
        began=timezone.now() - timedelta(hours=2),
    )
    client.force_login(manager)
    page = client.get("/manager/").content.decode()
    assert 'id="deflection-rate">100.0 %' in page or 'id="deflection-rate">100,0 %' in page
    assert "Reset a forgotten password" in page
