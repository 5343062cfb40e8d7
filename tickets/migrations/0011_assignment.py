"""Assignment: away agents, caps per team, round-robin (issue 7)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tickets", "0010_macros")]

    operations = [
        migrations.AddField(
            model_name='team',
            name='auto_assign',
            field=models.BooleanField(default=False, help_text="Round-robin among the team's agents who are not away and not at the cap.", verbose_name='assign new tickets automatically'),
        ),
        migrations.AddField(
            model_name='team',
            name='last_assigned_to',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last assigned to'),
        ),
        migrations.AddField(
            model_name='team',
            name='max_open_per_agent',
            field=models.PositiveIntegerField(blank=True, help_text='Round-robin skips an agent who holds this many open tickets of this team. Empty: no cap. Manual assignment may exceed it.', null=True, verbose_name='open tickets per agent'),
        ),
        migrations.AddField(
            model_name='user',
            name='is_away',
            field=models.BooleanField(default=False, help_text='Agents: new tickets are not assigned to you automatically while you are away.', verbose_name='away'),
        ),
        migrations.AlterField(
            model_name='ticketevent',
            name='system_actor',
            field=models.CharField(blank=True, choices=[('', '—'), ('auto_close', 'Automation: close solved tickets'), ('pending_timeout', 'Automation: solve unanswered pending tickets'), ('sla', 'SLA clock'), ('surveys', 'Surveys'), ('round_robin', 'Round-robin assignment')], default='', max_length=32, verbose_name='by the system'),
        ),
    ]
