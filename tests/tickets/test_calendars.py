"""Business calendars in the database: specs per team, holiday import, the one default
calendar, the admin and the import_holidays command."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from helpdesk import clock
from helpdesk.errors import ValidationError
from tests.factories import TeamFactory, UserFactory
from tickets.business_time import ALWAYS, business_seconds
from tickets.models import BusinessCalendar, Holiday, WorkingHours
from tickets.services.calendars import (
    calendar_import_holidays,
    calendar_set_default,
    calendar_spec,
    calendar_spec_for_team,
    calendar_specs_by_team,
    calendar_validate_time_zone,
)

pytestmark = pytest.mark.django_db


def make_calendar(name, zone, *, default=False, weekdays=range(5), hours=(9, 18), holidays=()):
    calendar = BusinessCalendar.objects.create(name=name, time_zone=zone, is_default=default)
    for day in weekdays:
        WorkingHours.objects.create(
            calendar=calendar, weekday=day, start=time(hours[0]), end=time(hours[1])
        )
    for day in holidays:
        Holiday.objects.create(calendar=calendar, date=day)
    return calendar


@pytest.fixture
def moscow():
    return make_calendar("Moscow office", "Europe/Moscow", holidays=[date(2026, 3, 9)])


@pytest.fixture
def london():
    return make_calendar("London office", "Europe/London", default=True, hours=(8, 16))


def test_a_calendar_becomes_a_spec_with_its_shifts_and_holidays(moscow):
    spec = calendar_spec(moscow)

    assert (spec.time_zone, spec.calendar_id, spec.name) == (
        "Europe/Moscow",
        moscow.pk,
        "Moscow office",
    )
    assert spec.shifts == tuple((day, time(9), time(18)) for day in range(5))
    assert spec.holidays == {date(2026, 3, 9)}
    week = datetime(2026, 3, 8, 21, tzinfo=UTC)  # Monday 00:00 in Moscow
    assert business_seconds(spec, week, week + timedelta(days=7)) == 4 * 9 * 3600


def test_no_calendar_is_always():
    assert calendar_spec(None) is ALWAYS


def test_each_team_gets_its_own_calendar_else_the_default_in_two_queries(
    moscow, london, django_assert_num_queries
):
    own, plain = TeamFactory(name="Moscow team", calendar=moscow), TeamFactory(name="Plain")

    with django_assert_num_queries(2):
        specs = calendar_specs_by_team()

    assert specs[own.pk].calendar_id == moscow.pk
    assert specs[own.pk].holidays == {date(2026, 3, 9)}
    assert specs[plain.pk].calendar_id == london.pk
    assert specs[plain.pk].shifts == tuple((day, time(8), time(16)) for day in range(5))
    assert calendar_spec_for_team(own.pk) == specs[own.pk]
    assert calendar_spec_for_team(plain.pk) == specs[plain.pk]
    assert calendar_spec_for_team(None).calendar_id == london.pk


def test_without_any_default_calendar_teams_run_24_7(moscow):
    own, plain = TeamFactory(name="Moscow team", calendar=moscow), TeamFactory(name="Plain")

    specs = calendar_specs_by_team()

    assert specs[plain.pk] is ALWAYS
    assert specs[own.pk].calendar_id == moscow.pk
    assert calendar_spec_for_team(plain.pk) is ALWAYS


def test_a_changed_calendar_gives_a_changed_spec(moscow):
    before = calendar_spec(moscow)
    WorkingHours.objects.create(calendar=moscow, weekday=5, start=time(10), end=time(14))

    after = calendar_spec(moscow)

    assert after != before
    assert (5, time(10), time(14)) in after.shifts


@pytest.mark.parametrize(
    ("country", "subdivision", "a_holiday"),
    [
        ("RU", "", date(2026, 1, 7)),  # Orthodox Christmas
        ("GB", "", date(2026, 12, 25)),
        ("GB", "SCT", date(2026, 11, 30)),  # St Andrew's Day, Scotland only
    ],
)
def test_holiday_import_adds_the_countrys_holidays_once(country, subdivision, a_holiday):
    calendar = BusinessCalendar.objects.create(
        name=f"{country} {subdivision}",
        time_zone="Europe/Moscow",
        holiday_country=country,
        holiday_subdivision=subdivision,
    )

    added = calendar_import_holidays(calendar=calendar, years=[2026, 2027])
    again = calendar_import_holidays(calendar=calendar, years=[2026, 2027])

    stored = Holiday.objects.filter(calendar=calendar)
    assert added == stored.count() > 10
    assert again == 0
    assert stored.filter(date=a_holiday).exclude(name="").exists()
    assert stored.filter(date__year=2027).exists()


def test_holiday_import_keeps_hand_made_days_and_counts_only_new_ones():
    calendar = BusinessCalendar.objects.create(
        name="London", time_zone="Europe/London", holiday_country="GB"
    )
    Holiday.objects.create(calendar=calendar, date=date(2026, 12, 25), name="Our Christmas")
    Holiday.objects.create(calendar=calendar, date=date(2026, 8, 14), name="Company day")

    added = calendar_import_holidays(calendar=calendar, years=[2026])

    assert Holiday.objects.get(calendar=calendar, date=date(2026, 12, 25)).name == "Our Christmas"
    assert added == Holiday.objects.filter(calendar=calendar).count() - 2
    assert added > 3


@pytest.mark.parametrize(
    ("country", "subdivision", "field"),
    [
        ("", "", "holiday_country"),
        ("XX", "", "holiday_country"),
        ("GB", "ZZZ", "holiday_subdivision"),
    ],
)
def test_holiday_import_needs_a_known_country(country, subdivision, field):
    calendar = BusinessCalendar.objects.create(
        name="Nowhere", holiday_country=country, holiday_subdivision=subdivision
    )

    with pytest.raises(ValidationError) as error:
        calendar_import_holidays(calendar=calendar, years=[2026])

    assert error.value.field == field
    assert not Holiday.objects.exists()


def test_there_is_one_default_calendar_at_a_time(moscow, london):
    calendar_set_default(calendar=moscow)

    assert list(BusinessCalendar.objects.filter(is_default=True)) == [moscow]
    plain = TeamFactory(name="Plain")
    assert calendar_spec_for_team(plain.pk).calendar_id == moscow.pk


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "europe/moscow", "GMT+3"])
def test_unknown_time_zones_are_a_field_error(name):
    with pytest.raises(ValidationError) as error:
        calendar_validate_time_zone(name)
    assert error.value.field == "time_zone"


def test_known_time_zones_pass():
    assert calendar_validate_time_zone(" Europe/Moscow ") == "Europe/Moscow"


# --- admin -----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def form_data(**fields):
    data = {
        "name": "Novosibirsk",
        "time_zone": "Asia/Novosibirsk",
        "holiday_country": "RU",
        "holiday_subdivision": "",
        "shifts-TOTAL_FORMS": "1",
        "shifts-INITIAL_FORMS": "0",
        "shifts-0-weekday": "0",
        "shifts-0-start": "22:00",
        "shifts-0-end": "06:00",
        "holidays-TOTAL_FORMS": "0",
        "holidays-INITIAL_FORMS": "0",
    }
    return data | fields


def test_the_calendar_admin_pages_render(admin_client, moscow):
    assert admin_client.get(reverse("admin:tickets_businesscalendar_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:tickets_businesscalendar_change", args=[moscow.pk]))
    assert page.status_code == 200
    assert "Europe/Moscow" in page.content.decode()
    assert admin_client.get(reverse("admin:tickets_businesscalendar_add")).status_code == 200


def test_the_admin_saves_a_calendar_with_an_overnight_shift(admin_client):
    response = admin_client.post(reverse("admin:tickets_businesscalendar_add"), form_data())

    assert response.status_code == 302
    calendar = BusinessCalendar.objects.get(name="Novosibirsk")
    assert calendar_spec(calendar).shifts == ((0, time(22), time(6)),)


def test_the_admin_refuses_a_bad_time_zone_next_to_the_field(admin_client):
    response = admin_client.post(
        reverse("admin:tickets_businesscalendar_add"), form_data(time_zone="Moscow/Kremlin")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() == {"time_zone"}
    assert "Moscow/Kremlin" in response.content.decode()
    assert not BusinessCalendar.objects.exists()


def test_the_admin_refuses_an_unknown_holiday_country(admin_client):
    response = admin_client.post(
        reverse("admin:tickets_businesscalendar_add"), form_data(holiday_country="QQ")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() == {"holiday_country"}


def test_ticking_default_in_the_admin_moves_the_default(admin_client, london):
    response = admin_client.post(
        reverse("admin:tickets_businesscalendar_add"), form_data(is_default="on")
    )

    assert response.status_code == 302
    assert list(
        BusinessCalendar.objects.filter(is_default=True).values_list("name", flat=True)
    ) == ["Novosibirsk"]


def test_the_admin_action_imports_this_and_next_years_holidays(admin_client, moscow):
    BusinessCalendar.objects.filter(pk=moscow.pk).update(holiday_country="RU")
    with clock.frozen_at(datetime(2026, 5, 1, tzinfo=UTC)):
        response = admin_client.post(
            reverse("admin:tickets_businesscalendar_changelist"),
            {"action": "import_holidays", "_selected_action": [moscow.pk]},
            follow=True,
        )

    assert response.status_code == 200
    years = set(Holiday.objects.filter(calendar=moscow).values_list("date__year", flat=True))
    assert years == {2026, 2027}


def test_the_team_admin_lists_lead_and_calendar(admin_client, moscow):
    lead = UserFactory(username="lead-ann")
    TeamFactory(name="Moscow team", calendar=moscow, lead=lead)

    page = admin_client.get(reverse("admin:tickets_team_changelist")).content.decode()

    assert "lead-ann" in page
    assert "Moscow office" in page


# --- the command -----------------------------------------------------------------------------


def test_the_command_imports_every_calendar_with_a_country_and_is_idempotent(moscow, london):
    BusinessCalendar.objects.filter(pk=moscow.pk).update(holiday_country="RU")
    out = StringIO()

    call_command("import_holidays", "--year", "2026", stdout=out)
    first = Holiday.objects.filter(calendar=moscow).count()
    call_command("import_holidays", "--year", "2026", stdout=out)

    assert first > 10
    assert Holiday.objects.filter(calendar=moscow).count() == first
    assert not Holiday.objects.filter(calendar=london).exists()  # no country: left alone
    assert "0 holidays added" in out.getvalue().splitlines()[-1]


def test_the_command_names_a_missing_calendar():
    with pytest.raises(CommandError, match="Atlantis"):
        call_command("import_holidays", "--calendar", "Atlantis")
