"""Rebuild every metric from the ticket events: all facts, then every rollup day."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Min
from django.utils.translation import gettext as _
from tqdm import tqdm

from helpdesk import clock
from metrics.models import (
    CreatedRollup,
    ResolvedRollup,
    RollupDirtyDay,
    SurveyRollup,
    TicketFacts,
)
from metrics.rollups import day_bounds, local_day, rollup_days_mark, rollups_fill
from metrics.services import ticket_facts_refresh
from tickets.models import Ticket, TicketEvent


def _since(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(_("a date as YYYY-MM-DD")) from error


class Command(BaseCommand):
    help = (
        "Recompute every ticket's facts from its events (in batches), then the rollups of every "
        "day from the first ticket (or --since) to today."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            type=_since,
            help="Only tickets with events on or after this local day (YYYY-MM-DD), and the "
            "rollups from that day on.",
        )
        parser.add_argument("--batch-size", type=int, default=1000, help="Tickets per batch.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")

    def handle(self, *args, since: date | None, batch_size: int, no_progress: bool, **options):
        if batch_size < 1:
            raise CommandError(_("--batch-size must be at least 1"))
        progress = not no_progress and self.stderr.isatty()
        began = time.monotonic()

        total, batches = self._ticket_batches(since=since, batch_size=batch_size)
        with tqdm(
            total=total, unit="tickets", desc="facts", disable=not progress, file=sys.stderr
        ) as bar:
            tickets = 0
            for ids in batches:
                ticket_facts_refresh(ticket_ids=ids, rollups="mark")
                tickets += len(ids)
                bar.update(len(ids))

        facts_seconds = time.monotonic() - began
        days = self._mark_days(since=since)
        with tqdm(
            total=days, unit="days", desc="rollups", disable=not progress, file=sys.stderr
        ) as bar:
            result = rollups_fill(on_day=lambda _day: bar.update(1))

        self.stdout.write(
            _(
                "Facts of %(tickets)d tickets recomputed in %(facts).1f s, %(days)d days of "
                "rollups filled in %(rollups).1f s."
            )
            % {
                "tickets": tickets,
                "facts": facts_seconds,
                "days": result.days,
                "rollups": time.monotonic() - began - facts_seconds,
            }
        )

    def _ticket_batches(
        self, *, since: date | None, batch_size: int
    ) -> tuple[int, Iterator[list[int]]]:
        if since is None:
            return Ticket.objects.count(), self._all_ticket_batches(batch_size)
        # Any event on or after the day may change a ticket's facts (a late survey answer on an
        # old ticket, too): the events are the source of truth, not the ticket's own dates.
        ids = sorted(
            set(
                TicketEvent.objects.filter(created_at__gte=day_bounds(since)[0]).values_list(
                    "ticket_id", flat=True
                )
            )
        )
        return len(ids), (ids[i : i + batch_size] for i in range(0, len(ids), batch_size))

    @staticmethod
    def _all_ticket_batches(batch_size: int) -> Iterator[list[int]]:
        last = 0
        while True:
            ids = list(
                Ticket.objects.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                return
            yield ids
            last = ids[-1]

    @staticmethod
    def _mark_days(*, since: date | None) -> int:
        """Mark every day from the first one with numbers (or ``since``) to today dirty, and
        count the dirty days (the refresh also marked changed days, possibly before ``since``).
        Days of stale rollup rows count as having numbers, so a full rebuild clears them."""
        today = local_day(clock.now())
        first_day = since
        if first_day is None:
            first_created = TicketFacts.objects.aggregate(first=Min("created_at"))["first"]
            firsts = [local_day(first_created)] if first_created else []
            for model in (CreatedRollup, ResolvedRollup, SurveyRollup):
                firsts.append(model.objects.aggregate(first=Min("day"))["first"])
            first_day = min((day for day in firsts if day is not None), default=today)
        span = max(0, (today - first_day).days + 1)
        rollup_days_mark(days=(first_day + timedelta(days=n) for n in range(span)))
        return RollupDirtyDay.objects.count()
