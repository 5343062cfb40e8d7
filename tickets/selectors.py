"""Reads of the ticket domain. Every view and API endpoint loads tickets, messages and
attachments through these getters, so who-may-see-what is decided in exactly one place."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from helpdesk.errors import NotFound, ValidationError
from helpdesk.text import clean_label
from tickets.models import (
    REFERENCE_PREFIX,
    Attachment,
    CsatSurvey,
    InboundEmail,
    Message,
    NpsSurvey,
    OutboundEmail,
    Team,
    Ticket,
    User,
)
from tickets.roles import user_is_agent, user_sees_all_tickets


def parse_reference(reference: str) -> int | None:
    """'HD-000123', 'hd-123' or '123' -> 123; anything else -> None."""
    text = (reference or "").strip().upper().removeprefix(REFERENCE_PREFIX)
    # isascii: str.isdigit() also accepts "²" (which int() rejects) and other scripts' digits.
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def tickets_visible_to(user: User) -> QuerySet[Ticket]:
    tickets = Ticket.objects.select_related("customer", "team", "assignee", "category")
    if not user.is_authenticated:
        return tickets.none()
    if user_sees_all_tickets(user):
        return tickets
    if user_is_agent(user):
        # A literal id list (not a subquery) lets the planner walk the queue index in order.
        return tickets.filter(team_id__in=list(user.teams.values_list("pk", flat=True)))
    return tickets.filter(customer__user=user)


def user_sees_internal_notes(user: User) -> bool:
    return user_is_agent(user)


def _with_thread(tickets: QuerySet[Ticket], *, include_internal: bool) -> QuerySet[Ticket]:
    messages = Message.objects.select_related("author_agent", "author_customer").prefetch_related(
        "attachments"
    )
    if not include_internal:
        messages = messages.filter(is_internal=False)
    return tickets.prefetch_related(Prefetch("messages", queryset=messages), "tags")


def ticket_get_for_user(*, user: User, reference: str) -> Ticket:
    """The ticket with its visible thread, or NotFound if it is missing *or* not the user's."""
    number = parse_reference(reference)
    tickets = _with_thread(
        tickets_visible_to(user), include_internal=user_sees_internal_notes(user)
    )
    ticket = tickets.filter(number=number).first() if number is not None else None
    if ticket is None:
        raise NotFound(_("Ticket not found."))
    return ticket


def ticket_get_for_tracking(*, reference: str, token: str) -> Ticket:
    """The ticket behind a private tracking link, with its public thread only."""
    number = parse_reference(reference)
    ticket = None
    if number is not None:
        ticket = (
            _with_thread(Ticket.objects.select_related("customer"), include_internal=False)
            .filter(number=number)
            .first()
        )
    # Constant-time comparison; a dummy one on a miss keeps timing alike either way.
    expected = ticket.tracking_token if ticket else secrets.token_urlsafe(32)
    if not secrets.compare_digest(expected.encode(), (token or "").encode()) or ticket is None:
        raise NotFound(_("Ticket not found."))
    return ticket


def attachment_get_for_user(*, user: User, attachment_id: int) -> Attachment:
    messages = Message.objects.filter(ticket__in=tickets_visible_to(user))
    if not user_sees_internal_notes(user):
        messages = messages.filter(is_internal=False)
    attachment = Attachment.objects.filter(pk=attachment_id, message__in=messages).first()
    if attachment is None:
        raise NotFound(_("File not found."))
    return attachment


def attachment_get_for_tracking(*, reference: str, token: str, attachment_id: int) -> Attachment:
    ticket = ticket_get_for_tracking(reference=reference, token=token)
    attachment = Attachment.objects.filter(
        pk=attachment_id, message__ticket=ticket, message__is_internal=False
    ).first()
    if attachment is None:
        raise NotFound(_("File not found."))
    return attachment


def agent_queue(*, user: User, status: str | None = None, mine: bool = False) -> QuerySet[Ticket]:
    """Open tickets of the agent's teams (all teams for managers), most recently active first."""
    tickets = tickets_visible_to(user).prefetch_related("tags")
    if status:
        tickets = tickets.filter(status=status)
    else:
        tickets = tickets.filter(status__in=Ticket.OPEN_STATUSES)
    if mine:
        tickets = tickets.filter(assignee=user)
    return tickets.order_by("-updated_at")


