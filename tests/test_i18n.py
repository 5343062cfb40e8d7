"""The Russian catalog is compiled and used: pages, form errors and service errors."""

import pytest
from django.urls import reverse
from django.utils import translation

from helpdesk.errors import ValidationError
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_request_form_renders_in_russian(client):
    response = client.get(reverse("request-new"), HTTP_ACCEPT_LANGUAGE="ru")

    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert "Оставить заявку" in html
    assert "Submit a request" not in html


@pytest.mark.parametrize(
    ("limit", "expected"),
    [(1, "не более 1 символа"), (5, "не более 5 символов"), (21, "не более 21 символа")],
)
def test_length_errors_use_russian_plural_forms(customer, monkeypatch, limit, expected):
    monkeypatch.setattr("tickets.services.tickets.SUBJECT_MAX", limit)

    with translation.override("ru"), pytest.raises(ValidationError) as error:
        services.ticket_create(
            customer=customer, subject="x" * 40, body="Body", channel=Ticket.Channel.WEB
        )

    assert error.value.field == "subject"
    assert expected in error.value.message
