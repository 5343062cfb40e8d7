"""A customer's two tickets in one team (a duplicate and the ticket that stays), built through
the services with a frozen clock, and the people around them (fixtures of tests/conftest.py)."""

import pytest

from tests.factories import make_ticket


@pytest.fixture
def target(customer, team, at):
    with at():
        return make_ticket(customer=customer, team=team, subject="Printer on fire")


@pytest.fixture
def source(customer, team, at):
    with at(minutes=2):
        return make_ticket(customer=customer, team=team, subject="Printer on fire again")
