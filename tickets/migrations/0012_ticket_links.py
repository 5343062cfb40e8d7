"""Merged and linked tickets (issue 7)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tickets", "0011_assignment")]

    operations = []
