"""The REST API (DRF): same services and getters as the pages, JSON errors keyed by field."""

import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import CategoryFactory, UserFactory, make_ticket, upload
from tickets import services
from tickets.models import Customer, Message, Ticket, TicketEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

S = Ticket.Status
TICKETS = "/api/v1/tickets/"


def detail(ticket):
    return f"{TICKETS}{ticket.reference}/"


@pytest.fixture(params=["session", "token"])
def login(request, api_client):
    """``login(user)`` signs the API client in, once by session and once by token."""

    def sign_in(user):
        if request.param == "token":
            token, _ = Token.objects.get_or_create(user=user)
            api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        else:
            api_client.force_login(user)  # a real session cookie, checked by DRF
        return api_client

    return sign_in


def references(response) -> set[str]:
    return {row["reference"] for row in response.json()["results"]}


def assert_no_new_tickets(before):
    assert Ticket.objects.count() == before


# --- Reading ---------------------------------------------------------------------------------


def test_customer_lists_only_own_tickets(login, customer, other_customer):
    own = make_ticket(customer=customer)
    make_ticket(customer=other_customer)

    response = login(customer.user).get(TICKETS)

    assert response.status_code == 200
    assert references(response) == {own.reference}


def test_agent_lists_only_own_teams_tickets(login, agent, customer, team, other_team):
    own = make_ticket(customer=customer, team=team)
    make_ticket(customer=customer, team=other_team)

    assert references(login(agent).get(TICKETS)) == {own.reference}


def test_manager_lists_everything_and_filters_by_status(login, manager, customer, team):
    first = make_ticket(customer=customer, team=team)
    second = make_ticket(customer=customer)
    services.ticket_change_status(ticket=second, actor=manager, status=S.PENDING)
    client = login(manager)

    assert references(client.get(TICKETS)) == {first.reference, second.reference}
    assert references(client.get(TICKETS, {"status": "pending"})) == {second.reference}
    # The queue's FilterSet: a bad value is a 400 naming the parameter (tests/queue/).
    assert client.get(TICKETS, {"status": "bogus"}).status_code == 400


def test_list_is_paginated_newest_first(login, manager, customer, at):
    for minutes in range(3):
        with at(minutes=minutes):
            make_ticket(customer=customer, subject=f"Ticket {minutes}")

    response = login(manager).get(TICKETS)

    subjects = [row["subject"] for row in response.json()["results"]]

    assert subjects == ["Ticket 2", "Ticket 1", "Ticket 0"]


def test_ticket_detail(login, ticket, customer):
    response = login(customer.user).get(detail(ticket))

    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == ticket.reference
    assert body["status"] == "new"
    assert body["team"] == ticket.team.name
    assert body["tracking_url"] == f"/track/{ticket.reference}/{ticket.tracking_token}/"
    assert [m["body"] for m in body["messages"]] == ["Smoke everywhere, please help."]
    assert body["messages"][0]["author_type"] == "customer"


@pytest.mark.parametrize("who", ["other_customer_user", "other_agent"])
def test_someone_elses_ticket_is_404_json(who, login, ticket, request):
    response = login(request.getfixturevalue(who)).get(detail(ticket))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Ticket not found."}


def test_customer_never_sees_internal_notes(login, ticket, customer, agent):
    services.message_add_from_agent(ticket=ticket, agent=agent, body="Public")
    services.message_add_from_agent(ticket=ticket, agent=agent, body="Secret", is_internal=True)

    as_customer = login(customer.user).get(detail(ticket)).json()

    assert [m["body"] for m in as_customer["messages"]] == [
        "Smoke everywhere, please help.",
        "Public",
    ]


def test_agent_sees_internal_notes(login, ticket, agent):
    services.message_add_from_agent(ticket=ticket, agent=agent, body="Secret", is_internal=True)

    messages = login(agent).get(detail(ticket)).json()["messages"]

    assert [(m["body"], m["is_internal"]) for m in messages][-1] == ("Secret", True)


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", ""), ("get", "{ref}/"), ("patch", "{ref}/"), ("post", "{ref}/messages/")],
)
def test_unauthenticated_is_refused_as_json(method, suffix, api_client, ticket):
    url = TICKETS + suffix.format(ref=ticket.reference)

    response = getattr(api_client, method)(url, {"body": "x", "status": "solved"}, format="json")

    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
    ticket.refresh_from_db()
    assert (ticket.status, ticket.messages.count()) == (S.NEW, 1)


