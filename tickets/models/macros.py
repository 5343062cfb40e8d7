"""Canned responses (macros): a reply in English and Russian with placeholders, and the field
changes that come with it. Written through tickets.services.macros, rendered by tickets.macros."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tickets.models.core import Team, Ticket, User


class Macro(models.Model):
    """Personal (``owner``), shared with a team (``team``) or with everyone (neither)."""

    name = models.CharField(_("name"), max_length=100)
    body_en = models.TextField(_("text (English)"), blank=True, default="")
    body_ru = models.TextField(_("text (Russian)"), blank=True, default="")
    owner = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="macros",
        verbose_name=_("personal macro of"),
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="macros",
        verbose_name=_("shared with team"),
    )
    set_status = models.CharField(
        _("then set status"), max_length=16, choices=Ticket.Status.choices, blank=True, default=""
    )
    set_priority = models.CharField(
        _("set priority"), max_length=16, choices=Ticket.Priority.choices, blank=True, default=""
    )
    add_tags = ArrayField(
        models.CharField(max_length=50), verbose_name=_("add tags"), blank=True, default=list
    )
    assign_to_me = models.BooleanField(_("assign the ticket to me"), default=False)
    created_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("macro")
        verbose_name_plural = _("macros")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=True) | Q(team__isnull=True),
                name="macro_personal_or_team",
            ),
            models.CheckConstraint(condition=~Q(body_en="", body_ru=""), name="macro_has_text"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope(self) -> str:
        return "personal" if self.owner_id else "team" if self.team_id else "everyone"

    def get_scope_display(self) -> str:
        if self.owner_id:
            return gettext("Personal")
        if self.team_id:
            return gettext("Team: %(team)s") % {"team": self.team.name}
        return gettext("Everyone")

    def body_for(self, language: str) -> str:
        """The text in ``language`` (a ticket's), else the other one."""
        if (language or "").startswith("ru"):
            return self.body_ru or self.body_en
        return self.body_en or self.body_ru
