"""Rebuild every ticket's full-text search document from its subject and thread."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Max, Min
from tqdm import tqdm

from tickets.models import Ticket
from tickets.services.search_index import search_documents_rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text search documents of all tickets, in batches by id."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=5000, help="Tickets per transaction")

    def handle(self, *args, batch: int, **options):
        bounds = Ticket.objects.aggregate(first=Min("pk"), last=Max("pk"))
        if bounds["first"] is None:
            self.stdout.write("No tickets.")
            return
        batch = max(1, batch)
        first, last = bounds["first"], bounds["last"]
        written = 0
        # Each batch in its own short transaction, so replies and notes written meanwhile wait
        # for a few seconds at most (search_documents_rebuild locks the batch's rows).
        with tqdm(total=last - first + 1, unit="id", disable=options["verbosity"] < 1) as bar:
            for start in range(first, last + 1, batch):
                end = min(start + batch - 1, last)
                with transaction.atomic():
                    written += search_documents_rebuild(id_range=(start, end))
                bar.update(end - start + 1)
        self.stdout.write(f"Rebuilt {written} search documents.")
