"""Dashboard numbers (metrics.selectors.period_summary): counts and exact medians from facts."""

from datetime import timedelta

import pytest

from metrics.selectors import period_summary
from tests.factories import make_ticket
from tickets import services
from tickets.models import Ticket
from tickets.tasks import process_pending_events

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(customer, manager, at):
    """``answered(team, hours, seconds)``: a ticket created at t0 + ``hours`` that gets its first
    public reply ``seconds`` later (or never, for None)."""

    def make(team, *, hours=0, seconds=None, resolved_after=None):
        with at(hours=hours):
            ticket = make_ticket(customer=customer, team=team)
        if seconds is not None:
            with at(hours=hours, seconds=seconds):
                services.message_add_from_agent(ticket=ticket, agent=manager, body="Answer")
        if resolved_after is not None:
            with at(hours=hours, seconds=resolved_after):
                services.ticket_change_status(
                    ticket=ticket, actor=manager, status=Ticket.Status.SOLVED
                )
        return ticket

    return make


@pytest.fixture
def day(t0):
    """The period [t0 - 1 h, t0 + 1 day)."""
    return {"start": t0 - timedelta(hours=1), "end": t0 + timedelta(days=1)}


def test_odd_count_median_is_the_middle_value(answered, team, day):
    for hours, seconds in [(0, 600), (1, 60), (2, 120)]:
        answered(team, hours=hours, seconds=seconds)
    process_pending_events()

    summary = period_summary(**day)

    assert summary.tickets_created == 3
    assert summary.tickets_responded == 3
    assert summary.median_first_response_seconds == 120


def test_even_count_median_interpolates(answered, team, day):
    for hours, seconds in [(0, 60), (1, 120), (2, 600), (3, 1000)]:
        answered(team, hours=hours, seconds=seconds)
    process_pending_events()

    assert period_summary(**day).median_first_response_seconds == 360  # (120 + 600) / 2


def test_unanswered_tickets_count_as_created_but_not_in_the_median(answered, team, day):
    answered(team, seconds=60)
    answered(team, hours=1, seconds=300)
    answered(team, hours=2)
    process_pending_events()

    summary = period_summary(**day)

    assert summary.tickets_created == 3
    assert summary.tickets_responded == 2
    assert summary.median_first_response_seconds == 180


def test_tickets_outside_the_period_are_left_out(answered, team, day):
    answered(team, hours=-2, seconds=5)  # the hour before the period starts
    answered(team, hours=24, seconds=5)  # exactly at the end: the end is exclusive
    answered(team, hours=3, seconds=100)
    process_pending_events()

    summary = period_summary(**day)

    assert summary.tickets_created == 1
    assert summary.median_first_response_seconds == 100


def test_team_filter(answered, team, other_team, day):
    answered(team, seconds=60)
    answered(other_team, hours=1, seconds=900)
    answered(other_team, hours=2, seconds=1000)
    process_pending_events()

    ours = period_summary(**day, team_id=team.pk)
    theirs = period_summary(**day, team_id=other_team.pk)

    assert (ours.tickets_created, ours.median_first_response_seconds) == (1, 60)
    assert (theirs.tickets_created, theirs.median_first_response_seconds) == (2, 950)


def test_resolutions_are_counted_in_the_period_they_happen(answered, team, day):
    answered(team, resolved_after=3600)
    answered(team, hours=1, resolved_after=7200)
    answered(team, hours=2, resolved_after=10800)
    answered(team, hours=3, resolved_after=3 * 86400)  # resolved after the period
    process_pending_events()

    summary = period_summary(**day)

    assert summary.tickets_created == 4
    assert summary.tickets_resolved == 3
    assert summary.median_resolution_seconds == 7200


def test_empty_period(db, day):
    summary = period_summary(**day)

    assert summary.tickets_created == 0
    assert summary.tickets_resolved == 0
    assert summary.median_first_response_seconds is None
    assert summary.median_resolution_seconds is None


def test_unprocessed_events_are_not_counted_yet(answered, team, day):
    answered(team, seconds=60)

    assert period_summary(**day).tickets_created == 0
