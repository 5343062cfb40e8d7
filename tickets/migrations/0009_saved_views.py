"""Saved views and queue counts (issue 7)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tickets", "0008_search")]

    operations = []
