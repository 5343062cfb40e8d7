"""Satisfaction surveys: CSAT (1-5 and a comment) some time after a ticket is solved, NPS (0-10
and a reason) to a customer at most once per HELPDESK_NPS_INTERVAL_DAYS.

Beat calls ``csat_surveys_send_due`` and ``nps_surveys_send_due``; both are safe to run twice or
at once (the ticket or customer row is locked and the "already asked" check is made again under
the lock). Answers come from the survey page, the tracking page and the API, all through
``csat_answer`` / ``nps_answer``. Each answer and each change writes a CSAT_ANSWERED /
NPS_ANSWERED event in the same transaction: those events are what the metrics read."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from helpdesk import clock
from helpdesk.errors import ValidationError
from tickets import links
from tickets.models import CsatSurvey, Customer, NpsSurvey, OutboundEmail, Ticket, TicketEvent
from tickets.services.events import event_record
from tickets.services.outbound import outbound_email_queue

logger = logging.getLogger(__name__)

Kind = TicketEvent.Kind
CSAT_SCORES = range(1, 6)
NPS_SCORES = range(0, 11)
TEXT_MAX = 2000
# One beat run handles at most this many surveys of each kind; the next run takes the rest.
BATCH_SIZE = 500


def new_survey_token() -> str:
    # 32 bytes (256 bits) from the OS's CSPRNG; 43 URL-safe characters.
    return secrets.token_urlsafe(32)


class SurveyClosed(ValidationError):
    """The answer can no longer change (the ticket is closed, or the NPS survey has expired)."""


# --- Links -------------------------------------------------------------------------------------


def csat_survey_path(survey: CsatSurvey) -> str:
    # The token rides in ``?token=``, which every log line redacts (helpdesk.logging).
    query = urlencode({"ticket": survey.ticket.reference, "token": survey.token})
    return f"{reverse('survey-csat')}?{query}"


def nps_survey_path(survey: NpsSurvey) -> str:
    query = urlencode({"survey": survey.pk, "token": survey.token})
    return f"{reverse('survey-nps')}?{query}"


# --- Sending -----------------------------------------------------------------------------------


def _csat_due_window() -> tuple:
    """(oldest, newest) solve times that are due: solved at least the delay ago, and not so long
    ago that the question has gone stale (a worker outage, or history from before surveys)."""
    now = clock.now()
    newest = now - timedelta(minutes=settings.HELPDESK_CSAT_DELAY_MINUTES)
    oldest = newest - timedelta(hours=settings.HELPDESK_NOTIFY_MAX_EVENT_AGE_HOURS)
    return oldest, newest


def csat_surveys_send_due() -> int:
    """Create a CSAT survey for each solved ticket whose solve is older than
    HELPDESK_CSAT_DELAY_MINUTES and which has none yet; e-mail it to customers with an address
    (the others find it on the tracking page). Returns how many were created."""
    oldest, newest = _csat_due_window()
    ids = list(
        Ticket.objects.filter(
            status=Ticket.Status.SOLVED, solved_at__lte=newest, solved_at__gte=oldest
        )
        .filter(~Exists(CsatSurvey.objects.filter(ticket=OuterRef("pk"))))
        .order_by("solved_at")
        .values_list("pk", flat=True)[:BATCH_SIZE]
    )
    created = 0
    for ticket_id in ids:
        if _isolated(_csat_send_one, ticket_id=ticket_id) is not None:
            created += 1
    return created


def _isolated(send, **ids):
    """One survey in its own transaction: one that fails is logged and tried again at the next
    run, and holds up none of the others behind it."""
    try:
        return send(**ids)
    except Exception:
        logger.exception("survey %s for %s failed; tried again at the next run", send.__name__, ids)
        return None


@transaction.atomic
def _csat_send_one(*, ticket_id: int) -> CsatSurvey | None:
    ticket = (
        Ticket.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("customer")
        .filter(pk=ticket_id, status=Ticket.Status.SOLVED)
        .first()
    )
    if ticket is None or CsatSurvey.objects.filter(ticket=ticket).exists():
        return None  # reopened or closed meanwhile, or another run was first
    return _csat_create(ticket=ticket, by_email=True)


def _csat_create(*, ticket: Ticket, by_email: bool) -> CsatSurvey:
    now = clock.now()
    survey = CsatSurvey.objects.create(
        ticket=ticket, token=new_survey_token(), sent_at=now, created_at=now
    )
    email = ticket.customer.email if by_email else None
    event = event_record(
        ticket=ticket,
        kind=Kind.CSAT_SENT,
        system_actor=TicketEvent.SystemActor.SURVEYS,
        payload={"survey_id": survey.pk, "by_email": bool(email)},
    )
    if email:
        outbound_email_queue(
            kind=OutboundEmail.Kind.CSAT_SURVEY,
            to=email,
            template="csat_survey",
            context={
                "ticket": ticket,
                "survey_url": links.absolute(csat_survey_path(survey)),
                "scores": list(CSAT_SCORES),
            },
            language=ticket.language or ticket.customer.language,
            customer=ticket.customer,
            ticket=ticket,
            event=event,
        )
    return survey


@transaction.atomic
def csat_survey_for_tracking(*, ticket: Ticket) -> CsatSurvey:
    """The ticket's CSAT survey for its tracking page: a solved ticket may be rated there before
    the e-mail goes out (the beat then sends none). ValidationError if it is not solved."""
    ticket = (
        Ticket.objects.select_for_update(of=("self",)).select_related("customer").get(pk=ticket.pk)
    )
    survey = CsatSurvey.objects.filter(ticket=ticket).first()
    if survey is not None:
        return survey
    if ticket.status != Ticket.Status.SOLVED:
        raise ValidationError(_("Only a solved request can be rated."))
    return _csat_create(ticket=ticket, by_email=False)


@transaction.atomic
def csat_answer_on_tracking_page(*, ticket: Ticket, score, comment: str = "") -> CsatSurvey:
    """A rating from the tracking page: the survey is made on the spot if the e-mail has not
    gone out yet; nothing is stored when the answer is refused."""
    survey = csat_survey_for_tracking(ticket=ticket)
    return csat_answer(survey=survey, score=score, comment=comment)


def nps_surveys_send_due() -> int:
    """Ask each customer with an e-mail address whose ticket was solved (HELPDESK_CSAT_DELAY_MINUTES
    ago or more, recently enough to still be news) and who got no NPS survey in the last
    HELPDESK_NPS_INTERVAL_DAYS. Returns how many were sent."""
    oldest, newest = _csat_due_window()
    since = clock.now() - timedelta(days=settings.HELPDESK_NPS_INTERVAL_DAYS)
    recent = NpsSurvey.objects.filter(customer=OuterRef("customer_id"), created_at__gt=since)
    rows = list(
        Ticket.objects.filter(solved_at__lte=newest, solved_at__gte=oldest)
        .filter(customer__email__isnull=False)
        .exclude(customer__email="")
        .filter(~Exists(recent))
        .order_by("customer_id", "-solved_at")
        .distinct("customer_id")
        .values_list("customer_id", "pk")[:BATCH_SIZE]
    )
    sent = 0
    for customer_id, ticket_id in rows:
        if _isolated(_nps_send_one, customer_id=customer_id, ticket_id=ticket_id) is not None:
            sent += 1
    return sent


@transaction.atomic
def _nps_send_one(*, customer_id: int, ticket_id: int) -> NpsSurvey | None:
    customer = Customer.objects.select_for_update(skip_locked=True).filter(pk=customer_id).first()
    if customer is None or not customer.email:
        return None
    since = clock.now() - timedelta(days=settings.HELPDESK_NPS_INTERVAL_DAYS)
    if NpsSurvey.objects.filter(customer=customer, created_at__gt=since).exists():
        return None  # another run was first
    ticket = Ticket.objects.get(pk=ticket_id)
    now = clock.now()
    survey = NpsSurvey.objects.create(
        customer=customer, ticket=ticket, token=new_survey_token(), sent_at=now, created_at=now
    )
    event = event_record(
        ticket=ticket,
        kind=Kind.NPS_SENT,
        system_actor=TicketEvent.SystemActor.SURVEYS,
        payload={"survey_id": survey.pk},
    )
    outbound_email_queue(
        kind=OutboundEmail.Kind.NPS_SURVEY,
        to=customer.email,
        template="nps_survey",
        context={
            "customer": customer,
            "ticket": ticket,
            "survey_url": links.absolute(nps_survey_path(survey)),
        },
        language=customer.language,
        customer=customer,
        ticket=ticket,
        event=event,
    )
    return survey


# --- Answering ---------------------------------------------------------------------------------


def _score(value, allowed: range, *, message: str) -> int:
    if isinstance(value, bool):
        raise ValidationError(message, field="score")
    try:
        score = int(value)
    except (TypeError, ValueError):
        raise ValidationError(message, field="score") from None
    if score not in allowed or str(score) != str(value).strip():
        raise ValidationError(message, field="score")
    return score


def _text(value: str | None, *, field: str) -> str:
    text = (value or "").replace("\x00", "").strip()
    if len(text) > TEXT_MAX:
        raise ValidationError(
            _("Please keep it under %(max)d characters.") % {"max": TEXT_MAX}, field=field
        )
    return text


def csat_may_change(survey: CsatSurvey) -> bool:
    return survey.ticket.status != Ticket.Status.CLOSED


@transaction.atomic
def csat_answer(*, survey: CsatSurvey, score, comment: str = "") -> CsatSurvey:
    """Record (or change) the customer's rating. SurveyClosed once the ticket is closed;
    ValidationError (field "score" or "comment") for bad input. An unchanged answer writes
    nothing. A rating that turns bad (<= HELPDESK_CSAT_BAD_SCORE) e-mails the team lead."""
    score = _score(score, CSAT_SCORES, message=_("Choose a rating from 1 to 5."))
    comment = _text(comment, field="comment")
    survey = (
        CsatSurvey.objects.select_for_update(of=("self",))
        .select_related("ticket__customer", "ticket__team__lead")
        .get(pk=survey.pk)
    )
    ticket = survey.ticket
    if not csat_may_change(survey):
        raise SurveyClosed(_("This request is closed, so its rating can no longer be changed."))
    previous = survey.score
    if previous == score and survey.comment == comment:
        return survey
    survey.score, survey.comment, survey.answered_at = score, comment, clock.now()
    survey.save(update_fields=["score", "comment", "answered_at"])
    event = event_record(
        ticket=ticket,
        kind=Kind.CSAT_ANSWERED,
        actor_customer=ticket.customer,
        payload={"score": score, "previous_score": previous, "survey_id": survey.pk},
    )
    bad = settings.HELPDESK_CSAT_BAD_SCORE
    if score <= bad and (previous is None or previous > bad):
        _bad_rating_notify(survey=survey, event=event)
    return survey


def _bad_rating_notify(*, survey: CsatSurvey, event: TicketEvent) -> None:
    """The team lead hears about a bad rating once per answer that turned bad (a change from 1
    to 2 is no news; a change from 4 back to 1 is)."""
    ticket = survey.ticket
    lead = ticket.team.lead
    if lead is None or not lead.is_active or not lead.email:
        return
    outbound_email_queue(
        kind=OutboundEmail.Kind.BAD_RATING,
        to=lead.email,
        template="bad_rating",
        context={
            "ticket": ticket,
            "survey": survey,
            "lead": lead,
            "ticket_url": links.absolute(reverse("agent-ticket", args=[ticket.reference])),
        },
        language=lead.language,
        user=lead,
        ticket=ticket,
        event=event,
    )


def nps_may_change(survey: NpsSurvey) -> bool:
    expires = survey.created_at + timedelta(days=settings.HELPDESK_NPS_INTERVAL_DAYS)
    return clock.now() < expires


@transaction.atomic
def nps_answer(*, survey: NpsSurvey, score, reason: str = "") -> NpsSurvey:
    """Record (or change, within HELPDESK_NPS_INTERVAL_DAYS of sending) the customer's NPS
    answer; NPS_ANSWERED goes on the ticket that prompted the survey."""
    score = _score(score, NPS_SCORES, message=_("Choose a score from 0 to 10."))
    reason = _text(reason, field="reason")
    survey = (
        NpsSurvey.objects.select_for_update(of=("self",))
        .select_related("customer", "ticket")
        .get(pk=survey.pk)
    )
    if not nps_may_change(survey):
        raise SurveyClosed(_("This survey has ended, so the answer can no longer be changed."))
    previous = survey.score
    if previous == score and survey.reason == reason:
        return survey
    survey.score, survey.reason, survey.answered_at = score, reason, clock.now()
    survey.save(update_fields=["score", "reason", "answered_at"])
    event_record(
        ticket=survey.ticket,
        kind=Kind.NPS_ANSWERED,
        actor_customer=survey.customer,
        payload={"score": score, "previous_score": previous, "survey_id": survey.pk},
    )
    return survey
