from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("Tickets")

    def ready(self):
        from tickets.roles import roles_sync_after_migrate

        post_migrate.connect(roles_sync_after_migrate, sender=self)
