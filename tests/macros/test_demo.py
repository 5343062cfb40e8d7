"""seed_demo's macros: shared with everyone, with each team, and personal ones, in both
languages, all accepted by the services (placeholders and sharing rights checked)."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import TeamFactory, UserFactory
from tickets.management import demo_content as content
from tickets.management.demo_macros import load_demo_macros
from tickets.models import Macro
from tickets.roles import ADMINS, AGENTS, MANAGERS

pytestmark = pytest.mark.django_db


def test_demo_macros_load(db):
    roles = {content.ADMIN.username: ADMINS, content.MANAGER.username: MANAGERS}
    for person in (content.ADMIN, content.MANAGER, *content.AGENTS):
        user = UserFactory(username=person.username)
        user.groups.add(Group.objects.get(name=roles.get(person.username, AGENTS)))
    teams = {key: TeamFactory(name=name) for key, name in content.TEAM_NAMES.items()}

    count = load_demo_macros(teams=teams)

    macros = list(Macro.objects.all())
    assert len(macros) == count
    assert {macro.scope for macro in macros} == {"personal", "team", "everyone"}
    assert any(macro.body_en and macro.body_ru for macro in macros)
    assert any(macro.body_ru and not macro.body_en for macro in macros)
    assert any(macro.set_status == "pending" for macro in macros)
