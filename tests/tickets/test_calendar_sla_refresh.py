"""A changed business calendar reaches the due times stored on open tickets (as a changed SLA
policy does): the calendar admin, the team admin and the holiday import ask for the refresh."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import UserFactory, make_ticket
from tickets import tasks
from tickets.models import BusinessCalendar, SlaPolicy, Ticket, WorkingHours
from tickets.services.sla import open_tickets_sla_refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def refresh_runs(monkeypatch):
    """The refresh task runs at once (a worker would run it a moment later)."""
    runs = []

    def run(**_options):
        runs.append(open_tickets_sla_refresh())

    monkeypatch.setattr(tasks.refresh_sla_due_times, "apply_async", run)
    return runs


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def london(db):
    calendar = BusinessCalendar.objects.create(
        name="London office", time_zone="Europe/London", is_default=True
    )
    for weekday in range(5):
        WorkingHours.objects.create(calendar=calendar, weekday=weekday, start=time(9), end=time(17))
    return calendar


@pytest.fixture
def waiting(at, team, london):
    """A ticket created Monday 2026-03-02 09:00 UTC with a 4 business-hour first response."""
    SlaPolicy.objects.create(
        name="Normal",
        priority=Ticket.Priority.NORMAL,
        first_response_minutes=240,
        first_response_business=True,
    )
    with at():
        ticket = make_ticket(team=team)
    ticket.refresh_from_db()
    assert ticket.first_response_due_at == datetime(2026, 3, 2, 13, tzinfo=UTC)
    return ticket


def due(ticket) -> datetime | None:
    return Ticket.objects.get(pk=ticket.pk).first_response_due_at


def calendar_form(calendar, **fields):
    shifts = list(calendar.shifts.order_by("weekday"))
    data = {
        "name": calendar.name,
        "time_zone": calendar.time_zone,
        "is_default": "on",
        "holiday_country": "",
        "holiday_subdivision": "",
        "shifts-TOTAL_FORMS": str(len(shifts)),
        "shifts-INITIAL_FORMS": str(len(shifts)),
        "holidays-TOTAL_FORMS": "1",
        "holidays-INITIAL_FORMS": "0",
        "holidays-0-date": "2026-03-02",
        "holidays-0-name": "Office closed",
    }
    for index, shift in enumerate(shifts):
        prefix = f"shifts-{index}-"
        data |= {
            f"{prefix}id": str(shift.pk),
            f"{prefix}calendar": str(calendar.pk),
            f"{prefix}weekday": str(shift.weekday),
            f"{prefix}start": "09:00",
            f"{prefix}end": "17:00",
        }
    return data | fields


def test_a_holiday_added_in_the_calendar_admin_moves_open_due_times(
    admin_client, at, waiting, london, refresh_runs, django_capture_on_commit_callbacks
):
    with at(minutes=1), django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:tickets_businesscalendar_change", args=[london.pk]),
            calendar_form(london),
        )

    assert response.status_code == 302
    assert refresh_runs == [1]
    # Monday is now a holiday: the four hours are Tuesday's 09:00-13:00.
    assert due(waiting) == datetime(2026, 3, 3, 13, tzinfo=UTC)


def test_a_team_given_another_calendar_in_the_admin_moves_open_due_times(
    admin_client, at, team, waiting, refresh_runs, django_capture_on_commit_callbacks
):
    night = BusinessCalendar.objects.create(name="Night desk", time_zone="UTC")
    for weekday in range(7):
        WorkingHours.objects.create(calendar=night, weekday=weekday, start=time(20), end=time(4))
    data = {"name": team.name, "calendar": str(night.pk), "lead": ""}
    with at(minutes=1), django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:tickets_team_change", args=[team.pk]), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert refresh_runs == [1]
    assert due(waiting) == datetime(2026, 3, 3, 0, tzinfo=UTC)  # Monday 20:00 + 4 h


def test_the_holiday_import_command_moves_open_due_times(at, team, waiting, london):
    BusinessCalendar.objects.filter(pk=london.pk).update(
        holiday_country="GB", holiday_subdivision="ENG"
    )
    with at(days=31, hours=5):  # Thursday 2026-04-02 15:00 BST
        before_easter = make_ticket(team=team)
    # Two hours on Thursday, two on Friday morning (09:00-11:00 BST).
    assert due(before_easter) == datetime(2026, 4, 3, 10, tzinfo=UTC)
    with at(days=31, hours=6):
        call_command("import_holidays", "--year", "2026", stdout=StringIO())

    # Good Friday and Easter Monday are bank holidays in England: Tuesday 09:00-11:00 BST.
    assert due(before_easter) == datetime(2026, 4, 7, 10, tzinfo=UTC)


def test_a_holiday_added_meanwhile_is_a_field_error_not_a_crash(
    admin_client, london, refresh_runs, django_capture_on_commit_callbacks
):
    # The page was opened before an import added 2026-03-02: its form lists no such holiday.
    london.holidays.create(date=date(2026, 3, 2), name="Imported meanwhile")
    data = calendar_form(london) | {"holidays-INITIAL_FORMS": "0"}

    response = admin_client.post(
        reverse("admin:tickets_businesscalendar_change", args=[london.pk]), data
    )

    assert response.status_code == 200
    formset = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "holidays"
    )
    assert formset.formset.forms[0].errors.keys() == {"date"}
    assert list(london.holidays.values_list("name", flat=True)) == ["Imported meanwhile"]
