"""ticket_merge through the service: what moves, what stays, what is refused (all or nothing)."""

import pytest

from tests.factories import AgentFactory, make_ticket, upload
from tickets import services
from tickets.models import Attachment, Message, Ticket, TicketEvent
from tickets.services.merge import ticket_merge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

K = TicketEvent.Kind
S = Ticket.Status


def kinds(ticket) -> list[str]:
    return list(ticket.events.order_by("created_at", "id").values_list("kind", flat=True))


def snapshot(*tickets):
    """Everything a refused merge must leave as it was."""
    return [
        (
            Ticket.objects.filter(pk=t.pk).values("status", "merged_into", "updated_at").get(),
            sorted(t.messages.values_list("pk", flat=True)),
            kinds(t),
        )
        for t in tickets
    ]


def test_merge_moves_messages_and_attachments_keeps_events_and_closes_source(
    source, target, agent, at
):
    with at(minutes=3):
        note = services.message_add_from_agent(
            ticket=source, agent=agent, body="Checked the fuse", is_internal=True
        )
        services.message_add_from_customer(
            ticket=source, customer=source.customer, body="Photo", attachments=[upload("a.png")]
        )
    source_messages = set(source.messages.values_list("pk", flat=True))
    source_events_before = kinds(source)
    target_events_before = kinds(target)

    with at(minutes=10):
        result = ticket_merge(source=source, target=target, actor=agent)

    source.refresh_from_db()
    assert result == target
    assert not source.messages.exists()
    assert source_messages <= set(target.messages.values_list("pk", flat=True))
    assert Message.objects.get(pk=note.pk).is_internal  # a note stays a note
    assert Attachment.objects.get(filename="a.png").message.ticket == target
    assert (source.status, source.merged_into) == (S.CLOSED, target)
    assert source.solved_at is None  # a merge is not a solve: no surveys
    assert kinds(source) == [*source_events_before, K.MERGED_INTO, K.STATUS_CHANGED]
    assert kinds(target) == [*target_events_before, K.MERGED]
    merged = target.events.get(kind=K.MERGED)
    assert merged.actor_user == agent
    assert merged.payload["source_number"] == source.number
    assert sorted(merged.payload["message_ids"]) == sorted(source_messages)
    assert source.events.get(kind=K.MERGED_INTO).payload["into_number"] == target.number
    assert source.events.get(kind=K.STATUS_CHANGED).payload["to"] == S.CLOSED


def test_merging_a_solved_duplicate_keeps_its_solve_time(source, target, agent, at):
    with at(minutes=5):
        services.ticket_change_status(ticket=source, actor=agent, status=S.SOLVED)
    solved_at = Ticket.objects.get(pk=source.pk).solved_at

    with at(minutes=9):
        ticket_merge(source=source, target=target, actor=agent)

    source.refresh_from_db()
    assert (source.status, source.solved_at) == (S.CLOSED, solved_at)


def test_a_ticket_merged_into_can_later_be_merged_on(source, target, agent, customer, team):
    third = make_ticket(customer=customer, team=team)
    ticket_merge(source=source, target=target, actor=agent)

    ticket_merge(source=target, target=third, actor=agent)

    assert third.messages.count() == 3
    assert Ticket.objects.get(pk=source.pk).merged_into == target


@pytest.fixture
def refusals(customer, other_customer, team, other_team, agent, at):
    """Name -> (source, target, actor) of every merge that must be refused."""

    def build(name, source, target):
        if name == "itself":
            return source, source, agent
        if name == "source merged":
            ticket_merge(source=source, target=target, actor=agent)
            return source, make_ticket(customer=customer, team=team), agent
        if name == "target merged":
            ticket_merge(
                source=target, target=make_ticket(customer=customer, team=team), actor=agent
            )
            return source, target, agent
        if name == "source closed":
            services.ticket_change_status(ticket=source, actor=agent, status=S.CLOSED)
            return source, target, agent
        if name == "target closed":
            services.ticket_change_status(ticket=target, actor=agent, status=S.CLOSED)
            return source, target, agent
        if name == "other customer":
            return source, make_ticket(customer=other_customer, team=team), agent
        if name == "target of another team":
            return source, make_ticket(customer=customer, team=other_team), agent
        if name == "agent of another team":
            return source, target, AgentFactory(teams=[other_team])
        raise AssertionError(name)

    return build


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("itself", "ValidationError"),
        ("source merged", "ValidationError"),
        ("target merged", "ValidationError"),
        ("source closed", "ValidationError"),
        ("target closed", "ValidationError"),
        ("other customer", "ValidationError"),
        ("target of another team", "PermissionDenied"),
        ("agent of another team", "PermissionDenied"),
    ],
)
def test_refused_merges_change_nothing(name, error, refusals, source, target):
    source, target, actor = refusals(name, source, target)
    before = snapshot(source, target)

    with pytest.raises(Exception) as raised:
        ticket_merge(source=source, target=target, actor=actor)

    assert type(raised.value).__name__ == error
    assert snapshot(source, target) == before


def test_across_customers_even_a_manager_is_refused(source, other_customer, team, manager):
    other = make_ticket(customer=other_customer, team=team)

    with pytest.raises(Exception, match="another customer") as raised:
        ticket_merge(source=source, target=other, actor=manager)

    assert getattr(raised.value, "field", None) == "into"
    assert source.messages.count() == 1


def test_a_manager_merges_across_teams(customer, team, other_team, manager):
    first = make_ticket(customer=customer, team=team)
    second = make_ticket(customer=customer, team=other_team)

    ticket_merge(source=first, target=second, actor=manager)

    assert Ticket.objects.get(pk=first.pk).merged_into == second


def test_customer_reply_to_a_merged_duplicate_lands_on_the_target(source, target, agent):
    ticket_merge(source=source, target=target, actor=agent)

    message = services.message_add_from_customer(
        ticket=source, customer=source.customer, body="Any news?"
    )

    assert message.ticket == target
    assert not Ticket.objects.filter(follow_up_of=source).exists()  # no new duplicate
    assert target.events.filter(kind=K.CUSTOMER_REPLIED).exists()
