"""The placeholder renderer: known names filled in once, unknown names refused, no templates."""

import pytest

from tests.factories import AgentFactory, CustomerFactory, make_ticket
from tickets.macros import (
    macro_render,
    placeholders_check,
    render_placeholders,
    unknown_placeholders,
)
from tickets.models import Macro

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(team):
    customer = CustomerFactory(name="Anna Karenina", language="ru")
    return make_ticket(customer=customer, team=team, subject="Printer <b>jam</b>")


@pytest.fixture
def agent(team):
    return AgentFactory(teams=[team], first_name="Boris", last_name="Ivanov")


def test_every_placeholder_is_filled_in(ticket, agent):
    text = (
        "{{ customer.name }}|{{customer.first_name}}|{{ ticket.reference }}|"
        "{{ ticket.subject }}|{{ agent.name }}|{{  team.name  }}"
    )

    rendered = render_placeholders(text, ticket=ticket, agent=agent)

    assert rendered == (
        f"Anna Karenina|Anna|{ticket.reference}|Printer <b>jam</b>|Boris Ivanov|Hardware"
    )


def test_values_are_not_expanded_again(team, agent):
    """A customer who names themselves after a placeholder (or a template tag) gets exactly
    that name back, nothing more."""
    customer = CustomerFactory(name="{{ agent.name }} {% debug %} {{ settings.SECRET_KEY }}")
    ticket = make_ticket(customer=customer, team=team)

    rendered = render_placeholders("Dear {{ customer.name }}", ticket=ticket, agent=agent)

    assert rendered == "Dear {{ agent.name }} {% debug %} {{ settings.SECRET_KEY }}"


def test_template_syntax_is_plain_text(ticket, agent):
    text = "{% load static %}{% now 'Y' %} {{ customer.name|upper }} {# c #}"

    assert render_placeholders(text, ticket=ticket, agent=agent) == text
    assert unknown_placeholders(text) == ["{{ customer.name|upper }}"]


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("Hello {{ customer.name }}", []),
        ("{{ customer.email }}", ["{{ customer.email }}"]),
        (
            "{{ ticket.tracking_token }} and {{ ticket.tracking_token }}",
            ["{{ ticket.tracking_token }}"],
        ),
        ("{{ ticket.customer.user.password }}", ["{{ ticket.customer.user.password }}"]),
        ("{{ agent.name.__class__ }}", ["{{ agent.name.__class__ }}"]),
        ("{{}}", ["{{}}"]),
        ("Hi {{ customer.name", ["{{"]),
        ("Braces { alone } are fine, and so is }}", []),
    ],
)
def test_unknown_placeholders(text, unknown):
    assert unknown_placeholders(text) == unknown


def test_the_error_names_the_unknown_and_the_known():
    message = placeholders_check("Hi {{ customer.email }}")

    assert "{{ customer.email }}" in message
    assert "{{ customer.first_name }}" in message
    assert placeholders_check("Hi {{ customer.first_name }}") is None


@pytest.mark.parametrize(
    ("language", "body_en", "body_ru", "expected"),
    [
        (
            "ru",
            "Hello {{ customer.first_name }}",
            "Здравствуйте, {{ customer.first_name }}",
            "Здравствуйте, Anna",
        ),
        (
            "en",
            "Hello {{ customer.first_name }}",
            "Здравствуйте, {{ customer.first_name }}",
            "Hello Anna",
        ),
        ("ru", "Hello {{ customer.first_name }}", "", "Hello Anna"),
        ("en", "", "Здравствуйте, {{ customer.first_name }}", "Здравствуйте, Anna"),
    ],
)
def test_the_ticket_language_picks_the_text(ticket, agent, language, body_en, body_ru, expected):
    ticket.language = language
    macro = Macro(name="m", body_en=body_en, body_ru=body_ru)

    assert macro_render(macro=macro, ticket=ticket, agent=agent) == expected