def test_bad_token_is_refused(api_client, ticket):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = api_client.get(TICKETS)

    assert response.status_code in (401, 403)
    assert response.json() == {"detail": "Invalid token."}


# --- Creating --------------------------------------------------------------------------------


def test_agent_logs_a_phone_ticket_for_a_customer(login, agent, team):
    response = login(agent).post(
        TICKETS,
        {
            "subject": "Called about invoice",
            "body": "Invoice 42 is wrong.",
            "channel": "phone",
            "team": team.pk,
            "customer": {"email": "Caller@Example.com", "name": "Carl Caller"},
        },
        format="json",
    )

    assert response.status_code == 201
    ticket = Ticket.objects.get()
    assert response.json()["reference"] == ticket.reference
    assert ticket.channel == Ticket.Channel.PHONE
    assert ticket.team == team
    assert ticket.customer.email == "caller@example.com"
    assert ticket.customer.name == "Carl Caller"
    created = ticket.events.get(kind=TicketEvent.Kind.CREATED)
    assert created.actor_user == agent


def test_customer_files_a_ticket_for_themselves(login, customer):
    category = CategoryFactory()

    response = login(customer.user).post(
        TICKETS,
        {
            "subject": "Help",
            "body": "Please",
            "category": category.pk,
            "customer": {"email": "x@y.org"},
        },
        format="json",
    )

    assert response.status_code == 201
    ticket = Ticket.objects.get()
    assert ticket.customer == customer
    assert ticket.channel == Ticket.Channel.API
    assert ticket.team == category.team
    assert ticket.events.get().actor_customer == customer
    assert not Customer.objects.filter(email="x@y.org").exists()


