"""Visitors' answers to "Was this helpful?"."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kb.models.content import Article


class ArticleVote(models.Model):
    """One vote per visitor per article; voting again changes it. ``visitor`` is a hash of
    the random id in the visitor's cookie, nothing more about them is kept."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="votes", verbose_name=_("article")
    )
    visitor = models.CharField(_("visitor"), max_length=64)
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("article vote")
        verbose_name_plural = _("article votes")
        constraints = [
            models.UniqueConstraint(fields=["article", "visitor"], name="kb_vote_per_visitor"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {'+' if self.helpful else '-'}"


class DeflectionVisit(models.Model):
    """One visit to the request form that was shown article suggestions. ``key`` is a random
    id the form page carries (no cookie, no address, nothing typed is kept); ``ticket`` is set
    when the visitor still filed the request."""

    key = models.CharField(_("key"), max_length=43, unique=True)
    language = models.CharField(_("language"), max_length=2)
    started_at = models.DateTimeField(_("started at"), db_index=True)
    ticket = models.OneToOneField(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deflection_visit",
        verbose_name=_("ticket filed"),
    )
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("suggestion visit")
        verbose_name_plural = _("suggestion visits")

    def __str__(self) -> str:
        return self.key


class Suggestion(models.Model):
    """An article suggested in a visit, and whether the visitor opened it."""

    visit = models.ForeignKey(
        DeflectionVisit,
        on_delete=models.CASCADE,
        related_name="suggestions",
        verbose_name=_("visit"),
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("article")
    )
    shown_at = models.DateTimeField(_("shown at"))
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.UniqueConstraint(fields=["visit", "article"], name="kb_suggestion_once"),
        ]

    def __str__(self) -> str:
        return f"{self.visit_id}: {self.article_id}"
