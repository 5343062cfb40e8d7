"""SLA warnings and breaches: written by beat exactly once each, with their event by the SLA
clock and e-mails to the assignee and the team's lead."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.concurrency import run_at_once
from tests.factories import AgentFactory, make_ticket
from tickets import services
from tickets.models import OutboundEmail, SlaAlert, SlaPolicy, Ticket, TicketEvent
from tickets.services.sla import sla_alerts_check, ticket_sla_evaluation
from tickets.tasks import check_sla_alerts

pytestmark = pytest.mark.django_db

Kind = TicketEvent.Kind


@pytest.fixture
def sla_policy(db):
    return SlaPolicy.objects.create(
        name="Normal",
        priority=Ticket.Priority.NORMAL,
        first_response_minutes=60,
        first_response_business=False,
        next_response_minutes=60,
        next_response_business=False,
        resolution_minutes=None,
        warn_at_percent=75,
    )


@pytest.fixture
def lead(team):
    lead = AgentFactory(teams=[team], language="ru")
    team.lead = lead
    team.save(update_fields=["lead"])
    return lead


@pytest.fixture
def assigned(at, team, agent, lead, sla_policy):
    with at():
        ticket = make_ticket(team=team)
        services.ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    return ticket


def sla_events(ticket):
    return list(
        TicketEvent.objects.filter(ticket=ticket, kind__in=[Kind.SLA_WARNING, Kind.SLA_BREACHED])
        .order_by("id")
        .values_list("kind", "system_actor", "payload__target", "payload__cycle")
    )


def sla_emails(ticket):
    return sorted(
        OutboundEmail.objects.filter(
            ticket=ticket, kind__in=[OutboundEmail.Kind.SLA_WARNING, OutboundEmail.Kind.SLA_BREACH]
        ).values_list("kind", "recipient", "language")
    )


def test_nothing_before_the_warning(at, assigned):
    with at(minutes=44):
        assert sla_alerts_check() == 0
    assert not SlaAlert.objects.exists()


def test_warning_then_breach_each_once(at, t0, assigned, agent, lead):
    with at(minutes=45):  # 75 % of the hour
        assert sla_alerts_check() == 1
        assert sla_alerts_check() == 0
    assert sla_events(assigned) == [(Kind.SLA_WARNING, "sla", "first_response", 0)]
    assert sla_emails(assigned) == [
        (OutboundEmail.Kind.SLA_WARNING, agent.email, "en"),
        (OutboundEmail.Kind.SLA_WARNING, lead.email, "ru"),
    ]
    ticket = Ticket.objects.get(pk=assigned.pk)
    assert ticket.sla_warn_at == t0 + timedelta(hours=1)  # next: the breach
    with at(minutes=50):
        assert sla_alerts_check() == 0
    with at(minutes=61):
        assert check_sla_alerts() == 1
        assert check_sla_alerts() == 0
    with at(hours=5):
        assert sla_alerts_check() == 0
    alerts = list(SlaAlert.objects.order_by("id").values_list("target", "kind", "cycle", "due_at"))
    assert alerts == [
        ("first_response", "warning", 0, t0 + timedelta(hours=1)),
        ("first_response", "breach", 0, t0 + timedelta(hours=1)),
    ]
    assert [kind for kind, *_ in sla_events(assigned)] == [Kind.SLA_WARNING, Kind.SLA_BREACHED]
    breach_mails = [m for m in sla_emails(assigned) if m[0] == OutboundEmail.Kind.SLA_BREACH]
    assert {m[1] for m in breach_mails} == {agent.email, lead.email}
    assert Ticket.objects.get(pk=assigned.pk).sla_warn_at is None


def test_a_late_check_writes_only_the_breach(at, assigned):
    with at(hours=3):
        assert sla_alerts_check() == 1
    assert list(SlaAlert.objects.values_list("kind", flat=True)) == ["breach"]


def test_a_breach_marks_the_running_ticket_missed(at, assigned):
    with at(minutes=61):
        evaluation, _ = ticket_sla_evaluation(Ticket.objects.get(pk=assigned.pk))
        assert evaluation.outcome == "in_progress"
        sla_alerts_check()
        evaluation, _ = ticket_sla_evaluation(Ticket.objects.get(pk=assigned.pk))
    assert evaluation.first_response.met is False
    assert evaluation.outcome == "missed"


def test_a_reply_in_time_means_no_alert(at, assigned, agent):
    with at(minutes=30):
        services.message_add_from_agent(ticket=assigned, agent=agent, body="Here.")
    with at(hours=3):
        assert sla_alerts_check() == 0
    assert not SlaAlert.objects.exists()


def test_a_paused_clock_does_not_warn(at, assigned, agent):
    with at(minutes=10):
        services.ticket_change_status(ticket=assigned, actor=agent, status=Ticket.Status.ON_HOLD)
    with at(hours=3):
        assert sla_alerts_check() == 0
    with at(hours=3, minutes=1):
        services.ticket_change_status(ticket=assigned, actor=agent, status=Ticket.Status.OPEN)
    with at(hours=3, minutes=50):  # 10 + 40 = 50 running minutes: past the 45 min warning
        assert sla_alerts_check() == 1
    assert list(SlaAlert.objects.values_list("kind", flat=True)) == ["warning"]


def test_each_next_response_cycle_breaches_once(at, assigned, agent):
    customer = assigned.customer
    with at(minutes=5):
        services.message_add_from_agent(ticket=assigned, agent=agent, body="Hi")
    with at(minutes=10):
        services.message_add_from_customer(ticket=assigned, customer=customer, body="And?")
    with at(hours=2):
        assert sla_alerts_check() == 1
        services.message_add_from_agent(ticket=assigned, agent=agent, body="Sorry")
    with at(hours=3):
        services.message_add_from_customer(ticket=assigned, customer=customer, body="Again")
    with at(hours=5):
        assert sla_alerts_check() == 1
        assert sla_alerts_check() == 0
    assert list(SlaAlert.objects.order_by("id").values_list("target", "kind", "cycle")) == [
        ("next_response", "breach", 1),
        ("next_response", "breach", 2),
    ]


def test_no_email_to_an_assignee_who_turned_them_off(at, assigned, agent, lead):
    agent.notify_by_email = False
    agent.save(update_fields=["notify_by_email"])
    with at(minutes=61):
        sla_alerts_check()
    assert [recipient for _, recipient, _ in sla_emails(assigned)] == [lead.email]


def test_the_constraint_keeps_a_second_writer_out(at, t0, assigned):
    # Another run wrote the breach row a moment ago: this one writes no event and no e-mail.
    SlaAlert.objects.create(
        ticket=assigned,
        target="first_response",
        kind="breach",
        cycle=0,
        due_at=t0 + timedelta(hours=1),
        created_at=t0 + timedelta(hours=1),
    )
    with at(hours=2):
        assert sla_alerts_check() == 0
    assert sla_events(assigned) == []
    assert sla_emails(assigned) == []
    assert SlaAlert.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_checks_at_once_write_each_alert_once(at, team, agent, lead, sla_policy):
    with at():
        tickets = [make_ticket(team=team) for _ in range(6)]
        for ticket in tickets:
            services.ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    with at(hours=2):
        results = run_at_once(lambda: sla_alerts_check(batch_size=2))
        assert sla_alerts_check() == 0

    assert sum(results) == len(tickets)
    assert SlaAlert.objects.count() == len(tickets)
    assert TicketEvent.objects.filter(kind=Kind.SLA_BREACHED).count() == len(tickets)
    assert OutboundEmail.objects.filter(kind=OutboundEmail.Kind.SLA_BREACH).count() == 2 * len(
        tickets
    )


# --- What agents see ---------------------------------------------------------------------------


def badge(client, path, **headers) -> str:
    import re

    page = client.get(path, **headers).content.decode()
    found = re.findall(r'<span class="sla-badge sla-(\w+)"[^>]*>(?:<time[^>]*>)?([^<]*)', page)
    return found


@pytest.mark.parametrize(
    ("language", "minutes", "expected"),
    [
        ("en", 10, ("ok", "due in 50 minutes")),
        ("en", 50, ("soon", "due in 10 minutes")),
        ("en", 95, ("overdue", "overdue by 35 minutes")),
        ("ru", 95, ("overdue", "35 минут")),
    ],
)
def test_queue_row_shows_due_in_or_overdue_by(
    client, at, assigned, agent, language, minutes, expected
):
    agent.language = language
    agent.save(update_fields=["language"])
    client.force_login(agent)
    with at(minutes=minutes):
        if minutes >= 45:
            sla_alerts_check()
        [(state, text)] = badge(client, "/agent/", HTTP_ACCEPT_LANGUAGE=language)
    assert state == expected[0]
    assert expected[1] in text


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "due in 2 h 10 min"), ("ru", "2 ч 10 мин")]
)
def test_ticket_page_shows_the_target_and_hours(client, at, team, agent, language, expected):
    SlaPolicy.objects.create(
        name="Long",
        priority=Ticket.Priority.NORMAL,
        first_response_minutes=180,
        first_response_business=False,
    )
    with at():
        ticket = make_ticket(team=team)
    agent.language = language
    agent.save(update_fields=["language"])
    client.force_login(agent)
    with at(minutes=50):
        page = client.get(f"/agent/tickets/{ticket.reference}/", HTTP_ACCEPT_LANGUAGE=language)
    text = page.content.decode()
    assert expected in text
    assert 'class="sla-badge sla-ok"' in text
    assert str(SlaAlert.Target.FIRST_RESPONSE.label) in text or language == "ru"


def test_paused_and_policy_free_tickets(client, at, assigned, agent, team):
    with at():
        free = make_ticket(team=team, priority=Ticket.Priority.LOW)
        services.ticket_change_status(ticket=assigned, actor=agent, status=Ticket.Status.PENDING)
    client.force_login(agent)
    with at(minutes=5):
        found = badge(client, "/agent/")
    assert found == [("paused", "SLA paused")]
    assert Ticket.objects.get(pk=free.pk).sla_policy is None


def test_one_ticket_that_fails_holds_up_no_other_alert(
    at, team, agent, lead, sla_policy, monkeypatch
):
    from tickets.services import outbound

    with at():
        broken, fine = make_ticket(team=team), make_ticket(team=team)
    real_queue = outbound.outbound_email_queue

    def queue(**kwargs):
        if kwargs["ticket"].pk == broken.pk:
            raise RuntimeError("template broke")
        return real_queue(**kwargs)

    monkeypatch.setattr(outbound, "outbound_email_queue", queue)
    with at(hours=2):
        assert sla_alerts_check() == 1
    assert [kind for kind, *_ in sla_events(fine)] == [Kind.SLA_BREACHED]
    assert sla_events(broken) == [] and not SlaAlert.objects.filter(ticket=broken).exists()

    monkeypatch.setattr(outbound, "outbound_email_queue", real_queue)
    with at(hours=2, minutes=1):
        assert sla_alerts_check() == 1  # the broken one, once it works again
    assert [kind for kind, *_ in sla_events(broken)] == [Kind.SLA_BREACHED]
