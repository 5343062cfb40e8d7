"""Answering: one answer per ticket, changeable until close, events for the metrics, bad-rating
notice to the team lead, token checks."""

from __future__ import annotations

import pytest

from helpdesk.errors import NotFound, ValidationError
from tests.factories import make_ticket
from tests.surveys.conftest import DUE, emails, events
from tickets.models import CsatSurvey, NpsSurvey, OutboundEmail, TicketEvent
from tickets.selectors import csat_survey_get_by_token, nps_survey_get_by_token
from tickets.services import surveys

Kind = TicketEvent.Kind


def test_answer_then_change_writes_one_event_each(surveyed, at):
    with at(hours=2):
        surveys.csat_answer(survey=surveyed, score=4, comment="Quick, thanks")
    with at(hours=3):
        survey = surveys.csat_answer(survey=surveyed, score=5, comment="Even better")

    assert (survey.score, survey.comment) == (5, "Even better")
    answered = events(surveyed.ticket, Kind.CSAT_ANSWERED)
    assert [e.payload["score"] for e in answered] == [4, 5]
    assert [e.payload["previous_score"] for e in answered] == [None, 4]
    assert all(e.actor_customer_id == surveyed.ticket.customer_id for e in answered)
    assert CsatSurvey.objects.filter(ticket=surveyed.ticket).count() == 1


def test_the_same_answer_again_changes_nothing(surveyed, at):
    surveys.csat_answer(survey=surveyed, score=3, comment="ok")
    surveys.csat_answer(survey=surveyed, score=3, comment="ok")
    assert len(events(surveyed.ticket, Kind.CSAT_ANSWERED)) == 1


def test_after_close_the_rating_stays(surveyed, close, at):
    surveys.csat_answer(survey=surveyed, score=4, comment="")
    close(surveyed.ticket)

    with pytest.raises(surveys.SurveyClosed) as error:
        surveys.csat_answer(survey=surveyed, score=1, comment="changed my mind")

    assert "closed" in error.value.message
    surveyed.refresh_from_db()
    assert surveyed.score == 4
    assert len(events(surveyed.ticket, Kind.CSAT_ANSWERED)) == 1


@pytest.mark.parametrize("score", [0, 6, -1, "five", "", None, 3.5, True, "03"])
def test_scores_out_of_range_are_refused(surveyed, score):
    with pytest.raises(ValidationError) as error:
        surveys.csat_answer(survey=surveyed, score=score, comment="")
    assert error.value.field == "score"
    assert not events(surveyed.ticket, Kind.CSAT_ANSWERED)


def test_a_too_long_comment_is_refused(surveyed):
    with pytest.raises(ValidationError) as error:
        surveys.csat_answer(survey=surveyed, score=4, comment="x" * 2001)
    assert error.value.field == "comment"


def test_a_bad_rating_emails_the_team_lead_once(surveyed, lead):
    surveys.csat_answer(survey=surveyed, score=1, comment="Nobody answered for days")
    surveys.csat_answer(survey=surveyed, score=2, comment="Still bad")  # still bad: no news

    [notice] = emails(kind=OutboundEmail.Kind.BAD_RATING)
    assert notice.recipient == lead.email
    assert notice.recipient_user_id == lead.pk
    assert surveyed.ticket.reference in notice.subject
    assert "Nobody answered for days" in notice.body_text
    first_answer = events(surveyed.ticket, Kind.CSAT_ANSWERED)[0]
    assert notice.event_id == first_answer.pk


def test_a_rating_that_turns_bad_again_is_news_again(surveyed, lead):
    surveys.csat_answer(survey=surveyed, score=1, comment="")
    surveys.csat_answer(survey=surveyed, score=5, comment="")
    surveys.csat_answer(survey=surveyed, score=2, comment="")
    assert len(emails(kind=OutboundEmail.Kind.BAD_RATING)) == 2


@pytest.mark.parametrize("score", [3, 4, 5])
def test_a_good_rating_tells_the_lead_nothing(surveyed, lead, score):
    surveys.csat_answer(survey=surveyed, score=score, comment="")
    assert not emails(kind=OutboundEmail.Kind.BAD_RATING)


