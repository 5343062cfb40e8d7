"""/manager/export.csv: the dashboard's series and breakdowns as a spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import io
import random
from datetime import timedelta

import pytest

from metrics.exports import safe_cell
from metrics.models import TicketFacts
from metrics.selectors import (
    DashboardQuery,
    dashboard_breakdown,
    dashboard_kpis,
    dashboard_series,
)
from tests.factories import AgentFactory, CategoryFactory, make_ticket
from tests.metrics.dashdata_world import DAY0, fill_rollups, random_facts
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

URL = "/manager/export.csv"


def rows_of(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def section(rows: list[list[str]], title: str) -> list[list[str]]:
    """The rows under the header row whose first cell is ``title``, up to the next blank row."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == title)
    body = []
    for row in rows[start + 1 :]:
        if not row:
            break
        body.append(row)
    return body


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_an_agent_is_forbidden(client, agent):
    client.force_login(agent)

    assert client.get(URL).status_code == 403


def test_a_download_with_a_bom_and_the_series_of_the_selectors(client, manager, t0):
    random_facts(random.Random(3), count=30, t0=t0)
    query = DashboardQuery(start=DAY0 - timedelta(days=6), end=DAY0)
    client.force_login(manager)

    response = client.get(URL, {"start": query.start.isoformat(), "end": query.end.isoformat()})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="dashboard-2026-02-24-2026-03-02.csv"'
    )
    series = section(rows_of(response), "Day")
    assert [(row[0], int(row[2]), int(row[3]), int(row[4])) for row in series] == [
        (p.day.isoformat(), p.created, p.solved, p.backlog) for p in dashboard_series(query)
    ]
    assert sum(int(row[2]) for row in series) > 0


def test_breakdowns_are_rows_with_names(client, manager, customer, team, at):
    with at():
        make_ticket(customer=customer, team=team)
        make_ticket(customer=customer, team=team)
    services.events_process_pending()
    fill_rollups(DAY0, DAY0)
    client.force_login(manager)

    rows = rows_of(client.get(URL, {"start": DAY0.isoformat(), "end": DAY0.isoformat()}))

    teams = section(rows, "Team")
    expected = dashboard_breakdown(DashboardQuery(start=DAY0, end=DAY0), by="team")
    assert [(row[0], int(row[1])) for row in teams] == [(r.label, r.created) for r in expected]
    assert teams[0][:2] == [team.name, "2"]
    for title in ("Agent", "Channel", "Priority", "Category"):
        assert section(rows, title)


FORMULAS = ['=HYPERLINK("http://x")', "+SUM(A1)", "-2+3", "@cmd", "\tTab", "\rReturn"]


def facts_of(ticket, t0, **values) -> None:
    """The ticket's facts as given (what the facts refresh derives is not under test here)."""
    TicketFacts.objects.update_or_create(
        ticket=ticket, defaults={"created_at": t0, "team_id": ticket.team_id, **values}
    )


def test_names_that_look_like_formulas_are_defused(client, manager, team, t0):
    """Given a team, a category and agents whose names a spreadsheet would run as formulas,
    then every such cell of the export starts with a quote."""
    team.name = FORMULAS[0]
    team.save()
    # Agents' full names are stripped of tabs and returns; categories' names are not.
    people = [AgentFactory(teams=[team], first_name=name, last_name="") for name in FORMULAS[2:4]]
    topics = [CategoryFactory(team=team, name_en=name, name_ru=name) for name in FORMULAS[4:]]
    topics.append(CategoryFactory(team=team, name_en=FORMULAS[1], name_ru=FORMULAS[1]))
    for agent, category in zip([*people, None], topics, strict=True):
        facts_of(make_ticket(team=team), t0, agent=agent, category=category)
    fill_rollups(DAY0, DAY0)
    client.force_login(manager)

    rows = rows_of(client.get(URL, {"start": DAY0.isoformat(), "end": DAY0.isoformat()}))

    cells = [cell for row in rows for cell in row]
    for name in FORMULAS:
        assert "'" + name in cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        assert not cell.startswith("-") or float(cell) < 0, cell  # only negative numbers
    assert [row[0] for row in section(rows, "Team")] == ["'" + FORMULAS[0]]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+7", "'+7"),
        ("-x", "'-x"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Поддержка", "Поддержка"),
        ("a=b", "a=b"),
        (-12.5, "-12.5"),
        (3, "3"),
        (None, ""),
    ],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell


def test_russian_names_survive_the_encoding(client, manager, team, t0):
    category = CategoryFactory(team=team, name_en="Printers", name_ru="Принтеры")
    facts_of(make_ticket(team=team), t0, category=category)
    fill_rollups(DAY0, DAY0)
    client.force_login(manager)

    response = client.get(
        URL, {"start": DAY0.isoformat(), "end": DAY0.isoformat()}, HTTP_ACCEPT_LANGUAGE="ru"
    )

    rows = rows_of(response)
    assert "Принтеры" in [cell for row in rows for cell in row]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"start": "2026-03-10", "end": "2026-03-01"}, "end"),
        ({"start": "not-a-date"}, "start"),
        ({"team": "424242"}, "team"),
        ({"start": "2020-01-01", "end": "2026-01-01"}, "start"),
    ],
)
def test_bad_parameters_are_400_json_with_the_field(client, manager, query, field):
    client.force_login(manager)

    response = client.get(URL, query)

    assert response.status_code == 400
    assert field in response.json()


def test_the_kpis_are_rows_named_in_words_with_the_selectors_values(client, manager, t0):
    """The tiles' section: one row per KPI, its name for people (not only the API key), and the
    value, previous value, change and count of dashboard_kpis."""
    random_facts(random.Random(5), count=30, t0=t0)
    query = DashboardQuery(start=DAY0 - timedelta(days=6), end=DAY0)
    client.force_login(manager)

    period = {"start": query.start.isoformat(), "end": query.end.isoformat()}
    rows = rows_of(client.get(URL, period))

    kpis = {row[1]: row for row in section(rows, "Metric")}
    assert list(kpis) == [kpi.key for kpi in dashboard_kpis(query)]
    assert kpis["frt_median"][0] == "First response, median"
    assert kpis["reopened"][0] == "Reopens"
    for kpi in dashboard_kpis(query):
        assert kpis[kpi.key][2:] == [
            safe_cell(kpi.value),
            safe_cell(kpi.previous),
            safe_cell(kpi.change),
            str(kpi.count),
            kpi.unit,
        ]
    assert int(kpis["created"][2]) > 0


def test_the_filters_are_named_not_numbered(client, manager, team):
    """The header rows say which team and channel the numbers are for, by name (defused like
    every cell), not by id or code."""
    team.name = "=Hardware"
    team.save()
    client.force_login(manager)

    day = DAY0.isoformat()
    rows = rows_of(client.get(URL, {"start": day, "end": day, "team": team.pk, "channel": "web"}))

    assert ["Team", "'=Hardware"] in rows
    assert ["Channel", str(Ticket.Channel("web").label)] in rows
