"""Canned responses (macros) (issue 7)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tickets", "0009_saved_views")]

    operations = []
