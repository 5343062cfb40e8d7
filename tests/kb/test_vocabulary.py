"""The typo vocabulary follows every article write, holds only public words, and the search
ranks a bounded set of candidates without losing the title matches."""

from django.contrib.auth.models import AnonymousUser

from kb import services
from kb.models import Article, SearchWord
from kb.selectors import BODY_CANDIDATES, kb_search
from kb.services.vocabulary import vocabulary_rebuild


def counts():
    return dict(SearchWord.objects.values_list("word", "articles"))


def test_the_vocabulary_moves_with_every_write(publish, agent):
    first = publish("en", "Reset password", "Choose Forgot password.")
    publish("en", "Change password", "Open Settings.")
    assert counts()["password"] == 2 and counts()["forgot"] == 1
    services.article_update(article=first, author=agent, body="Choose Remember me.")
    assert "forgot" not in counts() and counts()["remember"] == 1
    services.article_update(article=first, author=agent, is_internal=True)
    assert counts()["password"] == 1 and "remember" not in counts()
    services.article_update(article=first, author=agent, is_internal=False, status="archived")
    assert counts()["password"] == 1
    before = counts()
    vocabulary_rebuild()
    assert counts() == before


def test_a_correction_never_reveals_an_internal_word(publish):
    publish("en", "Escalation runbook", "Call the zeppelin desk.", is_internal=True)
    results = kb_search(user=AnonymousUser(), language="en", query="zeppelim")
    assert results.hits == [] and results.corrected == ""


def test_a_title_match_is_ranked_first_among_more_body_matches_than_are_ranked(publish, section):
    for n in range(BODY_CANDIDATES + 20):
        publish("en", f"Article {n}", "Mentions the printer once.")
    titled = publish("en", "Printer troubleshooting", "Paper jams.")
    results = kb_search(user=AnonymousUser(), language="en", query="printer")
    assert results.hits[0].article == titled
    assert len(results.hits) == 20
    assert Article.objects.count() > BODY_CANDIDATES
