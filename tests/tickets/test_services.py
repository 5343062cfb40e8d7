"""Every service records its event; services are all-or-nothing; and they enforce who may act."""

import re
from datetime import timedelta

import pytest

from helpdesk.errors import PermissionDenied, ValidationError
from tests.factories import AgentFactory, CustomerFactory, make_ticket, upload
from tickets import services
from tickets.models import Attachment, Customer, Message, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

S = Ticket.Status
K = TicketEvent.Kind


def new_events(ticket, before_ids):
    return list(ticket.events.exclude(id__in=before_ids).order_by("id"))


# --- One event per change --------------------------------------------------------------------


def test_ticket_create_records_created_event_by_the_customer(customer, team):
    ticket = make_ticket(customer=customer, team=team, subject="VPN down", body="No VPN today.")

    event = ticket.events.get()
    message = ticket.messages.get()
    assert event.kind == K.CREATED
    assert event.actor_customer == customer
    assert event.actor_user is None
    assert event.payload["message_id"] == message.pk
    assert event.payload["team_id"] == team.pk
    assert event.payload["channel"] == Ticket.Channel.WEB
    assert (ticket.subject, message.body, message.author_customer) == (
        "VPN down",
        "No VPN today.",
        customer,
    )
    assert re.fullmatch(r"HD-\d{6,}", ticket.reference)


def test_ticket_logged_by_agent_is_created_by_the_agent(customer, team, agent):
    ticket = make_ticket(
        customer=customer, team=team, created_by=agent, channel=Ticket.Channel.PHONE
    )

    event = ticket.events.get()
    assert event.kind == K.CREATED
    assert event.actor_user == agent
    assert event.actor_customer is None
    assert ticket.channel == Ticket.Channel.PHONE
    assert ticket.messages.get().author_customer == customer


def test_ticket_without_category_goes_to_the_default_team(customer):
    ticket = make_ticket(customer=customer)

    assert ticket.team.is_default


def test_message_from_customer_records_customer_replied(ticket, customer):
    message = services.message_add_from_customer(
        ticket=ticket, customer=customer, body="More details"
    )

    event = ticket.events.latest("id")
    assert event.kind == K.CUSTOMER_REPLIED
    assert event.actor_customer == customer
    assert event.payload["message_id"] == message.pk


@pytest.mark.parametrize(("is_internal", "kind"), [(False, K.AGENT_REPLIED), (True, K.NOTE_ADDED)])
def test_message_from_agent_records_reply_or_note(is_internal, kind, ticket, agent):
    before = list(ticket.events.values_list("id", flat=True))

    message = services.message_add_from_agent(
        ticket=ticket, agent=agent, body="On it", is_internal=is_internal
    )

    events = new_events(ticket, before)
    assert events[0].kind == kind
    assert events[0].actor_user == agent
    assert events[0].payload["message_id"] == message.pk
    assert message.is_internal is is_internal


def change_for(field, *, team, other_team, agent):
    """(ticket_update kwargs, event kind, expected payload) for a change of ``field``."""
    return {
        "status": ({"status": S.PENDING}, K.STATUS_CHANGED, {"from": S.NEW, "to": S.PENDING}),
        "priority": (
            {"priority": Ticket.Priority.URGENT},
            K.PRIORITY_CHANGED,
            {"from": Ticket.Priority.NORMAL, "to": Ticket.Priority.URGENT},
        ),
        "assignee": ({"assignee": agent}, K.ASSIGNED, {"from": None, "to": agent.pk}),
        "team": ({"team": other_team}, K.TEAM_CHANGED, {"from": team.pk, "to": other_team.pk}),
        "tags": (
            {"tags": ["VPN", "billing", "vpn"]},
            K.TAGS_CHANGED,
            {"from": [], "to": ["billing", "vpn"]},
        ),
    }[field]


FIELDS = ["status", "priority", "assignee", "team", "tags"]


@pytest.mark.parametrize("field", FIELDS)
def test_ticket_update_records_one_event_per_changed_field(field, ticket, team, other_team, agent):
    changes, kind, payload = change_for(field, team=team, other_team=other_team, agent=agent)
    before = list(ticket.events.values_list("id", flat=True))

    services.ticket_update(ticket=ticket, actor=agent, **changes)

    events = new_events(ticket, before)
    assert [(event.kind, event.payload, event.actor_user) for event in events] == [
        (kind, payload, agent)
    ]


