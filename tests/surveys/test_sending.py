"""The beat's part: CSAT surveys after the delay (exactly once), NPS at most once per interval."""

from __future__ import annotations

import re

import pytest

from tests.factories import CustomerFactory, make_ticket
from tests.surveys.conftest import DUE, emails, events
from tickets.models import CsatSurvey, NpsSurvey, OutboundEmail, Ticket, TicketEvent
from tickets.services import surveys
from tickets.tasks import send_due_surveys

Kind = TicketEvent.Kind


def test_no_survey_before_the_delay(solved, at):
    with at(minutes=59):
        assert surveys.csat_surveys_send_due() == 0
    assert not CsatSurvey.objects.filter(ticket=solved).exists()


def test_survey_after_the_delay_exactly_once(solved, at):
    # When the beat runs after the delay, twice
    with at(**DUE):
        first = surveys.csat_surveys_send_due()
    with at(minutes=70):
        second = surveys.csat_surveys_send_due()

    # Then one survey, one CSAT_SENT event and one e-mail with its token link
    assert (first, second) == (1, 0)
    survey = CsatSurvey.objects.get(ticket=solved)
    assert len(survey.token) >= 43  # 32 bytes of secrets.token_urlsafe: 256 bits
    [sent] = events(solved, Kind.CSAT_SENT)
    assert sent.payload == {"survey_id": survey.pk, "by_email": True}
    assert sent.system_actor == TicketEvent.SystemActor.SURVEYS
    [email] = emails(kind=OutboundEmail.Kind.CSAT_SURVEY)
    assert email.recipient == solved.customer.email
    assert email.event_id == sent.pk
    assert email.ticket_id == solved.pk
    assert f"token={survey.token}" in email.body_text
    assert f"ticket={solved.reference}" in email.body_text


def test_the_delay_is_configurable(solved, at, settings):
    settings.HELPDESK_CSAT_DELAY_MINUTES = 10
    with at(minutes=11):
        assert surveys.csat_surveys_send_due() == 1


def test_tokens_differ_between_surveys(team, solve, at):
    tickets = [solve(make_ticket(team=team)) for _ in range(3)]
    with at(**DUE):
        assert surveys.csat_surveys_send_due() == 3
    tokens = set(CsatSurvey.objects.filter(ticket__in=tickets).values_list("token", flat=True))
    assert len(tokens) == 3


@pytest.mark.parametrize("status", ["open", "closed"])
def test_no_survey_for_a_ticket_reopened_or_closed_in_the_meantime(solved, agent, at, status):
    from tickets import services

    with at(minutes=30):
        services.ticket_change_status(ticket=solved, actor=agent, status=status)
    with at(**DUE):
        assert surveys.csat_surveys_send_due() == 0


def test_stale_solves_get_no_survey(solved, at, settings):
    # Solved long before the beat could ask (an outage, or history from before surveys)
    late = settings.HELPDESK_CSAT_DELAY_MINUTES + settings.HELPDESK_NOTIFY_MAX_EVENT_AGE_HOURS * 60
    with at(minutes=late + 5):
        assert surveys.csat_surveys_send_due() == 0


def test_phone_customer_gets_the_survey_only_on_the_tracking_page(team, solve, at):
    caller = CustomerFactory(email=None, phone="+74951234567")
    ticket = solve(make_ticket(customer=caller, team=team, channel=Ticket.Channel.WEB))

    with at(**DUE):
        assert surveys.csat_surveys_send_due() == 1

    assert CsatSurvey.objects.filter(ticket=ticket).exists()
    [sent] = events(ticket, Kind.CSAT_SENT)
    assert sent.payload["by_email"] is False
    assert not emails(kind=OutboundEmail.Kind.CSAT_SURVEY)


@pytest.mark.parametrize(
    ("language", "expected_lang", "month"), [("en", "en", "March"), ("ru", "ru", "марта")]
)
def test_survey_email_in_the_tickets_language(team, solve, at, language, expected_lang, month):
    ticket = make_ticket(customer=CustomerFactory(language=language), team=team)
    Ticket.objects.filter(pk=ticket.pk).update(language=language)
    ticket.refresh_from_db()
    solve(ticket)

    with at(**DUE):
        surveys.csat_surveys_send_due()

    [email] = emails(kind=OutboundEmail.Kind.CSAT_SURVEY)
    assert email.language == expected_lang
    assert f'<html lang="{expected_lang}">' in email.body_html
    assert month in email.body_text  # the solve date, formatted in that language
    assert ticket.reference in email.subject


