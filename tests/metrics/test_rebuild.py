"""manage.py metrics_rebuild: facts and rollups rebuilt from the events alone equal the ones
the live pipeline built."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from metrics.models import (
    CreatedRollup,
    Grain,
    ResolvedRollup,
    RollupDirtyDay,
    Span,
    SurveyRollup,
    TicketFacts,
)
from metrics.services import FACT_FIELDS
from tests.factories import make_ticket
from tests.metrics.rollup_checks import local, process_and_fill, snapshot
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

S = Ticket.Status


@pytest.fixture(autouse=True)
def _moscow(settings):
    settings.TIME_ZONE = "Europe/Moscow"


@pytest.fixture
def history(customer, team, agent, at):
    """Tickets over four days, worked through the services and the live pipeline."""
    tickets = []
    for day in range(4):
        with at(days=day):
            tickets.append(make_ticket(customer=customer, team=team))
        with at(days=day, hours=2 + day):
            services.message_add_from_agent(ticket=tickets[-1], agent=agent, body="Looking")
        if day % 2 == 0:
            with at(days=day, hours=8):
                services.ticket_change_status(ticket=tickets[-1], actor=agent, status=S.SOLVED)
    with at(days=5):
        services.ticket_change_status(ticket=tickets[0], actor=agent, status=S.OPEN)
        services.message_add_from_agent(ticket=tickets[0], agent=agent, body="Again")
    with at(days=6):
        process_and_fill()
    return tickets


def facts_table() -> dict:
    return {
        row["ticket_id"]: row
        for row in TicketFacts.objects.values("ticket_id", *(f for f in FACT_FIELDS))
    }


def rebuild(*args, at, **kwargs):
    out = io.StringIO()
    with at(days=6):
        call_command("metrics_rebuild", *args, stdout=out, stderr=io.StringIO(), **kwargs)
    return out.getvalue()


def test_a_rebuild_from_the_events_equals_what_the_live_pipeline_built(history, at, t0):
    live_rollups, live_facts = snapshot(), facts_table()
    TicketFacts.objects.all().delete()
    for model in (CreatedRollup, ResolvedRollup, SurveyRollup):
        model.objects.all().delete()
    stale = CreatedRollup.objects.create(day=local(t0) - timedelta(days=1), grain=Grain.ALL)
    stale.created = 7
    stale.save()

    output = rebuild("--no-progress", "--batch-size", "2", at=at)

    assert facts_table() == live_facts
    assert snapshot() == live_rollups  # the stale row before the first ticket is gone too
    assert not RollupDirtyDay.objects.exists()
    assert f"{len(history)} tickets" in output


def test_since_rebuilds_the_tickets_and_days_from_that_day_on(history, at, t0):
    live = snapshot()
    CreatedRollup.objects.all().delete()

    rebuild("--no-progress", "--since", str(local(t0) + timedelta(days=2)), at=at)

    days = {row.day for row in CreatedRollup.objects.filter(grain=Grain.ALL, span=Span.DAY)}
    assert days == {local(t0) + timedelta(days=n) for n in (2, 3)} | (
        # A ticket touched since then may mark its own earlier days again (ticket 0's reopen).
        days & {local(t0)}
    )
    # Day rows only: a week or month row sums the days there are, and the days before --since
    # were deleted above.
    assert {k: v for k, v in snapshot().items() if k[:3:2] == ("CreatedRollup", Span.DAY)} == {
        k: v for k, v in live.items() if k[:3:2] == ("CreatedRollup", Span.DAY) and k[1] in days
    }


def test_the_progress_bars_go_to_a_terminal_only(history, at, capsys):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    with at(days=6):
        call_command("metrics_rebuild", stdout=io.StringIO(), stderr=Terminal())
    shown = capsys.readouterr().err
    assert "facts" in shown and "rollups" in shown and "tickets" in shown

    with at(days=6):
        call_command("metrics_rebuild", "--no-progress", stdout=io.StringIO(), stderr=Terminal())
        call_command("metrics_rebuild", stdout=io.StringIO(), stderr=io.StringIO())
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("args", [["--since", "yesterday"], ["--batch-size", "0"]])
def test_bad_arguments_are_refused(args, db):
    with pytest.raises(CommandError):
        call_command("metrics_rebuild", *args, stdout=io.StringIO(), stderr=io.StringIO())
