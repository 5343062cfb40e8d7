"""The survey pages, the tracking page's rating form and the agent's view, over HTTP."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import make_ticket
from tests.surveys.conftest import events
from tickets.models import CsatSurvey, NpsSurvey, Ticket, TicketEvent
from tickets.services import surveys

Kind = TicketEvent.Kind


def survey_url(survey: CsatSurvey, **extra) -> str:
    return surveys.csat_survey_path(survey) + "".join(f"&{k}={v}" for k, v in extra.items())


def post_data(survey: CsatSurvey, **fields) -> dict:
    return {"ticket": survey.ticket.reference, "token": survey.token, **fields}


def track_url(ticket: Ticket, suffix: str = "") -> str:
    return reverse(f"track{suffix}", args=[ticket.reference, ticket.tracking_token])


def test_survey_page_shows_accessible_radio_buttons(client, surveyed):
    response = client.get(survey_url(surveyed))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('type="radio" name="score"') == 5
    assert "<fieldset" in page and "<legend>" in page
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_a_link_with_a_score_only_preselects(client, surveyed):
    response = client.get(survey_url(surveyed, score=2))

    assert 'value="2" required checked' in response.content.decode()
    surveyed.refresh_from_db()
    assert surveyed.score is None  # mail scanners open links too
    assert not events(surveyed.ticket, Kind.CSAT_ANSWERED)


@pytest.mark.parametrize("token", ["", "wrong", "x" * 43])
def test_wrong_token_is_404(client, surveyed, token):
    url = reverse("survey-csat") + f"?ticket={surveyed.ticket.reference}&token={token}"
    assert client.get(url).status_code == 404
    assert client.post(reverse("survey-csat"), post_data(surveyed, token=token)).status_code == 404


def test_answer_on_the_survey_page(client, surveyed):
    response = client.post(reverse("survey-csat"), post_data(surveyed, score="4", comment="Nice"))

    assert response.status_code == 302
    surveyed.refresh_from_db()
    assert (surveyed.score, surveyed.comment) == (4, "Nice")
    page = client.get(response["Location"]).content.decode()
    assert "Thank you for your rating!" in page
    assert 'value="4" required checked' in page


@pytest.mark.parametrize(
    ("fields", "field"),
    [({}, "score"), ({"score": "9"}, "score"), ({"score": "4", "comment": "x" * 2001}, "comment")],
)
def test_bad_input_shows_the_error_next_to_the_field(client, surveyed, field_errors, fields, field):
    response = client.post(reverse("survey-csat"), post_data(surveyed, **fields))

    assert response.status_code == 400
    assert field in field_errors(response)
    assert not events(surveyed.ticket, Kind.CSAT_ANSWERED)


def test_after_close_the_page_says_so_and_nothing_changes(client, surveyed, close):
    surveys.csat_answer(survey=surveyed, score=5, comment="")
    close(surveyed.ticket)

    page = client.get(survey_url(surveyed)).content.decode()
    assert "can no longer be changed" in page
    assert 'type="radio"' not in page

    response = client.post(reverse("survey-csat"), post_data(surveyed, score="1"))
    assert response.status_code == 400
    surveyed.refresh_from_db()
    assert surveyed.score == 5


def test_survey_page_in_the_tickets_language(client, surveyed):
    Ticket.objects.filter(pk=surveyed.ticket_id).update(language="ru")
    page = client.get(survey_url(surveyed)).content.decode()
    assert '<html lang="ru">' in page


def test_a_chosen_language_wins_over_the_tickets(client, surveyed, settings):
    Ticket.objects.filter(pk=surveyed.ticket_id).update(language="ru")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en">' in client.get(survey_url(surveyed)).content.decode()


def test_answers_are_rate_limited_per_ip(client, surveyed, settings):
    settings.HELPDESK_SURVEY_RATE_PER_IP = "2/h"
    for score in ("3", "4"):
        client.post(reverse("survey-csat"), post_data(surveyed, score=score))
    response = client.post(reverse("survey-csat"), post_data(surveyed, score="5"))
    assert response.status_code == 429
    surveyed.refresh_from_db()
    assert surveyed.score == 4


# --- The tracking page -------------------------------------------------------------------------


def test_tracking_page_of_a_solved_ticket_offers_the_rating(client, solved):
    page = client.get(track_url(solved)).content.decode()
    assert f'action="{track_url(solved, "-rating")}"' in page
    assert page.count('type="radio" name="score"') == 5


def test_tracking_page_of_an_open_ticket_has_no_rating(client, team):
    ticket = make_ticket(team=team)
    assert 'name="score"' not in client.get(track_url(ticket)).content.decode()


def test_rating_from_the_tracking_page_before_the_email(client, solved):
    # Given a solved ticket whose survey e-mail has not gone out yet
    response = client.post(track_url(solved, "-rating"), {"score": "5", "comment": "Great"})

    assert response.status_code == 302
    assert response["Location"] == track_url(solved)
    survey = CsatSurvey.objects.get(ticket=solved)
    assert (survey.score, survey.comment) == (5, "Great")
    [answered] = events(solved, Kind.CSAT_ANSWERED)
    assert answered.payload["score"] == 5
    page = client.get(track_url(solved)).content.decode()
    assert "Your rating: 5 out of 5" in page


def test_tracking_page_rating_changes_the_one_answer(client, surveyed):
    client.post(track_url(surveyed.ticket, "-rating"), {"score": "2"})
    client.post(track_url(surveyed.ticket, "-rating"), {"score": "3"})
    assert CsatSurvey.objects.filter(ticket=surveyed.ticket).count() == 1
    answered = events(surveyed.ticket, Kind.CSAT_ANSWERED)
    assert [(e.payload["previous_score"], e.payload["score"]) for e in answered] == [
        (None, 2),
        (2, 3),
    ]


def test_tracking_page_rating_without_a_score(client, solved, field_errors):
    response = client.post(track_url(solved, "-rating"), {"comment": "hm"})

    assert response.status_code == 400
    assert "score" in field_errors(response)
    assert not CsatSurvey.objects.filter(ticket=solved).exists()  # nothing stored


def test_tracking_page_rating_of_an_open_ticket_is_refused(client, team):
    ticket = make_ticket(team=team)
    response = client.post(track_url(ticket, "-rating"), {"score": "5"})
    assert response.status_code == 400
    assert not CsatSurvey.objects.filter(ticket=ticket).exists()


def test_tracking_page_rating_with_a_wrong_tracking_token(client, solved):
    url = reverse("track-rating", args=[solved.reference, "nope"])
    assert client.post(url, {"score": "5"}).status_code == 404


def test_closed_ticket_shows_its_rating_read_only(client, surveyed, close):
    surveys.csat_answer(survey=surveyed, score=4, comment="Fine")
    close(surveyed.ticket)

    page = client.get(track_url(surveyed.ticket)).content.decode()
    assert "You rated our help 4 out of 5." in page
    assert "can no longer be changed" in page
    assert 'name="score"' not in page


# --- The agent's ticket page -------------------------------------------------------------------


def test_agent_sees_a_bad_rating_and_its_comment(client, surveyed, agent, lead):
    surveys.csat_answer(survey=surveyed, score=1, comment="Never again")
    client.force_login(agent)

    page = client.get(reverse("agent-ticket", args=[surveyed.ticket.reference])).content.decode()

    assert "Rated 1 out of 5" in page
    assert "Never again" in page
    assert "rating-bad" in page


def test_agent_sees_a_good_rating_unmarked(client, surveyed, agent):
    surveys.csat_answer(survey=surveyed, score=5, comment="")
    client.force_login(agent)
    page = client.get(reverse("agent-ticket", args=[surveyed.ticket.reference])).content.decode()
    assert "Rated 5 out of 5" in page
    assert "rating-bad" not in page


# --- NPS page ----------------------------------------------------------------------------------


@pytest.fixture
def nps(solved, at):
    with at(minutes=61):
        surveys.nps_surveys_send_due()
    return NpsSurvey.objects.get(customer=solved.customer)


def test_nps_page_answer(client, nps, at):
    with at(hours=2):
        page = client.get(surveys.nps_survey_path(nps))
        response = client.post(
            reverse("survey-nps"),
            {"survey": nps.pk, "token": nps.token, "score": "10", "reason": "Kind people"},
        )
    assert page.status_code == 200
    assert page.content.decode().count('type="radio" name="score"') == 11
    assert response.status_code == 302
    nps.refresh_from_db()
    assert (nps.score, nps.reason) == (10, "Kind people")


def test_nps_page_errors_and_tokens(client, nps, at, field_errors):
    with at(hours=2):
        bad = client.post(reverse("survey-nps"), {"survey": nps.pk, "token": nps.token})
        wrong = client.post(reverse("survey-nps"), {"survey": nps.pk, "token": "no", "score": "5"})
    assert bad.status_code == 400
    assert "score" in field_errors(bad)
    assert wrong.status_code == 404
