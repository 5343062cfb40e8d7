"""The agent home over HTTP: views with counts, filters in the URL, saved views, bulk actions,
and the same FilterSet and cursors in the REST API."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AgentFactory, CustomerFactory, make_ticket
from tickets import services
from tickets.models import SavedView, Ticket, TicketEvent
from tickets.queues import selectors as queue_selectors

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
HOME = "/agent/"
API = "/api/v1/tickets/"


def listed(response) -> list[str]:
    return re.findall(r'<a href="/agent/tickets/(HD-\d+)/">HD-', response.content.decode())


def count_of(response, key: str) -> str:
    page = response.content.decode()
    block = page[page.index(f'data-view="{key}"') :]
    return re.search(r'class="view-count"[^>]*>([^<]+)<', block).group(1)


@pytest.fixture
def desk(customer, team, other_team, agent):
    mine = make_ticket(customer=customer, team=team, subject="Mine")
    services.ticket_assign(ticket=mine, actor=agent, assignee=agent)
    waiting = make_ticket(customer=customer, team=team, subject="Waiting")
    services.ticket_change_status(ticket=waiting, actor=agent, status=Ticket.Status.PENDING)
    fresh = make_ticket(customer=customer, team=team, subject="Fresh")
    services.ticket_update(ticket=fresh, actor=agent, priority="urgent", tags=["vip"])
    solved = make_ticket(customer=customer, team=team, subject="Solved")
    services.ticket_change_status(ticket=solved, actor=agent, status=Ticket.Status.SOLVED)
    elsewhere = make_ticket(customer=customer, team=other_team, subject="Elsewhere")
    return {"mine": mine, "waiting": waiting, "fresh": fresh, "solved": solved, "x": elsewhere}


def refs(desk, *names):
    return {desk[name].reference for name in names}


def test_the_home_counts_each_view_of_the_agents_teams(client, agent, desk):
    client.force_login(agent)

    response = client.get(HOME)

    assert response.status_code == 200
    assert set(listed(response)) == refs(desk, "mine", "waiting", "fresh")
    counts = {key: count_of(response, key) for key in ("mine", "unassigned", "open", "pending")}
    assert counts == {"mine": "1", "unassigned": "2", "open": "3", "pending": "1"}
    assert count_of(response, "solved") == "1"


def test_counts_are_bounded(client, agent, desk, monkeypatch):
    monkeypatch.setattr(queue_selectors, "COUNT_LIMIT", 2)
    client.force_login(agent)

    assert count_of(client.get(HOME), "open") == "1+"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"assignee": "me"}, {"mine"}),
        ({"assignee": "none", "status": ["new", "open", "pending"]}, {"waiting", "fresh"}),
        ({"status": ["pending", "solved"]}, {"waiting", "solved"}),
        ({"priority": "urgent"}, {"fresh"}),
        ({"tag": "VIP"}, {"fresh"}),
        ({"q": "fresh"}, {"fresh"}),
        ({"mine": "1"}, {"mine"}),
        ({"channel": "email"}, set()),
    ],
)
def test_filters_in_the_url_narrow_the_list(client, agent, desk, query, expected):
    client.force_login(agent)

    assert set(listed(client.get(HOME, query))) == refs(desk, *expected)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "bogus"}, "status"),
        ({"team": "1e400"}, "team"),
        ({"assignee": "99999999"}, "assignee"),
        ({"customer": "x"}, "customer"),
        ({"created_from": "2026-03-05", "created_to": "2026-03-01"}, "created_to"),
        ({"updated_to": "9999-12-31"}, "updated_to"),
        ({"sort": "random"}, "sort"),
    ],
)
def test_bad_filters_are_errors_next_to_the_field(client, agent, desk, query, field, field_errors):
    client.force_login(agent)

    response = client.get(HOME, query)

    assert response.status_code == 200
    assert field in field_errors(response)
    assert listed(response) == []


def test_the_customer_filter_takes_the_customers_id(client, agent, team, desk):
    other = make_ticket(customer=CustomerFactory(), team=team, subject="Other customer")
    client.force_login(agent)

    assert listed(client.get(HOME, {"customer": other.customer_id})) == [other.reference]


def test_the_page_costs_the_same_queries_whatever_the_rows(client, agent, team, desk):
    client.force_login(agent)
    client.get(HOME)
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    for n in range(6):
        ticket = make_ticket(customer=CustomerFactory(), team=team)
        services.ticket_update(ticket=ticket, actor=agent, assignee=agent, tags=[f"t{n}"])

    with CaptureQueriesContext(connection) as many:
        response = client.get(HOME)

    assert len(listed(response)) == 9
    assert len(many) == len(few)


def test_pages_of_50_link_next_and_previous(client, agent, team, customer, monkeypatch):
    from tickets.queues import pages

    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    monkeypatch.setattr(queue_selectors, "PAGE_SIZE", 2)
    made = [make_ticket(customer=customer, team=team, subject=f"P{n}") for n in range(3)]
    client.force_login(agent)

    first = client.get(HOME)
    next_link = re.search(r'rel="next" href="([^"]+)"', first.content.decode()).group(1)
    second = client.get(HOME + next_link.replace("&amp;", "&"))

    assert listed(first) == [made[2].reference, made[1].reference]
    assert listed(second) == [made[0].reference]
    assert 'rel="prev"' in second.content.decode()
    assert client.get(HOME, {"cursor": "nonsense"}).status_code == 200


def test_an_agent_saves_renames_shares_and_deletes_a_view(client, agent, team, desk):
    colleague = AgentFactory(teams=[team])
    client.force_login(agent)

    response = client.post(
        "/agent/views/", {"name": "Urgent ones", "query": "priority=urgent", "team": team.pk}
    )

    assert response.status_code == 302
    view = SavedView.objects.get()
    assert (view.owner, view.team, view.query) == (agent, team, "priority=urgent")
    client.force_login(colleague)
    page = client.get(HOME)
    assert count_of(page, f"saved-{view.pk}") == "1"
    assert client.post(f"/agent/views/{view.pk}/delete/").status_code == 404  # not the owner
    client.force_login(agent)
    client.post(f"/agent/views/{view.pk}/", {"name": "Fire"})
    view.refresh_from_db()
    assert view.name == "Fire"
    client.post(f"/agent/views/{view.pk}/delete/")
    assert not SavedView.objects.exists()


def test_a_view_with_bad_filters_is_refused_next_to_the_field(client, agent, field_errors):
    client.force_login(agent)

    response = client.post("/agent/views/", {"name": "", "query": "status=nope"})

    assert response.status_code == 400
    assert "name" in field_errors(response)
    assert not SavedView.objects.exists()


def test_bulk_action_changes_the_selected_tickets_with_one_event_each(client, agent, desk):
    client.force_login(agent)
    chosen = [desk["waiting"], desk["fresh"]]
    before = TicketEvent.objects.count()

    response = client.post(
        "/agent/bulk/",
        {"tickets": [t.pk for t in chosen], "assignee": agent.pk, "next": "/agent/?tag=vip"},
    )

    assert response.status_code == 302 and response.url == "/agent/?tag=vip"
    assert {t.assignee_id for t in Ticket.objects.filter(pk__in=[t.pk for t in chosen])} == {
        agent.pk
    }
    assert TicketEvent.objects.count() == before + 2


def test_bulk_action_on_another_teams_ticket_changes_nothing(client, agent, desk):
    client.force_login(agent)

    response = client.post(
        "/agent/bulk/", {"tickets": [desk["fresh"].pk, desk["x"].pk], "priority": "low"}
    )

    assert response.status_code == 400
    assert Ticket.objects.get(pk=desk["fresh"].pk).priority == "urgent"


def test_bulk_action_without_a_change_is_a_form_error(client, agent, desk):
    client.force_login(agent)

    response = client.post("/agent/bulk/", {"tickets": [desk["fresh"].pk]})

    assert response.status_code == 400
    assert "Choose a change to make." in response.content.decode()


# --- the REST API ----------------------------------------------------------------------------


def test_the_api_lists_with_the_same_filters_and_cursors(api_client, agent, desk):
    api_client.force_authenticate(agent)

    pending = api_client.get(API, {"status": "pending"}).json()
    everything = api_client.get(API).json()
    by_priority = api_client.get(API, {"sort": "priority"}).json()["results"]

    assert [row["reference"] for row in pending["results"]] == [desk["waiting"].reference]
    assert {row["reference"] for row in everything["results"]} == refs(
        desk, "mine", "waiting", "fresh", "solved"
    )
    assert by_priority[0]["reference"] == desk["fresh"].reference
    assert everything["next"] is None


def test_the_api_pages_by_cursor(api_client, agent, desk, monkeypatch):
    from tickets.api import queue as api_queue

    monkeypatch.setattr(api_queue, "PAGE_SIZE", 3)
    api_client.force_authenticate(agent)

    first = api_client.get(API).json()
    second = api_client.get(first["next"]).json()

    seen = [row["reference"] for row in first["results"] + second["results"]]
    assert len(seen) == len(set(seen)) == 4
    assert second["next"] is None and second["previous"]


def test_bad_api_filters_are_400_by_parameter(api_client, agent, desk):
    api_client.force_authenticate(agent)

    response = api_client.get(API, {"status": "bogus", "team": "x"})

    assert response.status_code == 400
    assert set(response.json()) == {"status", "team"}


def test_the_views_api_crud(api_client, agent, other_agent, team, other_team):
    api_client.force_authenticate(agent)

    created = api_client.post(
        "/api/v1/views/", {"name": "Mine", "query": "assignee=me"}, format="json"
    )
    refused = api_client.post(
        "/api/v1/views/", {"name": "Theirs", "team": other_team.pk}, format="json"
    )
    bad = api_client.post("/api/v1/views/", {"name": "x", "query": "sort=up"}, format="json")

    assert created.status_code == 201 and created.json()["mine"] is True
    assert refused.status_code == 400 and "team" in refused.json()
    assert bad.status_code == 400 and "query" in bad.json()
    url = f"/api/v1/views/{created.json()['id']}/"
    assert api_client.patch(url, {"name": "Mine!"}, format="json").json()["name"] == "Mine!"
    assert [v["name"] for v in api_client.get("/api/v1/views/").json()] == ["Mine!"]
    api_client.force_authenticate(other_agent)
    assert api_client.get(url).status_code == 404
    api_client.force_authenticate(agent)
    assert api_client.delete(url).status_code == 204


def test_a_saved_view_gone_invalid_counts_nothing_and_the_views_around_it_still_count(
    client, agent, team, desk
):
    # One filter set is bound to each view's query in turn (TicketFilter.querysets_of): an
    # invalid one must not leak its errors or filters into the next one.
    before = SavedView.objects.create(owner=agent, name="Urgent", query="priority=urgent")
    broken = SavedView.objects.create(  # stored before its date format was checked, say
        owner=agent, name="Broken", query="created_from=not-a-date&priority=urgent", position=1
    )
    after = SavedView.objects.create(
        owner=agent, name="Pending", query="status=pending", position=2
    )
    client.force_login(agent)

    page = client.get(HOME)

    assert count_of(page, f"saved-{before.pk}") == "1"
    assert count_of(page, f"saved-{broken.pk}") == "!"
    assert count_of(page, f"saved-{after.pk}") == "1"
    assert count_of(page, "open") == "3"  # the built-in views before them too


def test_each_built_in_view_counts_exactly_what_its_link_lists(
    agent, other_agent, manager, team, other_team, customer, desk, t0
):
    """The sidebar builds the built-in views' querysets itself (not through the filter set):
    each count must still be the number of tickets the view's link lists, for every role."""
    from datetime import timedelta

    from django.http import QueryDict

    from helpdesk import clock

    now = clock.now()
    for team_, assignee, status, due, solved in [
        (team, other_agent, "open", now - timedelta(hours=1), None),
        (team, None, "new", now + timedelta(hours=1), None),
        (team, agent, "on_hold", now + timedelta(hours=5), None),
        (other_team, None, "pending", now - timedelta(minutes=5), None),
        (team, None, "solved", None, now - timedelta(days=2)),
        (team, agent, "closed", None, now - timedelta(days=9)),
        (other_team, other_agent, "solved", None, now - timedelta(hours=3)),
    ]:
        ticket = make_ticket(customer=customer, team=team_)
        Ticket.objects.filter(pk=ticket.pk).update(
            assignee=assignee, status=status, sla_due_at=due, solved_at=solved
        )

    for user in (agent, other_agent, manager):
        links = queue_selectors.queue_views(user=user)
        assert {link.key for link in links} >= {
            key for key, _l, _q in queue_selectors.BUILTIN_VIEWS
        }
        for link in links:
            listed_rows = queue_selectors.queue_page(
                user=user, data=QueryDict(link.query), size=500
            ).page.rows
            assert link.count == len(listed_rows), (user.username, link.key)
        assert any(link.count for link in links if link.key in ("overdue", "due_soon", "solved"))


def test_the_htmx_list_alone_has_the_rows_and_no_sidebar_or_pickers(client, agent, desk):
    client.force_login(agent)

    response = client.get(HOME, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="queue-list")

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="queue-list"')
    assert set(listed(response)) == refs(desk, "mine", "waiting", "fresh")
    assert "data-view=" not in page and 'id="bulk-form"' not in page