def test_ticket_update_of_everything_records_five_events(ticket, team, other_team, agent):
    other_team.members.add(agent)
    before = list(ticket.events.values_list("id", flat=True))

    services.ticket_update(
        ticket=ticket,
        actor=agent,
        status=S.OPEN,
        priority=Ticket.Priority.HIGH,
        assignee=agent,
        team=other_team,
        tags=["printer"],
    )

    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.assignee, ticket.team) == (
        S.OPEN,
        Ticket.Priority.HIGH,
        agent,
        other_team,
    )
    assert list(ticket.tags.values_list("name", flat=True)) == ["printer"]
    assert sorted(event.kind for event in new_events(ticket, before)) == sorted(
        [K.STATUS_CHANGED, K.PRIORITY_CHANGED, K.ASSIGNED, K.TEAM_CHANGED, K.TAGS_CHANGED]
    )


def test_ticket_update_with_current_values_records_nothing(ticket, team, agent):
    services.ticket_update(ticket=ticket, actor=agent, assignee=agent, tags=["a"])
    before = list(ticket.events.values_list("id", flat=True))

    services.ticket_update(
        ticket=ticket,
        actor=agent,
        status=S.NEW,
        priority=Ticket.Priority.NORMAL,
        assignee=agent,
        team=team,
        tags=["a"],
    )

    assert new_events(ticket, before) == []


@pytest.mark.parametrize(
    ("wrapper", "field"),
    [
        (services.ticket_assign, "assignee"),
        (services.ticket_set_priority, "priority"),
        (services.ticket_set_tags, "tags"),
        (services.ticket_change_team, "team"),
        (services.ticket_change_status, "status"),
    ],
)
def test_single_field_services_record_their_event(wrapper, field, ticket, team, other_team, agent):
    changes, kind, payload = change_for(field, team=team, other_team=other_team, agent=agent)
    before = list(ticket.events.values_list("id", flat=True))

    wrapper(ticket=ticket, actor=agent, **changes)

    events = new_events(ticket, before)
    assert [(event.kind, event.payload) for event in events] == [(kind, payload)]


def test_moving_ticket_to_a_team_the_assignee_is_not_in_unassigns_it(
    ticket, team, other_team, agent
):
    services.ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    before = list(ticket.events.values_list("id", flat=True))

    services.ticket_change_team(ticket=ticket, actor=agent, team=other_team)

    ticket.refresh_from_db()
    assert ticket.team == other_team
    assert ticket.assignee is None
    assert [(event.kind, event.payload) for event in new_events(ticket, before)] == [
        (K.TEAM_CHANGED, {"from": team.pk, "to": other_team.pk}),
        (K.ASSIGNED, {"from": agent.pk, "to": None}),
    ]


def test_unassigning_records_event(ticket, agent):
    services.ticket_assign(ticket=ticket, actor=agent, assignee=agent)

    services.ticket_assign(ticket=ticket, actor=agent, assignee=None)

    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert ticket.events.latest("id").payload == {"from": agent.pk, "to": None}


# --- All or nothing --------------------------------------------------------------------------


def test_failed_ticket_update_writes_nothing(ticket, agent):
    services.ticket_change_status(ticket=ticket, actor=agent, status=S.SOLVED)
    before = list(ticket.events.values_list("id", flat=True))

    with pytest.raises(ValidationError) as error:
        # Priority, assignee and tags are fine; solved -> pending is not.
        services.ticket_update(
            ticket=ticket,
            actor=agent,
            priority=Ticket.Priority.URGENT,
            assignee=agent,
            tags=["escalated"],
            status=S.PENDING,
        )

    assert error.value.field == "status"
    ticket.refresh_from_db()
    assert ticket.priority == Ticket.Priority.NORMAL
    assert ticket.assignee is None
    assert ticket.status == S.SOLVED
    assert ticket.tags.count() == 0
    assert new_events(ticket, before) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"priority": "whenever"}, "priority"),
        ({"status": "archived"}, "status"),
    ],
)
def test_unknown_choice_is_a_validation_error(changes, field, ticket, agent):
    with pytest.raises(ValidationError) as error:
        services.ticket_update(ticket=ticket, actor=agent, tags=["x"], **changes)

    assert error.value.field == field
    assert ticket.events.count() == 1
    assert ticket.tags.count() == 0


