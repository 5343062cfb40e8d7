"""Who sees what: the permission-aware getters every view and API endpoint goes through."""

import pytest
from django.contrib.auth.models import AnonymousUser

from helpdesk.errors import NotFound
from tests.factories import make_ticket, upload
from tickets import services
from tickets.models import Ticket
from tickets.selectors import (
    agent_queue,
    attachment_get_for_tracking,
    attachment_get_for_user,
    parse_reference,
    ticket_get_for_tracking,
    ticket_get_for_user,
    tickets_visible_to,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("reference", "number"),
    [
        ("HD-000123", 123),
        ("hd-123", 123),
        ("123", 123),
        (" HD-7 ", 7),
        ("HD-" + "9" * 18, 10**18 - 1),
    ],
)
def test_parse_reference_accepts_references_and_numbers(reference, number):
    assert parse_reference(reference) == number


@pytest.mark.parametrize(
    "reference",
    [
        "",
        "HD-",
        "HD-12a",
        "HD-xyz",
        "HD--1",
        "-1",
        "1.5",
        "HD 123",
        "XX-123",
        "HD-" + "9" * 19,  # beyond a bigint
        "HD-²",  # str.isdigit() says yes, int() says no
        "HD-١٢٣",  # Arabic-Indic digits are not a reference either
    ],
)
def test_parse_reference_rejects_junk(reference):
    assert parse_reference(reference) is None


@pytest.fixture
def tickets(customer, other_customer, team, other_team):
    """One ticket of ``customer`` in ``team`` and one of ``other_customer`` in ``other_team``."""
    return (
        make_ticket(customer=customer, team=team),
        make_ticket(customer=other_customer, team=other_team),
    )


def test_customer_sees_only_own_tickets(tickets, customer):
    own, others = tickets

    assert list(tickets_visible_to(customer.user)) == [own]
    assert ticket_get_for_user(user=customer.user, reference=own.reference) == own
    with pytest.raises(NotFound):
        ticket_get_for_user(user=customer.user, reference=others.reference)


def test_agent_sees_only_own_teams_tickets(tickets, agent):
    own, others = tickets

    assert list(tickets_visible_to(agent)) == [own]
    with pytest.raises(NotFound):
        ticket_get_for_user(user=agent, reference=others.reference)


def test_agent_in_two_teams_sees_both(tickets, agent, other_team):
    other_team.members.add(agent)

    assert set(tickets_visible_to(agent)) == set(tickets)


def test_manager_sees_every_ticket(tickets, manager):
    assert set(tickets_visible_to(manager)) == set(tickets)
    assert ticket_get_for_user(user=manager, reference=tickets[1].reference) == tickets[1]


def test_anonymous_sees_nothing(tickets):
    assert list(tickets_visible_to(AnonymousUser())) == []
    with pytest.raises(NotFound):
        ticket_get_for_user(user=AnonymousUser(), reference=tickets[0].reference)


@pytest.mark.parametrize("reference", ["HD-999999", "HD-xyz", "", "HD-²"])
def test_unknown_or_garbage_reference_is_not_found(reference, manager, tickets):
    with pytest.raises(NotFound):
        ticket_get_for_user(user=manager, reference=reference)


def test_a_user_without_customer_or_role_sees_nothing(tickets, django_user_model):
    loner = django_user_model.objects.create_user("loner", password="x")

    assert list(tickets_visible_to(loner)) == []


@pytest.fixture
def thread(ticket, agent):
    services.message_add_from_agent(ticket=ticket, agent=agent, body="Public answer")
    services.message_add_from_agent(
        ticket=ticket, agent=agent, body="Internal remark", is_internal=True
    )
    return ticket


def bodies(ticket):
    return [message.body for message in ticket.messages.all()]


def test_customer_thread_never_contains_internal_notes(thread, customer):
    ticket = ticket_get_for_user(user=customer.user, reference=thread.reference)

    assert bodies(ticket) == ["Smoke everywhere, please help.", "Public answer"]


