"""The "look" message to the worker after commits: one message for many commits within the
debounce window, and the queued task still processes every event those commits wrote."""

from __future__ import annotations

import pytest

from tests.factories import make_ticket
from tickets.models import TicketEvent
from tickets.tasks import process_pending_events

# Real commits: each on_commit callback runs once, as in production (inside one test
# transaction the first registered "look" would stand for every later commit).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sent(monkeypatch):
    calls = []
    monkeypatch.setattr(process_pending_events, "apply_async", lambda **kw: calls.append(kw))
    return calls


def test_commits_within_the_window_share_one_message_and_its_run_sees_them_all(
    customer, team, sent, settings
):
    settings.HELPDESK_EVENT_LOOK_DEBOUNCE_SECONDS = 1
    for subject in ("First", "Second", "Third"):
        make_ticket(customer=customer, team=team, subject=subject)

    assert sent == [{"countdown": 1, "retry": False}]
    assert TicketEvent.objects.filter(processed_at__isnull=True).count() >= 3

    process_pending_events()  # the one queued run: it processes what all three wrote

    assert not TicketEvent.objects.filter(processed_at__isnull=True).exists()
    make_ticket(customer=customer, team=team, subject="After the run started")
    assert len(sent) == 2  # the run cleared the flag: the next commit asks again


def test_a_broker_that_is_down_leaves_no_flag_behind(customer, team, monkeypatch, caplog):
    def refuse(**kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(process_pending_events, "apply_async", refuse)
    make_ticket(customer=customer, team=team)  # the ticket is committed all the same
    assert "broker unreachable" in caplog.text

    sent = []
    monkeypatch.setattr(process_pending_events, "apply_async", lambda **kw: sent.append(kw))
    make_ticket(customer=customer, team=team)
    assert len(sent) == 1
