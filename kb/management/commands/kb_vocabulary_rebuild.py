from django.core.management.base import BaseCommand

from kb.services.vocabulary import vocabulary_rebuild


class Command(BaseCommand):
    help = (
        "Count the words of the public articles again (the vocabulary typos are corrected against)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{vocabulary_rebuild()} words.")
