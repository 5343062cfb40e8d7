from django.db import migrations


def create_default_team(apps, schema_editor):
    Team = apps.get_model("tickets", "Team")
    if not Team.objects.exists():
        Team.objects.create(name="Support", is_default=True)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS tickets_ticket_number_seq START 1",
            "DROP SEQUENCE IF EXISTS tickets_ticket_number_seq",
        ),
        migrations.RunPython(create_default_team, migrations.RunPython.noop),
    ]
