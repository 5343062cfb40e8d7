"""``manage.py import_holidays [--calendar NAME ...] [--year YEAR ...]``: add the public holidays
of each calendar's country (``holiday_country``/``holiday_subdivision``) from the ``holidays``
package. Without ``--calendar`` every calendar that names a country; without ``--year`` this
year and the next. Safe to run again: dates already there are kept, so a rerun adds nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from helpdesk import clock
from helpdesk.errors import ValidationError
from tickets.models import BusinessCalendar
from tickets.services.calendars import calendar_import_holidays
from tickets.services.sla import open_tickets_sla_refresh


class Command(BaseCommand):
    help = "Import public holidays into business calendars from the holidays package."

    def add_arguments(self, parser):
        parser.add_argument(
            "--calendar", action="append", default=[], help="calendar name (repeatable)"
        )
        parser.add_argument("--year", action="append", type=int, default=[], help="repeatable")

    def handle(self, *args, calendar: list[str], year: list[int], **options):
        years = year or [clock.now().year, clock.now().year + 1]
        if calendar:
            calendars = list(BusinessCalendar.objects.filter(name__in=calendar))
            missing = sorted(set(calendar) - {c.name for c in calendars})
            if missing:
                raise CommandError(f"No such calendar: {', '.join(missing)}")
        else:
            calendars = list(BusinessCalendar.objects.exclude(holiday_country=""))
        failed, total = False, 0
        for each in calendars:
            try:
                added = calendar_import_holidays(calendar=each, years=years)
            except ValidationError as error:
                failed = True
                self.stderr.write(f"{each.name}: {error.message}")
                continue
            total += added
            self.stdout.write(
                f"{each.name}: {added} holidays added for {', '.join(map(str, sorted(years)))}"
            )
        if total:  # open tickets' business-time due times follow the new holidays
            refreshed = open_tickets_sla_refresh()
            self.stdout.write(f"SLA due times recomputed on {refreshed} open tickets")
        if failed:
            raise CommandError("Some calendars were not imported (see above).")
