"""``manage.py seed_demo``: realistic demo data, written through the services only, loaded once."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from datetime import date, time, timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from metrics.models import TicketFacts
from metrics.rollups import local_day, rollups_fill
from metrics.selectors import DashboardQuery, dashboard_kpis, satisfaction_by_speed
from tickets.models import (
    BusinessCalendar,
    Category,
    CsatSurvey,
    Customer,
    ExternalConversation,
    InboundEmail,
    Message,
    NpsSurvey,
    SavedView,
    SignInLink,
    SlaAlert,
    SlaPolicy,
    Tag,
    Team,
    Ticket,
    TicketEvent,
    TicketLink,
    User,
)
from tickets.roles import AGENTS, user_is_agent, user_is_manager, user_sees_all_tickets
from tickets.services import events_process_pending

K = TicketEvent.Kind
MESSAGE_EVENTS = (K.CREATED, K.CUSTOMER_REPLIED, K.AGENT_REPLIED, K.NOTE_ADDED)
LOGINS = {
    "admin": "demo-admin-pass",
    "manager": "demo-manager-pass",
    "agent1": "demo-agent-pass",
    "agent2": "demo-agent-pass",
    "agent3": "demo-agent-pass",
    "agent4": "demo-agent-pass",
    "customer": "demo-customer-pass",
}
MODELS = (User, Team, Category, Customer, Tag, Ticket, Message, TicketEvent)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module inside a transaction rolled back at its end; each test's own
    transaction nests in it as a savepoint. (on_commit callbacks never run here: nothing is
    sent to the broker.)"""
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def tickets(seeded, db):
    return list(Ticket.objects.select_related("customer"))


def _events_by_ticket() -> dict[int, list[TicketEvent]]:
    events: dict[int, list[TicketEvent]] = {}
    for event in TicketEvent.objects.order_by("created_at", "id"):
        events.setdefault(event.ticket_id, []).append(event)
    return events


def _replay(events: list[TicketEvent]) -> dict:
    """A ticket's properties rebuilt from its events alone; each change must start from the
    value the previous event left."""
    state: dict = {}
    for event in events:
        payload = event.payload
        if event.kind == K.CREATED:
            assert not state, "a second CREATED event"
            state = {
                "status": Ticket.Status.NEW,
                "priority": payload["priority"],
                "team": payload["team_id"],
                "assignee": None,
                "tags": [],
            }
            continue
        field = {
            K.STATUS_CHANGED: "status",
            K.PRIORITY_CHANGED: "priority",
            K.TEAM_CHANGED: "team",
            K.ASSIGNED: "assignee",
            K.TAGS_CHANGED: "tags",
        }.get(event.kind)
        if field:
            assert payload["from"] == state[field], (event.kind, payload, state)
            state[field] = payload["to"]
    return state


def test_demo_logins_work_with_their_roles(seeded, db):
    users = {
        username: authenticate(username=username, password=password)
        for username, password in LOGINS.items()
    }

    assert all(users.values()), [name for name, user in users.items() if user is None]
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert user_is_manager(users["manager"]) and not users["manager"].is_staff
    for name in ("agent1", "agent2", "agent3", "agent4"):
        assert user_is_agent(users[name]) and not user_sees_all_tickets(users[name])
    assert not user_is_agent(users["customer"])
    assert users["customer"].customer.tickets.exists()


def test_two_teams_of_two_agents_with_routed_categories(seeded, db):
    teams = {team.name: team for team in Team.objects.all()}

    assert set(teams) == {"General support", "Billing"}
    assert teams["General support"].is_default  # the team of migration 0002, renamed
    for team in teams.values():
        assert team.members.filter(groups__name=AGENTS).count() == 2
        assert {"manager", "admin"} <= set(team.members.values_list("username", flat=True))
    routes = dict(Category.objects.values_list("name_en", "team__name"))
    assert routes["Account access"] == "General support"
    assert routes["Refunds"] == "Billing"
    assert Category.objects.filter(name_ru="Счета и платежи", team__name="Billing").exists()


def test_tickets_cover_every_channel_status_and_both_languages(tickets):
    now = timezone.now()

    assert 280 <= len(tickets) <= 340
    assert {t.channel for t in tickets} == set(Ticket.Channel.values)
    assert {t.status for t in tickets} == set(Ticket.Status.values)
    assert 0.4 <= sum(t.language == "ru" for t in tickets) / len(tickets) <= 0.6
    assert all(t.language == t.customer.language for t in tickets)
    assert all(now - timedelta(days=61) < t.created_at < now for t in tickets)
    assert any(t.follow_up_of_id for t in tickets)
    assert Customer.objects.count() == 50
    assert Counter(Customer.objects.values_list("language", flat=True)) == {"en": 25, "ru": 25}


def test_recent_tickets_are_more_often_still_open(tickets):
    now = timezone.now()
    recent = [t for t in tickets if now - t.created_at < timedelta(days=3)]
    old = [t for t in tickets if now - t.created_at > timedelta(days=14)]

    def open_share(group):
        return sum(t.is_open for t in group) / len(group)

    assert open_share(recent) > 0.4
    assert open_share(old) < 0.1


