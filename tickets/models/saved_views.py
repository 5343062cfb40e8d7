"""Saved views of the agent queue: a name and the queue's filters as a query string."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedView(models.Model):
    """Personal (``team`` empty: only ``owner`` sees it) or shared with a team's members.

    ``query`` is the queue's query string (``status=open&team=3``), validated by the queue's
    FilterSet each time it is used, so a view naming a deleted team shows an error, never a 500.
    """

    name = models.CharField(_("name"), max_length=80)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_views",
        verbose_name=_("owner"),
    )
    team = models.ForeignKey(
        "tickets.Team",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="saved_views",
        verbose_name=_("shared with team"),
        help_text=_("Empty: a personal view."),
    )
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["position", "name", "id"]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        indexes = [models.Index(fields=["owner", "position"], name="savedview_owner_idx")]

    def __str__(self) -> str:
        return self.name
