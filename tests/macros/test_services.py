"""Writing macros (who may share them where, placeholders checked) and applying one to a
ticket: the reply and every field change in one transaction, each with its event."""

import pytest

from helpdesk.errors import NotFound, PermissionDenied, ValidationError
from tests.factories import AgentFactory, CustomerFactory, make_ticket
from tickets import services
from tickets.macro_selectors import macro_get_for_user, macros_for_ticket, macros_visible_to
from tickets.models import Macro, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

S = Ticket.Status


def kinds(ticket, after=0):
    return list(ticket.events.filter(pk__gt=after).order_by("pk").values_list("kind", flat=True))


def last_event_id(ticket):
    return ticket.events.order_by("-pk").values_list("pk", flat=True).first()


def test_an_unknown_placeholder_is_an_error_on_its_field(make_macro):
    with pytest.raises(ValidationError) as error:
        make_macro(body_en="ok", body_ru="Здравствуйте, {{ customer.email }}")

    assert error.value.field == "body_ru"
    assert "{{ customer.email }}" in error.value.message
    assert not Macro.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"body_en": " ", "body_ru": ""}, "body_en"),
        ({"set_status": "new"}, "set_status"),
        ({"set_status": "bogus"}, "set_status"),
        ({"set_priority": "highest"}, "set_priority"),
    ],
)
def test_bad_fields_are_errors_on_their_field(make_macro, fields, field):
    with pytest.raises(ValidationError) as error:
        make_macro(**fields)

    assert error.value.field == field


def test_tags_are_slugs_once_each(make_macro):
    macro = make_macro(add_tags=["Waiting on customer", "waiting-on-customer", " ", "счёт"])

    assert macro.add_tags == ["waiting-on-customer", "счёт"]


def test_who_may_share_where(agent, lead, manager, admin_user, team, other_team, make_macro):
    make_macro(actor=agent)  # personal: any agent
    make_macro(actor=lead, scope="team", team=team)
    make_macro(actor=manager, scope="team", team=other_team)
    make_macro(actor=admin_user, scope="everyone")
    with pytest.raises(PermissionDenied):
        make_macro(actor=agent, scope="team", team=team)
    with pytest.raises(PermissionDenied):
        make_macro(actor=lead, scope="team", team=other_team)
    with pytest.raises(PermissionDenied):
        make_macro(actor=manager, scope="everyone")
    with pytest.raises(PermissionDenied):
        make_macro(actor=CustomerFactory(with_login=True).user)


def test_visibility(agent, other_agent, lead, manager, admin_user, team, other_team, make_macro):
    mine = make_macro(actor=agent, name="mine")
    theirs = make_macro(actor=AgentFactory(teams=[team]), name="a colleague's")
    ours = make_macro(actor=lead, scope="team", team=team, name="team")
    billing = make_macro(actor=manager, scope="team", team=other_team, name="billing")
    everyone = make_macro(actor=admin_user, scope="everyone", name="everyone")

    assert set(macros_visible_to(agent)) == {mine, ours, everyone}
    assert set(macros_visible_to(other_agent)) == {billing, everyone}
    assert set(macros_visible_to(manager)) == {ours, billing, everyone}
    with pytest.raises(NotFound):
        macro_get_for_user(user=agent, macro_id=theirs.pk)
    with pytest.raises(NotFound):
        macro_get_for_user(user=agent, macro_id="1e3")
    ticket = make_ticket(team=other_team)
    assert set(macros_for_ticket(user=manager, ticket=ticket)) == {billing, everyone}


def test_only_the_owner_changes_a_personal_macro(agent, manager, team, make_macro):
    macro = make_macro(actor=agent)
    colleague = AgentFactory(teams=[team])

    with pytest.raises(NotFound):
        services.macro_delete(actor=colleague, macro=macro)
    with pytest.raises(NotFound):
        services.macro_update(actor=manager, macro=macro, name="x", body_en="y")

    services.macro_update(actor=agent, macro=macro, name="Renamed", body_en="Hi")
    macro.refresh_from_db()
    assert (macro.name, macro.body_en, macro.owner) == ("Renamed", "Hi", agent)


