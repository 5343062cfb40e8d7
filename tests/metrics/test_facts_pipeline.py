"""ticket_facts_refresh as a pipeline step: idempotent, a constant number of queries per batch,
and marking the rollup days whose numbers a change of facts moves (docs/metrics.md, "Days")."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metrics.models import RollupDirtyDay, TicketFacts
from metrics.services import FACT_FIELDS, ticket_facts_refresh
from tests.factories import make_ticket
from tickets import services
from tickets.models import Ticket, TicketEvent
from tickets.services.events import event_record

pytestmark = pytest.mark.django_db

S = Ticket.Status


def _refreshed(ticket) -> TicketFacts:
    ticket_facts_refresh(ticket_ids=[ticket.pk])
    return TicketFacts.objects.get(ticket=ticket)


@pytest.fixture
def fresh_ticket(customer, team, at):
    with at():
        return make_ticket(customer=customer, team=team)


def reply(ticket, agent):
    services.message_add_from_agent(ticket=ticket, agent=agent, body="On it.")


def customer_says(ticket, customer):
    services.message_add_from_customer(ticket=ticket, customer=customer, body="Still broken")


def test_refresh_is_idempotent(fresh_ticket, agent, at):
    with at(minutes=4):
        services.message_add_from_agent(ticket=fresh_ticket, agent=agent, body="Hi")
    first = _refreshed(fresh_ticket)

    again = _refreshed(fresh_ticket)

    assert (again.agent_replies, again.first_response_seconds) == (1, 240)
    assert (first.agent_replies, first.first_response_seconds) == (1, 240)


def test_refresh_ignores_tickets_that_are_gone(db):
    assert ticket_facts_refresh(ticket_ids=[987654]) == 0
    assert not TicketFacts.objects.exists()


def _values(ticket_ids):
    return {
        row["ticket_id"]: row
        for row in TicketFacts.objects.filter(ticket_id__in=ticket_ids).values(
            "ticket_id", *FACT_FIELDS
        )
    }


def test_replaying_every_event_rebuilds_identical_facts(customer, team, agent, at):
    with at():
        tickets = [make_ticket(customer=customer, team=team) for _ in range(3)]
    with at(minutes=10):
        reply(tickets[0], agent)
        customer_says(tickets[0], customer)
        services.ticket_change_status(ticket=tickets[1], actor=agent, status=S.SOLVED)
    ids = [ticket.pk for ticket in tickets]
    ticket_facts_refresh(ticket_ids=ids)
    first = _values(ids)
    stamped = dict(TicketFacts.objects.values_list("ticket_id", "computed_at"))

    with at(hours=1):
        ticket_facts_refresh(ticket_ids=ids)  # nothing changed: nothing written
    assert dict(TicketFacts.objects.values_list("ticket_id", "computed_at")) == stamped

    TicketFacts.objects.all().delete()
    ticket_facts_refresh(ticket_ids=ids)
    assert _values(ids) == first


def test_a_batch_costs_the_same_queries_as_one_ticket(customer, team, agent, at):
    with at():
        tickets = [make_ticket(customer=customer, team=team) for _ in range(12)]
    with at(minutes=5):
        for ticket in tickets:
            reply(ticket, agent)

    with CaptureQueriesContext(connection) as one:
        ticket_facts_refresh(ticket_ids=[tickets[0].pk])
    TicketFacts.objects.all().delete()
    with CaptureQueriesContext(connection) as many:
        ticket_facts_refresh(ticket_ids=[ticket.pk for ticket in tickets])

    assert len(many) == len(one)


def dirty_days() -> set[date]:
    return set(RollupDirtyDay.objects.values_list("day", flat=True))


def test_changed_facts_mark_their_old_and_new_local_days(settings, customer, team, agent, at):
    # What a rebuild asks for (events processing adds deltas instead: test_rollup_delta.py).
    settings.TIME_ZONE = "Europe/Moscow"
    # Created Monday 2 March 12:00 Moscow; solved at 06:00 Moscow on 3 March (still 2 March UTC)
    with at():
        ticket = make_ticket(customer=customer, team=team)
    with at(hours=21):
        services.ticket_change_status(ticket=ticket, actor=agent, status=S.SOLVED)
    with at(hours=22):
        ticket_facts_refresh(ticket_ids=[ticket.pk], rollups="mark")
    assert dirty_days() == {date(2026, 3, 2), date(2026, 3, 3)}

    # An unchanged refresh marks nothing
    RollupDirtyDay.objects.all().delete()
    ticket_facts_refresh(ticket_ids=[ticket.pk], rollups="mark")
    assert dirty_days() == set()

    # A survey answered a week later marks its own day and the ticket's days
    with at(days=7):
        event_record(ticket=ticket, kind=TicketEvent.Kind.CSAT_ANSWERED, payload={"score": 4})
        ticket_facts_refresh(ticket_ids=[ticket.pk], rollups="mark")
    assert dirty_days() == {date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 9)}

    # A reopen takes the ticket out of its old resolution day: that day is marked again
    RollupDirtyDay.objects.all().delete()
    with at(days=8):
        services.ticket_change_status(ticket=ticket, actor=agent, status=S.OPEN)
        ticket_facts_refresh(ticket_ids=[ticket.pk], rollups="mark")
    assert date(2026, 3, 3) in dirty_days()
    assert TicketFacts.objects.get(ticket=ticket).resolved_at is None


def test_a_refresh_refuses_an_unknown_way_to_follow_the_rollups(fresh_ticket):
    with pytest.raises(ValueError, match="rollups"):
        ticket_facts_refresh(ticket_ids=[fresh_ticket.pk], rollups="marks")
    assert not TicketFacts.objects.filter(ticket=fresh_ticket, computed_at__isnull=False).exists()
