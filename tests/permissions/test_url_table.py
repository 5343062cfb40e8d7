"""One walk over every URL pattern of the project for every role, checked against the table
(tests/permissions/table.py). A URL without a row fails, with a message saying to add one."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from tests.permissions.table import TABLE, admin_row
from tests.permissions.urlwalk import all_patterns, fill
from tests.permissions.world import ROLES, World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(axes_on, media_root, settings) -> World:
    settings.HELPDESK_INBOUND_EMAIL_SECRET = ""
    settings.HELPDESK_CONVERSATION_WEBHOOK_SECRETS = {}
    return build_world()


def query_for(key: str, world: World) -> dict:
    if key in ("survey-csat", "api-survey-csat"):
        return {"ticket": world.ticket.reference, "token": world.csat.token}
    if key in ("survey-nps", "api-survey-nps"):
        return {"survey": world.nps.pk, "token": world.nps.token}
    if key in ("agent-search", "api-search"):
        return {"q": "printer"}
    return {}


def answer(client: Client, method: str, path: str, query: dict):
    """One request, undone afterwards: a POST that works (solve, accept...) must not change
    the world the next request sees."""
    with transaction.atomic():
        if method == "GET":
            response = client.get(path, query)
        else:
            response = client.generic(method, path + _query_string(query), b"")
        transaction.set_rollback(True)
    return response


def _query_string(query: dict) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode(query) if query else ""


def matches(response, cell) -> bool:
    if isinstance(cell, int):
        return response.status_code == cell
    return response.status_code == 302 and response["Location"].startswith(cell)


def shown(response) -> str:
    if response.status_code in (301, 302):
        return f"{response.status_code} -> {response['Location']}"
    return str(response.status_code)


def client_for(world: World, role: str) -> Client:
    client = Client(REMOTE_ADDR="203.0.113.9", raise_request_exception=False)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_every_role_as_the_table_says(world, role):
    column = ROLES.index(role)
    missing, wrong = [], []
    for url in all_patterns():
        path, query = fill(url, world), query_for(url.key, world)
        if url.is_admin:
            row = admin_row(url.key, url.route, has_object="/0/" not in path)
        else:
            row = TABLE.get(url.key)
        if row is None:
            missing.append(f"{url.key}  ({url.route})")
            continue
        client = client_for(world, role)  # afresh: sign-in and sign-out URLs change the session
        if row.method != "GET":
            refused = answer(client, "GET", path, query)
            if refused.status_code < 300 or refused.status_code >= 500:
                wrong.append(f"{url.key}: GET {path} answered {shown(refused)}, expected a refusal")
        response = answer(client, row.method, path, query)
        cell = row.expected[column]
        if response.status_code >= 500 or not matches(response, cell):
            wrong.append(f"{url.key}: {row.method} {path} -> {shown(response)}, table says {cell}")
    problems = []
    if missing:
        problems.append(
            "URL patterns without a row: add each to TABLE in tests/permissions/table.py, with "
            "what every role must get:\n" + "\n".join(missing)
        )
    if wrong:
        problems.append(f"answers to {role} that differ from the table:\n" + "\n".join(wrong))
    assert not problems, "\n\n".join(problems)


def test_the_table_has_no_rows_for_urls_that_are_gone():
    keys = {url.key for url in all_patterns()}
    assert sorted(set(TABLE) - keys) == []


def _customer_may_use(cell) -> bool:
    return isinstance(cell, int) and (cell < 300 or cell == 400)


def test_another_customer_gets_404_from_every_url_about_the_ticket(world):
    """Every URL naming the ticket (or its attachment) without its tracking token that the
    ticket's customer may use answers 404 to another customer: the ticket is not theirs."""
    checked, wrong = [], []
    for url in all_patterns():
        row = TABLE.get(url.key)
        about_ticket = "<str:reference>" in url.route or "<int:attachment_id>" in url.route
        if row is None or not about_ticket or "<str:token>" in url.route:
            continue
        if not _customer_may_use(row.expected[ROLES.index("customer")]):
            continue
        client = Client(REMOTE_ADDR="203.0.113.9", raise_request_exception=False)
        client.force_login(world.other_customer)
        response = answer(client, row.method, fill(url, world), {})
        checked.append(url.key)
        if response.status_code != 404:
            wrong.append(f"{url.key}: {row.method} -> {shown(response)}")
    assert "attachment" in checked and "api-ticket" in checked, checked
    assert not wrong, "another customer reached the ticket:\n" + "\n".join(wrong)


def test_another_customer_lists_none_of_the_tickets(world):
    client = Client()
    client.force_login(world.other_customer)

    listed = client.get("/api/v1/tickets/").json()
    page = client.get("/my/").content.decode()

    assert listed["results"] == []
    assert world.ticket.reference not in page