def assert_no_ticket_rows():
    assert Ticket.objects.count() == 0
    assert Message.objects.count() == 0
    assert TicketEvent.objects.count() == 0
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"attachments": [upload("setup.exe", b"MZ")]}, "attachment"),
        ({"attachments": [upload("empty.txt", b"")]}, "attachment"),
        ({"attachments": [upload(f"f{n}.txt") for n in range(6)]}, "attachment"),
        ({"subject": "   "}, "subject"),
        ({"subject": "x" * 201}, "subject"),
        ({"body": ""}, "body"),
        ({"channel": "pigeon"}, "channel"),
        ({"priority": "meh"}, "priority"),
    ],
)
def test_failed_ticket_create_leaves_no_rows(changes, field, customer, media_root):
    with pytest.raises(ValidationError) as error:
        make_ticket(customer=customer, **changes)

    assert error.value.field == field
    assert_no_ticket_rows()


def test_attachment_over_the_size_limit_is_refused(customer, settings, media_root):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 10

    with pytest.raises(ValidationError) as error:
        make_ticket(customer=customer, attachments=[upload("log.txt", b"x" * 11)])

    assert error.value.field == "attachment"
    assert_no_ticket_rows()


def test_storage_failure_after_rows_were_written_rolls_everything_back(
    customer, settings, tmp_path
):
    # The upload directory cannot be created, so storing the file fails after the ticket and
    # its message have been inserted: the transaction must take them back out.
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker

    with pytest.raises(OSError):
        make_ticket(customer=customer, attachments=[upload("log.txt")])

    assert_no_ticket_rows()


def test_attachment_is_stored_under_a_generated_name(customer, media_root):
    ticket = make_ticket(customer=customer, attachments=[upload("../../etc/passwd.txt", b"hi")])

    attachment = Attachment.objects.get(message__ticket=ticket)
    assert attachment.filename == "passwd.txt"
    assert attachment.content_type == "text/plain"
    assert attachment.size == 2
    assert "passwd" not in attachment.file.name
    assert attachment.file.read() == b"hi"


# --- Who may act -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "act",
    [
        lambda ticket, user: services.message_add_from_agent(ticket=ticket, agent=user, body="Hi"),
        lambda ticket, user: services.message_add_from_agent(
            ticket=ticket, agent=user, body="Hi", is_internal=True
        ),
        lambda ticket, user: services.ticket_update(
            ticket=ticket, actor=user, priority=Ticket.Priority.HIGH
        ),
        lambda ticket, user: services.ticket_change_status(
            ticket=ticket, actor=user, status=S.SOLVED
        ),
    ],
    ids=["reply", "note", "update", "status"],
)
@pytest.mark.parametrize("who", ["customer_user", "other_agent"])
def test_customers_and_other_teams_cannot_act_as_agent(act, who, ticket, request):
    before = ticket.events.count()

    with pytest.raises(PermissionDenied):
        act(ticket, request.getfixturevalue(who))

    ticket.refresh_from_db()
    assert ticket.status == S.NEW
    assert ticket.priority == Ticket.Priority.NORMAL
    assert ticket.messages.count() == 1
    assert ticket.events.count() == before


def test_manager_acts_on_any_teams_ticket(ticket, manager):
    assert not manager.teams.exists()

    services.message_add_from_agent(ticket=ticket, agent=manager, body="Manager here")
    services.ticket_set_priority(ticket=ticket, actor=manager, priority=Ticket.Priority.LOW)

    ticket.refresh_from_db()
    assert ticket.status == S.OPEN
    assert ticket.priority == Ticket.Priority.LOW


@pytest.mark.parametrize("who", ["other_agent", "manager", "customer_user", "member_without_role"])
def test_assignee_must_be_an_agent_of_the_tickets_team(who, ticket, agent, request):
    if who == "member_without_role":
        # In the team, but without the agent role.
        assignee = CustomerFactory(with_login=True).user
        ticket.team.members.add(assignee)
    else:
        assignee = request.getfixturevalue(who)

    with pytest.raises(ValidationError) as error:
        services.ticket_assign(ticket=ticket, actor=agent, assignee=assignee)

    assert error.value.field == "assignee"
    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert ticket.events.count() == 1


def test_agent_of_the_team_can_be_assigned_by_a_teammate(ticket, agent, team):
    teammate = AgentFactory(teams=[team])

    services.ticket_assign(ticket=ticket, actor=agent, assignee=teammate)

    ticket.refresh_from_db()
    assert ticket.assignee == teammate


def test_customer_cannot_choose_the_team(customer, other_team):
    with pytest.raises(PermissionDenied):
        services.ticket_create(
            customer=customer, subject="Hi", body="Hello", channel="web", team=other_team
        )

    assert_no_ticket_rows()


