"""The demo's macros (canned responses): shared with everyone, with each team, and a few
personal ones, in English and Russian, written through the services like any other."""

from __future__ import annotations

from tickets.management import demo_content as content
from tickets.models import Team, User
from tickets.services.macros import EVERYONE, PERSONAL, TEAM, macro_create

# (owner's username or None, scope, team key or None, name, English, Russian, changes)
MACROS = (
    (
        content.ADMIN.username,
        EVERYONE,
        None,
        "Thanks, looking into it",
        "Hello {{ customer.first_name }},\n\nthank you for your message about "
        "“{{ ticket.subject }}”. We are looking into it and will write back soon.\n\n"
        "{{ agent.name }}, {{ team.name }}",
        "Здравствуйте, {{ customer.first_name }}!\n\nСпасибо за обращение "
        "«{{ ticket.subject }}». Мы уже разбираемся и скоро ответим.\n\n"
        "{{ agent.name }}, {{ team.name }}",
        {"assign_to_me": True},
    ),
    (
        content.ADMIN.username,
        EVERYONE,
        None,
        "Need more details (set pending)",
        "Hello {{ customer.first_name }},\n\nto help you with {{ ticket.reference }} we need a "
        "little more: what did you do just before the problem, and what did you see?\n\n"
        "{{ agent.name }}",
        "Здравствуйте, {{ customer.first_name }}!\n\nЧтобы помочь с обращением "
        "{{ ticket.reference }}, нам нужно чуть больше сведений: что вы делали перед тем, как "
        "возникла проблема, и что увидели на экране?\n\n{{ agent.name }}",
        {"set_status": "pending", "add_tags": ["waiting-on-customer"]},
    ),
    (
        content.MANAGER.username,
        TEAM,
        content.BILLING,
        "Refund on its way",
        "Hello {{ customer.first_name }},\n\nyour refund has been approved and will reach your "
        "account within 5 business days.\n\n{{ agent.name }}, {{ team.name }}",
        "Здравствуйте, {{ customer.first_name }}!\n\nВозврат одобрен и поступит на ваш счёт в "
        "течение 5 рабочих дней.\n\n{{ agent.name }}, {{ team.name }}",
        {"set_status": "solved", "add_tags": ["refund"]},
    ),
    (
        content.MANAGER.username,
        TEAM,
        content.GENERAL,
        "Bug passed to developers (urgent)",
        "Hello {{ customer.first_name }},\n\nwe could reproduce the problem and have passed it "
        "to our developers. We will let you know as soon as it is fixed.\n\n{{ agent.name }}",
        "Здравствуйте, {{ customer.first_name }}!\n\nНам удалось воспроизвести ошибку, и мы "
        "передали её разработчикам. Сообщим, как только она будет исправлена.\n\n{{ agent.name }}",
        {"set_status": "on_hold", "set_priority": "urgent", "add_tags": ["bug"]},
    ),
    (
        content.AGENTS[0].username,
        PERSONAL,
        None,
        "My sign-off: solved",
        "Glad we could sort this out, {{ customer.first_name }}! If anything else comes up, "
        "just reply to this message.\n\nBest wishes,\n{{ agent.name }}",
        "",
        {"set_status": "solved"},
    ),
    (
        content.AGENTS[1].username,
        PERSONAL,
        None,
        "Пароль: ссылка для сброса",
        "",
        "Здравствуйте, {{ customer.first_name }}!\n\nСсылку для сброса пароля можно получить на "
        "странице входа: «Забыли пароль?». Если письмо не придёт за 10 минут, проверьте папку "
        "«Спам».\n\n{{ agent.name }}",
        {"add_tags": ["password"]},
    ),
)


def load_demo_macros(*, teams: dict[str, Team]) -> int:
    users = {user.username: user for user in User.objects.filter(username__in=_usernames())}
    for username, scope, team, name, body_en, body_ru, changes in MACROS:
        macro_create(
            actor=users[username],
            name=name,
            body_en=body_en,
            body_ru=body_ru,
            scope=scope,
            team=teams[team] if team else None,
            **changes,
        )
    return len(MACROS)


def _usernames() -> set[str]:
    return {username for username, *_rest in MACROS}