class _BoundedCount(Subquery):
    """``(SELECT COUNT(*) FROM (<a LIMITed subquery>))``: stops at the limit."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS bounded)"
    output_field = IntegerField()


def agents_with_open_counts(*, team: Team | int, bound: int | None = None) -> QuerySet[User]:
    """The team's active agents, each with ``open_count``: how many open tickets of this team
    they hold (what the team's round-robin cap counts). One query, whatever the team's size.
    ``bound``: count at most that many (a busy agent's thousands cost a scan of each)."""
    open_tickets = Ticket.objects.filter(
        assignee=OuterRef("pk"), team=team, status__in=Ticket.OPEN_STATUSES
    ).order_by()
    if bound is None:
        # COUNT(*): no column outside ticket_open_assignee_idx
        count = Subquery(open_tickets.values("assignee").annotate(count=Count("*")).values("count"))
    else:
        count = _BoundedCount(open_tickets.values("pk")[:bound])
    return (
        User.objects.filter(is_active=True, teams=team)
        .filter(
            Q(groups__permissions__codename="work_ticket")
            | Q(user_permissions__codename="work_ticket")
            | Q(is_superuser=True)
        )
        .distinct()
        .annotate(open_count=Coalesce(count, 0))
    )


# The picker shows "more than 999 open" beyond this.
PICKER_COUNT_LIMIT = 1000


def assignable_agents(*, ticket: Ticket) -> QuerySet[User]:
    """The assignee picker: open counts (bounded) and ``is_away`` shown, neither enforced (see
    tickets.services.assignment)."""
    return agents_with_open_counts(team=ticket.team_id, bound=PICKER_COUNT_LIMIT).order_by(
        "username"
    )


def teams_for_logging(*, user: User) -> QuerySet[Team]:
    """The teams an agent may log a ticket for: their own; every team for managers."""
    if user_sees_all_tickets(user):
        return Team.objects.order_by("name")
    return user.teams.order_by("name")


# --- The customer portal: "My requests" ---------------------------------------------------------

MY_REQUESTS_PAGE_SIZE = 50
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def tickets_search(tickets: QuerySet[Ticket], query: str) -> QuerySet[Ticket]:
    """Tickets whose reference is ``query`` ('HD-000123', 'hd-123', '123') or whose subject has
    every word of it (any case)."""
    words = clean_label(query)[:200].split()[:10]
    if not words:
        return tickets
    by_subject = Q()
    for word in words:
        by_subject &= Q(subject__icontains=word)
    number = parse_reference(" ".join(words))
    if number is not None:
        return tickets.filter(by_subject | Q(number=number))
    return tickets.filter(by_subject)


@dataclass(frozen=True)
class RequestsPage:
    tickets: list[Ticket]
    next_cursor: str  # empty on the last page


def _cursor_make(ticket: Ticket) -> str:
    moment = ticket.updated_at
    micros = (moment - EPOCH) // timedelta(microseconds=1)
    return f"{micros}.{ticket.pk}"


def _cursor_read(cursor: str) -> tuple[datetime, int]:
    micros, _dot, pk = (cursor or "").partition(".")
    if not (micros.isascii() and micros.isdigit() and pk.isascii() and pk.isdigit()):
        raise ValidationError(_("This page link is not valid."), field="after")
    if len(micros) > 17 or len(pk) > 18:
        raise ValidationError(_("This page link is not valid."), field="after")
    return EPOCH + timedelta(microseconds=int(micros)), int(pk)


def customer_requests(
    *, user: User, query: str = "", after: str = "", limit: int = MY_REQUESTS_PAGE_SIZE
) -> RequestsPage:
    """The signed-in customer's own tickets, open and closed, latest activity first, a page of
    ``limit`` after the keyset ``after`` (a cursor from the previous page; no OFFSET).
    ValidationError for a cursor we did not make."""
    tickets = tickets_search(tickets_visible_to(user).filter(customer__user=user), query)
    if after:
        updated_at, pk = _cursor_read(after)
        tickets = tickets.filter(Q(updated_at__lt=updated_at) | Q(updated_at=updated_at, pk__lt=pk))
    rows = list(tickets.order_by("-updated_at", "-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return RequestsPage(tickets=rows, next_cursor=_cursor_make(rows[-1]) if more else "")


# --- Incoming e-mail (agents only) ---------------------------------------------------------------

INBOUND_PAGE_SIZE = 50


def inbound_emails_visible_to(user: User) -> QuerySet[InboundEmail]:
    """Stored incoming mail an agent may review: mail linked to a ticket the agent sees; mail
    linked to no ticket only for those who see every ticket. Customers: none, by any URL."""
    emails = InboundEmail.objects.select_related("ticket__customer", "mailbox")
    if not user_is_agent(user):
        return emails.none()
    if user_sees_all_tickets(user):
        return emails
    return emails.filter(ticket__in=tickets_visible_to(user))


def inbound_emails_for_review(
    *, user: User, kind: str = "quarantined", before: int | None = None
) -> list[InboundEmail]:
    """A page of quarantined mail waiting for review (``kind="quarantined"``) or of rejected
    mail (``"rejected"``), newest first, keyset-paged by id."""
    emails = inbound_emails_visible_to(user)
    if kind == "rejected":
        emails = emails.filter(outcome=InboundEmail.Outcome.REJECTED)
    else:
        emails = emails.filter(
            outcome=InboundEmail.Outcome.QUARANTINED, review=InboundEmail.Review.PENDING
        )
    if before is not None:
        emails = emails.filter(pk__lt=before)
    return list(emails.order_by("-pk")[:INBOUND_PAGE_SIZE])


def inbound_email_get_for_user(*, user: User, inbound_id: int) -> InboundEmail:
    inbound = inbound_emails_visible_to(user).filter(pk=inbound_id).first()
    if inbound is None:
        raise NotFound(_("E-mail not found."))
    return inbound


def inbound_email_for_message(*, user: User, message_id: int) -> InboundEmail:
    """The e-mail a ticket message was made from (the first, if an agent accepted a copy)."""
    inbound = inbound_emails_visible_to(user).filter(message_id=message_id).order_by("pk").first()
    if inbound is None:
        raise NotFound(_("E-mail not found."))
    return inbound


# --- Outgoing e-mail (agents only) ---------------------------------------------------------------

EMAIL_LOG_LIMIT = 200


def ticket_email_log(*, user: User, ticket: Ticket) -> QuerySet[OutboundEmail]:
    """Every e-mail about a ticket (to its customer and to agents), oldest first: what went out,
    what failed and why. ``ticket`` comes from ``ticket_get_for_user``; customers see none of it
    (they get NotFound, like any ticket that is not theirs to see this way)."""
    if not user_is_agent(user):
        raise NotFound(_("Ticket not found."))
    return OutboundEmail.objects.filter(ticket=ticket).order_by("created_at", "id")


# --- Satisfaction surveys (token links: public; ratings: agents) --------------------------------


def _token_matches(expected: str | None, token: str) -> bool:
    """Constant-time comparison; a dummy one on a miss keeps timing alike either way."""
    secret = expected or secrets.token_urlsafe(32)
    return secrets.compare_digest(secret.encode(), (token or "").encode()) and expected is not None


def csat_survey_get_by_token(*, reference: str, token: str) -> CsatSurvey:
    """The CSAT survey of ticket ``reference`` if ``token`` is its token, else NotFound."""
    number = parse_reference(reference)
    survey = None
    if number is not None:
        survey = (
            CsatSurvey.objects.select_related("ticket__customer", "ticket__team")
            .filter(ticket__number=number)
            .first()
        )
    if not _token_matches(survey.token if survey else None, token):
        raise NotFound(_("Survey not found."))
    return survey


def nps_survey_get_by_token(*, survey_id: str | int, token: str) -> NpsSurvey:
    text = str(survey_id or "").strip()
    survey = None
    if text.isascii() and text.isdigit() and len(text) <= 18:
        survey = NpsSurvey.objects.select_related("customer", "ticket").filter(pk=int(text)).first()
    if not _token_matches(survey.token if survey else None, token):
        raise NotFound(_("Survey not found."))
    return survey


@dataclass(frozen=True)
class TicketRatings:
    csat: CsatSurvey | None
    nps: list[NpsSurvey]


def ticket_ratings(*, user: User, ticket: Ticket) -> TicketRatings:
    """The ticket's CSAT answer and the NPS surveys it prompted, for agents (``ticket`` from
    ``ticket_get_for_user``); anyone else gets NotFound."""
    if not user_is_agent(user):
        raise NotFound(_("Ticket not found."))
    return TicketRatings(
        csat=CsatSurvey.objects.select_related("ticket").filter(ticket=ticket).first(),
        nps=list(
            NpsSurvey.objects.select_related("ticket").filter(ticket=ticket).order_by("-created_at")
        ),
    )