def test_a_team_macro_is_used_by_members_and_changed_by_the_lead(agent, lead, team, make_macro):
    macro = make_macro(actor=lead, scope="team", team=team)

    with pytest.raises(PermissionDenied):
        services.macro_update(
            actor=agent, macro=macro, name="x", body_en="y", scope="team", team=team
        )
    services.macro_delete(actor=lead, macro=macro)
    assert not Macro.objects.exists()


@pytest.fixture
def ticket(team):
    return make_ticket(team=team, customer=CustomerFactory(name="Olga Petrova", language="ru"))


def test_apply_replies_in_the_ticket_language_and_makes_every_change(agent, ticket, make_macro):
    macro = make_macro(
        body_en="Hello {{ customer.first_name }}",
        body_ru="Здравствуйте, {{ customer.first_name }}! {{ ticket.reference }}",
        set_status="pending",
        set_priority="high",
        add_tags=["waiting"],
        assign_to_me=True,
    )
    services.ticket_set_tags(ticket=ticket, actor=agent, tags=["printer"])
    before = last_event_id(ticket)

    message = services.macro_apply(ticket=ticket, agent=agent, macro=macro)

    ticket.refresh_from_db()
    assert message.body == f"Здравствуйте, Olga! {ticket.reference}"
    assert message.author_agent == agent and not message.is_internal
    assert ticket.status == S.PENDING
    assert ticket.priority == "high"
    assert ticket.assignee == agent
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["printer", "waiting"]
    assert kinds(ticket, after=before) == [
        TicketEvent.Kind.AGENT_REPLIED,
        TicketEvent.Kind.STATUS_CHANGED,
        TicketEvent.Kind.ASSIGNED,
        TicketEvent.Kind.PRIORITY_CHANGED,
        TicketEvent.Kind.TAGS_CHANGED,
    ]
    status_event = ticket.events.get(kind=TicketEvent.Kind.STATUS_CHANGED)
    assert status_event.payload["with_message_id"] == message.pk  # told in the reply's e-mail


def test_the_agents_edited_text_and_chosen_status_win(agent, ticket, make_macro):
    macro = make_macro(set_status="pending")

    message = services.macro_apply(
        ticket=ticket, agent=agent, macro=macro, body="My own words", status="on_hold"
    )

    ticket.refresh_from_db()
    assert message.body == "My own words"
    assert ticket.status == S.ON_HOLD


def test_a_failing_change_takes_the_reply_back(agent, ticket, make_macro):
    """Solved tickets cannot go to pending: the status change fails, so nothing is kept."""
    services.ticket_change_status(ticket=ticket, actor=agent, status=S.SOLVED)
    macro = make_macro(set_status="pending", add_tags=["x"])
    before, messages = last_event_id(ticket), ticket.messages.count()

    with pytest.raises(ValidationError) as error:
        services.macro_apply(ticket=ticket, agent=agent, macro=macro)

    assert error.value.field == "status"
    assert ticket.messages.count() == messages
    assert kinds(ticket, after=before) == []


def test_a_failing_later_change_takes_the_reply_back(manager, team, ticket, make_macro):
    """A manager outside the team cannot be its ticket's assignee: the reply, status and tags
    written before that are rolled back too."""
    macro = make_macro(
        actor=manager,
        scope="team",
        team=team,
        set_status="pending",
        add_tags=["x"],
        assign_to_me=True,
    )
    before, messages = last_event_id(ticket), ticket.messages.count()

    with pytest.raises(ValidationError) as error:
        services.macro_apply(ticket=ticket, agent=manager, macro=macro)

    assert error.value.field == "assignee"
    ticket.refresh_from_db()
    assert ticket.messages.count() == messages
    assert ticket.status == S.NEW
    assert not ticket.tags.exists()
    assert kinds(ticket, after=before) == []


def test_another_agents_personal_macro_cannot_be_applied(agent, team, ticket):
    colleague = AgentFactory(teams=[team])
    macro = services.macro_create(actor=colleague, name="private", body_en="Hi")

    with pytest.raises(NotFound):
        services.macro_apply(ticket=ticket, agent=agent, macro=macro)
    assert ticket.messages.count() == 1


def test_a_macro_does_not_open_another_teams_ticket(other_agent, other_team, ticket):
    macro = services.macro_create(actor=other_agent, name="mine", body_en="Hi")

    with pytest.raises(PermissionDenied):
        services.macro_apply(ticket=ticket, agent=other_agent, macro=macro)
