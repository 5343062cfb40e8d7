"""Fixtures of the survey tests: a team with a lead, and tickets solved by an agent at t0."""

from __future__ import annotations

import pytest

from tests.factories import AgentFactory, CustomerFactory, make_ticket
from tickets import services
from tickets.models import CsatSurvey, OutboundEmail, Ticket, TicketEvent
from tickets.services import surveys

# The beat's first run after the default 60-minute delay.
DUE = {"minutes": 61}


@pytest.fixture
def lead(team):
    lead = AgentFactory(teams=[team], email="lead@example.com", language="en")
    team.lead = lead
    team.save(update_fields=["lead"])
    return lead


@pytest.fixture
def solve(agent, at):
    """``solve(ticket)``: the agent marks it solved at t0 (or at ``minutes`` after t0)."""

    def run(ticket: Ticket, *, minutes: int = 0) -> Ticket:
        with at(minutes=minutes):
            return services.ticket_change_status(ticket=ticket, actor=agent, status="solved")

    return run


@pytest.fixture
def close(agent, at):
    def run(ticket: Ticket, *, minutes: int = 120) -> Ticket:
        with at(minutes=minutes):
            return services.ticket_change_status(ticket=ticket, actor=agent, status="closed")

    return run


@pytest.fixture
def solved(team, solve, lead):
    """A ticket of ``team`` (which has a lead), solved at t0, customer with an e-mail address."""
    with_ticket = make_ticket(customer=CustomerFactory(language="en"), team=team)
    return solve(with_ticket)


@pytest.fixture
def surveyed(solved, at):
    """``solved`` after the beat has sent its CSAT survey."""
    with at(**DUE):
        surveys.csat_surveys_send_due()
    return CsatSurvey.objects.select_related("ticket").get(ticket=solved)


def events(ticket: Ticket, kind: str) -> list[TicketEvent]:
    return list(TicketEvent.objects.filter(ticket=ticket, kind=kind).order_by("id"))


def emails(**filters) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(**filters).order_by("id"))