@pytest.mark.parametrize("who", ["agent", "manager"])
def test_agents_see_internal_notes(who, thread, request):
    ticket = ticket_get_for_user(user=request.getfixturevalue(who), reference=thread.reference)

    assert bodies(ticket) == ["Smoke everywhere, please help.", "Public answer", "Internal remark"]


def test_tracking_thread_never_contains_internal_notes(thread):
    ticket = ticket_get_for_tracking(reference=thread.reference, token=thread.tracking_token)

    assert bodies(ticket) == ["Smoke everywhere, please help.", "Public answer"]


@pytest.fixture
def attachments(customer, other_customer, team, agent, media_root):
    """(customer's public file, customer's file on an internal note, another customer's file)."""
    own = make_ticket(customer=customer, team=team, attachments=[upload("mine.txt")])
    note = services.message_add_from_agent(
        ticket=own, agent=agent, body="log", is_internal=True, attachments=[upload("note.txt")]
    )
    foreign = make_ticket(customer=other_customer, attachments=[upload("theirs.txt")])
    return (
        own.messages.first().attachments.get(),
        note.attachments.get(),
        foreign.messages.get().attachments.get(),
    )


def test_customer_fetches_own_public_attachment_only(attachments, customer):
    public, on_note, foreign = attachments

    assert attachment_get_for_user(user=customer.user, attachment_id=public.pk) == public
    for hidden in (on_note, foreign):
        with pytest.raises(NotFound):
            attachment_get_for_user(user=customer.user, attachment_id=hidden.pk)


def test_agent_fetches_attachments_of_notes_in_own_team_only(attachments, agent):
    public, on_note, foreign = attachments

    assert attachment_get_for_user(user=agent, attachment_id=on_note.pk) == on_note
    assert attachment_get_for_user(user=agent, attachment_id=public.pk) == public
    with pytest.raises(NotFound):
        attachment_get_for_user(user=agent, attachment_id=foreign.pk)


def test_tracking_link_reaches_public_attachments_of_its_ticket_only(attachments):
    public, on_note, foreign = attachments
    ticket = public.message.ticket

    found = attachment_get_for_tracking(
        reference=ticket.reference, token=ticket.tracking_token, attachment_id=public.pk
    )

    assert found == public
    for hidden in (on_note, foreign):
        with pytest.raises(NotFound):
            attachment_get_for_tracking(
                reference=ticket.reference, token=ticket.tracking_token, attachment_id=hidden.pk
            )


def test_tracking_with_the_right_token_finds_the_ticket(ticket):
    assert (
        ticket_get_for_tracking(reference=ticket.reference, token=ticket.tracking_token) == ticket
    )
    assert ticket_get_for_tracking(reference=str(ticket.number), token=ticket.tracking_token)


@pytest.mark.parametrize(
    "variant", ["wrong_token", "empty_token", "wrong_reference", "other_tickets_token", "garbage"]
)
def test_tracking_with_anything_else_is_not_found(variant, ticket):
    other = make_ticket()
    reference, token = {
        "wrong_token": (ticket.reference, ticket.tracking_token[:-1] + "x"),
        "empty_token": (ticket.reference, ""),
        "wrong_reference": ("HD-999999", ticket.tracking_token),
        "other_tickets_token": (ticket.reference, other.tracking_token),
        "garbage": ("HD-xyz", ticket.tracking_token),
    }[variant]

    with pytest.raises(NotFound):
        ticket_get_for_tracking(reference=reference, token=token)


def test_tracking_tokens_are_long_and_distinct(ticket):
    other = make_ticket()

    assert len(ticket.tracking_token) >= 43  # 256 bits, URL-safe base64
    assert ticket.tracking_token != other.tracking_token


def test_agent_queue_holds_open_tickets_of_own_teams(customer, team, other_team, agent):
    waiting = make_ticket(customer=customer, team=team)
    solved = make_ticket(customer=customer, team=team)
    services.ticket_change_status(ticket=solved, actor=agent, status=Ticket.Status.SOLVED)
    make_ticket(customer=customer, team=other_team)

    assert list(agent_queue(user=agent)) == [waiting]
    assert list(agent_queue(user=agent, status=Ticket.Status.SOLVED)) == [solved]
    assert list(agent_queue(user=agent, mine=True)) == []
