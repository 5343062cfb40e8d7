"""The stored full-text search document of each ticket (issue 7), kept by tickets.search_index."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from tickets.models.core import Ticket


class TicketSearch(models.Model):
    """One row per ticket: its subject (weight A) and every message body, public replies and
    internal notes alike (weight B), as one tsvector under a GIN index.

    A table of its own rather than a column on Ticket: the queue reads ticket rows all day, and
    an inline tsvector of a few KB would make them several times wider and be copied on every
    status change; here a new message rewrites only this row. See tickets.search_index for
    the text configuration and the limits."""

    ticket = models.OneToOneField(
        Ticket,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search",
        verbose_name=_("ticket"),
    )
    document = SearchVectorField(_("search document"))
    # Characters of message text in ``document``: appends stop at a budget, so a huge thread
    # never reaches PostgreSQL's 1 MB tsvector limit (which would fail the message's insert).
    indexed_chars = models.PositiveIntegerField(_("indexed characters"), default=0)

    class Meta:
        verbose_name = _("ticket search document")
        verbose_name_plural = _("ticket search documents")
        indexes = [GinIndex(fields=["document"], name="ticket_search_document_gin")]

    def __str__(self) -> str:
        return str(self.ticket_id)
