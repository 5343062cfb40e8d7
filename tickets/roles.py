"""Roles are Django groups with permissions. ``roles_sync`` keeps the groups in step with this
table after every migrate, so a new permission reaches every installation."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

AGENTS = "Agents"
MANAGERS = "Managers"
ADMINS = "Admins"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    AGENTS: ["tickets.work_ticket"],
    MANAGERS: ["tickets.work_ticket", "tickets.view_all_tickets", "tickets.view_dashboard"],
    ADMINS: ["tickets.work_ticket", "tickets.view_all_tickets", "tickets.view_dashboard"],
}


def roles_sync() -> None:
    for group_name, perm_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        perms = []
        for dotted in perm_names:
            app_label, codename = dotted.split(".")
            perms.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(perms)


def roles_sync_after_migrate(**kwargs) -> None:
    roles_sync()


def user_is_agent(user) -> bool:
    return user.is_authenticated and user.has_perm("tickets.work_ticket")


def user_sees_all_tickets(user) -> bool:
    return user.is_authenticated and user.has_perm("tickets.view_all_tickets")


def user_is_manager(user) -> bool:
    return user.is_authenticated and user.has_perm("tickets.view_dashboard")
