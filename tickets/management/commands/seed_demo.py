"""``manage.py seed_demo``: load a bilingual demo data set of the last 60 days, once (the
stories are planned and played by tickets.management.demo_loader, with beat's work and the
survey answers of tickets.management.demo_metrics in between)."""

from __future__ import annotations

import random
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from kb.demo import load_demo_deflection, load_demo_knowledge_base
from tickets.management import demo_content as content
from tickets.management.demo_assignment import load_demo_assignment
from tickets.management.demo_loader import CUSTOMER, PASSWORDS, SEED, URL, DemoLoader, S
from tickets.management.demo_macros import load_demo_macros
from tickets.management.demo_mail import load_channel_stories
from tickets.management.demo_merge import load_demo_merges
from tickets.management.demo_views import load_demo_views
from tickets.models import (
    BusinessCalendar,
    Category,
    Customer,
    Message,
    SlaAlert,
    SlaPolicy,
    Team,
    Ticket,
    TicketEvent,
    User,
)
from tickets.roles import ADMINS, AGENTS, MANAGERS
from tickets.services.portal import sign_in_link_create


class Command(BaseCommand):
    help = (
        "Load demo users, teams, business calendars, SLA policies and about 300 tickets of the "
        "last 60 days with their SLA alerts and survey answers (only once)."
    )

    def handle(self, *args, **options):
        if User.objects.filter(username=content.MANAGER.username).exists():
            self.stdout.write("Demo data is already loaded; nothing was changed.")
            self._print_logins()
            return
        usernames = [p.username for p in (content.ADMIN, content.MANAGER, *content.AGENTS)]
        taken = User.objects.filter(username__in=[*usernames, CUSTOMER]).exists()
        if taken or Ticket.objects.exists():
            raise CommandError(
                "The database has tickets or users with the demo usernames, but no demo data. "
                "seed_demo only loads into a fresh database: drop it and run migrate first."
            )
        loader = DemoLoader(rng=random.Random(SEED), now=timezone.now())
        with transaction.atomic():
            loader.configure()
            beat = loader.play(loader.plan())
            stories = load_channel_stories(
                now=loader.now,
                agent=loader.agents[content.GENERAL][0],
                english=content.CUSTOMERS_EN[1],
                russian=content.CUSTOMERS_RU[1],
                stranger=("Mallory", "mallory@spoof.example.net"),
            )
            load_demo_macros(teams=loader.teams)
            load_demo_merges(loader)  # a merged duplicate and two linked tickets
            load_demo_views(loader)  # saved views, personal and shared
            load_demo_assignment(loader)  # round-robin on, one agent away
            knowledge_base = load_demo_knowledge_base(
                owners={
                    team: {agent.language: agent for agent in loader.agents[key]}
                    for team, key in (("general", content.GENERAL), ("billing", content.BILLING))
                },
                now=loader.now,
            )
            knowledge_base += "; " + load_demo_deflection(now=loader.now, rng=loader.rng)
            # Before the commit: its on_commit hooks (one Celery message per event) take a while.
            self._print_summary()
            self._print_service_levels(beat)
            self.stdout.write("E-mail and chat: " + "; ".join(stories))
            self.stdout.write(f"Knowledge base: {knowledge_base}")
        self._print_logins()

    def _print_summary(self) -> None:
        statuses = Counter(Ticket.objects.values_list("status", flat=True))
        self.stdout.write(
            f"Loaded {Team.objects.count()} teams, {Category.objects.count()} categories, "
            f"{User.objects.count()} users, {Customer.objects.count()} customers, "
            f"{Ticket.objects.count()} tickets, {Message.objects.count()} messages and "
            f"{TicketEvent.objects.count()} ticket events."
        )
        self.stdout.write("Tickets by status: " + ", ".join(f"{s} {statuses[s]}" for s in S.values))

    def _print_service_levels(self, beat: Counter) -> None:
        outcomes = Counter(
            "missed" if breached else "met"
            for breached in Ticket.objects.annotate(
                breached=Exists(SlaAlert.objects.filter(ticket=OuterRef("pk"), kind="breach"))
            ).values_list("breached", flat=True)
        )
        self.stdout.write(
            f"Service levels: {BusinessCalendar.objects.count()} calendars, "
            f"{SlaPolicy.objects.count()} SLA policies; {beat['sla_alerts']} SLA alerts "
            f"({outcomes['missed']} tickets with a breach, {outcomes['met']} without); beat "
            f"closed {beat['auto_closed']} and solved {beat['pending_solved']} tickets."
        )
        self.stdout.write(
            f"Surveys: {beat['csat_sent']} CSAT sent, {beat['csat_answered']} answered, "
            f"{beat['csat_changed']} changed; {beat['nps_sent']} NPS sent, "
            f"{beat['nps_answered']} answered."
        )

    def _print_logins(self) -> None:
        customer = Customer.objects.filter(user__username=CUSTOMER).first()
        rows = [
            (content.ADMIN.username, PASSWORDS[ADMINS], "admin (also /admin/)"),
            (content.MANAGER.username, PASSWORDS[MANAGERS], "manager, both teams"),
            *(
                (agent.username, PASSWORDS[AGENTS], f"agent, {content.TEAM_NAMES[agent.teams[0]]}")
                for agent in content.AGENTS
            ),
            (CUSTOMER, PASSWORDS[CUSTOMER], f"customer ({customer.name if customer else '?'})"),
        ]
        self.stdout.write(f"\nDemo logins for {URL}")
        if customer is not None:
            _link, url = sign_in_link_create(customer=customer)
            self.stdout.write(f"  The demo customer's one-time sign-in link ({customer.email}):")
            self.stdout.write(f"  {url}")
        self.stdout.write(f"  {'username':<10} {'password':<20} role")
        for username, password, role in rows:
            self.stdout.write(f"  {username:<10} {password:<20} {role}")
        self.stdout.write("Ticket events are turned into metrics by the Celery worker.")
