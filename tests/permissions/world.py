"""The people and objects the URL-table test fills path parameters from: two teams, a ticket
of team A with everything that hangs off a ticket (attachment, e-mails in and out, surveys),
and one user per role."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group

from helpdesk import clock
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    ManagerFactory,
    TeamFactory,
    UserFactory,
    make_ticket,
    upload,
)
from tests.mail import messages
from tickets.models import (
    Attachment,
    CsatSurvey,
    InboundEmail,
    NpsSurvey,
    OutboundEmail,
    Team,
    Ticket,
    User,
)
from tickets.roles import ADMINS
from tickets.services import message_add_from_customer
from tickets.services import portal as portal_services
from tickets.services.inbound_email import email_ingest

ROLES = ("anonymous", "customer", "other_agent", "agent", "manager", "admin")


@dataclass
class World:
    users: dict[str, User | None]
    other_customer: User
    ticket: Ticket
    attachment: Attachment
    outbound: OutboundEmail
    quarantined: InboundEmail
    appended: InboundEmail
    sign_in_token: str
    csat: CsatSurvey
    nps: NpsSurvey
    team: Team
    # Values for path parameters that other features add ("<macro_id>" ...), by name.
    extra_parameters: dict = field(default_factory=dict)


def build_world() -> World:
    # get_or_create: the migrations' default team may have been flushed by a transactional test.
    Team.objects.get_or_create(is_default=True, defaults={"name": "Support"})
    team, other_team = TeamFactory(name="Hardware"), TeamFactory(name="Billing")
    customer = CustomerFactory(email="ann@example.org", with_login=True)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    admin.groups.add(Group.objects.get(name=ADMINS))
    users = {
        "anonymous": None,
        "customer": customer.user,
        "other_agent": AgentFactory(teams=[other_team]),
        "agent": AgentFactory(teams=[team]),
        "manager": ManagerFactory(),
        "admin": admin,
    }
    ticket = make_ticket(customer=customer, team=team)
    message = message_add_from_customer(
        ticket=ticket, customer=customer, body="The log", attachments=[upload("log.txt")]
    )
    outbound = OutboundEmail.objects.create(
        kind=OutboundEmail.Kind.AGENT_REPLY,
        recipient=customer.email,
        ticket=ticket,
        subject="Re: printer",
        body_text="We are on it.",
        message_id_header="<ours@helpdesk.localhost>",
        created_at=clock.now(),
    )
    quarantined = email_ingest(
        messages.reply(
            to_message_id="<ours@helpdesk.localhost>", sender="Mallory <mallory@evil.example>"
        ),
        source="command",
    )
    appended = email_ingest(
        messages.reply(to_message_id="<ours@helpdesk.localhost>", text="It works now."),
        source="command",
    )
    assert (quarantined.outcome, appended.outcome) == ("quarantined", "appended")
    _link, url = portal_services.sign_in_link_create(customer=customer)
    now = clock.now()
    csat = CsatSurvey.objects.create(
        ticket=ticket, token="csat-token-for-tests", sent_at=now, created_at=now
    )
    nps = NpsSurvey.objects.create(
        customer=customer, ticket=ticket, token="nps-token-for-tests", sent_at=now, created_at=now
    )
    ticket.refresh_from_db()
    extra = _workspace_objects(ticket=ticket, agent=users["agent"], team=team, customer=customer)
    extra |= _knowledge_base_objects(author=users["agent"])
    return World(
        users=users,
        other_customer=CustomerFactory(with_login=True).user,
        ticket=ticket,
        attachment=message.attachments.get(),
        outbound=outbound,
        quarantined=quarantined.inbound,
        appended=appended.inbound,
        sign_in_token=url.rstrip("/").rsplit("/", 1)[1],
        csat=csat,
        nps=nps,
        team=team,
        extra_parameters=extra,
    )


def _model(name: str):
    try:
        return apps.get_model("tickets", name)
    except LookupError:
        return None


def _workspace_objects(*, ticket: Ticket, agent: User, team: Team, customer) -> dict:
    """A macro shared with team A, a personal saved view of team A's agent and a link from the
    ticket to another one of team A, for the workspace URLs that name them (models another
    part of issue 7 adds; skipped where one is not there)."""
    now = clock.now()
    found = {}
    if Macro := _model("Macro"):
        macro = Macro.objects.create(
            name="Greeting", body_en="Hello {{ customer.name }}", team=team, created_by=agent,
            created_at=now, updated_at=now,
        )  # fmt: skip
        found["macro_id"] = macro.pk
    if SavedView := _model("SavedView"):
        found["view_id"] = SavedView.objects.create(name="Mine", owner=agent, query="").pk
    if TicketLink := _model("TicketLink"):
        other = make_ticket(customer=customer, team=team, subject="The scanner too")
        link = TicketLink.objects.create(
            from_ticket=ticket, to_ticket=other, created_by=agent, created_at=now
        )
        found["link_id"] = link.pk
    return found


def _knowledge_base_objects(*, author: User) -> dict:
    """A published public article with an image, for the knowledge base's URLs."""
    from django.core.files.base import ContentFile

    from kb.models import ArticleFile, Category, Section
    from kb.services import article_create

    category = Category.objects.create(slug="sign-in", name_en="Signing in", name_ru="Вход")
    section = Section.objects.create(category=category, name_en="Passwords", name_ru="Пароли")
    article = article_create(
        author=author, section=section, language="en", title="Reset a password",
        body="Choose **Forgot password**.", status="published",
    )  # fmt: skip
    image = ArticleFile.objects.create(
        article=article, file=ContentFile(b"GIF89a", name="shot"), filename="shot.gif",
        content_type="image/gif", size=6,
    )  # fmt: skip
    return {
        "language": "en",
        "category_slug": category.slug,
        "article_slug": article.slug,
        "file_id": image.pk,
        "filename": image.filename,
        "article_id": article.pk,
    }
