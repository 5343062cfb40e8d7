import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tickets.models import Customer


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


def test_an_admin_changing_an_address_stores_it_normalized_and_unverified(admin_client, db):
    from django.utils import timezone

    customer = Customer.objects.create(
        email="ada@example.com",
        name="Ada",
        email_verified_at=timezone.now(),
        created_at=timezone.now(),
    )
    url = f"/admin/tickets/customer/{customer.pk}/change/"
    data = {"email": " Ada.New@Example.COM ", "phone": "8 495 123-45-67", "name": "Ada",
            "language": "en"}  # fmt: skip

    response = admin_client.post(url, data)

    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.email, customer.phone) == ("ada.new@example.com", "+74951234567")
    assert customer.email_verified_at is None  # the badge never moves to an unproven address


def test_an_admin_gets_field_errors_for_bad_contact_details(admin_client, db):
    from django.utils import timezone

    customer = Customer.objects.create(
        email="ada@example.com", name="Ada", created_at=timezone.now()
    )
    data = {"email": "ada@example.com", "phone": "12", "name": "Ada", "language": "en"}

    response = admin_client.post(f"/admin/tickets/customer/{customer.pk}/change/", data)

    assert response.status_code == 200  # the admin re-shows the form
    assert "Enter a valid phone number." in response.content.decode()
    customer.refresh_from_db()
    assert customer.phone is None