def test_the_beat_task_sends_both_kinds(solved, at):
    with at(**DUE):
        assert send_due_surveys() == {"csat": 1, "nps": 1}
        assert send_due_surveys() == {"csat": 0, "nps": 0}


# --- NPS ---------------------------------------------------------------------------------------


def test_nps_after_a_solved_ticket(solved, at):
    with at(**DUE):
        assert surveys.nps_surveys_send_due() == 1
        assert surveys.nps_surveys_send_due() == 0

    survey = NpsSurvey.objects.get(customer=solved.customer)
    assert survey.ticket_id == solved.pk
    [sent] = events(solved, Kind.NPS_SENT)
    assert sent.payload == {"survey_id": survey.pk}
    [email] = emails(kind=OutboundEmail.Kind.NPS_SURVEY)
    assert email.recipient == solved.customer.email
    assert f"survey={survey.pk}" in email.body_text
    assert re.search(rf"token={re.escape(survey.token)}", email.body_text)


def test_no_second_nps_within_the_interval(solved, team, solve, at, settings):
    customer = solved.customer
    with at(**DUE):
        surveys.nps_surveys_send_due()

    # Another ticket of theirs solved 89 days later: no new survey
    days = settings.HELPDESK_NPS_INTERVAL_DAYS
    later = solve(make_ticket(customer=customer, team=team), minutes=(days - 1) * 24 * 60)
    with at(minutes=(days - 1) * 24 * 60 + 61):
        assert surveys.nps_surveys_send_due() == 0

    # One solved after the interval: asked again, about that ticket
    last = solve(make_ticket(customer=customer, team=team), minutes=(days + 1) * 24 * 60)
    with at(minutes=(days + 1) * 24 * 60 + 61):
        assert surveys.nps_surveys_send_due() == 1
    assert NpsSurvey.objects.filter(customer=customer).count() == 2
    assert NpsSurvey.objects.filter(customer=customer).first().ticket_id == last.pk
    assert not events(later, Kind.NPS_SENT)


def test_one_nps_for_a_customer_with_several_solved_tickets(team, solve, at):
    customer = CustomerFactory()
    solve(make_ticket(customer=customer, team=team))
    newest = solve(make_ticket(customer=customer, team=team), minutes=5)
    with at(minutes=70):
        assert surveys.nps_surveys_send_due() == 1
    assert NpsSurvey.objects.get(customer=customer).ticket_id == newest.pk


def test_no_nps_without_an_email_address(team, solve, at):
    caller = CustomerFactory(email=None, phone="+74951234568")
    solve(make_ticket(customer=caller, team=team))
    with at(**DUE):
        assert surveys.nps_surveys_send_due() == 0


@pytest.mark.parametrize("language", ["en", "ru"])
def test_nps_email_in_the_customers_language(team, solve, at, language):
    solve(make_ticket(customer=CustomerFactory(language=language), team=team))
    with at(**DUE):
        surveys.nps_surveys_send_due()
    [email] = emails(kind=OutboundEmail.Kind.NPS_SURVEY)
    assert email.language == language
    assert f'<html lang="{language}">' in email.body_html


def test_one_ticket_that_fails_holds_up_no_other_survey(team, solve, at, monkeypatch):
    first, second = (solve(make_ticket(team=team, customer=CustomerFactory())) for _ in range(2))
    real_queue = surveys.outbound_email_queue

    def queue(**kwargs):
        if kwargs["ticket"].pk == first.pk:
            raise RuntimeError("mail template broke")
        return real_queue(**kwargs)

    monkeypatch.setattr(surveys, "outbound_email_queue", queue)
    with at(**DUE):
        assert surveys.csat_surveys_send_due() == 1
    assert list(CsatSurvey.objects.values_list("ticket", flat=True)) == [second.pk]

    monkeypatch.setattr(surveys, "outbound_email_queue", real_queue)
    with at(minutes=62):
        assert surveys.csat_surveys_send_due() == 1  # the first one, once it works again
    assert events(first, Kind.CSAT_SENT)