def test_events_are_exactly_what_the_services_wrote(tickets):
    events = _events_by_ticket()
    messages = {message.pk: message for message in Message.objects.all()}

    assert set(events) == {t.pk for t in tickets}
    for ticket in tickets:
        created = events[ticket.pk][0]
        assert created.kind == K.CREATED and created.created_at == ticket.created_at
        # Agents log phone, chat and social tickets; a follow-up comes from the customer, and
        # so does a conversation that an integration's webhook brought in.
        logged_by_agent = (
            ticket.channel in ("phone", "chat", "social")
            and not ticket.follow_up_of_id
            and not ticket.external_conversations.exists()
        )
        assert (created.actor_user_id is not None) == logged_by_agent, ticket.channel
        state = _replay(events[ticket.pk])
        assert state["status"] == ticket.status
        assert state["priority"] == ticket.priority
        assert state["team"] == ticket.team_id
        assert state["assignee"] == ticket.assignee_id
        assert state["tags"] == sorted(ticket.tags.values_list("name", flat=True))
    message_events = [e for es in events.values() for e in es if e.kind in MESSAGE_EVENTS]
    assert sorted(e.payload["message_id"] for e in message_events) == sorted(messages)
    # A merge moves the duplicate's messages to the ticket it was merged into; events stay.
    merged_into = dict(
        Ticket.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into")
    )
    for event in message_events:
        message = messages[event.payload["message_id"]]
        on = merged_into.get(event.ticket_id, event.ticket_id)
        assert (message.ticket_id, message.created_at) == (on, event.created_at)
    assert not TicketEvent.objects.filter(processed_at__isnull=False).exists()


def test_a_merged_and_a_linked_pair_to_try_at_once(seeded, db):
    duplicate = Ticket.objects.get(merged_into__isnull=False)
    assert duplicate.status == Ticket.Status.CLOSED
    assert duplicate.customer == duplicate.merged_into.customer
    assert not duplicate.messages.exists()
    assert duplicate.merged_into.events.filter(kind=TicketEvent.Kind.MERGED).exists()
    link = TicketLink.objects.get()
    assert link.from_ticket.customer != link.to_ticket.customer


def test_saved_views_personal_and_shared_each_list_tickets(seeded, client, db):
    views = list(SavedView.objects.select_related("owner", "team"))
    assert {view.team is None for view in views} == {True, False}
    for view in views:
        client.force_login(view.owner)
        page = client.get(f"/agent/?{view.query}")
        assert page.status_code == 200
        assert not page.context["filters"].form.errors, view.name
        assert page.context["rows"], f"the demo view {view.name!r} lists nothing"


def test_mail_and_chat_arrive_through_the_intake_services(seeded, db):
    outcomes = Counter(InboundEmail.objects.values_list("outcome", flat=True))

    # Two new requests (one in KOI8-R), a reply threaded by In-Reply-To, an out-of-office
    # answer that is kept but not answered, and a stranger's reply held for review.
    assert outcomes == {"created": 2, "appended": 1, "ignored": 1, "quarantined": 1}
    thread = InboundEmail.objects.get(outcome="appended").ticket
    assert thread.channel == "email" and thread.messages.filter(author_agent__isnull=False)
    russian = Ticket.objects.get(subject="Не приходят уведомления о новых задачах")
    assert "Уже второй день" in russian.messages.get().body
    assert InboundEmail.objects.get(outcome="quarantined").review == "pending"
    conversation = ExternalConversation.objects.get()
    assert conversation.ticket.channel == "chat" and conversation.ticket.messages.count() == 2


def test_it_prints_a_working_sign_in_link_for_the_demo_customer(seeded, client):
    url = re.search(r"https?://[^/\s]+(/my/sign-in/\S+)", seeded).group(1)

    page = client.get(url)

    assert page.status_code == 200
    link = SignInLink.objects.get()
    assert link.customer.user.username == "customer" and link.used_at is None


def test_a_second_run_changes_nothing(seeded, db):
    before = {model.__name__: model.objects.count() for model in MODELS}
    out = StringIO()

    call_command("seed_demo", stdout=out)

    assert {model.__name__: model.objects.count() for model in MODELS} == before
    assert "already loaded" in out.getvalue()
    assert "demo-manager-pass" in out.getvalue() and "http://127.0.0.1:8000/" in out.getvalue()
    assert "demo-manager-pass" in seeded


def test_processed_events_give_every_ticket_sensible_facts(tickets):
    while events_process_pending():
        pass

    facts = list(TicketFacts.objects.all())
    assert {f.ticket_id for f in facts} == {t.pk for t in tickets}
    first_responses = [
        f.first_response_seconds for f in facts if f.first_response_seconds is not None
    ]
    assert len(first_responses) > 0.9 * len(tickets)
    assert min(first_responses) >= 0
    assert 60 <= statistics.median(first_responses) <= 86400


# --- The metrics side (tickets.management.demo_metrics) -------------------------------------


def _process_and_fill() -> None:
    while events_process_pending():
        pass
    rollups_fill()


