"""A small story for the dashboard and queue drill-down tests: five tickets around T0's day,
through the services, the events and the rollups (as the worker runs them)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import timedelta

from metrics.rollups import rollup_days_mark, rollups_fill
from tests.conftest import T0
from tests.factories import make_ticket
from tickets import services
from tickets.models import Ticket
from tickets.services.surveys import csat_answer_on_tracking_page
from tickets.tasks import process_pending_events

DAY0 = T0.date()
REFERENCE = re.compile(r">(HD-\d{6})</a>")


def pipeline(first=DAY0 - timedelta(days=3), last=DAY0 + timedelta(days=3)) -> None:
    """The worker's part: facts from the events, then the rollups the dashboard reads (the days
    are marked here as well, so the test does not depend on which days the facts mark)."""
    process_pending_events()
    rollup_days_mark(days=[first + timedelta(days=i) for i in range((last - first).days + 1)])
    rollups_fill()


@dataclass
class World:
    tickets: dict[str, Ticket]

    def refs(self, *names: str) -> set[str]:
        return {self.tickets[name].reference for name in names}


def build(*, at, customer, team, other_team, agent, other_agent) -> World:
    """t1 (team, answered in 10 min, solved, CSAT 5), t2 (team, assigned to ``agent``, answered
    after 3 h, open), t3 (other team, unanswered), t4 (other team, created the day before,
    solved on DAY0), t5 (other team, answered after 5 h, solved, CSAT 2)."""
    made = {}
    with at(days=-1):
        made["t4"] = make_ticket(customer=customer, team=other_team, subject="Yesterday's")
    for name, hours, owner in [("t1", 0, team), ("t2", 1, team), ("t3", 2, other_team)]:
        with at(hours=hours):
            made[name] = make_ticket(customer=customer, team=owner, subject=f"Ticket {name}")
    with at(hours=3):
        made["t5"] = make_ticket(
            customer=customer, team=other_team, subject="Ticket t5", priority="high"
        )
    with at(minutes=10):
        services.message_add_from_agent(ticket=made["t1"], agent=agent, body="Done")
    with at(hours=4):
        services.ticket_assign(ticket=made["t2"], actor=agent, assignee=agent)
        services.message_add_from_agent(ticket=made["t2"], agent=agent, body="Looking")
    with at(hours=8):
        services.message_add_from_agent(ticket=made["t5"], agent=other_agent, body="Sorry")
    with at(hours=2):
        services.ticket_change_status(ticket=made["t1"], actor=agent, status="solved")
    with at(hours=5):
        services.ticket_change_status(ticket=made["t4"], actor=other_agent, status="solved")
    with at(hours=9):
        services.ticket_change_status(ticket=made["t5"], actor=other_agent, status="solved")
    with at(hours=10):
        csat_answer_on_tracking_page(ticket=_fresh(made["t1"]), score=5)
        csat_answer_on_tracking_page(ticket=_fresh(made["t5"]), score=2)
    pipeline()
    return World(tickets={name: _fresh(ticket) for name, ticket in made.items()})


def _fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def href_of(page: str, element_id: str) -> str:
    match = re.search(rf'<a href="([^"]+)"[^>]*id="{element_id}"', page)
    assert match, f"no link #{element_id}"
    return html.unescape(match.group(1))


def section(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    return page[start : page.index("</table>", start)]


def cell_href(page: str, element_id: str, key: str, cell: str) -> str:
    rows = section(page, element_id)
    row = rows[rows.index(f'data-key="{key}"') :]
    row = row[: row.index("</tr>")]
    match = re.search(rf'<td class="{cell}">[^<]*(?:<small>\()?<a href="([^"]+)">', row)
    assert match, f"no {cell} link in row {key} of #{element_id}"
    return html.unescape(match.group(1))


def listed(client, url: str) -> set[str]:
    """The ticket references a queue page lists."""
    response = client.get(url)
    assert response.status_code == 200, url
    return set(REFERENCE.findall(response.content.decode()))
