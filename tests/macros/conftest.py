"""Macros' fixtures: a team lead, an admin, and a macro factory that goes through the service."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from tests.factories import AgentFactory
from tickets import services
from tickets.roles import ADMINS


@pytest.fixture
def lead(team):
    user = AgentFactory(teams=[team], first_name="Lena", last_name="Lead")
    team.lead = user
    team.save(update_fields=["lead"])
    return user


@pytest.fixture
def admin_user(db):
    user = AgentFactory(first_name="Ada", last_name="Admin")
    user.groups.add(Group.objects.get(name=ADMINS))
    return user


@pytest.fixture
def make_macro(agent):
    def make(actor=None, **fields):
        fields.setdefault("name", "Thanks")
        fields.setdefault(
            "body_en", "Hello {{ customer.first_name }}, about {{ ticket.reference }}."
        )
        return services.macro_create(actor=actor or agent, **fields)

    return make
