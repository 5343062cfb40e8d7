"""The per-ticket explanation on the agent's ticket page (metrics.explanations)."""

import html
from datetime import timedelta

import pytest

from metrics.models import TicketFacts
from tests.factories import make_ticket
from tickets import services
from tickets.models import BusinessCalendar, SlaPolicy
from tickets.tasks import process_pending_events

pytestmark = pytest.mark.django_db


def explanation(client, ticket) -> str:
    response = client.get(f"/agent/tickets/{ticket.reference}/")
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('id="ticket-explanation"')
    section = page[start : page.index("</section>", start)]
    return html.unescape(" ".join(section.split()))


@pytest.fixture
def answered(customer, team, manager, at):
    """A ticket answered after 2 minutes, its events processed into facts."""
    with at():
        ticket = make_ticket(customer=customer, team=team)
    with at(minutes=2):
        services.message_add_from_agent(ticket=ticket, agent=manager, body="On it")
    process_pending_events()
    return ticket


def test_a_ticket_without_facts_says_so(client, agent, customer, team, at):
    with at():
        ticket = make_ticket(customer=customer, team=team)
    client.force_login(agent)

    text = explanation(client, ticket)

    assert "No metrics for this ticket yet" in text
    assert "First response" not in text


def test_facts_from_the_pipeline_are_explained_in_calendar_time(client, agent, answered):
    client.force_login(agent)

    text = explanation(client, answered)

    assert "First response 2 minutes calendar time; no SLA target" in text
    assert "Not resolved yet; no SLA target" in text


def _set_facts(ticket, **values):
    # The explanation reads the facts the pipeline derives; these set the business-time, pause
    # and SLA values directly, whatever calendar and policy the test database has.
    assert TicketFacts.objects.filter(ticket=ticket).update(**values) == 1


def test_business_time_calendar_pause_and_a_met_target(client, agent, answered):
    calendar = BusinessCalendar.objects.create(name="Moscow office", time_zone="Europe/Moscow")
    policy = SlaPolicy.objects.create(
        name="Normal", priority="normal", first_response_minutes=240, resolution_minutes=None
    )
    _set_facts(
        answered,
        calendar=calendar,
        sla_policy=policy,
        first_response_seconds=5 * 3600,
        first_response_business_seconds=3 * 3600 + 12 * 60,
        paused_before_first_response_seconds=2 * 3600,
        sla_first_response_met=True,
    )
    client.force_login(agent)

    text = explanation(client, answered)

    assert (
        "First response 3 h 12 min business time (calendar Moscow office; 2 h 0 min paused "
        "while pending or on hold); SLA target 4 h 0 min business time: met"
    ) in text
    assert "Not resolved yet (calendar Moscow office); no SLA target" in text


def test_a_missed_calendar_time_resolution_target(client, agent, answered):
    policy = SlaPolicy.objects.create(
        name="Urgent",
        priority="urgent",
        resolution_minutes=60,
        resolution_business=False,
    )
    _set_facts(
        answered,
        sla_policy=policy,
        resolved_at=answered.created_at + timedelta(hours=26),
        resolution_seconds=26 * 3600,
        resolution_business_seconds=9 * 3600,
        sla_resolution_met=False,
    )
    client.force_login(agent)

    text = explanation(client, answered)

    # The target counts calendar time, so the calendar duration is the one shown.
    assert "Resolution 1 d 2 h calendar time; SLA target 1 h 0 min: missed" in text
    assert (
        'data-verdict="missed"'
        in client.get(f"/agent/tickets/{answered.reference}/").content.decode()
    )


def test_a_running_target_shows_its_due_time(client, agent, customer, team, at):
    policy = SlaPolicy.objects.create(name="Normal", priority="normal", first_response_minutes=30)
    with at():
        ticket = make_ticket(customer=customer, team=team)
    process_pending_events()
    _set_facts(ticket, sla_policy=policy, sla_first_response_met=None)
    ticket.first_response_due_at = ticket.created_at + timedelta(minutes=30)
    ticket.save(update_fields=["first_response_due_at"])
    client.force_login(agent)

    text = explanation(client, ticket)

    assert "No first response yet; SLA target 30 minutes business time: running, due" in text
