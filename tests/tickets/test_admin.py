import pytest
from django.urls import reverse

from tests.factories import UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model", ["ticket", "ticketevent", "team", "category", "customer", "tag", "user"]
)
def test_admin_lists_render(admin_client, ticket, model):
    response = admin_client.get(reverse(f"admin:tickets_{model}_changelist"))
    assert response.status_code == 200


def test_tickets_are_read_only_in_the_admin(admin_client, ticket):
    # Tickets change only through services, which write events; the admin must not bypass them.
    change_url = reverse("admin:tickets_ticket_change", args=[ticket.pk])
    assert admin_client.get(reverse("admin:tickets_ticket_add")).status_code == 403
    response = admin_client.post(change_url, {"subject": "Changed behind the services' back"})
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.subject != "Changed behind the services' back"


def test_admin_shows_the_reference_column_translated(admin_client, ticket):
    response = admin_client.get(
        reverse("admin:tickets_ticket_changelist"), HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert ticket.reference in response.content.decode()
    assert "Номер" in response.content.decode()
