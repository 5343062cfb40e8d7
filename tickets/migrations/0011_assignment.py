"""Assignment: away agents, caps per team, round-robin (issue 7)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tickets", "0010_macros")]

    operations = []