def test_ticket_with_attachments_over_multipart(login, customer):
    response = login(customer.user).post(
        TICKETS,
        {"subject": "Logs", "body": "Attached", "attachments": [upload("a.txt"), upload("b.log")]},
        format="multipart",
    )

    assert response.status_code == 201
    files = response.json()["messages"][0]["attachments"]
    assert sorted(f["filename"] for f in files) == ["a.txt", "b.log"]
    assert all(f["download_url"].startswith("/api/v1/attachments/") for f in files)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": "no subject"}, "subject"),
        ({"subject": "x" * 201, "body": "b"}, "subject"),
        ({"subject": "s", "body": ""}, "body"),
        ({"subject": "s", "body": "b", "priority": "asap"}, "priority"),
        ({"subject": "s", "body": "b", "channel": "pigeon"}, "channel"),
        ({"subject": "s", "body": "b", "category": 999999}, "category"),
        ({"subject": "s", "body": "b", "category": "abc"}, "category"),
        ({"subject": "s", "body": "b", "attachments": ["not a file"]}, "attachments"),
        ({"subject": "s\x00", "body": "b"}, "subject"),
        ({"subject": "s", "body": "b", "customer": {"email": "nope"}}, "customer"),
        ({"subject": "s", "body": "b", "customer": {"email": "a" * 250 + "@b.org"}}, "email"),
    ],
)
def test_bad_input_is_400_keyed_by_field_and_creates_nothing(
    payload, field, login, agent, customer
):
    # Agents and customers share these checks; an agent also has to name a customer.
    payload = {"customer": {"email": "c@example.org"}, **payload}

    response = login(agent).post(TICKETS, payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert Ticket.objects.count() == 0
    assert not Customer.objects.filter(email="c@example.org").exists()


def test_bad_attachment_is_400_and_creates_nothing(login, agent):
    response = login(agent).post(
        TICKETS,
        {
            "subject": "s",
            "body": "b",
            "customer.email": "new@example.org",
            "attachments": [upload("evil.exe", b"MZ")],
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert "attachment" in response.json()
    assert Ticket.objects.count() == 0
    assert not Customer.objects.filter(email="new@example.org").exists()


def test_agent_must_name_the_customer(login, agent):
    response = login(agent).post(TICKETS, {"subject": "s", "body": "b"}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["customer"]
    assert Ticket.objects.count() == 0


def test_user_without_customer_record_cannot_file(login):
    response = login(UserFactory()).post(TICKETS, {"subject": "s", "body": "b"}, format="json")

    assert response.status_code == 403
    assert Ticket.objects.count() == 0


def test_customer_cannot_pick_a_team(login, customer, other_team):
    response = login(customer.user).post(
        TICKETS, {"subject": "s", "body": "b", "team": other_team.pk}, format="json"
    )

    assert response.status_code == 403
    assert Ticket.objects.count() == 0


# --- Updating --------------------------------------------------------------------------------


def test_agent_updates_properties(login, ticket, agent):
    response = login(agent).patch(
        detail(ticket),
        {"status": "pending", "priority": "high", "assignee": agent.username, "tags": ["VPN"]},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["priority"], body["assignee"], body["tags"]) == (
        "pending",
        "high",
        agent.username,
        ["vpn"],
    )
    ticket.refresh_from_db()
    assert ticket.status == S.PENDING


def test_invalid_transition_is_400_on_status(login, ticket, agent):
    services.ticket_change_status(ticket=ticket, actor=agent, status=S.CLOSED)

    response = login(agent).patch(
        detail(ticket), {"status": "open", "priority": "urgent"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority) == (S.CLOSED, "normal")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"assignee": "{other_agent}"}, "assignee"),
        ({"assignee": "nobody-by-that-name"}, "assignee"),
        ({"status": "archived"}, "status"),
        ({"priority": 5}, "priority"),
        ({"team": 999999}, "team"),
        ({"tags": "not-a-list"}, "tags"),
        ({"tags": ["x" * 51]}, "tags"),
    ],
)
def test_bad_update_is_400_keyed_by_field(payload, field, login, ticket, agent, other_agent):
    if payload.get("assignee") == "{other_agent}":
        payload = {"assignee": other_agent.username}

    response = login(agent).patch(detail(ticket), payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert ticket.events.count() == 1


def test_customer_cannot_update(login, ticket, customer):
    response = login(customer.user).patch(detail(ticket), {"status": "solved"}, format="json")

    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == S.NEW


def test_handing_a_ticket_to_another_team_succeeds(login, ticket, agent, other_team):
    response = login(agent).patch(detail(ticket), {"team": other_team.pk}, format="json")

    assert response.status_code == 200
    assert response.json()["team"] == other_team.name
    assert "messages" not in response.json()  # the agent may no longer read the thread
    ticket.refresh_from_db()
    assert ticket.team == other_team


# --- Messages --------------------------------------------------------------------------------


def messages_url(ticket):
    return f"{detail(ticket)}messages/"


def test_agent_adds_a_note(login, ticket, agent):
    response = login(agent).post(
        messages_url(ticket), {"body": "Checked logs", "is_internal": True}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["is_internal"] is True
    assert response.json()["author_type"] == "agent"
    note = ticket.messages.latest("id")
    assert (note.body, note.is_internal, note.channel) == ("Checked logs", True, "api")


def test_agent_replies_and_sets_pending(login, ticket, agent):
    response = login(agent).post(
        messages_url(ticket), {"body": "Send logs", "status": "pending"}, format="json"
    )

    assert response.status_code == 201
    ticket.refresh_from_db()
    assert ticket.status == S.PENDING


def test_customer_replies(login, ticket, customer, agent):
    services.ticket_change_status(ticket=ticket, actor=agent, status=S.SOLVED)

    response = login(customer.user).post(messages_url(ticket), {"body": "Not fixed"}, format="json")

    assert response.status_code == 201
    assert response.json()["author_type"] == "customer"
    ticket.refresh_from_db()
    assert ticket.status == S.OPEN


@pytest.mark.parametrize("payload", [{"is_internal": True}, {"status": "solved"}])
def test_customer_cannot_add_notes_or_set_status(payload, login, ticket, customer):
    response = login(customer.user).post(
        messages_url(ticket), {"body": "Sneaky", **payload}, format="json"
    )

    assert response.status_code == 403
    assert ticket.messages.count() == 1
    ticket.refresh_from_db()
    assert ticket.status == S.NEW


def test_customer_cannot_write_on_someone_elses_ticket(login, ticket, other_customer):
    response = login(other_customer.user).post(messages_url(ticket), {"body": "Hi"}, format="json")

    assert response.status_code == 404
    assert ticket.messages.count() == 1


def test_public_reply_on_closed_ticket_is_400_on_body(login, ticket, agent):
    services.ticket_change_status(ticket=ticket, actor=agent, status=S.CLOSED)

    response = login(agent).post(messages_url(ticket), {"body": "Late"}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["body"]
    assert Message.objects.filter(ticket=ticket).count() == 1


# --- Schema ----------------------------------------------------------------------------------


def test_schema_describes_the_ticket_endpoints(api_client, db):
    response = api_client.get("/api/schema/")

    assert response.status_code == 200
    schema = response.content.decode()
    assert "/api/v1/tickets/:" in schema
    assert "/api/v1/tickets/{reference}/messages/:" in schema


def test_schema_generates_without_warnings_and_validates(db):
    from io import StringIO

    from django.core.management import call_command

    # Each warning is something the schema says wrongly or vaguely (e.g. two "status" enums
    # under one generated name); --fail-on-warn turns them into a failure here.
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=StringIO())


# --- Never a 500 -----------------------------------------------------------------------------

RAW_BODIES = ["{", "null", "[]", '"text"', "1", '{"subject": NaN}', "\x00", "{" * 5000]
HUGE = ["99999999999999999999999", "1e400", "-1e400", "1.5", "-1", "true", "[1]", '{"a": 1}']


@pytest.mark.parametrize("raw", RAW_BODIES)
@pytest.mark.parametrize("method", ["post-list", "patch-detail", "post-messages"])
def test_malformed_json_is_4xx(raw, method, api_client, ticket, manager):
    api_client.force_authenticate(manager)
    verb, where = method.split("-")
    url = {"list": TICKETS, "detail": detail(ticket), "messages": messages_url(ticket)}[where]

    response = getattr(api_client, verb)(url, raw, content_type="application/json")

    assert 400 <= response.status_code < 500
    assert Ticket.objects.count() == 1


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize("field", ["category", "team"])
def test_odd_numbers_in_id_fields_are_400(number, field, api_client, ticket, manager):
    api_client.force_authenticate(manager)
    # Raw JSON text, so that 1e400 reaches the parser as written.
    raw = '{"subject": "s", "body": "b", "customer": {"email": "c@example.org"}, "FIELD": NUMBER}'
    raw = raw.replace("FIELD", field).replace("NUMBER", number)

    created = api_client.post(TICKETS, raw, content_type="application/json")
    if field == "team":
        updated = api_client.patch(
            detail(ticket), f'{{"team": {number}}}', content_type="application/json"
        )
        assert updated.status_code == 400
        assert "team" in updated.json()
        ticket.refresh_from_db()
        assert not ticket.events.filter(kind="team_changed").exists()

    assert created.status_code == 400
    assert field in created.json()
    assert Ticket.objects.count() == 1


@pytest.mark.parametrize(
    "reference",
    ["HD-xyz", "HD-" + "9" * 40, "HD-%C2%B2", "%00", "HD-1%0A", "HD-%D9%A1%D9%A2", "%20"],
)
@pytest.mark.parametrize("suffix", ["", "messages/"])
def test_garbage_reference_is_404(reference, suffix, api_client, manager):
    api_client.force_authenticate(manager)
    url = f"{TICKETS}{reference}/{suffix}"

    response = api_client.get(url) if not suffix else api_client.post(url, {"body": "x"})

    assert response.status_code == 404
    assert response.json() == {"detail": "Ticket not found."}


def test_unsupported_media_type_is_415(api_client, ticket, agent):
    api_client.force_authenticate(agent)

    response = api_client.patch(detail(ticket), "status=open", content_type="text/plain")

    assert response.status_code == 415


def test_garbage_cursor_is_400(api_client, manager):
    api_client.force_authenticate(manager)

    # The queue's keyset cursor: one we did not make is a 400 naming "cursor".
    response = api_client.get(TICKETS, {"cursor": "zzz"})
    assert response.status_code == 400 and "cursor" in response.json()


def test_errors_are_json_even_for_unknown_methods(api_client, ticket, agent):
    api_client.force_authenticate(agent)

    response = api_client.delete(detail(ticket))

    assert response.status_code == 405
    assert json.loads(response.content)["detail"]


# --- Writes that cross a line the getter draws ----------------------------------------------


def test_agent_logging_a_ticket_for_another_team_gets_it_created(login, agent, other_team):
    # Given an agent who routes a phone call to a team they are not in
    response = login(agent).post(
        TICKETS,
        {
            "subject": "Refund please",
            "body": "Caller wants a refund.",
            "channel": "phone",
            "team": other_team.pk,
            "customer": {"email": "caller@example.com", "name": "Caller"},
        },
        format="json",
    )

    # Then the ticket is created and said so, without the thread they may no longer read
    assert response.status_code == 201
    created = Ticket.objects.get(number=int(response.json()["reference"][3:]))
    assert created.team == other_team
    assert "messages" not in response.json()


def test_customer_cannot_pick_a_topic_the_form_does_not_offer(login, customer, other_team):
    hidden = CategoryFactory(team=other_team, is_public=False)
    before = Ticket.objects.count()

    response = login(customer.user).post(
        TICKETS, {"subject": "Hi", "body": "Hello", "category": hidden.pk}, format="json"
    )

    assert response.status_code == 400
    assert "category" in response.json()
    assert_no_new_tickets(before)


@pytest.mark.parametrize("who", ["other_agent", "other_customer_user"])
def test_outsiders_cannot_change_or_write_on_a_ticket(who, request, login, ticket):
    client = login(request.getfixturevalue(who))
    events_before = ticket.events.count()

    patch = client.patch(detail(ticket), {"priority": "urgent"}, format="json")
    post = client.post(f"{detail(ticket)}messages/", {"body": "Sneaky"}, format="json")

    assert (patch.status_code, post.status_code) == (404, 404)
    ticket.refresh_from_db()
    assert ticket.priority == Ticket.Priority.NORMAL
    assert ticket.messages.count() == 1
    assert ticket.events.count() == events_before


def test_session_writes_need_the_csrf_token(customer):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(customer.user)
    before = Ticket.objects.count()

    response = client.post(TICKETS, {"subject": "Hi", "body": "Hello"}, format="json")

    assert response.status_code == 403
    assert_no_new_tickets(before)


@pytest.mark.parametrize(
    "make_files",
    [
        lambda: [upload("huge.txt", b"x" * 2048)],
        lambda: [upload("tool.exe", b"MZ")],
        lambda: [upload(f"n{i}.txt") for i in range(6)],
    ],
    ids=["too-large", "bad-type", "too-many"],
)
def test_bad_attachments_on_a_reply_are_a_field_error(
    make_files, login, customer, ticket, settings
):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 1024

    response = login(customer.user).post(
        f"{detail(ticket)}messages/", {"body": "See files", "attachments": make_files()}
    )

    assert response.status_code == 400
    assert "attachment" in response.json()
    assert ticket.messages.count() == 1


def test_a_reply_with_an_attachment_lists_it_for_download(login, customer, ticket):
    response = login(customer.user).post(
        f"{detail(ticket)}messages/", {"body": "Log attached", "attachments": [upload("a.log")]}
    )

    assert response.status_code == 201
    [attachment] = response.json()["attachments"]
    assert attachment["filename"] == "a.log"
    download = login(customer.user).get(attachment["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"hello"


@pytest.mark.parametrize("who", ["other_customer_user", "other_agent"])
def test_api_download_of_someone_elses_attachment_is_404(who, request, login, customer, ticket):
    posted = login(customer.user).post(
        f"{detail(ticket)}messages/", {"body": "Mine", "attachments": [upload("a.log")]}
    )
    url = posted.json()["attachments"][0]["download_url"]

    response = login(request.getfixturevalue(who)).get(url)

    assert response.status_code == 404