def test_the_bad_score_is_configurable(surveyed, lead, settings):
    settings.HELPDESK_CSAT_BAD_SCORE = 3
    surveys.csat_answer(survey=surveyed, score=3, comment="")
    assert len(emails(kind=OutboundEmail.Kind.BAD_RATING)) == 1


@pytest.mark.parametrize(("language", "expected"), [("en", "en"), ("ru", "ru")])
def test_bad_rating_email_in_the_leads_language(surveyed, lead, language, expected):
    lead.language = language
    lead.save(update_fields=["language"])
    surveys.csat_answer(survey=surveyed, score=1, comment="")
    [notice] = emails(kind=OutboundEmail.Kind.BAD_RATING)
    assert notice.language == expected
    assert f'<html lang="{expected}">' in notice.body_html


def test_no_lead_no_notice(surveyed, team):
    team.lead = None
    team.save(update_fields=["lead"])
    surveys.csat_answer(survey=surveyed, score=1, comment="")
    assert not emails(kind=OutboundEmail.Kind.BAD_RATING)


# --- Tokens ------------------------------------------------------------------------------------


def test_the_right_token_finds_the_survey(surveyed):
    found = csat_survey_get_by_token(reference=surveyed.ticket.reference, token=surveyed.token)
    assert found.pk == surveyed.pk


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1],
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "",
        lambda token: token + "x",
    ],
)
def test_a_wrong_token_is_not_found(surveyed, mangle):
    with pytest.raises(NotFound):
        csat_survey_get_by_token(reference=surveyed.ticket.reference, token=mangle(surveyed.token))


def test_another_tickets_token_is_not_found(surveyed, team, solve, at):
    other = solve(make_ticket(team=team))
    with at(**DUE):
        surveys.csat_surveys_send_due()
    with pytest.raises(NotFound):
        csat_survey_get_by_token(reference=other.reference, token=surveyed.token)


def test_a_tracking_token_is_not_a_survey_token(surveyed):
    ticket = surveyed.ticket
    with pytest.raises(NotFound):
        csat_survey_get_by_token(reference=ticket.reference, token=ticket.tracking_token)


# --- NPS answers -------------------------------------------------------------------------------


@pytest.fixture
def nps(solved, at):
    with at(**DUE):
        surveys.nps_surveys_send_due()
    return NpsSurvey.objects.get(customer=solved.customer)


def test_nps_answer_and_change_write_events_on_the_ticket(nps, at):
    with at(hours=2):
        surveys.nps_answer(survey=nps, score=9, reason="Fast")
    with at(hours=3):
        surveys.nps_answer(survey=nps, score=6, reason="On second thought")

    answered = events(nps.ticket, Kind.NPS_ANSWERED)
    assert [e.payload for e in answered] == [
        {"score": 9, "previous_score": None, "survey_id": nps.pk},
        {"score": 6, "previous_score": 9, "survey_id": nps.pk},
    ]
    assert all(e.actor_customer_id == nps.customer_id for e in answered)


@pytest.mark.parametrize("score", [0, 10])
def test_nps_takes_the_whole_scale(nps, at, score):
    with at(hours=2):
        assert surveys.nps_answer(survey=nps, score=score, reason="").score == score


@pytest.mark.parametrize("score", [-1, 11, "ten", None])
def test_nps_scores_out_of_range_are_refused(nps, at, score):
    with at(hours=2), pytest.raises(ValidationError) as error:
        surveys.nps_answer(survey=nps, score=score, reason="")
    assert error.value.field == "score"


def test_nps_ends_after_the_interval(nps, at, settings):
    with at(days=settings.HELPDESK_NPS_INTERVAL_DAYS + 1), pytest.raises(surveys.SurveyClosed):
        surveys.nps_answer(survey=nps, score=8, reason="")
    assert not events(nps.ticket, Kind.NPS_ANSWERED)


def test_nps_token_checks(nps):
    assert nps_survey_get_by_token(survey_id=str(nps.pk), token=nps.token).pk == nps.pk
    for survey_id, token in [(nps.pk, nps.token[:-1]), (nps.pk + 1, nps.token), ("x", nps.token)]:
        with pytest.raises(NotFound):
            nps_survey_get_by_token(survey_id=survey_id, token=token)
