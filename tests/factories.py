"""factory_boy factories for the rows tests may create directly (people, teams, categories).

Tickets and messages are never built here field by field: ``make_ticket`` goes through
``tickets.services.ticket_create``, the one path production uses, so every test ticket has its
number, tracking token, first message and CREATED event like a real one."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from tickets import services
from tickets.models import Category, Customer, Team, Ticket, User
from tickets.roles import AGENTS, MANAGERS


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(DjangoModelFactory):
    """A plain sign-in without any role: what a customer's login is."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = "Tester"
    password = factory.django.Password("correct horse battery")

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        if create and extracted:
            self.teams.set(extracted)


class AgentFactory(UserFactory):
    username = factory.Sequence(lambda n: f"agent{n}")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=AGENTS))


class ManagerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"manager{n}")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=MANAGERS))


class CustomerFactory(DjangoModelFactory):
    class Meta:
        model = Customer

    email = factory.Sequence(lambda n: f"customer{n}@example.org")
    name = factory.Sequence(lambda n: f"Customer {n}")
    user = None

    class Params:
        with_login = factory.Trait(user=factory.SubFactory(UserFactory))


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_ru = factory.Sequence(lambda n: f"Тема {n}")
    team = factory.SubFactory(TeamFactory)


def make_ticket(
    *,
    customer: Customer | None = None,
    team: Team | None = None,
    subject: str = "The printer is on fire",
    body: str = "Smoke everywhere, please help.",
    channel: str = Ticket.Channel.WEB,
    **kwargs,
) -> Ticket:
    """A ticket filed by its customer, or logged by ``created_by``. For a customer's own ticket
    ``team`` is reached through a category of that team, as on the request form (customers
    cannot pick a team themselves)."""
    if team is not None:
        if kwargs.get("created_by") is not None:
            kwargs["team"] = team
        elif "category" not in kwargs:
            kwargs["category"] = CategoryFactory(team=team)
    return services.ticket_create(
        customer=customer or CustomerFactory(),
        subject=subject,
        body=body,
        channel=channel,
        **kwargs,
    )


def upload(name: str = "notes.txt", content: bytes = b"hello", content_type: str = "text/plain"):
    return SimpleUploadedFile(name, content, content_type=content_type)