def test_only_agents_log_tickets_for_customers(customer, other_customer):
    with pytest.raises(PermissionDenied):
        services.ticket_create(
            customer=customer,
            subject="Hi",
            body="Hello",
            channel="phone",
            created_by=other_customer.user,
        )

    assert_no_ticket_rows()


def test_customer_cannot_write_on_someone_elses_ticket(ticket, other_customer):
    with pytest.raises(PermissionDenied):
        services.message_add_from_customer(ticket=ticket, customer=other_customer, body="Hi")

    assert ticket.messages.count() == 1
    assert ticket.events.count() == 1


# --- Customers -------------------------------------------------------------------------------


def test_customers_are_known_by_email_case_insensitively(db):
    first = services.customer_get_or_create(email="Ada@Example.COM ", name="")

    again = services.customer_get_or_create(email="ada@example.com", name="Ada Lovelace")

    assert again.pk == first.pk
    assert again.email == "ada@example.com"
    # Whoever types an address never renames its customer.
    assert again.name == "ada"
    assert Customer.objects.count() == 1


def test_customers_are_found_by_phone_in_one_normal_form(db, settings):
    settings.HELPDESK_PHONE_REGION = "RU"
    first = services.customer_get_or_create(phone="8 (495) 123-45-67", name="Caller")

    again = services.customer_get_or_create(phone="+7 495 123 45 67")

    assert again.pk == first.pk
    assert first.phone == "+74951234567"
    assert first.email is None


def test_a_known_address_wins_over_a_typed_phone_and_keeps_its_details(db):
    known = services.customer_get_or_create(email="ada@example.com", name="Ada")

    found = services.customer_get_or_create(
        email="ADA@example.com", phone="+44 20 7946 0958", name="Mallory"
    )

    assert found.pk == known.pk
    found.refresh_from_db()
    assert (found.name, found.phone) == ("Ada", None)


@pytest.mark.parametrize("phone", ["12", "not a number", "+999 1"])
def test_customer_needs_a_usable_phone(phone, db):
    with pytest.raises(ValidationError) as error:
        services.customer_get_or_create(phone=phone)

    assert error.value.field == "phone"
    assert Customer.objects.count() == 0


def test_names_and_subjects_lose_bidi_overrides_and_invisible_characters(team):
    customer = services.customer_get_or_create(
        email="eve@example.com", name="Eve\u202e\u200bgnp.exe\r\nBcc: x"
    )

    ticket = make_ticket(customer=customer, team=team, subject="Invoice\u2066 \ufeffpaid\u2069\n")

    assert customer.name == "Evegnp.exe Bcc: x"
    assert ticket.subject == "Invoice paid"


@pytest.mark.parametrize("email", ["", "no-at-sign", "a" * 250 + "@example.com"])
def test_customer_needs_a_usable_email(email, db):
    with pytest.raises(ValidationError) as error:
        services.customer_get_or_create(email=email, name="X")

    assert error.value.field == "email"
    assert Customer.objects.count() == 0


def test_customers_and_attachments_are_dated_by_the_service_clock(team, at, t0):
    # Given the clock of a past moment (as the demo loader and e-mail import use it)
    moment = t0 - timedelta(days=3)
    with at(days=-3):
        customer = services.customer_get_or_create(email="old@example.com", name="Old")
        ticket = make_ticket(customer=customer, team=team, attachments=[upload()])

    # Then every row written then carries that moment, not the wall clock
    assert customer.created_at == moment
    assert ticket.messages.get().attachments.get().created_at == moment


def test_saving_unchanged_properties_leaves_the_ticket_where_it_was(customer, team, agent, at, t0):
    # Given a ticket last touched at its creation
    with at():
        ticket = make_ticket(customer=customer, team=team)

    # When an agent saves its properties without changing any, two hours later
    with at(hours=2):
        services.ticket_update(
            ticket=ticket, actor=agent, status=ticket.status, priority=ticket.priority
        )

    # Then nothing is recorded and it does not jump up the queue
    ticket.refresh_from_db()
    assert ticket.updated_at == t0
    assert list(ticket.events.values_list("kind", flat=True)) == [K.CREATED]

    # While a real change does move it
    with at(hours=3):
        services.ticket_update(ticket=ticket, actor=agent, priority=Ticket.Priority.HIGH)
    ticket.refresh_from_db()
    assert ticket.updated_at == t0 + timedelta(hours=3)
