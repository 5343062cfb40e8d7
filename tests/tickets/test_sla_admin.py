"""The SLA policy admin refuses targets the clocks cannot use, as errors next to the field."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tickets import tasks
from tickets.models import SlaPolicy

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, monkeypatch):
    monkeypatch.setattr(tasks.refresh_sla_due_times, "apply_async", lambda **kw: None)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def policy_form(**fields):
    data = {
        "name": "Normal",
        "priority": "normal",
        "first_response_minutes": "60",
        "first_response_business": "on",
        "warn_at_percent": "80",
        "is_active": "on",
    }
    return data | fields


def post(admin_client, language, **fields):
    admin_client.cookies["django_language"] = language
    return admin_client.post(
        reverse("admin:tickets_slapolicy_add"), policy_form(**fields), HTTP_ACCEPT_LANGUAGE=language
    )


def test_a_sensible_policy_is_saved(admin_client):
    assert post(admin_client, "en").status_code == 302
    assert SlaPolicy.objects.get().first_response_minutes == 60


@pytest.mark.parametrize("percent", ["0", "100", "150"])
@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_warning_outside_1_to_99_percent_is_a_field_error(admin_client, percent, language):
    response = post(admin_client, language, warn_at_percent=percent)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() == {"warn_at_percent"}
    assert not SlaPolicy.objects.exists()


@pytest.mark.parametrize(
    "field", ["first_response_minutes", "next_response_minutes", "resolution_minutes"]
)
@pytest.mark.parametrize("minutes", ["0", str(366 * 24 * 60 + 1), "2147483647"])
def test_a_target_of_zero_or_past_a_year_is_a_field_error(admin_client, field, minutes):
    # Zero is breached the moment a ticket arrives; thousands of years of business time would
    # make every event of the policy's tickets build a calendar that long.
    response = post(admin_client, "en", **{field: minutes})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() == {field}
    assert not SlaPolicy.objects.exists()


def test_a_target_of_a_year_is_accepted(admin_client):
    response = post(admin_client, "en", resolution_minutes=str(366 * 24 * 60))

    assert response.status_code == 302
