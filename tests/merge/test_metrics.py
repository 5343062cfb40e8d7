"""Facts of both tickets after a merge (docs/metrics.md, "Merged tickets"): each ticket's facts
stay a fold of its own events; the events of the merge trigger the refresh of both."""

import pytest

from metrics.models import TicketFacts
from metrics.services import ticket_facts_refresh
from tickets import services
from tickets.models import Ticket, TicketEvent
from tickets.services.events import events_process_pending
from tickets.services.merge import ticket_merge

pytestmark = pytest.mark.django_db


def facts(ticket) -> TicketFacts:
    ticket_facts_refresh(ticket_ids=[ticket.pk])
    return TicketFacts.objects.get(ticket=ticket)


def test_the_merge_refreshes_the_facts_of_both_tickets(source, target, agent, at):
    events_process_pending()
    assert TicketFacts.objects.get(ticket=source).status == Ticket.Status.NEW

    with at(minutes=30):
        ticket_merge(source=source, target=target, actor=agent)
    pending = TicketEvent.objects.filter(processed_at__isnull=True)
    assert set(pending.values_list("ticket_id", flat=True)) == {source.pk, target.pk}
    events_process_pending()

    source_facts = TicketFacts.objects.get(ticket=source)
    assert source_facts.status == Ticket.Status.CLOSED
    assert source_facts.resolution_seconds == 28 * 60  # created at +2 min, merged at +30
    assert TicketFacts.objects.get(ticket=target).computed_at is not None


def test_the_source_keeps_its_own_facts_up_to_the_merge(source, target, agent, at):
    with at(minutes=5):  # 3 minutes after the duplicate came in
        services.message_add_from_agent(ticket=source, agent=agent, body="Looking into it")

    with at(minutes=20):
        ticket_merge(source=source, target=target, actor=agent)

    source_facts = facts(source)
    assert source_facts.first_response_seconds == 3 * 60
    assert source_facts.agent_replies == 1
    assert source_facts.resolved_at is not None
    assert source_facts.reopened == 0


def test_moved_replies_do_not_answer_the_target_early(source, target, agent, at):
    """The rule: the target's first response is its own first public agent reply. A reply
    written on the duplicate before the merge answered the duplicate, not the target."""
    with at(minutes=4):
        services.message_add_from_agent(ticket=source, agent=agent, body="On the duplicate")
    with at(minutes=10):
        ticket_merge(source=source, target=target, actor=agent)
    assert facts(target).first_response_at is None  # unanswered until someone replies there

    with at(minutes=25):
        services.message_add_from_agent(ticket=target, agent=agent, body="On the target")

    target_facts = facts(target)
    assert target_facts.first_response_seconds == 25 * 60
    assert (target_facts.agent_replies, target_facts.customer_replies) == (1, 0)


def test_an_earlier_reply_moved_in_never_shortens_the_first_response(source, target, agent, at):
    """Moved messages keep their timestamps, and sit earlier in the thread than the target's
    own reply: the target's first response is still measured to its own reply."""
    with at(minutes=3):
        services.message_add_from_agent(ticket=source, agent=agent, body="Duplicate answered")
    with at(minutes=8):
        services.message_add_from_agent(ticket=target, agent=agent, body="Target answered")
    before = facts(target)

    with at(minutes=12):
        ticket_merge(source=source, target=target, actor=agent)

    after = facts(target)
    assert before.first_response_seconds == after.first_response_seconds == 8 * 60
    assert (after.agent_replies, after.status) == (1, before.status)