def _last_days(days: int, *, end: date | None = None) -> DashboardQuery:
    end = end or local_day(timezone.now())
    return DashboardQuery(start=end - timedelta(days=days - 1), end=end)


def test_calendars_leads_and_policies_are_configured(seeded, db):
    calendars = {c.name: c for c in BusinessCalendar.objects.all()}
    teams = {team.name: team for team in Team.objects.select_related("calendar", "lead")}
    year = timezone.now().year

    assert set(calendars) == {"Moscow office", "London office"}
    moscow, london = calendars["Moscow office"], calendars["London office"]
    assert (moscow.time_zone, moscow.is_default) == ("Europe/Moscow", True)
    assert (london.time_zone, london.is_default) == ("Europe/London", False)
    assert sorted(moscow.shifts.values_list("weekday", "start", "end")) == [
        (day, time(9), time(18)) for day in range(5)
    ]
    assert sorted(london.shifts.values_list("weekday", "start", "end")) == [
        (day, start, end)
        for day in range(5)
        for start, end in ((time(8), time(12)), (time(13), time(17)))
    ]
    # Imported from the holidays package, for this year and the next one.
    for calendar, holiday in ((moscow, date(year, 11, 4)), (london, date(year, 12, 25))):
        assert calendar.holidays.filter(date=holiday).exists()
        assert calendar.holidays.filter(date__year=year + 1).exists()
    assert teams["General support"].calendar == moscow
    assert teams["Billing"].calendar == london
    for team in teams.values():
        assert team.lead is not None and team.lead in team.members.all()
    policies = {p.priority: p for p in SlaPolicy.objects.filter(is_active=True)}
    assert set(policies) == set(Ticket.Priority.values)
    urgent, low = policies["urgent"], policies["low"]
    assert urgent.first_response_minutes < policies["normal"].first_response_minutes
    assert urgent.first_response_business and not low.first_response_business


def test_tickets_both_met_and_missed_their_targets(tickets):
    breaches = SlaAlert.objects.filter(kind=SlaAlert.Kind.BREACH)
    # Written by the beat check while the stories played, each with its event.
    assert breaches.count() >= 10
    assert SlaAlert.objects.filter(kind=SlaAlert.Kind.WARNING).exists()
    assert TicketEvent.objects.filter(kind=K.SLA_BREACHED).count() == breaches.count()
    assert {alert.target for alert in breaches} >= {"first_response", "resolution"}
    assert any(t.is_open and t.sla_due_at for t in tickets)

    _process_and_fill()

    outcomes = Counter(TicketFacts.objects.values_list("sla_outcome", flat=True))
    assert outcomes["met"] > outcomes["missed"] >= 0.05 * len(tickets)
    assert outcomes["in_progress"] > 0


def test_csat_and_nps_answers_spread_over_the_60_days(seeded, db):
    now = timezone.now()
    csat = CsatSurvey.objects.filter(score__isnull=False).select_related("ticket")
    nps = NpsSurvey.objects.filter(score__isnull=False).select_related("customer")

    assert csat.count() >= 100 and nps.count() >= 25
    for answers in (csat, nps):
        ages = [(now - survey.answered_at).days for survey in answers]
        # Answers in every third of the 60 days, none in the future.
        assert {age // 20 for age in ages} == {0, 1, 2}
        assert all(survey.answered_at <= now for survey in answers)
    assert {s.score for s in csat} == set(range(1, 6))
    assert min(s.score for s in nps) <= 6 and max(s.score for s in nps) >= 9
    changed = TicketEvent.objects.filter(
        kind=K.CSAT_ANSWERED, payload__previous_score__isnull=False
    )
    assert changed.exists()
    bad = [s for s in csat if s.score <= 2]
    assert {s.ticket.language for s in bad if s.comment} == {"en", "ru"}
    assert sum(bool(s.comment) for s in bad) > len(bad) / 2
    assert any(s.reason and s.score <= 6 and s.customer.language == "ru" for s in nps) and any(
        s.reason and s.customer.language == "en" for s in nps
    )


def test_the_dashboard_shows_real_figures_after_processing(seeded, db):
    _process_and_fill()

    for query in (_last_days(30), _last_days(30).previous()):
        kpis = {kpi.key: kpi for kpi in dashboard_kpis(query)}
        for key in ("csat", "nps", "sla_attainment", "frt_median", "resolution_median"):
            assert kpis[key].value is not None, (query, key)
        assert 0 < kpis["sla_attainment"].value < 100
        assert kpis["created"].value > 50
    speed = satisfaction_by_speed(_last_days(60))
    for rows in (speed.first_response, speed.resolution):
        assert sum(row.csat_count > 0 for row in rows) > 1
        assert sum(row.nps_count > 0 for row in rows) > 1
    # The story the view tells: tickets answered (solved) within the hour rate higher than the
    # rest, by more than five points.
    for fast, *slower in (speed.first_response, speed.resolution):
        slower_count = sum(row.csat_count for row in slower)
        slower_csat = sum(row.csat * row.csat_count for row in slower if row.csat_count)
        assert fast.csat_count >= 10 and slower_count >= 10
        assert fast.csat > slower_csat / slower_count + 5
